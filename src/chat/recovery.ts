import type { Clock } from '../clock.ts';
import type { FerryEvent } from '../core/events.ts';
import type { DrainRecord, EvacuationRecord, RequestRecord, RunRecord } from '../core/model/records.ts';
import type { StorePort } from '../core/ports/store.ts';
import { t } from '../i18n/index.ts';
import type { SlackPoster } from './poster.ts';
import { clockTime, section } from './render.ts';
import type { Threads } from './threads.ts';

/** What the replica's sweep took up: runs, drains and evacuations this process now watches. */
interface Resumed {
  resumedRuns: RunRecord[];
  resumedEvacuations: EvacuationRecord[];
  resumedDrains: DrainRecord[];
}

/**
 * What Slack hears when Ferry takes up work again, after a restart or a takeover: that it watches
 * again, and a drain's question again when Slack refused it.
 */
export class Resumption {
  constructor(
    private readonly deps: {
      store: StorePort;
      poster: SlackPoster;
      threads: Threads;
      clock: Clock;
      timeZone: string;
      report(event: FerryEvent): Promise<void>;
    },
  ) {}

  async resumed(
    sweep: Resumed,
    takenOver: boolean,
    /** the database was out of reach (for every replica) until shortly before: that is what happened */
    afterOutage?: { from: number; to: number },
  ): Promise<void> {
    const requests = [...sweep.resumedDrains, ...sweep.resumedEvacuations];
    await this.announceResumed(sweep.resumedRuns, requests, takenOver, afterOutage);
    await askAgain(this.deps, requests);
  }

  /**
   * Says in each thread that Ferry watches it again: after a restart, or (`takenOver`) because the
   * replica that watched it stopped renewing its lease and this one picked it up.
   */
  async announceResumed(
    runs: RunRecord[],
    evacuations: (EvacuationRecord | DrainRecord)[],
    takenOver: boolean,
    afterOutage?: { from: number; to: number },
  ): Promise<void> {
    const tz = this.deps.timeZone;
    const at = clockTime(this.deps.clock.now(), tz);
    const say = (what: string) =>
      afterOutage
        ? {
            text: t`Ferry picked up watching again after a database outage`,
            blocks: [
              section(
                t`↻ Ferry could not reach its database from ${clockTime(afterOutage.from, tz)} to ${clockTime(afterOutage.to, tz)}, so no Ferry process could keep its hold on this ${what}; this one picked it up at ${at} and watches it now.`,
              ),
            ],
          }
        : takenOver
          ? {
              text: t`Ferry picked up watching again`,
              blocks: [
                section(
                  t`↻ The Ferry process watching this ${what} stopped answering; another picked it up at ${at} and watches it now.`,
                ),
              ],
            }
          : {
              text: t`Ferry restarted; watching again`,
              blocks: [section(t`↻ Ferry restarted at ${at} and is watching this ${what} again.`)],
            };
    for (const request of evacuations) await this.deps.threads.threadPost(request, say(request.kind));
    for (const run of runs) {
      // a move inside an evacuation reports in the evacuation's thread, which was told above
      if (this.deps.store.getMove(run.requestId)?.parentId) continue;
      await this.deps.threads.threadPost(run, say('migration'));
    }
  }
}

/** The cause of a request's own message: posted once, and the mark that Ferry showed it. */
export function postedCause(requestId: string): string {
  return `request.posted:${requestId}`;
}

/**
 * After a start or a takeover: a drain waiting for a person asks its question again if Slack refused
 * its post for good (a cause Slack refused is written again; one written before is not), and each
 * request's message is rendered afresh. What happened meanwhile is told from the journal
 * (journal-teller.ts). Only requests whose own message Ferry wrote under the outbox are looked at.
 */
async function askAgain(
  deps: { store: StorePort; poster: SlackPoster; threads: Threads; report(event: FerryEvent): Promise<void> },
  requests: RequestRecord[],
): Promise<void> {
  for (const request of requests) {
    if (request.kind === 'move' || !(await deps.poster.said(postedCause(request.id)))) continue;
    if (request.kind === 'drain')
      for (const host of request.drain.hosts)
        if (host.phase === 'empty') await deps.report({ kind: 'drain.host-empty', request, host: host.host });
    await deps.threads.refreshParent(deps.store.getRequest(request.id) ?? request);
  }
}
