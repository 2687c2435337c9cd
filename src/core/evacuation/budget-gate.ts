import type { Clock } from '../../clock.ts';
import type { ItemReason } from '../model/evacuation.ts';
import type { EvacuationItemState, EvacuationRecord, EvacuationState } from '../model/records.ts';
import { budgetsAllow, type GroupBudget, nextToStart } from '../move/budgets.ts';
import { inFlightServers } from '../move/in-flight.ts';
import type { CloudApi } from '../ports/cloud.ts';
import type { BudgetLook, RequestsPort } from '../ports/requests.ts';
import type { RunsPort } from '../ports/runs.ts';
import { moveOfEvacuationItem } from '../request-records.ts';

type Deps = { store: RequestsPort & RunsPort; cloud: CloudApi };

/**
 * The servers in flight or stopped now, read from the store's records (so every replica, every
 * evacuation, drain, move back and single move counts, not what this process remembers): every run
 * not ended, every evacuation item marked running (its run may not be written yet), and, for the
 * members of `groups`, every server a cold move of a running evacuation stopped that Nova does not
 * show ACTIVE again.
 */
export async function busyServers(deps: Deps, groups: GroupBudget[]): Promise<Set<string>> {
  const busy = inFlightServers(deps.store.activeRuns(), deps.store.evacuations());
  for (const serverId of await stoppedMembers(deps, groups, busy)) busy.add(serverId);
  return busy;
}

/** The members of `groups` a cold move of a running evacuation stopped that Nova does not show ACTIVE again. */
async function stoppedMembers(
  deps: Deps,
  groups: GroupBudget[],
  busy: ReadonlySet<string>,
): Promise<string[]> {
  const members = new Set(groups.flatMap((g) => g.members));
  const candidates: string[] = [];
  for (const record of deps.store.evacuations()) {
    const { phase, items } = record.evacuation;
    if (phase !== 'running' && phase !== 'stopping') continue;
    for (const item of items)
      if (item.state !== 'running' && members.has(item.serverId) && stoppedByColdMove(item))
        candidates.push(item.serverId);
  }
  const stopped: string[] = [];
  for (const serverId of candidates) {
    if (busy.has(serverId)) continue;
    // unreadable: counted as stopped, nothing is started on a guess
    const status = await deps.cloud.getServer(serverId).then(
      (server) => server.status,
      () => null,
    );
    if (status !== 'ACTIVE') stopped.push(serverId);
  }
  return stopped;
}

/** A server that ran and whose cold move ended without completing: it may be left stopped. */
function stoppedByColdMove(item: EvacuationItemState): boolean {
  return (
    item.state === 'done' &&
    item.mode === 'cold' &&
    item.status === 'ACTIVE' &&
    item.outcome !== undefined &&
    item.outcome.kind !== 'completed'
  );
}

/**
 * The waiting item of an evacuation to start next, or none: its concurrency, at most `perDestination`
 * moves onto one host (a soft-affinity wave goes onto its one host together), and the budgets of its
 * server groups across everything in flight. A move whose migration Nova recorded completed (`landed`:
 * its outcome waits only for Ferry's reads and proofs) holds no place in the concurrency or on its
 * destination: Nova's slot on the source is free, and the next move takes it at once. It still counts
 * in its groups' budgets until its outcome is written.
 */
export async function nextItem(
  deps: Deps,
  state: EvacuationState,
  aside: ReadonlySet<string>,
  landed: (runId: string) => boolean = () => false,
): Promise<EvacuationItemState | undefined> {
  const running = state.items.filter(
    (item) => item.state === 'running' && !(item.runId !== undefined && landed(item.runId)),
  );
  const groups = state.groups ?? [];
  const waves = groups.filter((g) => g.budget === 'together');
  const inWave = (item: EvacuationItemState) => waves.some((g) => g.members.includes(item.serverId));
  const onto = (host: string | null) =>
    running.filter((item) => host !== null && item.destination === host).length;
  const queued = state.items.filter(
    (item) =>
      item.state === 'waiting' &&
      !aside.has(item.serverId) &&
      (item.destination === null || inWave(item) || onto(item.destination) < state.perDestination),
  );
  const slots = state.concurrency - running.length;
  if (groups.length === 0) return slots > 0 ? queued[0] : undefined;
  const busy = await busyServers(deps, groups);
  const next = nextToStart({ queued, busy, groups, slots, idle: running.length === 0 });
  return next ? queued.find((item) => item.serverId === next.serverId) : undefined;
}

/**
 * One start at a time in this process, from the budget's last look to the item marked running: two
 * evacuations (a drain's hosts at once) never both see a group's last free place. Across replicas
 * the mark is in the store, and the look after it counts it.
 */
export class StartTurns {
  private last: Promise<unknown> = Promise.resolve();

  take<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.last.then(work, work);
    this.last = turn.catch(() => undefined);
    return turn;
  }
}

/**
 * What the store checks `item`'s start against: its groups with a budget, and their members left
 * stopped; null when this replica's copy of the records already shows a group full (nothing to write).
 */
async function budgetLook(
  deps: Deps,
  state: EvacuationState,
  item: EvacuationItemState,
): Promise<BudgetLook | null> {
  const groups = (state.groups ?? []).filter(
    (g) => g.members.includes(item.serverId) && g.budget !== 'together',
  );
  if (groups.length === 0) return { groups, stopped: [] };
  const busy = inFlightServers(deps.store.activeRuns(), deps.store.evacuations());
  const stopped = await stoppedMembers(deps, groups, busy);
  return budgetsAllow(groups, new Set([...busy, ...stopped])) ? { groups, stopped } : null;
}

/**
 * Marks `item` running with its move's request, in its turn, if its groups' budgets still let it
 * start (another evacuation, here or on another replica, may have started a member since it was
 * picked: the store decides on the records as committed); null when they do not.
 */
export function markStarting(
  deps: Deps & { clock: Clock },
  turns: StartTurns,
  request: EvacuationRecord,
  item: EvacuationItemState,
): Promise<string | null> {
  return turns.take(async () => {
    const now = deps.store.getEvacuation(request.id)?.evacuation ?? request.evacuation;
    const look = await budgetLook(deps, now, item);
    if (!look) return null;
    const clash = await memberOnDestination(deps, now, item);
    const starting = clash ? { ...item, destination: null, reason: clash } : item;
    if (clash)
      await deps.store.updateEvacuationItems(request.id, [
        { serverId: item.serverId, change: { destination: null, reason: clash } },
      ]);
    const child = moveOfEvacuationItem(request, starting, deps.clock.now());
    if (!(await deps.store.startEvacuationItem(request.id, item.serverId, child, look))) return null;
    return child.id;
  });
}

/**
 * A member of the item's anti-affinity group on its planned destination now, or on its way there: a
 * drain plans its hosts' evacuations side by side, so two members may have been planned onto one host.
 * Nova would refuse the second (its scheduler, or the compute's late `_validate_instance_group_policy`).
 */
async function memberOnDestination(
  deps: Deps,
  state: EvacuationState,
  item: EvacuationItemState,
): Promise<Extract<ItemReason, { code: 'group-on-destination' }> | null> {
  const host = item.destination;
  const groups = (state.groups ?? []).filter(
    (g) => g.policy === 'anti-affinity' && g.members.includes(item.serverId),
  );
  if (!host || groups.length === 0) return null;
  const arriving = deps.store
    .activeRuns()
    .filter((run) => run.destination === host)
    .map((run) => ({ id: run.serverId, name: run.serverName }));
  const there = (await deps.cloud.serversOnHost(host)).map((s) => ({ id: s.id, name: s.name }));
  for (const group of groups) {
    const member = [...arriving, ...there].find(
      (s) => s.id !== item.serverId && group.members.includes(s.id),
    );
    if (member) return { code: 'group-on-destination', group: group.name, member: member.name, host };
  }
  return null;
}
