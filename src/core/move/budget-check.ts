import { heldBy as claimHolder } from '../claims.ts';
import type { HeldBy } from '../model/checks.ts';
import type { CheckResult, MovePlan } from '../model/types.ts';
import type { RequestsPort } from '../ports/requests.ts';
import type { RunsPort } from '../ports/runs.ts';
import { heldBy } from './budgets.ts';
import { inFlightMoves } from './in-flight.ts';

type Store = Pick<RequestsPort, 'getRequest' | 'evacuations' | 'getMove'> & Pick<RunsPort, 'activeRuns'>;

/**
 * A single move's place in its server groups' budgets (README "Disruption budgets"): refused, as a
 * failing claims check, while as many other members of its anti-affinity group as the budget allows
 * are in flight in another operation (an evacuation, a drain, a move back, another /migrate), on any
 * replica, as the store's records say. Null when the server is in no group with a budget, or a member
 * of each has room.
 */
export function groupBudgetCheck(store: Store, plan: MovePlan): CheckResult | null {
  const server = plan.server;
  if (!server || !plan.budgets?.length) return null;
  const holders = inFlightBy(store);
  holders.delete(server.id);
  const busy = new Set(holders.keys());
  for (const group of plan.budgets) {
    if (group.budget === 'together' || heldBy(group, busy) === null) continue;
    const [memberId, held] = [...holders].find(([id]) => group.members.includes(id)) as [string, HeldBy];
    return {
      id: 'claims',
      status: 'fail',
      fact: { code: 'group-in-flight', group: group.name, budget: group.budget, held },
      evidence: { group: group.id, member: memberId, holder: held.holder },
    };
  }
  return null;
}

/** The servers in flight now, each with the operation moving it (an evacuation's move as its evacuation's, as a claim would be). */
function inFlightBy(store: Store): Map<string, HeldBy> {
  const found = new Map<string, HeldBy>();
  for (const [id, move] of inFlightMoves(store.activeRuns(), store.evacuations())) {
    const holder = store.getMove(move.requestId)?.parentId ?? move.requestId;
    found.set(id, claimHolder({ kind: 'server', id, name: move.name, role: 'moving', holder }, store));
  }
  return found;
}
