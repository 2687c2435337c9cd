import type { ServerGroup } from '../model/cloud.ts';

/**
 * Disruption budgets from Nova's server groups (issue #28, part 3), as Kubernetes refuses an eviction
 * that would break a PodDisruptionBudget: at most `budget` members of an anti-affinity group in flight
 * or stopped at once, across every operation Ferry runs (evacuations, a drain's hosts at once, moves
 * back, single moves); a soft-affinity group moves together (one destination, one wave). A hard
 * affinity group does not move at all: Nova's scheduler keeps its members on one host (the plans say so).
 */

/** FERRY_GROUP_BUDGETS: a group's name or ID → members in flight or stopped at once */
export type GroupBudgetOverrides = ReadonlyMap<string, number>;

/** A server group as an operation keeps it, with its budget (stored on the evacuation: it survives restarts) */
export interface GroupBudget {
  id: string;
  name: string;
  policy: string;
  members: string[];
  /** members in flight or stopped at once; 'together': every member of the operation in one wave */
  budget: number | 'together';
  /** the budget comes from FERRY_GROUP_BUDGETS */
  overridden?: true;
}

const SPREAD = new Set(['anti-affinity', 'soft-anti-affinity']);

/** The budget of one group: its override by ID or name, else 1 for anti-affinity; null: no budget. */
export function budgetOf(
  group: ServerGroup,
  overrides: GroupBudgetOverrides = new Map(),
): GroupBudget | null {
  const base = { id: group.id, name: group.name, policy: group.policy, members: [...group.members] };
  const override = overrides.get(group.id) ?? overrides.get(group.name);
  if (SPREAD.has(group.policy))
    return override !== undefined ? { ...base, budget: override, overridden: true } : { ...base, budget: 1 };
  if (group.policy === 'soft-affinity') return { ...base, budget: 'together' };
  return null;
}

/** The budgets of the groups that hold any of `servers`. */
export function budgetsFor(
  groups: ServerGroup[],
  servers: Iterable<string>,
  overrides?: GroupBudgetOverrides,
): GroupBudget[] {
  const wanted = new Set(servers);
  return groups.flatMap((group) => {
    if (!group.members.some((id) => wanted.has(id))) return [];
    const budget = budgetOf(group, overrides);
    return budget ? [budget] : [];
  });
}

/** A move waiting its turn, in the order the plan starts them. */
export interface Queued {
  serverId: string;
}

/** Why a waiting move does not start now. */
export type Held =
  | { code: 'budget'; group: string; busy: number; budget: number }
  /** a soft-affinity group waits until its whole wave can start */
  | { code: 'wave'; group: string; members: number };

/**
 * Which waiting move may start now, given what is in flight or stopped anywhere (`busy`: server IDs,
 * read from the store's records, so every replica and every operation counts) and how many more moves
 * the operation may run now (`slots`; ≤ 0 when it is full). A soft-affinity wave that began goes on
 * past `slots`: its members start together or not at all. Null when none may start.
 */
export function nextToStart(input: {
  queued: Queued[];
  busy: ReadonlySet<string>;
  groups: GroupBudget[];
  slots: number;
  /** nothing of this operation is in flight: a wave larger than its concurrency may start */
  idle: boolean;
}): { serverId: string } | null {
  const { queued, busy, groups } = input;
  const waiting = new Set(queued.map((q) => q.serverId));
  for (const item of queued) {
    const mine = groups.filter((g) => g.members.includes(item.serverId));
    const wave = mine.find((g) => g.budget === 'together');
    if (wave) {
      const started = wave.members.some((id) => busy.has(id));
      const left = wave.members.filter((id) => waiting.has(id)).length;
      if (!started && !(input.slots >= left || (input.idle && input.slots > 0))) continue;
    } else if (input.slots <= 0) continue;
    if (mine.some((g) => g.budget !== 'together' && heldBy(g, busy) !== null)) continue;
    return { serverId: item.serverId };
  }
  return null;
}

/** Whether a group's budget holds back one more of its members now; null when it does not. */
export function heldBy(group: GroupBudget, busy: ReadonlySet<string>): Held | null {
  if (group.budget === 'together') return null;
  const count = group.members.filter((id) => busy.has(id)).length;
  return count >= group.budget
    ? { code: 'budget', group: group.name, busy: count, budget: group.budget }
    : null;
}

/** Whether every group's budget lets one more of its members start now. */
export function budgetsAllow(groups: GroupBudget[], busy: ReadonlySet<string>): boolean {
  return groups.every((group) => heldBy(group, busy) === null);
}

/** A waiting member held back by its group's budget: the group, its budget, and the members in flight. */
export interface GroupWait {
  group: string;
  budget: number;
  /** the names of the members in flight now (moving, or landed and being proven) */
  holders: string[];
}

/**
 * Whether `serverId` waits for one of its groups' budgets, given what is in flight (`moving`: server ID
 * to name, from the store's records); null when no budget of its holds it back now. Members left
 * stopped count too, but reading them asks the cloud: only those in flight are named.
 */
export function waitsForGroup(
  serverId: string,
  groups: GroupBudget[],
  moving: ReadonlyMap<string, { name: string }>,
): GroupWait | null {
  for (const group of groups) {
    if (group.budget === 'together' || !group.members.includes(serverId)) continue;
    const holders = group.members.filter((id) => id !== serverId && moving.has(id));
    if (holders.length >= group.budget)
      return {
        group: group.name,
        budget: group.budget,
        holders: holders.map((id) => moving.get(id)?.name ?? id),
      };
  }
  return null;
}
