import { movesAtOnce } from '../core/evacuation/plan.ts';
import { proofsFailed } from '../core/model/proof-facts.ts';
import type {
  DrainRecord,
  EvacuationItemState,
  EvacuationRecord,
  NovaOutage,
  Outcome,
  RunRecord,
} from '../core/model/records.ts';
import { isLanded } from '../core/move/in-flight.ts';
import { t } from '../i18n/index.ts';
import { formatDuration } from '../messages/units.ts';
import { code } from './render.ts';
import { outageWords, progressBar } from './run-view.ts';

/** An evacuation's live counts, its ETA and its one-line progress, as its message and App Home show them. */

/** Where a move under way stands beyond "running": Nova ended it and Ferry proves it, or Nova queues it. */
export type MoveStage = 'landed' | 'queued' | null;

/** The stage of each run as stored: landed (isLanded), or queued by Nova (its migration's status 'queued'). */
export function stageOf(runOf: RunsSeen['runOf']): (runId: string) => MoveStage {
  return (runId) => {
    const run = runOf(runId);
    return isLanded(run) ? 'landed' : run?.state === 'queued' ? 'queued' : null;
  };
}

/**
 * `stage`: a run whose migration Nova recorded completed while Ferry still proves it (isLanded) is
 * counted as proving, so the running never exceed what the evacuation lets run at once (operator
 * trial: "3 running" at a concurrency of 2); one Nova holds queued behind max_concurrent_live_migrations
 * as queued (operator trial: "2 running" while /migrations showed one queued for a minute).
 */
export function counts(items: EvacuationItemState[], stage: (runId: string) => MoveStage = () => null) {
  const done = items.filter((i) => i.outcome?.kind === 'completed').length;
  const aborted = items.filter((i) => i.outcome?.kind === 'aborted').length;
  // an end Ferry did not see is not a failure: it is counted, and shown, as unknown
  const unknown = items.filter((i) => i.outcome?.kind === 'unknown').length;
  // a cold move the on-call person reverted is their choice, not a failure (operator trial: "1 failed")
  const reverted = items.filter((i) => revertedByPerson(i.outcome)).length;
  const failed = items.filter(
    (i) =>
      i.outcome &&
      i.outcome.kind !== 'completed' &&
      i.outcome.kind !== 'aborted' &&
      i.outcome.kind !== 'unknown' &&
      !revertedByPerson(i.outcome),
  ).length;
  const underWay = items.filter((i) => i.state === 'running');
  const proving = underWay.filter((i) => i.runId && stage(i.runId) === 'landed').length;
  const queued = underWay.filter((i) => i.runId && stage(i.runId) === 'queued').length;
  const running = underWay.length - proving - queued;
  const left = items.filter((i) => i.state === 'waiting').length;
  const notMoved = items.filter((i) => i.state === 'skipped' || i.state === 'not-started').length;
  return {
    done,
    failed,
    reverted,
    aborted,
    unknown,
    running,
    queued,
    proving,
    left,
    notMoved,
    movable: items.filter((i) => i.mode !== null).length,
  };
}

/**
 * A cold move a person reverted (the Revert button, VERIFY_RESIZE): the server is home again as they
 * chose. Ferry's own revert, after a proof failed on the destination, keeps the failed proofs with it
 * (run-endings.ts) and stays a failure.
 */
export function revertedByPerson(outcome: Pick<Outcome, 'kind' | 'fact'> | undefined): boolean {
  if (outcome?.kind !== 'reverted') return false;
  return !(outcome.fact?.code === 'back' && proofsFailed(outcome.fact.proofs));
}

/**
 * "5 moved, 1 failed, 1 reverted, 1 aborted, ❓ 1 unknown, 2 not moved": an abort is an abort, a
 * person's revert a revert, an unseen end unknown
 */
export function tally(c: ReturnType<typeof counts>): string {
  const stopped = `${revertedPart(c.reverted)}${c.aborted ? t`, ${c.aborted} aborted` : ''}`;
  return t`${c.done} moved, ${c.failed} failed${stopped}${unknownPart(c.unknown)}, ${c.notMoved} not moved`;
}

/** ", 1 reverted" when people reverted some moves; nothing otherwise. */
export function revertedPart(reverted: number): string {
  return reverted ? t`, ${reverted} reverted` : '';
}

/** ", ❓ 2 unknown" when some moves ended without Ferry seeing how; nothing otherwise. */
export function unknownPart(unknown: number): string {
  return unknown ? t`, ❓ ${unknown} unknown` : '';
}

/** What a view reads of the runs under way: each run as stored, the time now, and what is in flight. */
export interface RunsSeen {
  runOf: (runId: string) => RunRecord | undefined;
  now: number;
  /** every server in flight as the store's records say (inFlightMoves), for a group's budget */
  inFlight?: () => ReadonlyMap<string, { name: string }>;
  /**
   * FERRY_COLD_CONFIRM=auto: Ferry confirms a cold move in VERIFY_RESIZE itself; false: a person
   * presses Confirm or Revert; absent: not known here, so nothing is said of who
   */
  autoConfirm?: boolean;
  /** a drain as stored: its step's evacuation starts nothing while it is paused or held */
  drainOf?: (id: string) => DrainRecord | undefined;
}

/**
 * The drain that holds this evacuation now (paused or held, as the evacuator's `holds` reads it): no
 * move starts meanwhile, so no ETA holds (operator trial: "1 proving · ETA 30s" for 9 minutes of pause).
 */
function heldBy(request: EvacuationRecord, seen: RunsSeen): DrainRecord | null {
  const { drainId, phase } = request.evacuation;
  const drain = drainId && phase === 'running' ? seen.drainOf?.(drainId) : undefined;
  return drain && (drain.drain.phase === 'paused' || drain.drain.phase === 'held') ? drain : null;
}

/**
 * The servers whose cold move waits in VERIFY_RESIZE for a person's Confirm or Revert (auto-confirm
 * off): nobody else ends them, so a view names them (operator trial: "1 running" said nothing of it).
 */
export function waitingForConfirm(items: EvacuationItemState[], seen: RunsSeen): string[] {
  if (seen.autoConfirm !== false) return [];
  return items.flatMap((item) =>
    item.state === 'running' && item.runId && seen.runOf(item.runId)?.state === 'awaiting-confirmation'
      ? [item.serverName]
      : [],
  );
}

/**
 * " · ⏳ waiting for a person to press Confirm or Revert: `web-1`", or nothing when no cold move waits:
 * ⏳ as a move waiting for a person's press is shown, not ⏸️ (the move is not paused; operator trial).
 */
export function confirmPart(servers: string[]): string {
  return servers.length
    ? t` · ⏳ waiting for a person to press Confirm or Revert: ${servers.map((name) => code(name)).join(t`, `)}`
    : '';
}

/** " · ⚠️ not converging, waiting for on-call to press Force complete or Abort: `ledger`", or nothing. */
export function stalledPart(servers: string[]): string {
  return servers.length
    ? t` · ⚠️ not converging, waiting for on-call to press Force complete or Abort: ${servers.map((name) => code(name)).join(t`, `)}`
    : '';
}

/**
 * ETA from the mean moving time of the moves already ended, for the moves still waiting, after what the
 * moves under way have left: the ETA of their last progress where it has one, else what they have left
 * of that mean; never shorter than the longest of them (operator trial: "ETA 55s" while its running
 * move's own said 1m 45s). Moving time leaves out the time a cold move waited in VERIFY_RESIZE for a
 * person's Confirm or Revert (operator trial: the ETA grew with it); a move waiting so has nothing
 * left to move. Recomputed at each render (their progress refreshes it). Null when it no longer
 * holds: nothing waits (each move under way says its own ETA in the thread: operator trial, "0 left ·
 * ETA 3m"), or a move under way without an ETA of its own has moved longer than the mean already
 * (operator trial: "ETA 17s" shown for 2 minutes).
 */
export function evacuationEta(
  items: EvacuationItemState[],
  concurrency: number,
  seen: RunsSeen,
): number | null {
  const ended = items.flatMap((i) =>
    i.outcome?.durationMs === undefined
      ? []
      : [Math.max(0, i.outcome.durationMs - personWaitMs(i.runId ? seen.runOf(i.runId) : undefined, seen))],
  );
  const waiting = items.filter((i) => i.state === 'waiting').length;
  if (ended.length === 0 || waiting === 0) return null;
  const mean = ended.reduce((sum, ms) => sum + ms, 0) / ended.length;
  const slots = Math.max(1, concurrency);
  let underWay = 0;
  let longest = 0;
  for (const item of items) {
    const run = item.state === 'running' && item.runId ? seen.runOf(item.runId) : undefined;
    if (item.state !== 'running' || isLanded(run)) continue;
    const left = leftOf(run, mean, seen);
    if (left === null) return null;
    underWay += left;
    longest = Math.max(longest, left);
  }
  return Math.max(longest, underWay / slots) + (waiting * mean) / slots;
}

/**
 * How long a cold move waited in VERIFY_RESIZE for a person's Confirm or Revert (auto-confirm off), up
 * to now while it still waits: not moving time. With auto-confirm, Ferry's proofs there are.
 */
function personWaitMs(run: RunRecord | undefined, seen: RunsSeen): number {
  if (!run || seen.autoConfirm !== false) return 0;
  return run.transitions.reduce((sum, transition, i) => {
    if (transition.state !== 'awaiting-confirmation') return sum;
    const until = run.transitions[i + 1]?.at ?? seen.now;
    return sum + Math.max(0, until - transition.at);
  }, 0);
}

/** What a move under way has left: its progress's ETA (as of now), else the mean less its moving time so far. */
function leftOf(run: RunRecord | undefined, mean: number, seen: RunsSeen): number | null {
  // started a moment ago, its run not written yet, or queued by Nova: a whole mean left
  if (!run || run.state === 'queued') return mean;
  // moved: what is left is a person's Confirm or Revert, which no pace tells
  if (run.state === 'awaiting-confirmation' && seen.autoConfirm === false) return 0;
  const { now } = seen;
  const progress = run.lastProgress?.phase === run.state ? run.lastProgress : undefined;
  if (progress && progress.etaMs !== null) return Math.max(0, progress.etaMs - (now - progress.at));
  const left = mean - (now - run.startedAt - personWaitMs(run, seen));
  return left < 0 ? null : left;
}

/** The Nova outage an evacuation's thread was told of (evacuation-outages.ts), while it lasts. */
export interface EvacuationNova {
  outage: NovaOutage | null;
  timeZone: string;
}

/**
 * The consolidated progress; `nova`: the outage its thread was told of, shown in place of the ETA
 * while it lasts (the moves' progress stops meanwhile, so an ETA from before it is stale).
 */
export function evacuationProgressLine(
  request: EvacuationRecord,
  nova: EvacuationNova | undefined,
  seen: RunsSeen,
): string {
  const state = request.evacuation;
  const c = counts(state.items, stageOf(seen.runOf));
  const total = c.movable || 1;
  // counted as running (its move is not over), and named: a person ends it, not Ferry
  const person = confirmPart(waitingForConfirm(state.items, seen));
  const drain = heldBy(request, seen);
  const eta =
    state.phase === 'running' && !drain
      ? evacuationEta(state.items, movesAtOnce(state.items, state.concurrency, state.perDestination), seen)
      : null;
  const outage = nova?.outage && state.phase !== 'done' ? nova.outage : null;
  // the line's head shows ✋ or ⏸️ already: its icon once a line (operator trial)
  const held = drain
    ? drain.drain.phase === 'held'
      ? t` · drain ${code(drain.id)} is held: no new move starts until on-call approves its new plan`
      : t` · drain ${code(drain.id)} is paused: moves in flight finish, no new one starts until someone presses Resume`
    : '';
  const tail = outage
    ? `${held} · ${outageWords(outage, nova?.timeZone ?? 'UTC')}`
    : eta !== null
      ? t` · ETA ${formatDuration(eta)}`
      : held;
  const under = `${c.queued ? t` · ${c.queued} queued by Nova` : ''}${c.proving ? t` · ${c.proving} proving` : ''}`;
  // an aborted move has ended too: counted, as the report counts it (operator trial: it dropped out)
  const ended = `${c.reverted ? t` · ${c.reverted} reverted` : ''}${c.aborted ? t` · ${c.aborted} aborted` : ''}${c.unknown ? t` · ❓ ${c.unknown} unknown` : ''}`;
  const head = drain
    ? drain.drain.phase === 'held'
      ? t`✋ *Held*`
      : t`⏸️ *Paused*`
    : t`🚚 *${state.returnOf ? t`Moving back` : t`Evacuating`}*`;
  return t`${head} ${progressBar(((c.done + c.failed + c.reverted + c.aborted + c.unknown) / total) * 100, 10)} ${c.done} done · ${c.running} running${under} · ${c.failed} failed${ended} · ${c.left} left${person}${tail}`;
}
