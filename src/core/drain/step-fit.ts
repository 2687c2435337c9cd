import { HeldEvents, telling } from '../journal.ts';
import type { DrainPlan } from '../model/drain.ts';
import type { DrainRecord } from '../model/records.ts';
import { type DrainDeps, stepHosts } from './hosts.ts';
import { withMonitoring } from './monitoring-plan.ts';
import { planDrain } from './plan.ts';
import { rebootOptions } from './reboot.ts';

/**
 * A drain's check before each step: its hosts planned again on the cloud as it is now. A step that no
 * longer fits holds the drain until on-call approves the new plan (or stops it). Only the coming step is
 * planned: a later one is planned when it comes, so the cloud is read for 5 hosts, not for all those
 * left (a 100-host zone), and a later step that would not fit today does not stop the steps before it.
 */
export async function stepStillFits(deps: DrainDeps, id: string): Promise<boolean> {
  const drain = deps.store.getDrain(id) as DrainRecord;
  const state = drain.drain;
  if (state.checkedStep === state.step) return true;
  const coming = stepHosts(state).filter((h) => h.phase === 'waiting');
  const plan = await replan(
    deps,
    drain,
    coming.map((h) => h.host),
  );
  if (plan.ready) {
    await deps.store.updateDrain(id, (d) => {
      d.drain.checkedStep = state.step;
    });
    return true;
  }
  const failed = plan.checks.filter((check) => check.status === 'fail');
  // told once the hold is in the audit trail, as before
  const told = new HeldEvents(deps.events);
  await deps.store.updateDrain(
    id,
    (d) => {
      if (d.drain.phase !== 'running') return;
      d.drain.phase = 'held';
      delete d.drain.heldEnded; // this hold is not answered yet
      d.drain.held = {
        at: deps.clock.now(),
        fingerprint: plan.fingerprint,
        failed,
        missingAt: plan.steps.flatMap((step) =>
          step.missing.map((missing) => ({ step: state.step + 1, missing })),
        ),
      };
    },
    telling(told, deps.clock.now(), (request) => [{ kind: 'drain.held', request, plan }]),
  );
  await deps.store.recordAudit({
    at: deps.clock.now(),
    actor: 'ferry',
    action: 'drain-held',
    subject: id,
    detail: JSON.stringify(failed.map(({ id, reason }) => ({ id, reason }))),
  });
  told.release();
  return false;
}

async function replan(deps: DrainDeps, drain: DrainRecord, hosts: string[]): Promise<DrainPlan> {
  // the same planner as the approved plan: cloud, clock, access and the host check; its gates and silences
  const plan = await planDrain(deps, {
    hosts,
    hostsAtOnce: drain.drain.hostsAtOnce,
    concurrency: drain.drain.concurrency,
    returnHome: drain.drain.returnHome,
    ...(drain.drain.maxCopyGb !== undefined ? { maxCopyGb: drain.drain.maxCopyGb } : {}),
    ...(drain.drain.coldFallback ? { coldFallback: true as const } : {}),
    requestedBy: drain.requestedBy,
    ...(drain.drain.edits?.length ? { edits: drain.drain.edits } : {}),
    ...(drain.drain.reboot ? { reboot: rebootOptions(drain.drain.reboot) } : {}),
  });
  return withMonitoring(plan, deps);
}
