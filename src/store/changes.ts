import type {
  AuditEntry,
  DrainRecord,
  EvacuationItemState,
  EvacuationRecord,
  EvacuationState,
  MoveRecord,
  Outcome,
  PlanSummary,
  ProgressSnapshot,
  RequestRecord,
  RunRecord,
  RunState,
  WindowRecord,
} from '../core/model/records.ts';
import type { TransitionNote } from '../core/model/run-facts.ts';
import { StaleRecordError, StoreError } from '../core/ports/store.ts';
import { describeRequest } from './audit.ts';

/**
 * The rules of every store operation, applied to records in place: both adapters run these on the
 * record they hold (lowdb in memory, PostgreSQL on the row it has locked), so they cannot disagree.
 */

export type EvacuationPhaseDetails = Partial<
  Pick<EvacuationState, 'startedAt' | 'endedAt' | 'serviceDisabled' | 'abortRunning' | 'stoppedBy'>
>;

export function requestAudit(record: RequestRecord): AuditEntry {
  return {
    at: record.createdAt,
    actor: record.requestedBy,
    action: 'request',
    subject: record.id,
    detail: describeRequest(record),
  };
}

export function asEvacuation(request: RequestRecord | undefined, id: string): EvacuationRecord {
  const found = asRequest(request, id);
  if (found.kind !== 'evacuation') throw new StoreError(`Request ${id} is not an evacuation.`);
  return found;
}

export function asDrain(request: RequestRecord | undefined, id: string): DrainRecord {
  const found = asRequest(request, id);
  if (found.kind !== 'drain') throw new StoreError(`Request ${id} is not a drain.`);
  return found;
}

export function asMove(request: RequestRecord | undefined, id: string): MoveRecord {
  const found = asRequest(request, id);
  if (found.kind !== 'move') throw new StoreError(`Request ${id} is not a move.`);
  return found;
}

/** A change to the evacuation `id` as found (or not) in the store, answering it changed. */
export function onEvacuation(id: string, apply: (evacuation: EvacuationRecord) => void) {
  return (request: RequestRecord | undefined): EvacuationRecord => {
    const evacuation = asEvacuation(request, id);
    apply(evacuation);
    return evacuation;
  };
}

/** A change to the drain `id` as found (or not) in the store, answering it changed. */
export function onDrain(id: string, apply: (drain: DrainRecord) => void) {
  return (request: RequestRecord | undefined): DrainRecord => {
    const drain = asDrain(request, id);
    apply(drain);
    return drain;
  };
}

export function asRequest(request: RequestRecord | undefined, id: string): RequestRecord {
  if (!request) throw new StoreError(`No request ${id}.`);
  return request;
}

export function asRun(run: RunRecord | undefined, id: string): RunRecord {
  if (!run) throw new StoreError(`No run ${id}.`);
  return run;
}

export function asWindow(window: WindowRecord | undefined, id: string): WindowRecord {
  if (!window) throw new StoreError(`No maintenance window ${id}.`);
  return window;
}

export function setEvacuationPhase(
  request: EvacuationRecord,
  phase: EvacuationState['phase'],
  details: EvacuationPhaseDetails,
): void {
  // decided on the record as stored now: an evacuation starts once, though two may start it at once
  // (a drain's look finding it planned, and the Continue or the look that planned it)
  if (phase === 'running' && request.evacuation.phase !== 'planned')
    throw new StaleRecordError(
      `Evacuation ${request.id} is ${request.evacuation.phase}: it does not start again.`,
    );
  Object.assign(request.evacuation, details, { phase });
}

export function updateEvacuationItems(
  request: EvacuationRecord,
  changes: { serverId: string; change: Partial<EvacuationItemState> }[],
  plan?: { fingerprint: string },
): void {
  const state = request.evacuation;
  for (const { serverId, change } of changes) {
    const item = state.items.find((candidate) => candidate.serverId === serverId);
    if (!item) throw new StoreError(`Evacuation ${request.id} has no server ${serverId}.`);
    // decided on the record as stored now (the locked row), not on the caller's copy:
    // a move starts only from waiting, while the evacuation runs…
    if (change.state === 'running' && (item.state !== 'waiting' || state.phase !== 'running'))
      throw new StaleRecordError(
        `Evacuation ${request.id} is ${state.phase} and ${item.serverName} is ${item.state}: its move does not start.`,
      );
    // …and only a server still waiting can be left where it is (one that started or ended keeps its state)
    if (
      (change.state === 'not-started' || change.state === 'skipped') &&
      item.state !== 'waiting' &&
      item.state !== change.state
    )
      continue;
    Object.assign(item, change);
  }
  if (plan) state.fingerprint = plan.fingerprint;
}

export function replacePlan(request: MoveRecord, plan: PlanSummary, at: number): AuditEntry {
  request.plan = plan;
  return { at, actor: 'ferry', action: plan.ready ? 'recheck' : 'recheck-failed', subject: request.id };
}

/**
 * The first decision stands; an evacuation is approved only for the plan the approver saw. Answers
 * whether this call decided, and the audit entry when it did.
 */
export function decide(
  request: RequestRecord,
  status: 'approved' | 'rejected' | 'expired',
  actor: string,
  at: number,
  note: string | undefined,
  seenFingerprint: string | undefined,
): { decided: boolean; planChanged?: boolean; audit?: AuditEntry } {
  if (request.status !== 'pending') return { decided: false };
  const approvedPlan =
    request.kind === 'evacuation'
      ? request.evacuation.fingerprint
      : request.kind === 'drain'
        ? request.drain.fingerprint
        : undefined;
  if (status === 'approved' && approvedPlan !== undefined && approvedPlan !== seenFingerprint)
    return { decided: false, planChanged: true };
  request.status = status;
  request.decidedBy = actor;
  request.decidedAt = at;
  if (note) request.decisionNote = note;
  return {
    decided: true,
    audit: {
      at,
      actor,
      action: status === 'approved' ? 'approve' : status === 'rejected' ? 'reject' : 'expire',
      subject: request.id,
      detail: note,
    },
  };
}

/** A new run for an approved move that has none yet; the caller has checked `runId` is unset. */
export function claimRun(request: MoveRecord, make: () => RunRecord): { run: RunRecord; audit: AuditEntry } {
  if (request.status !== 'approved')
    throw new StoreError(`Request ${request.id} is ${request.status}, not approved.`);
  const run = make();
  request.runId = run.id;
  return {
    run,
    audit: {
      at: run.startedAt,
      actor: 'ferry',
      action: 'start',
      subject: run.id,
      detail: `${run.serverName} ${run.source} → ${run.destination ?? 'scheduler'} (${run.mode}) for ${request.id}`,
    },
  };
}

export function recordRunRequest(
  run: RunRecord,
  kind: 'start' | 'abort' | 'force' | 'confirm' | 'revert',
  novaRequestId: string | undefined,
): void {
  if (kind === 'abort') run.abortRequested = true;
  if (kind === 'force') run.forceRequested = true;
  if (kind === 'revert') run.revertRequested = true;
  if (novaRequestId) run.novaRequestIds.push(novaRequestId);
}

export function recordForceSeen(run: RunRecord, how: 'post-copy' | 'paused'): void {
  run.forceSeen ??= how;
}

export function setRunBaseline(run: RunRecord, migrationId: number): void {
  run.baselineMigrationId = migrationId;
}

export function adoptMigration(
  run: RunRecord,
  migration: { id: number; uuid: string | null; destination: string | null },
): void {
  run.migrationId = migration.id;
  if (migration.uuid) run.migrationUuid = migration.uuid;
  if (migration.destination) run.destination = migration.destination;
}

export function saveProgress(run: RunRecord, progress: ProgressSnapshot): void {
  run.lastProgress = progress;
}

export function transition(run: RunRecord, state: RunState, at: number, note?: TransitionNote): void {
  // an ended run stays ended: a confirm's answer can arrive after the watcher saw Nova finish it
  if (run.state === state || run.state === 'done') return;
  run.state = state;
  run.transitions.push({ state, at, ...(note ? { note } : {}) });
}

/** Ends a run with its outcome, unless it already ended: answers the audit entry when this call ended it. */
export function finishRun(run: RunRecord, outcome: Outcome, at: number): AuditEntry | undefined {
  if (run.state === 'done') return undefined;
  run.state = 'done';
  run.endedAt = at;
  run.outcome = outcome;
  run.transitions.push({ state: 'done', at, note: outcome.kind });
  return {
    at,
    actor: 'ferry',
    action: `outcome:${outcome.kind}`,
    subject: run.id,
    detail: outcome.fact ? JSON.stringify(outcome.fact) : outcome.message,
  };
}

export function windowAudit(window: WindowRecord): AuditEntry {
  return {
    at: window.createdAt,
    actor: window.createdBy,
    action: 'maintenance',
    subject: window.id,
    detail: `${window.host} ${new Date(window.start).toISOString()} → ${new Date(window.end).toISOString()}: ${window.reason}`,
  };
}

export function cancelWindow(window: WindowRecord): void {
  window.status = 'cancelled';
}

/**
 * Records the reminders not recorded yet (one recorded first, by another replica or before a restart,
 * stays); true when this call recorded one as sent: the write that tells it.
 */
export function recordReminders(window: WindowRecord, reminders: WindowRecord['reminders']): boolean {
  let sent = false;
  for (const [label, reminder] of Object.entries(reminders)) {
    if (window.reminders[label]) continue;
    window.reminders[label] = reminder;
    if (!('skipped' in reminder)) sent = true;
  }
  return sent;
}

/** Marks a window's start or end handled; true when this call was the first to. */
export function markWindowHandled(window: WindowRecord, edge: 'start' | 'end'): boolean {
  const handled = edge === 'start' ? window.startHandled : window.endHandled;
  if (edge === 'start') window.startHandled = true;
  else window.endHandled = true;
  return !handled;
}
