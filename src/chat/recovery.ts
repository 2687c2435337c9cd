import type { Clock } from '../clock.ts';
import type { FerryEvent } from '../core/events.ts';
import type { DrainRecord, EvacuationRecord, RequestRecord, RunRecord } from '../core/model.ts';
import type { StorePort } from '../core/store-port.ts';
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
 * again, and whatever the records say happened that no message was written for.
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

  /** `ended`: also the drains and evacuations already over (the leader, at start). */
  async resumed(
    sweep: Resumed,
    takenOver: boolean,
    ended: boolean,
    /** the database was out of reach (for every replica) until shortly before: that is what happened */
    afterOutage?: { from: number; to: number },
  ): Promise<void> {
    const requests = [...sweep.resumedDrains, ...sweep.resumedEvacuations];
    await this.announceResumed(sweep.resumedRuns, requests, takenOver, afterOutage);
    const over = ended
      ? [...this.deps.store.drains(), ...this.deps.store.evacuations()].filter(
          (request) => (request.kind === 'drain' ? request.drain.phase : request.evacuation.phase) === 'done',
        )
      : [];
    await sayWhatWasNotSaid(this.deps, [...requests, ...over]);
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
 * After a start or a takeover, what the store says happened is said in Slack even if the process
 * stopped between recording it and writing its message. Each of those messages has a cause and is
 * said once (the poster skips a cause already written), so this replays what the records show as
 * events: a message written before is not said again, one never written is said now, a question
 * whose post Slack refused is asked again. Then each request's own message is rendered afresh.
 * Only requests whose own message Ferry wrote under the outbox are looked at.
 */
export async function sayWhatWasNotSaid(
  deps: { store: StorePort; poster: SlackPoster; threads: Threads; report(event: FerryEvent): Promise<void> },
  requests: RequestRecord[],
): Promise<void> {
  for (const request of requests) {
    if (request.kind === 'move' || !(await deps.poster.said(postedCause(request.id)))) continue;
    if (request.kind === 'drain') await replayDrain(deps, request);
    else await replayEvacuation(deps, request);
    await deps.threads.refreshParent(deps.store.getRequest(request.id) ?? request);
  }
}

async function replayDrain(deps: Parameters<typeof sayWhatWasNotSaid>[0], drain: DrainRecord): Promise<void> {
  const { store, report } = deps;
  for (const host of drain.drain.hosts) {
    for (const id of host.evacuationIds) {
      const evacuation = store.getEvacuation(id);
      if (!evacuation) continue;
      await report({ kind: 'drain.host-started', request: drain, host: host.host, evacuation });
      await replayEvacuation(deps, evacuation);
    }
    // the question with its Host is back button, while the drain waits for a person's answer
    if (host.phase === 'empty') await report({ kind: 'drain.host-empty', request: drain, host: host.host });
    const back = host.returnId ? store.getEvacuation(host.returnId) : undefined;
    if (back) await replayEvacuation(deps, back);
    if (host.phase === 'done') await report({ kind: 'drain.host-done', request: drain, host: host.host });
  }
  if (drain.drain.phase === 'done') await report({ kind: 'drain.finished', request: drain });
}

async function replayEvacuation(
  deps: Parameters<typeof sayWhatWasNotSaid>[0],
  evacuation: EvacuationRecord,
): Promise<void> {
  const { phase } = evacuation.evacuation;
  if (phase === 'planned' || phase === 'superseded') return;
  // a drain's evacuation gets its own message beside the drain's
  if (evacuation.evacuation.drainId) await deps.report({ kind: 'evacuation.started', request: evacuation });
  if (phase === 'done') await deps.report({ kind: 'evacuation.finished', request: evacuation });
}
