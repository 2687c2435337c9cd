import type {
  AuditEntry,
  DrainRecord,
  EvacuationRecord,
  MoveRecord,
  RequestRecord,
  RunRecord,
  WindowRecord,
} from '../core/model/records.ts';
import { StoreError } from '../core/ports/store.ts';
import { describeRequest } from './audit.ts';

/**
 * The rules of the writes each adapter makes its own way (a request, a run or a window created, a
 * decision taken with its claims), and the finders that refuse a missing record: applied to records
 * in place, on the record the adapter holds (lowdb on its copy, PostgreSQL on the row it has locked),
 * so the two cannot disagree. The rules of the other writes are beside them in records/.
 */

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

export function windowAudit(window: WindowRecord): AuditEntry {
  return {
    at: window.createdAt,
    actor: window.createdBy,
    action: 'maintenance',
    subject: window.id,
    detail: `${window.host} ${new Date(window.start).toISOString()} → ${new Date(window.end).toISOString()}: ${window.reason}`,
  };
}
