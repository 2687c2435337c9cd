import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { claimsCheck, claimsOf, heldBy } from './claims.ts';
import type { MoveBackPlan } from './evacuation/move-back.ts';
import { FactError } from './fact-error.ts';
import type { HeldBy } from './model/checks.ts';
import type { DrainPlan, DrainPlanWarnings } from './model/drain.ts';
import type { EvacuationPlan } from './model/evacuation.ts';
import type {
  DrainRecord,
  EvacuationRecord,
  MoveRecord,
  PlanSummary,
  RequestRecord,
} from './model/records.ts';
import type { AccessPolicy, CheckResult, MovePlan } from './model/types.ts';
import { groupBudgetCheck } from './move/budget-check.ts';
import { RunActionError } from './move/run-errors.ts';
import type { ClaimsPort } from './ports/claims.ts';
import type { RequestsPort } from './ports/requests.ts';
import type { RunsPort } from './ports/runs.ts';
import { evacuationRecord, moveBackRecord, supersedingId } from './request-records.ts';

/** Who may approve: the on-call roster, resolved by the caller (Slack user IDs, a user group…). */
export interface ApproverPolicy {
  isApprover(user: string): Promise<boolean>;
  /** for messages: who to ask, leaving out `except` (the requester, who may not approve) */
  describe(except?: string): string;
}

/**
 * Someone asked for something they may not do; the message says who may. Nothing was read or changed.
 * Its words are made when it is read (`say`), or its subclass carries the refusal as data.
 */
export class NotAllowedError extends Error {
  override readonly name: string = 'NotAllowedError';
  constructor(say: string | (() => string)) {
    super();
    if (typeof say === 'string') this.message = say;
    else Object.defineProperty(this, 'message', { get: say, configurable: true, enumerable: false });
  }
}

/** FERRY_REQUESTERS: an empty list lets everyone ask; otherwise only those named. */
export function requestersPolicy(requesters: string[]): AccessPolicy {
  return {
    refusal: (user) =>
      requesters.length === 0 || requesters.includes(user) ? null : { code: 'not-a-requester', user },
  };
}

/** What a request is, in the four-eyes refusal: a move back is an evacuation onto its host again. */
export type RequestKindWord = 'move' | 'evacuation' | 'move-back' | 'drain';

function kindOf(request: RequestRecord): RequestKindWord {
  if (request.kind === 'evacuation') return request.evacuation.returnOf ? 'move-back' : 'evacuation';
  return request.kind;
}

/**
 * Why a decision on a request is refused, as data (src/messages/requests.ts words it). `approvers`:
 * who may decide instead, as the approver policy names them for the person refused.
 */
export type ApprovalRefusal =
  | { code: 'no-request'; requestId: string }
  | { code: 'expired'; requestId: string }
  | {
      code: 'own-request';
      requestKind: RequestKindWord;
      verb: 'approve' | 'reject';
      approvers: string;
    }
  | { code: 'not-on-call'; verb: 'approve' | 'reject'; approvers: string }
  | { code: 'already-decided'; requestId: string; status: RequestRecord['status']; by?: string }
  | { code: 'plan-changed'; requestId: string }
  | { code: 'held'; held: HeldBy };

/** Approval refused for a reason the person pressing the button must be told: `refusal` says why. */
export class ApprovalError extends FactError<ApprovalRefusal> {
  override readonly name: string = 'ApprovalError';

  get refusal(): ApprovalRefusal | null {
    return this.fact;
  }
}

export function summarize(plan: MovePlan): PlanSummary {
  return {
    serverId: plan.server?.id ?? null,
    serverName: plan.server?.name ?? null,
    projectId: plan.server?.projectId ?? null,
    flavor: plan.server?.flavor.name ?? null,
    source: plan.source,
    destination: plan.destination,
    mode: plan.mode,
    blockMigration: plan.blockMigration,
    checks: plan.checks,
    candidates: plan.candidates.map((c) => ({
      host: c.host,
      freeMemoryMb: c.freeMemoryMb,
      ...(c.blockedBy ? { blockedBy: c.blockedBy } : {}),
    })),
    ready: plan.ready,
    evaluatedAt: plan.evaluatedAt,
  };
}

/** The four-eyes rule: a request is approved by someone on call who did not ask for it, before it expires. */
export class RequestBook {
  constructor(
    private readonly deps: {
      store: RequestsPort & ClaimsPort & RunsPort;
      clock: Clock;
      approvers: ApproverPolicy;
      ttlMs: number;
    },
  ) {}

  async submit(plan: MovePlan, options: { dryRun?: boolean } = {}): Promise<MoveRecord> {
    const now = this.deps.clock.now();
    const record: MoveRecord = {
      id: `r-${randomBytes(3).toString('hex')}`,
      kind: 'move',
      createdAt: now,
      requestedBy: plan.request.requestedBy,
      request: plan.request,
      plan: summarize(plan),
      status: 'pending',
    };
    const claimed = this.checkClaims(record, plan.checks);
    // a group's place taken by another operation is the claims check's failure when nothing else is
    const budget = claimed ? groupBudgetCheck(this.deps.store, plan) : null;
    if (budget) plan.checks.splice(plan.checks.length - 1, 1, budget);
    plan.ready = claimed && !budget && plan.ready;
    record.plan.ready = plan.ready;
    record.status = options.dryRun ? 'dry-run' : plan.ready ? 'pending' : 'blocked';
    await this.deps.store.addRequest(record);
    return record;
  }

  /**
   * The claims precondition, added to a new request's checks: one that touches a host or server
   * another operation holds is refused before anyone is asked to approve it. False when it is.
   */
  private checkClaims(
    record: RequestRecord,
    checks: CheckResult[],
    waiting?: { host: string; id: string },
  ): boolean {
    const held = claimsCheck(this.deps.store, record);
    // nothing held: the host's evacuation waiting for approval refuses it, above a pending-too warning
    const check: CheckResult =
      held.status !== 'fail' && waiting
        ? {
            id: 'claims',
            status: 'fail',
            fact: { code: 'evacuation-waiting', ...waiting },
            evidence: { holder: waiting.id },
          }
        : held;
    checks.push(check);
    return check.status !== 'fail';
  }

  async submitEvacuation(
    plan: EvacuationPlan,
    options: {
      dryRun?: boolean;
      perDestination?: number;
      reenable?: boolean;
      windowId?: string;
      /** a derived ID (`supersedingId`); otherwise a new one */
      id?: string;
      /** a dry run's: the evacuation of the host waiting for approval, which refuses the real request */
      waiting?: { host: string; id: string };
    } = {},
  ): Promise<EvacuationRecord> {
    const record = evacuationRecord(plan, this.deps.clock.now(), options);
    plan.ready = this.checkClaims(record, plan.checks, options.waiting) && plan.ready;
    Object.assign(record, { checks: plan.checks, ready: plan.ready });
    record.status = options.dryRun ? 'dry-run' : plan.ready ? 'pending' : 'blocked';
    await this.deps.store.addRequest(record);
    return record;
  }

  /**
   * The evacuation that asks again, with the new plan, for one the cloud changed under after approval
   * (`superseded`): made once, whoever tells the superseding and however often. What the superseded
   * one may still hold is let go first (the process may have stopped before letting it go), so the
   * new request is not refused for its own predecessor's claims.
   */
  async submitSuperseding(superseded: EvacuationRecord, plan: EvacuationPlan): Promise<EvacuationRecord> {
    const id = supersedingId(superseded.id);
    const made = this.deps.store.getEvacuation(id);
    if (made) return made;
    await this.deps.store.releaseClaims(superseded.id);
    return this.submitEvacuation(plan, {
      id,
      reenable: superseded.evacuation.reenable,
      perDestination: superseded.evacuation.perDestination,
    });
  }

  /** A drain: its plan, for one approval of exactly this walk (`drain.fingerprint`). */
  async submitDrain(
    plan: DrainPlan,
    options: { dryRun?: boolean; windowId?: string; warnings?: DrainPlanWarnings } = {},
  ): Promise<DrainRecord> {
    const { request } = plan;
    const record: DrainRecord = {
      id: `d-${randomBytes(3).toString('hex')}`,
      kind: 'drain',
      createdAt: this.deps.clock.now(),
      requestedBy: request.requestedBy,
      checks: plan.checks,
      ready: plan.ready,
      evaluatedAt: plan.evaluatedAt,
      drain: {
        hosts: plan.steps.flatMap((step) =>
          step.hosts.map((h) => ({
            host: h.host,
            serviceId: h.serviceId,
            phase: 'waiting' as const,
            evacuationIds: [],
            planned: {
              disabledBefore: h.disabledBefore === true,
              servers: h.items.length,
              leaving: h.items.filter((item) => item.mode !== null).length,
              staysAway: h.staysAway ?? 0,
            },
          })),
        ),
        hostsAtOnce: request.hostsAtOnce,
        concurrency: request.concurrency,
        returnHome: request.returnHome,
        ...(request.maxCopyGb !== undefined ? { maxCopyGb: request.maxCopyGb } : {}),
        ...(request.coldFallback ? { coldFallback: true as const } : {}),
        ...(request.zone ? { zone: request.zone } : {}),
        ...(request.aggregate ? { aggregate: request.aggregate } : {}),
        fingerprint: plan.fingerprint,
        ...(request.edits?.length ? { edits: request.edits } : {}),
        // --reboot: the order and the hosts left out as planned (drain/reboot-order.ts)
        ...(request.reboot
          ? {
              reboot: {
                ...request.reboot,
                order: plan.reboot?.order ?? 'named',
                onKernel: plan.reboot?.onKernel ?? [],
              },
            }
          : {}),
        step: 0,
        phase: 'planned',
        ...(options.windowId ? { windowId: options.windowId } : {}),
        ...(options.warnings ? { warnings: options.warnings } : {}),
      },
      status: 'pending',
    };
    plan.ready = this.checkClaims(record, plan.checks) && plan.ready;
    Object.assign(record, { checks: plan.checks, ready: plan.ready });
    record.status = options.dryRun ? 'dry-run' : plan.ready ? 'pending' : 'blocked';
    await this.deps.store.addRequest(record);
    return record;
  }

  /**
   * One host's evacuation within an approved drain, its plan made by the drain (concurrency, the
   * requester) moments ago: approved by the drain's approval as it is created, or by the on-call
   * person who approved a Continue.
   */
  async submitDrainEvacuation(
    drain: DrainRecord,
    plan: EvacuationPlan,
    /** going on with a host not empty: the on-call person who approved it, now */
    continueApprovedBy?: string,
  ): Promise<EvacuationRecord> {
    const record = evacuationRecord(plan, this.deps.clock.now(), { drainId: drain.id });
    // asked by who asked for the drain; approved when the drain was, not when the step starts
    Object.assign(record, {
      status: 'approved',
      requestedBy: drain.requestedBy,
      decidedBy: continueApprovedBy ?? drain.decidedBy ?? 'ferry',
      decidedAt: continueApprovedBy ? record.createdAt : (drain.decidedAt ?? record.createdAt),
    });
    return this.addClaiming(record);
  }

  /** An operation approved as it is made takes its claims as it is stored, or is refused naming the holder. */
  private async addClaiming(record: EvacuationRecord): Promise<EvacuationRecord> {
    const { conflict } = await this.deps.store.addClaiming(record, claimsOf(record));
    if (conflict) throw new RunActionError({ code: 'held', held: heldBy(conflict, this.deps.store) });
    return record;
  }

  /**
   * A move back, all its moves onto one host (so as many at once onto it as the concurrency allows):
   * asked for by the on-call person who pressed for it and approved by another, or approved by the
   * drain's approval (with --return). Its hosts and servers are held from the press, so a second
   * press at the same moment is told which move back holds them.
   */
  async submitMoveBack(
    evacuation: EvacuationRecord,
    plan: MoveBackPlan,
    user: string,
    drainId?: string,
    /** within a drain: who approved the drain, and when (`user` is who asked for it) */
    approved?: { by?: string; at?: number },
  ): Promise<EvacuationRecord> {
    const record = moveBackRecord(evacuation, plan, user, this.deps.clock.now(), drainId, approved);
    return this.addClaiming(record);
  }

  expiresAt(request: RequestRecord): number {
    return request.createdAt + this.deps.ttlMs;
  }

  /** `seenFingerprint`: for an evacuation, the plan the approver was shown (its buttons carry it). */
  async approve(
    id: string,
    user: string,
    seenFingerprint?: string,
  ): Promise<{ request: RequestRecord; decided: boolean }> {
    const request = await this.decidable(id, user, 'approve');
    const result = await this.deps.store.approveClaiming(
      request.id,
      user,
      this.deps.clock.now(),
      claimsOf(request),
      seenFingerprint,
    );
    const { conflict } = result;
    if (conflict) throw new ApprovalError({ code: 'held', held: heldBy(conflict, this.deps.store) });
    if (result.planChanged) throw new ApprovalError({ code: 'plan-changed', requestId: id });
    // someone decided at the same moment (here or on another replica): theirs stands
    if (!result.decided) throw alreadyDecided(result.request);
    return result;
  }

  async reject(
    id: string,
    user: string,
    reason?: string,
  ): Promise<{ request: RequestRecord; decided: boolean }> {
    const request = await this.decidable(id, user, 'reject');
    const result = await this.deps.store.decide(
      request.id,
      'rejected',
      user,
      this.deps.clock.now(),
      reason?.trim() || undefined,
    );
    if (!result.decided) throw alreadyDecided(result.request);
    // a request held what it needed from the moment it was asked (a move back): it lets go now
    await this.deps.store.releaseClaims(id);
    return result;
  }

  /** Marks every pending request past its TTL as expired; answers those it expired now. */
  async expireDue(): Promise<RequestRecord[]> {
    const now = this.deps.clock.now();
    const expired: RequestRecord[] = [];
    for (const request of this.deps.store.pendingRequests()) {
      if (now < this.expiresAt(request)) continue;
      const { request: record, decided } = await this.deps.store.decide(request.id, 'expired', 'ferry', now);
      if (decided) await this.deps.store.releaseClaims(record.id);
      if (decided) expired.push(record);
    }
    return expired;
  }

  /** Throws the reason `user` may not decide request `id` now (four-eyes, on-call, expiry). */
  async decidable(id: string, user: string, verb: 'approve' | 'reject'): Promise<RequestRecord> {
    const request = this.deps.store.getRequest(id);
    if (!request) throw new ApprovalError({ code: 'no-request', requestId: id });
    if (request.status !== 'pending') throw alreadyDecided(request);
    if (this.deps.clock.now() >= this.expiresAt(request)) {
      await this.deps.store.decide(id, 'expired', 'ferry', this.deps.clock.now());
      await this.deps.store.releaseClaims(id);
      throw new ApprovalError({ code: 'expired', requestId: id });
    }
    if (request.requestedBy === user) {
      throw new ApprovalError({
        code: 'own-request',
        requestKind: kindOf(request),
        verb,
        approvers: this.deps.approvers.describe(user),
      });
    }
    if (!(await this.deps.approvers.isApprover(user))) {
      throw new ApprovalError({ code: 'not-on-call', verb, approvers: this.deps.approvers.describe() });
    }
    return request;
  }
}

function alreadyDecided(request: RequestRecord): ApprovalError {
  const by = request.decidedBy && request.decidedBy !== 'ferry' ? { by: request.decidedBy } : {};
  return new ApprovalError({ code: 'already-decided', requestId: request.id, status: request.status, ...by });
}
