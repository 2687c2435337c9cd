import type { AccessPolicy, CheckResult, MovePlan, MoveRequest } from '../../src/core/model/types.ts';
import { type PlannerDeps, planMove } from '../../src/core/move/plan.ts';
import type { CloudApi } from '../../src/core/ports/cloud.ts';
import { wordCheck } from '../../src/messages/checks.ts';
import { cloudApiFrom } from '../../src/openstack/cloud-api.ts';
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
