import { rebootedByFerry } from '../core/drain/hosts.ts';
import { movesAtOnce } from '../core/evacuation/plan.ts';
import type { DrainRecord, EvacuationRecord, RunRecord } from '../core/model/records.ts';
import { t } from '../i18n/index.ts';
import { drainQuestion } from '../messages/drain-waits.ts';
import { code, escapeMrkdwn } from './render.ts';

/**
 * App Home's running drains, told apart: those at work (a move under way, a host Ferry brings back)
 * are listed under *Moving now*; those that wait for a person (Host is back, Continue, a cold move's
 * Confirm or Revert) with what they wait for, not as "running 0%" (operator trial). One may be both.
 */

export interface HomeReads {
  evacuation: (id: string) => EvacuationRecord | undefined;
  run: (id: string) => RunRecord | undefined;
  /** FERRY_COLD_CONFIRM=auto: Ferry confirms a cold move itself; false: a person; absent: not known */
  autoConfirm?: boolean;
}

/** The evacuation a drain's host is in now: its move back while it returns, else its latest emptying. */
function evacuationOf(drain: DrainRecord, host: DrainRecord['drain']['hosts'][number], reads: HomeReads) {
  const id = host.phase === 'returning' ? host.returnId : host.evacuationIds.at(-1);
  const evacuation = id ? reads.evacuation(id) : undefined;
  return evacuation?.evacuation.drainId === drain.id ? evacuation : undefined;
}

/** A move that waits for a person's Confirm or Revert, nobody else ending it (auto-confirm off). */
function waitsForConfirm(runId: string | undefined, reads: HomeReads): boolean {
  return reads.autoConfirm === false && !!runId && reads.run(runId)?.state === 'awaiting-confirmation';
}

/** The servers of the drain's moves under way that wait for Confirm or Revert. */
function confirmsOf(drain: DrainRecord, reads: HomeReads): string[] {
  return drain.drain.hosts.flatMap((host) =>
    (evacuationOf(drain, host, reads)?.evacuation.items ?? []).flatMap((item) =>
      item.state === 'running' && waitsForConfirm(item.runId, reads) ? [item.serverName] : [],
    ),
  );
}

/** Whether Ferry is at work on the drain: a host emptied or refilled by moves not waiting for a person, or brought back. */
function atWork(drain: DrainRecord, reads: HomeReads): boolean {
  return drain.drain.hosts.some((host) => {
    if (host.phase === 'coming-back' || rebootedByFerry(drain, host)) return true;
    if (host.phase !== 'evacuating' && host.phase !== 'returning') return false;
    const evacuation = evacuationOf(drain, host, reads);
    // not written yet, or between two moves: at work all the same
    if (!evacuation) return true;
    const { items, concurrency, perDestination } = evacuation.evacuation;
    const running = items.filter((item) => item.state === 'running');
    if (running.length === 0 || running.some((item) => !waitsForConfirm(item.runId, reads))) return true;
    // every move under way waits for Confirm: the next starts only if they leave it a slot
    return (
      items.some((item) => item.state === 'waiting') &&
      running.length < movesAtOnce(items, concurrency, perDestination)
    );
  });
}

/** The running drains split: at work (Moving now), and waiting for a person with what for (both at once may be). */
export function homeDrains(running: DrainRecord[], reads: HomeReads) {
  const asked = running.map((drain) => ({ drain, question: drainQuestion(drain, confirmsOf(drain, reads)) }));
  return {
    // one with no question is listed as it is (between two steps, or held by its health gates)
    moving: asked
      .filter(({ drain, question }) => !question || atWork(drain, reads))
      .map(({ drain }) => drain),
    waiting: asked.flatMap(({ drain, question }) => (question ? [{ drain, question }] : [])),
  };
}

/** A drain waiting for a person: what for, where, its hosts done. */
export function waitingDrainLine(
  { drain, question }: { drain: DrainRecord; question: string },
  where: string | undefined,
): string {
  const hosts = drain.drain.hosts;
  const done = hosts.filter((host) => host.phase === 'done').length;
  return t`${code(drain.id)} drain waits for ${escapeMrkdwn(question)} in its thread · ${done}/${hosts.length} host(s) done · asked by <@${escapeMrkdwn(drain.requestedBy)}>${where ? t` · in <#${escapeMrkdwn(where)}>` : ''}`;
}
