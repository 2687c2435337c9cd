import { createHash, randomBytes } from 'node:crypto';
import type { MoveBackPlan } from './evacuation/move-back.ts';
import type { EvacuationPlan } from './model/evacuation.ts';
import type { EvacuationItemState, EvacuationRecord, MoveRecord } from './model/records.ts';

/** The records of requests made from other records: an evacuation's moves, its move back, a new evacuation. */

/**
 * The move of one server of an approved evacuation: approved by the evacuation's approver, with the
 * evacuation's plan for that server (its checks were the evacuation's).
 */
export function moveOfEvacuationItem(
  evacuation: EvacuationRecord,
  item: EvacuationItemState,
  now: number,
): MoveRecord {
  const mode = item.mode ?? 'live';
  return {
    id: `r-${randomBytes(3).toString('hex')}`,
    kind: 'move',
    parentId: evacuation.id,
    createdAt: now,
    requestedBy: evacuation.requestedBy,
    request: {
      server: item.serverId,
      ...(item.destination ? { destination: item.destination } : {}),
      mode,
      requestedBy: evacuation.requestedBy,
      // --cold-fallback of the evacuation (or its drain): the consent abort-then-cold needs
      ...(evacuation.evacuation.coldFallback && mode !== 'cold' ? { coldFallback: true as const } : {}),
    },
    plan: {
      serverId: item.serverId,
      serverName: item.serverName,
      projectId: null,
      flavor: item.flavor,
      source: item.source ?? evacuation.evacuation.host,
      destination: item.destination,
      mode,
      blockMigration: 'auto',
      checks: [],
      candidates: [],
      ready: true,
      evaluatedAt: now,
    },
    status: 'approved',
    decidedBy: evacuation.decidedBy ?? 'ferry',
    decidedAt: now,
  };
}

/**
 * The ID of the evacuation that asks again for a superseded one: derived from it, so that telling the
 * superseding again (after a restart, by another replica) finds the request already made.
 */
export function supersedingId(supersededId: string): string {
  return `e-${createHash('sha256').update(`superseded:${supersededId}`).digest('hex').slice(0, 6)}`;
}

/** A new evacuation of the plan's host, pending: its options as asked, every movable server waiting. */
export function evacuationRecord(
  plan: EvacuationPlan,
  now: number,
  options: { perDestination?: number; reenable?: boolean; windowId?: string; drainId?: string; id?: string },
): EvacuationRecord {
  return {
    id: options.id ?? `e-${randomBytes(3).toString('hex')}`,
    kind: 'evacuation',
    createdAt: now,
    requestedBy: plan.request.requestedBy,
    checks: plan.checks,
    ready: plan.ready,
    evaluatedAt: plan.evaluatedAt,
    evacuation: {
      host: plan.host,
      serviceId: plan.serviceId,
      destination: plan.destination,
      concurrency: plan.request.concurrency,
      ...(plan.request.maxCopyGb !== undefined ? { maxCopyGb: plan.request.maxCopyGb } : {}),
      ...(plan.request.coldFallback ? { coldFallback: true as const } : {}),
      perDestination: options.perDestination ?? 1,
      reenable: options.reenable ?? false,
      fingerprint: plan.fingerprint,
      ...(plan.request.edits?.length ? { edits: plan.request.edits } : {}),
      items: plan.items.map((item) => ({ ...item, state: item.mode ? 'waiting' : 'skipped' })),
      phase: 'planned',
      serviceDisabled: false,
      ...(plan.disabledAlready ? { disabledAlready: true } : {}),
      ...(options.windowId ? { windowId: options.windowId } : {}),
      ...(options.drainId ? { drainId: options.drainId } : {}),
      ...(plan.groups?.length ? { groups: plan.groups } : {}),
    },
    status: 'pending',
  };
}

/**
 * A move back of what `evacuation` took off its host. Within a drain (with --return) it is approved by
 * the drain's approval as it is made (`user`: the drain's approver); otherwise the on-call person who
 * pressed *Move back* (`user`) asks for it, and another on-call person approves it (four eyes).
 */
export function moveBackRecord(
  evacuation: EvacuationRecord,
  plan: MoveBackPlan,
  user: string,
  now: number,
  drainId?: string,
  /** within a drain: who approved the drain, and when (`user` is who asked for it) */
  approved?: { by?: string; at?: number },
): EvacuationRecord {
  const concurrency = evacuation.evacuation.concurrency;
  return {
    id: `e-${randomBytes(3).toString('hex')}`,
    kind: 'evacuation',
    createdAt: now,
    requestedBy: user,
    checks: plan.checks,
    ready: plan.ready,
    evaluatedAt: now,
    evacuation: {
      host: plan.home,
      serviceId: null,
      destination: plan.home,
      concurrency,
      perDestination: concurrency,
      reenable: false,
      fingerprint: plan.fingerprint,
      items: plan.items,
      phase: 'planned',
      serviceDisabled: false,
      returnOf: evacuation.id,
      ...(drainId ? { drainId } : {}),
      ...(plan.groups?.length ? { groups: plan.groups } : {}),
    },
    ...(drainId
      ? {
          status: 'approved' as const,
          decidedBy: approved?.by ?? user,
          decidedAt: approved?.at ?? now,
        }
      : { status: 'pending' as const }),
  };
}
