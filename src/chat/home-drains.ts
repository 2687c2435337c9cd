import { rebootedByFerry } from '../core/drain/hosts.ts';
import { movesAtOnce } from '../core/evacuation/plan.ts';
import type { DrainRecord, EvacuationRecord, RunRecord } from '../core/model/records.ts';
import { t } from '../i18n/index.ts';
import { hostsCount } from '../messages/counted.ts';
import { drainQuestion } from '../messages/drain-waits.ts';
import { code, escapeMrkdwn } from './render.ts';

/**
 * App Home's running drains, moves and evacuations, told apart: those at work (a move under way, a
 * host Ferry brings back) are listed under *Moving now*; those that wait for a person (Host is back,
 * Continue, a cold move's Confirm or Revert, a stalled live move's Force complete or Abort) under
 * *Waiting for a person* with what they wait for, not as "running 0%" or "running 78%" (operator
 * trials). A drain may be both.
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

/**
 * What a move under way waits for a person to press, if only a person ends it: `confirm`, a cold move
 * in VERIFY_RESIZE (auto-confirm off); `stall`, a live move that stopped converging whose stall policy
 * left it to on-call (ask, or its own action refused or failed), nobody having pressed Abort or Force
 * complete yet. A policy that acts at its deadline is Ferry at work.
 */
export function personWait(
  run: RunRecord | undefined,
  autoConfirm: boolean | undefined,
): 'confirm' | 'stall' | null {
  if (!run || run.state === 'done' || run.outcome) return null;
  if (run.state === 'awaiting-confirmation') return autoConfirm === false ? 'confirm' : null;
  if (run.abortRequested || run.forceRequested) return null;
  return run.stall?.state === 'left' || run.stall?.state === 'failed' ? 'stall' : null;
}

/** A move that only a person ends: Confirm or Revert, Force complete or Abort. */
function waitsForPerson(runId: string | undefined, reads: HomeReads): boolean {
  return !!runId && personWait(reads.run(runId), reads.autoConfirm) !== null;
}

/** The servers of an evacuation's moves under way that wait for a person for `why`. */
export function waitingOf(
  evacuation: EvacuationRecord,
  why: 'confirm' | 'stall',
  reads: HomeReads,
): string[] {
  return evacuation.evacuation.items.flatMap((item) =>
    item.state === 'running' && item.runId && personWait(reads.run(item.runId), reads.autoConfirm) === why
      ? [item.serverName]
      : [],
  );
}

/** The moves under way split: those only a person ends wait (their line says for what), the others move. */
export function homeRuns(runs: RunRecord[], autoConfirm: boolean | undefined) {
  return {
    moving: runs.filter((run) => !personWait(run, autoConfirm)),
    waiting: runs.filter((run) => personWait(run, autoConfirm)),
  };
}

/**
 * The last `listed` evacuations under way (running or stopping; one held by its paused or held drain
 * (`still`) only while it has a move under way), split: one waits when every move it has under way
 * waits for a person and it starts no other meanwhile (stopping, held by its drain, nothing left to
 * start, or no slot left); the others move.
 */
export function homeEvacuations(
  all: EvacuationRecord[],
  { still, listed }: { still: ReadonlySet<string>; listed: number },
  reads: HomeReads,
) {
  const evacuations = all
    .filter((r) => r.evacuation.phase === 'running' || r.evacuation.phase === 'stopping')
    .filter(
      ({ evacuation }) =>
        !(evacuation.drainId && still.has(evacuation.drainId)) ||
        evacuation.items.some((item) => item.state === 'running'),
    )
    .slice(-listed);
  const waits = (record: EvacuationRecord) => {
    const { drainId, phase } = record.evacuation;
    if (!onlyPersonsEnd(record, reads)) return false;
    return phase === 'stopping' || (!!drainId && still.has(drainId)) || !startsAnother(record);
  };
  return { moving: evacuations.filter((r) => !waits(r)), waiting: evacuations.filter(waits) };
}

/** The servers of the drain's moves under way that wait for a person for `why`. */
function waitsOf(drain: DrainRecord, why: 'confirm' | 'stall', reads: HomeReads): string[] {
  return drain.drain.hosts.flatMap((host) => {
    const evacuation = evacuationOf(drain, host, reads);
    return evacuation ? waitingOf(evacuation, why, reads) : [];
  });
}

/** Whether Ferry is at work on the drain: a host emptied or refilled by moves not waiting for a person, or brought back. */
function atWork(drain: DrainRecord, reads: HomeReads): boolean {
  return drain.drain.hosts.some((host) => {
    if (host.phase === 'coming-back' || rebootedByFerry(drain, host)) return true;
    if (host.phase !== 'evacuating' && host.phase !== 'returning') return false;
    const evacuation = evacuationOf(drain, host, reads);
    // not written yet, or between two moves: at work all the same
    if (!evacuation) return true;
    // every move under way waits for a person: the next starts only if they leave it a slot
    return !onlyPersonsEnd(evacuation, reads) || startsAnother(evacuation);
  });
}

/** Moves are under way in the evacuation, and each is one only a person ends. */
function onlyPersonsEnd({ evacuation }: EvacuationRecord, reads: HomeReads): boolean {
  const running = evacuation.items.filter((item) => item.state === 'running');
  return running.length > 0 && running.every((item) => waitsForPerson(item.runId, reads));
}

/** A move of the evacuation waits to start and the moves under way leave it a slot. */
function startsAnother({ evacuation }: EvacuationRecord): boolean {
  const { items, concurrency, perDestination } = evacuation;
  const running = items.filter((item) => item.state === 'running').length;
  return (
    items.some((item) => item.state === 'waiting') &&
    running < movesAtOnce(items, concurrency, perDestination)
  );
}

/** The running drains split: at work (Moving now), and waiting for a person with what for (both at once may be). */
export function homeDrains(running: DrainRecord[], reads: HomeReads) {
  const asked = running.map((drain) => ({
    drain,
    question: drainQuestion(drain, waitsOf(drain, 'confirm', reads), waitsOf(drain, 'stall', reads)),
  }));
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
  return t`${code(drain.id)} drain waits for ${escapeMrkdwn(question)} in its thread · ${done}/${hostsCount(hosts.length)} done · asked by <@${escapeMrkdwn(drain.requestedBy)}>${where ? t` · in <#${escapeMrkdwn(where)}>` : ''}`;
}
