import type { Clock } from '../../clock.ts';
import type { EventSink } from '../events.ts';
import { HeldEvents, telling } from '../journal.ts';
import type { EvacuationPlan } from '../model/evacuation.ts';
import type { EvacuationRecord } from '../model/records.ts';
import type { AccessPolicy, HostConfigProvider } from '../model/types.ts';
import type { GroupBudgetOverrides } from '../move/budgets.ts';
import type { Departure } from '../move/fit.ts';
import type { AuditPort } from '../ports/audit.ts';
import type { ClaimsPort } from '../ports/claims.ts';
import type { CloudApi } from '../ports/cloud.ts';
import type { RequestsPort } from '../ports/requests.ts';
import { fingerprintOf, planEvacuation } from './plan.ts';
import { readById } from './unlisted.ts';

/**
 * An approved evacuation about to start, planned again on the cloud as it is now: the approval holds
 * only for the same servers moving the same way (a cold move someone chose stays chosen). Answers the
 * fresh plan when it differs (the evacuation is superseded), or null once the destinations are
 * brought up to date (each goes where there is room now).
 */
export async function replanAtStart(
  deps: {
    cloud: CloudApi;
    clock: Clock;
    store: RequestsPort & ClaimsPort & AuditPort;
    access: AccessPolicy;
    hostConfig?: HostConfigProvider;
    groupBudgets?: GroupBudgetOverrides;
    departures?: () => Departure[];
  },
  request: EvacuationRecord,
): Promise<EvacuationPlan | null> {
  const state = request.evacuation;
  const fresh = await planEvacuation(
    {
      cloud: deps.cloud,
      clock: deps.clock,
      access: deps.access,
      ...(deps.hostConfig ? { hostConfig: deps.hostConfig } : {}),
      ...(deps.groupBudgets ? { groupBudgets: deps.groupBudgets } : {}),
      ...(deps.departures ? { departures: deps.departures } : {}),
    },
    {
      host: state.host,
      ...(state.destination ? { destination: state.destination } : {}),
      concurrency: state.concurrency,
      requestedBy: request.requestedBy,
      ...(state.maxCopyGb !== undefined ? { maxCopyGb: state.maxCopyGb } : {}),
      ...(state.drainId ? { coldWhereNeeded: true as const } : {}),
      // the plan approved is the edited one: planned again with the same edits
      ...(state.edits?.length ? { edits: state.edits } : {}),
    },
  );
  const chosen = new Set(
    // a cold alternative someone chose has its mode set; one not chosen has none
    state.items
      .filter((item) => item.alternative === 'cold' && item.mode === 'cold')
      .map((item) => item.serverId),
  );
  for (const item of fresh.items) {
    if (chosen.has(item.serverId) && item.alternative === 'cold')
      Object.assign(item, {
        mode: 'cold',
        destination: null,
        reason: { code: 'cold-by-choice' },
      });
  }
  // a server Nova's list of the host left out is read by ID before the plan is called changed: one Nova
  // cannot read (its cell's database does not answer, and the list skips such a cell) is still there
  const missing = state.items.filter(
    (planned) => !fresh.items.some((item) => item.serverId === planned.serverId),
  );
  for (const planned of missing) {
    const read = await readById(deps.cloud, planned.serverId);
    if (read !== null && 'unreadable' in read) {
      const { requestId, runId, stalledRunId, state: _state, ...item } = planned;
      fresh.items.push(item);
    }
  }
  if (!fresh.ready || fingerprintOf(fresh.host, fresh.items, state.edits) !== state.fingerprint) return fresh;
  const moved = fresh.items.filter(
    (item) =>
      state.items.find((planned) => planned.serverId === item.serverId)?.destination !== item.destination,
  );
  if (moved.length)
    await deps.store.updateEvacuationItems(
      request.id,
      moved.map((item) => ({ serverId: item.serverId, change: { destination: item.destination } })),
    );
  return null;
}

/**
 * The approval no longer holds: the evacuation is superseded, its event journaled with the write (the
 * new request is made once, however often it is told: RequestBook.submitSuperseding) and published
 * once its claims are let go and the audit entry written.
 */
export async function supersede(
  deps: { store: RequestsPort & ClaimsPort & AuditPort; clock: Clock; events: EventSink },
  requestId: string,
  fresh: EvacuationPlan,
): Promise<EvacuationRecord> {
  const { store, clock } = deps;
  const held = new HeldEvents(deps.events);
  const superseded = await store.setEvacuationPhase(
    requestId,
    'superseded',
    {},
    telling(held, clock.now(), (written) => [
      { kind: 'evacuation.superseded', request: written, plan: fresh },
    ]),
  );
  await store.releaseClaims(requestId);
  await store.recordAudit({
    at: clock.now(),
    actor: 'ferry',
    action: 'evacuation-superseded',
    subject: requestId,
    // as data: the cloud no longer matches the approved plan (its fingerprint)
    detail: JSON.stringify({ approved: superseded.evacuation.fingerprint, now: fresh.fingerprint }),
  });
  held.release();
  return superseded;
}
