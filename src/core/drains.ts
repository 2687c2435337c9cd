import { type DrainPlan, type DrainRequest, planDrain } from './drain-plan.ts';
import type { Permissions } from './permissions.ts';
import type { PlannerDeps } from './plan.ts';

/** A requester's ask to walk a set of hosts. */
export type DrainInput = Omit<DrainRequest, 'requestedBy'> & { user: string };

/** Rolling drains of many hosts: who may plan one, and the plan. */
export class Drains {
  constructor(private readonly deps: { planner: PlannerDeps; permissions: Permissions }) {}

  async plan(input: DrainInput): Promise<DrainPlan> {
    const { user, ...request } = input;
    await this.deps.permissions.mayRequest(user);
    return planDrain(this.deps.planner, { ...request, requestedBy: user });
  }
}
