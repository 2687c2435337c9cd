import { type Core, createCore } from '../../src/core/create-core.ts';
import type { AccessPolicy, CheckResult, MovePlan, MoveRequest } from '../../src/core/model/types.ts';
import { type PlannerDeps, planMove } from '../../src/core/move/plan.ts';
import type { CloudApi } from '../../src/core/ports/cloud.ts';
import { SoleLeases } from '../../src/core/ports/leases.ts';
import type { RebootPort } from '../../src/core/ports/reboot.ts';
import type { Scheduler } from '../../src/core/ports/scheduler.ts';
import type { ApproverPolicy } from '../../src/core/requests.ts';
import { wordCheck } from '../../src/messages/checks.ts';
import { closest } from '../../src/messages/closest.ts';
import { cloudApiFrom } from '../../src/openstack/cloud-api.ts';
import { systemScheduler } from '../../src/scheduler.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import type { SandboxFixture } from './sandbox.ts';

export const everyone: AccessPolicy = { refusal: () => null };

export function plannerFor(
  fx: SandboxFixture,
  access: AccessPolicy = everyone,
): PlannerDeps & { cloud: CloudApi } {
  return { cloud: cloudApiFrom(fx.clients), clock: fx.clock, access };
}

export function plan(
  fx: SandboxFixture,
  request: Partial<MoveRequest> & { server: string },
  access?: AccessPolicy,
): Promise<MovePlan> {
  return planMove(plannerFor(fx, access), { mode: 'live', requestedBy: 'U_ALICE', ...request });
}

/** A check as a reader reads it now: its title, reason and fix worded from its fact. */
export const worded = (check: CheckResult) => ({ ...check, ...wordCheck(check) });

export function check(result: MovePlan, id: string) {
  const found = result.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} check in plan: ${result.checks.map((c) => c.id).join(', ')}`);
  // as a reader reads it now: its title, reason and fix worded from its fact
  return worded(found);
}

/** On call in these tests: Bob and Carol. */
export const onCall: ApproverPolicy = {
  isApprover: async (user) => user === 'U_BOB' || user === 'U_CAROL',
  describe: () => 'on-call (U_BOB, U_CAROL)',
};

/** The whole core over the sandbox cloud and a memory store, built as startFerry builds it: no Slack. */
export function coreOver(
  fx: SandboxFixture,
  options: {
    store?: LowdbStore;
    access?: AccessPolicy;
    log?: string[];
    scheduler?: Scheduler;
    reboots?: RebootPort;
    /** the cloud port as the core gets it (default: over the sandbox's clients) */
    cloud?: (cloud: CloudApi) => CloudApi;
  } = {},
): Core {
  const log = options.log ?? [];
  return createCore(
    {
      cloud: (options.cloud ?? ((cloud) => cloud))(cloudApiFrom(fx.clients)),
      store: options.store ?? LowdbStore.memory(),
      clock: fx.clock,
      scheduler: options.scheduler ?? systemScheduler({ recurring: false }),
      leases: new SoleLeases('test'),
      approvers: onCall,
      ...(options.reboots ? { reboots: options.reboots } : {}),
    },
    {
      access: options.access ?? everyone,
      timeZone: 'UTC',
      approvalTtlMs: 1_800_000,
      autoConfirm: true,
      suggest: (typed, names) => closest(typed, names),
      explain: (error) => String(error),
      log: (message) => log.push(message),
    },
  );
}
