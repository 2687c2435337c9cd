import { PlanEditRefused } from '../evacuation/edits.ts';
import type { DrainPlan, DrainRequest } from '../model/drain.ts';
import type { PlanEdit, PlanEditRefusal } from '../model/plan-edits.ts';
import type { DrainRecord } from '../model/records.ts';
import type { PlannerDeps } from '../move/plan.ts';
import type { RequestsPort } from '../ports/requests.ts';
import { planDrain } from './plan.ts';

/**
 * Editing a drain's plan before approval (issue #28, part 4): servers skipped and projects excluded.
 * A drain's record keeps no server list (a zone's may be thousands): its plan is made again from the
 * record (its hosts in order, with the edits) to show the dialog and to save it. A cold move or a pin
 * is not a drain's edit: each step's hosts are placed again when its turn comes, so a destination
 * chosen now would not hold; only skips are kept.
 */

/** The edits a drain takes: skips of servers and of projects. */
export function drainEdits(edits: readonly PlanEdit[]): PlanEdit[] {
  return edits.filter((edit) => edit.code === 'skip' || edit.code === 'skip-project');
}

/** Only a drain waiting for its decision is edited. */
export function refuseUneditableDrain(drain: DrainRecord): void {
  if (drain.status !== 'pending')
    throw new PlanEditRefused([{ code: 'decided-already', id: drain.id, status: drain.status }]);
}

/** The drain's request as approved would carry it, with `edits` (the record's own by default). */
export function drainRequestOf(drain: DrainRecord, edits = drain.drain.edits ?? []): DrainRequest {
  const state = drain.drain;
  return {
    // the hosts as resolved when it was asked, in their order (a zone is not read again)
    hosts: state.hosts.map((host) => host.host),
    hostsAtOnce: state.hostsAtOnce,
    concurrency: state.concurrency,
    returnHome: state.returnHome,
    ...(state.maxCopyGb !== undefined ? { maxCopyGb: state.maxCopyGb } : {}),
    ...(state.coldFallback ? { coldFallback: true as const } : {}),
    requestedBy: drain.requestedBy,
    ...(edits.length ? { edits } : {}),
  };
}

/** The drain's plan as it stands now, its zone or aggregate named as asked (for the message only). */
export async function planDrainAgain(
  planner: PlannerDeps,
  drain: DrainRecord,
  edits?: PlanEdit[],
): Promise<DrainPlan> {
  const plan = await planDrain(planner, drainRequestOf(drain, edits));
  const { zone, aggregate } = drain.drain;
  return {
    ...plan,
    request: { ...plan.request, ...(zone ? { zone } : {}), ...(aggregate ? { aggregate } : {}) },
  };
}

/** Edits naming a server or project no server of the plan has. */
function strangers(plan: DrainPlan, edits: readonly PlanEdit[]): PlanEditRefusal[] {
  const items = plan.steps.flatMap((step) => step.hosts.flatMap((host) => host.items));
  const known = new Set(items.map((item) => item.serverId));
  const owners = new Set(items.flatMap((item) => (item.projectId ? [item.projectId] : [])));
  return edits.flatMap((edit): PlanEditRefusal[] =>
    edit.code === 'skip-project'
      ? owners.has(edit.projectId)
        ? []
        : [{ code: 'unknown-project', project: edit.projectId, closest: [] }]
      : known.has(edit.serverId)
        ? []
        : [{ code: 'unknown-server', server: edit.serverId, closest: [] }],
  );
}

/**
 * Replaces a pending drain's edits with `edits` (skips only), planned again with them: its fingerprint,
 * checks and each host's planned counts, in one write that lands only while the drain waits for its
 * decision.
 */
export async function editDrain(
  deps: { planner: PlannerDeps; store: RequestsPort },
  drain: DrainRecord,
  edits: PlanEdit[],
): Promise<{ drain: DrainRecord; plan: DrainPlan }> {
  refuseUneditableDrain(drain);
  const kept = drainEdits(edits);
  const plan = await planDrainAgain(deps.planner, drain, kept);
  const unknown = strangers(plan, kept);
  if (unknown.length) throw new PlanEditRefused(unknown);
  const hosts = new Map(plan.steps.flatMap((step) => step.hosts.map((host) => [host.host, host] as const)));
  const updated = await deps.store.updateDrain(drain.id, (d) => {
    // the record as stored decides: an approval that landed meanwhile keeps the plan it approved
    refuseUneditableDrain(d);
    d.drain.fingerprint = plan.fingerprint;
    if (kept.length) d.drain.edits = structuredClone(kept);
    else delete d.drain.edits;
    d.checks = [...plan.checks, ...d.checks.filter((c) => !plan.checks.some((p) => p.id === c.id))];
    d.evaluatedAt = plan.evaluatedAt;
    for (const state of d.drain.hosts) {
      const planned = hosts.get(state.host);
      if (!planned) continue;
      state.planned = {
        disabledBefore: planned.disabledBefore === true,
        servers: planned.items.length,
        leaving: planned.items.filter((item) => item.mode !== null).length,
        staysAway: planned.staysAway ?? 0,
      };
    }
  });
  return { drain: updated, plan };
}
