import type { Telling } from '../../core/journal.ts';
import type { PlanEdit } from '../../core/model/plan-edits.ts';
import type {
  AuditEntry,
  DrainRecord,
  EvacuationItemState,
  EvacuationRecord,
  EvacuationState,
  HeldClaim,
  MoveRecord,
  PlanSummary,
  RequestRecord,
} from '../../core/model/records.ts';
import type { CheckResult } from '../../core/model/types.ts';
import { StaleRecordError, StoreError } from '../../core/ports/store.ts';
import * as change from '../changes.ts';
import * as claim from '../claims.ts';

export type EvacuationPhaseDetails = Partial<
  Pick<
    EvacuationState,
    'startedAt' | 'endedAt' | 'serviceDisabled' | 'abortRunning' | 'stoppedBy' | 'unlistedAtEnd'
  >
>;

/**
 * The requests' operations that do not depend on what keeps them (ports/requests.ts, and the claims'
 * reads and release): reads by kind, and each change to one request, made through the adapter's own
 * update of that record (lowdb on a copy of the file then memory, PostgreSQL in one transaction on
 * the locked row). A new write to a request is a method here, its rule (applied to the
 * record in place) a function below.
 */
export abstract class RequestRecords {
  abstract getRequest(id: string): RequestRecord | undefined;
  protected abstract requestList(): RequestRecord[];
  /**
   * `apply` changes the request as stored now (and may throw to change nothing), answering it;
   * `tell`: events recorded in the same write, built from the request as written. Answers the request.
   */
  protected abstract updateRequest<R extends RequestRecord>(
    id: string,
    apply: (request: RequestRecord | undefined, audit: (entry: AuditEntry) => void) => R,
    tell?: Telling<R>,
  ): Promise<RequestRecord>;

  getMove(id: string): MoveRecord | undefined {
    const request = this.getRequest(id);
    return request?.kind === 'move' ? request : undefined;
  }

  getEvacuation(id: string): EvacuationRecord | undefined {
    const request = this.getRequest(id);
    return request?.kind === 'evacuation' ? request : undefined;
  }

  getDrain(id: string): DrainRecord | undefined {
    const request = this.getRequest(id);
    return request?.kind === 'drain' ? request : undefined;
  }

  drains(): DrainRecord[] {
    return this.requestList().filter((request) => request.kind === 'drain');
  }

  pendingRequests(): RequestRecord[] {
    return this.requestList().filter((request) => request.status === 'pending');
  }

  evacuations(): EvacuationRecord[] {
    return this.requestList().filter((request) => request.kind === 'evacuation');
  }

  heldClaims(): HeldClaim[] {
    return claim.heldClaims(this.requestList());
  }

  async setEvacuationPhase(
    id: string,
    phase: EvacuationState['phase'],
    details: EvacuationPhaseDetails = {},
    tell?: Telling<EvacuationRecord>,
  ): Promise<EvacuationRecord> {
    const apply = change.onEvacuation(id, (e) => setEvacuationPhase(e, phase, details));
    return change.asEvacuation(await this.updateRequest(id, apply, tell), id);
  }

  async updateEvacuationItems(
    id: string,
    changes: { serverId: string; change: Partial<EvacuationItemState> }[],
    plan?: { fingerprint: string; edits?: PlanEdit[]; checks?: CheckResult[] },
    tell?: Telling<EvacuationRecord>,
  ): Promise<EvacuationRecord> {
    const apply = change.onEvacuation(id, (e) => updateEvacuationItems(e, changes, plan));
    return change.asEvacuation(await this.updateRequest(id, apply, tell), id);
  }

  async updateDrain(
    id: string,
    apply: (drain: DrainRecord) => void,
    tell?: Telling<DrainRecord>,
  ): Promise<DrainRecord> {
    // a throw leaves the record as it was: apply works on the adapter's copy, kept only when it returns
    return change.asDrain(await this.updateRequest(id, change.onDrain(id, apply), tell), id);
  }

  /** The fresh checks of a re-check (on approval): what the run will follow. */
  async replacePlan(id: string, plan: PlanSummary, at: number): Promise<MoveRecord> {
    const request = await this.updateRequest(id, (found, audit) => {
      const move = change.asMove(found, id);
      audit(replacePlan(move, plan, at));
      return move;
    });
    return change.asMove(request, id);
  }

  /**
   * Records approval, rejection or expiry, once: a request already decided keeps its first decision.
   * Answers the record and whether this call was the one that decided it.
   */
  async decide(
    id: string,
    status: 'approved' | 'rejected' | 'expired',
    actor: string,
    at: number,
    note?: string,
    /** an approval of an evacuation holds only for the exact plan the approver saw */
    seenFingerprint?: string,
  ): Promise<{ request: RequestRecord; decided: boolean; planChanged?: boolean }> {
    let result: { decided: boolean; planChanged?: boolean } = { decided: false };
    const request = await this.updateRequest(id, (found, audit) => {
      const request = change.asRequest(found, id);
      const { audit: entry, ...outcome } = change.decide(request, status, actor, at, note, seenFingerprint);
      result = outcome;
      if (entry) audit(entry);
      return request;
    });
    return { request, ...result };
  }

  async releaseClaims(id: string, serverIds?: string[]): Promise<void> {
    await this.updateRequest(id, (request) => {
      const found = change.asRequest(request, id);
      claim.releaseClaims(found, serverIds);
      return found;
    });
  }
}

function setEvacuationPhase(
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

/** The change that marks an evacuation's item running with its move's request `requestId`. */
export function markItemRunning(id: string, serverId: string, requestId: string) {
  return change.onEvacuation(id, (e) =>
    updateEvacuationItems(e, [{ serverId, change: { state: 'running', requestId } }]),
  );
}

function updateEvacuationItems(
  request: EvacuationRecord,
  changes: { serverId: string; change: Partial<EvacuationItemState> }[],
  plan?: { fingerprint: string; edits?: PlanEdit[]; checks?: CheckResult[] },
): void {
  const state = request.evacuation;
  // an edit of the plan lands only on a plan still waiting for its decision: an approval decided on
  // the record as stored covers the fingerprint it saw, never one written after it
  if (plan?.edits && request.status !== 'pending')
    throw new StaleRecordError(`Evacuation ${request.id} is ${request.status}: its plan is not edited.`);
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
  if (plan?.edits) {
    // the store's own copy: the caller's objects may be the record's as read before
    if (plan.edits.length) state.edits = structuredClone(plan.edits);
    else delete state.edits;
  }
  if (plan?.checks) {
    request.checks = plan.checks;
    request.ready = plan.checks.every((check) => check.status !== 'fail');
  }
}

function replacePlan(request: MoveRecord, plan: PlanSummary, at: number): AuditEntry {
  request.plan = plan;
  return { at, actor: 'ferry', action: plan.ready ? 'recheck' : 'recheck-failed', subject: request.id };
}
