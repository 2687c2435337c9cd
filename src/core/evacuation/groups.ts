import type { GroupPace } from '../model/checks.ts';
import type { ServerGroup } from '../model/cloud.ts';
import type { EvacuationItem, ItemReason } from '../model/evacuation.ts';
import type { CheckResult } from '../model/types.ts';
import { budgetsFor, type GroupBudget, type GroupBudgetOverrides } from '../move/budgets.ts';

/**
 * What an evacuation's plan says of the server groups of its servers: a hard affinity group stays
 * (Nova's ServerGroupAffinityFilter and the compute's late check in nova/compute/manager.py
 * `_validate_instance_group_policy` accept no host but the other members'), a soft-affinity group moves
 * together onto one destination or not at all, an anti-affinity group moves within its budget.
 */

/** The hard affinity group that keeps a server where it is: it has other members. */
export function boundBy(serverId: string, groups: ServerGroup[]): ItemReason | null {
  const group = groups.find(
    (g) => g.policy === 'affinity' && g.members.includes(serverId) && g.members.some((id) => id !== serverId),
  );
  return group ? { code: 'affinity', group: group.name } : null;
}

/**
 * A soft-affinity group moves together or not at all: when one of its members here cannot move, none
 * does, each saying which member holds it.
 */
export function keepTogether(items: EvacuationItem[], budgets: GroupBudget[]): EvacuationItem[] {
  let kept = items;
  for (const group of budgets) {
    if (group.budget !== 'together') continue;
    const here = kept.filter((item) => group.members.includes(item.serverId));
    const stuck = here.find((item) => item.mode === null);
    const destinations = new Set(here.flatMap((item) => (item.mode ? [item.destination] : [])));
    const blocker = stuck?.serverName ?? (destinations.size > 1 ? here[0]?.serverName : undefined);
    if (blocker === undefined) continue;
    kept = kept.map((item) =>
      group.members.includes(item.serverId) && item.mode !== null
        ? { ...item, mode: null, destination: null, reason: { code: 'together', group: group.name, blocker } }
        : item,
    );
  }
  return kept;
}

/** How each group of the plan moves, named before approval; null when no server of it is in a group. */
export function groupBudgetsCheck(
  host: string,
  items: EvacuationItem[],
  budgets: GroupBudget[],
  groups: ServerGroup[],
): CheckResult | null {
  const paces: GroupPace[] = [];
  for (const group of budgets) {
    const here = items.filter((item) => group.members.includes(item.serverId));
    // an anti-affinity group is named where its budget paces this plan: more members here than it allows
    if (here.length === 0 || (typeof group.budget === 'number' && here.length <= group.budget)) continue;
    const moving = here.filter((item) => item.mode !== null);
    paces.push({
      name: group.name,
      policy: group.policy,
      members: here.length,
      budget: group.budget,
      ...(group.overridden ? { overridden: true as const } : {}),
      ...(group.budget === 'together' ? { destination: moving[0]?.destination ?? null } : {}),
    });
  }
  for (const group of groups) {
    if (group.policy !== 'affinity') continue;
    const here = items.filter((item) => item.reason?.code === 'affinity' && item.reason.group === group.name);
    if (here.length)
      paces.push({ name: group.name, policy: group.policy, members: here.length, budget: 'stays' });
  }
  if (paces.length === 0) return null;
  return {
    id: 'server-groups',
    status: 'pass',
    fact: { code: 'group-budgets', host, groups: paces },
    evidence: { groups: paces.length },
  };
}

/**
 * A drain's steps whose hosts together hold more members of an anti-affinity group than its budget
 * lets move at once: their evacuations run side by side and take turns (the evacuator's budget gate).
 */
export function drainBudgetsCheck(
  steps: { hosts: { host: string; items: { serverId: string }[] }[] }[],
  groups: ServerGroup[],
  overrides?: GroupBudgetOverrides,
): CheckResult | null {
  const paced = steps.flatMap((step, index) => {
    const servers = step.hosts.flatMap((h) => h.items.map((item) => item.serverId));
    return budgetsFor(groups, servers, overrides).flatMap((group) => {
      if (group.budget === 'together') return [];
      const hosts = step.hosts.filter((h) => h.items.some((item) => group.members.includes(item.serverId)));
      const members = servers.filter((id) => group.members.includes(id)).length;
      // paced within one host is said by that host's evacuation plan; here: across the step's hosts
      if (hosts.length < 2 || members <= group.budget) return [];
      return [
        {
          step: index + 1,
          group: group.name,
          hosts: hosts.map((h) => h.host),
          members,
          budget: group.budget,
          ...(group.overridden ? { overridden: true as const } : {}),
        },
      ];
    });
  });
  if (paced.length === 0) return null;
  return {
    id: 'server-groups',
    status: 'pass',
    fact: { code: 'drain-group-budgets', paced },
    evidence: { paced: paced.length },
  };
}
