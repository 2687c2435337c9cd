import type { AccessPolicy, MovePlan, MoveRequest } from '../../src/core/model/types.ts';
import { type PlannerDeps, planMove } from '../../src/core/move/plan.ts';
import type { CloudApi } from '../../src/core/ports/cloud.ts';
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

export function check(result: MovePlan, id: string) {
  const found = result.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} check in plan: ${result.checks.map((c) => c.id).join(', ')}`);
  return found;
}
