import type { Clock } from '../../clock.ts';
import {
  ActionOutcomeUnknownError,
  answerLine,
  isCloudUnanswered,
  OpenStackApiError,
  type OpenStackUnreachableError,
} from '../cloud-errors.ts';
import type { MoveRecord, RunRecord, ServerBefore } from '../model/records.ts';
import type { RunNotice } from '../model/run-facts.ts';
import type { ActionAccepted, CloudApi } from '../ports/cloud.ts';
import { StoreError } from '../ports/store.ts';
import { novaTime } from './progress.ts';

/** The run record of an approved request, before Nova is asked anything. */
export function newRunRecord(request: MoveRecord, id: string, now: number): RunRecord {
  const { plan } = request;
  return {
    id,
    requestId: request.id,
    serverId: plan.serverId as string,
    serverName: plan.serverName ?? plan.serverId ?? '',
    mode: plan.mode,
    source: plan.source as string,
    destination: plan.destination,
    blockMigration: plan.blockMigration,
    state: 'starting',
    startedAt: now,
    baselineMigrationId: -1,
    novaRequestIds: [],
    transitions: [{ state: 'starting', at: now }],
    forceRequested: false,
    abortRequested: false,
    revertRequested: false,
  };
}

/** The one request that starts a move; sent again only once Nova's records show the last one did nothing. */
export function requestMove(cloud: CloudApi, run: RunRecord): Promise<ActionAccepted> {
  return run.mode === 'cold'
    ? cloud.coldMigrate(run.serverId, run.destination ?? undefined)
    : cloud.liveMigrate(run.serverId, {
        ...(run.destination ? { host: run.destination } : {}),
        blockMigration: run.blockMigration,
      });
}

/** How asking Nova to start a move ended, and after how many tries. */
export type StartResult =
  /** Nova accepted, or (`found`) its records show the move began although its answer was lost */
  | { kind: 'accepted'; requestId: string | undefined; tries: number; found: boolean }
  /** Nova said no (4xx): its own reason */
  | { kind: 'refused'; error: unknown; tries: number }
  /** every try went unanswered or unsent, and Nova's records show nothing started (`sent`: some reached it) */
  | { kind: 'not-started'; tries: number; reason: string; sent: boolean }
  /** Nova could not be asked whether the last try started anything before the window closed */
  | { kind: 'unknown'; tries: number; reason?: string };

export interface StartDeps {
  cloud: CloudApi;
  clock: Clock;
  halt: AbortSignal;
  /** tries end this long after the run began */
  windowMs: number;
  /** tells the thread something now */
  say(notice: RunNotice): Promise<void>;
  /**
   * stores the server's newest migration before Ferry asks (the run's own comes after it) and, for a
   * cold move, the server's status and power state then
   */
  setBaseline(migrationId: number, serverBefore?: ServerBefore): Promise<RunRecord>;
  /** Nova request IDs Ferry's runs already own: an instance action of one of them is not this run's */
  ownedRequestIds(): Set<string>;
}

/** after a lost answer, how long Nova gets to show the move before Ferry concludes it did not start */
const LOOK_MS = 30_000;
const LOOK_EVERY_MS = 5_000;
/** Ferry's and Nova's clocks may differ by this much when matching an instance action to a request */
const CLOCK_SLACK_MS = 60_000;

/**
 * Asks Nova to start the run's move. A try that got no answer (or a 5xx) may have started it: Ferry
 * first looks in Nova's records and only sends again when they show nothing. Tries that failed for
 * a passing reason (unreachable, 5xx, no answer) are repeated with backoff within the window.
 *
 * `resumed`: an earlier process claimed the run and stopped before Nova's answer was written. With no
 * baseline it never asked (the baseline is written first); with one, its request may have reached
 * Nova, so Nova's records are read as after a lost answer before the move is asked again.
 */
export async function startMove(deps: StartDeps, claimed: RunRecord, resumed = false): Promise<StartResult> {
  const { clock } = deps;
  let run = claimed;
  const deadline = run.startedAt + deps.windowMs;
  /** when the first try whose answer was lost went out: anything Nova began since may be ours */
  let lostSince: number | undefined;
  let requestIdSeen: string | undefined;
  let sent = false;
  if (resumed && run.baselineMigrationId >= 0) {
    sent = true;
    lostSince = run.startedAt;
    await deps.say({ code: 'start-interrupted', asked: true });
    const seen = await lookForStart(deps, run, lostSince, undefined, deadline);
    if (seen.kind === 'started')
      return { kind: 'accepted', requestId: seen.requestId, tries: 1, found: true };
    if (seen.kind === 'cannot-tell') return { kind: 'unknown', tries: 1 };
  } else if (resumed) {
    await deps.say({ code: 'start-interrupted', asked: false });
  }
  for (let tries = 1; ; tries++) {
    const sentAt = clock.now();
    let reason: string;
    try {
      if (run.baselineMigrationId < 0) {
        const [latest] = await deps.cloud.listMigrations({ serverId: run.serverId, limit: 1 });
        // a cold move may leave the server SHUTOFF only when it was stopped before: kept with the run
        const server = run.mode === 'cold' ? await deps.cloud.getServer(run.serverId) : null;
        run = await deps.setBaseline(
          latest?.id ?? 0,
          server ? { status: server.status, powerState: server.powerState } : undefined,
        );
      }
      const accepted = await requestMove(deps.cloud, run);
      return { kind: 'accepted', requestId: accepted.requestId, tries, found: false };
    } catch (error) {
      // Not recorded is not failed: the run stays as stored and resumes once the store writes
      if (error instanceof StoreError) throw error;
      if (error instanceof ActionOutcomeUnknownError) {
        sent = true;
        lostSince ??= sentAt;
        requestIdSeen = error.requestId ?? requestIdSeen;
        await deps.say({ code: 'start-unanswered', reason: error.reason });
        const seen = await lookForStart(deps, run, lostSince, requestIdSeen, deadline);
        if (seen.kind === 'started')
          return { kind: 'accepted', requestId: seen.requestId, tries, found: true };
        if (seen.kind === 'cannot-tell') return { kind: 'unknown', tries, reason: error.reason };
        reason = error.reason;
      } else if (isUnsent(error)) {
        reason = error instanceof OpenStackApiError ? answerLine(error) : error.reason;
      } else {
        // Refused: yet an earlier lost try may be why (409: a migration is already under way).
        if (lostSince !== undefined) {
          const found = await findStarted(
            deps.cloud,
            run,
            lostSince,
            requestIdSeen,
            deps.ownedRequestIds(),
          ).catch(() => null);
          if (found) return { kind: 'accepted', requestId: found.requestId, tries, found: true };
        }
        return { kind: 'refused', error, tries };
      }
    }
    const wait = Math.min(30_000, 2_000 * 2 ** (tries - 1));
    if (clock.now() + wait > deadline) return { kind: 'not-started', tries, reason, sent };
    await clock.sleep(wait, deps.halt);
  }
}

/** An error that proves the move's request did not reach Nova (the action's own 5xx is unknown instead). */
function isUnsent(error: unknown): error is OpenStackUnreachableError | OpenStackApiError {
  return isCloudUnanswered(error);
}

type Look = { kind: 'started'; requestId: string | undefined } | { kind: 'not-started' | 'cannot-tell' };

/**
 * Looks in Nova for the move a lost answer may have started: for LOOK_MS after the request while Nova
 * answers (it may still be working on it), as long as the window allows while it does not.
 */
async function lookForStart(
  deps: StartDeps,
  run: RunRecord,
  since: number,
  requestId: string | undefined,
  deadline: number,
): Promise<Look> {
  const { clock } = deps;
  for (;;) {
    try {
      const found = await findStarted(deps.cloud, run, since, requestId, deps.ownedRequestIds());
      if (found) return { kind: 'started', requestId: found.requestId };
      if (clock.now() - since >= LOOK_MS) return { kind: 'not-started' };
    } catch (error) {
      if (!isUnsent(error)) throw error;
      if (clock.now() >= deadline) return { kind: 'cannot-tell' };
    }
    await clock.sleep(LOOK_EVERY_MS, deps.halt);
  }
}

/**
 * Whether Nova began this run's move since `since`: a migration record of the server newer than the
 * run's baseline, or an instance action of the move's kind (by its request ID when an answer gave one)
 * that no run of Ferry's owns (the server's last move may have begun within the clocks' slack).
 */
export async function findStarted(
  cloud: CloudApi,
  run: RunRecord,
  since: number,
  requestId: string | undefined,
  owned: Set<string> = new Set(),
): Promise<{ requestId: string | undefined } | null> {
  const type = run.mode === 'cold' ? 'migration' : 'live-migration';
  const action = run.mode === 'cold' ? 'migrate' : 'live-migration';
  const [migrations, actions] = await Promise.all([
    cloud.listMigrations({ serverId: run.serverId }),
    cloud.listInstanceActions(run.serverId),
  ]);
  const ours = actions.find((candidate) =>
    requestId
      ? candidate.requestId === requestId
      : candidate.action === action &&
        !run.novaRequestIds.includes(candidate.requestId) &&
        !owned.has(candidate.requestId) &&
        novaTime(candidate.startTime) >= since - CLOCK_SLACK_MS,
  );
  const record = migrations.some(
    (migration) => migration.type === type && migration.id > run.baselineMigrationId,
  );
  return ours || record ? { requestId: ours?.requestId ?? requestId } : null;
}
