import type { EvacuationItemState, EvacuationState } from '../model/records.ts';
import { type GroupBudget, nextToStart } from '../move/budgets.ts';
import type { CloudApi } from '../ports/cloud.ts';
import type { RequestsPort } from '../ports/requests.ts';
import type { RunsPort } from '../ports/runs.ts';

type Deps = { store: RequestsPort & RunsPort; cloud: CloudApi };

/**
 * The servers in flight or stopped now, read from the store's records (so every replica, every
 * evacuation, drain, move back and single move counts, not what this process remembers): every run
 * not ended, every evacuation item marked running (its run may not be written yet), and, for the
 * members of `groups`, every server a cold move of a running evacuation stopped that Nova does not
 * show ACTIVE again.
 */
export async function busyServers(deps: Deps, groups: GroupBudget[]): Promise<Set<string>> {
  const busy = new Set(deps.store.activeRuns().map((run) => run.serverId));
  const members = new Set(groups.flatMap((g) => g.members));
  const stopped: string[] = [];
  for (const record of deps.store.evacuations()) {
    const { phase, items } = record.evacuation;
    if (phase !== 'running' && phase !== 'stopping') continue;
    for (const item of items) {
      if (item.state === 'running') busy.add(item.serverId);
      else if (members.has(item.serverId) && stoppedByColdMove(item)) stopped.push(item.serverId);
    }
  }
  for (const serverId of stopped) {
    if (busy.has(serverId)) continue;
    // unreadable: counted as stopped, nothing is started on a guess
    const status = await deps.cloud.getServer(serverId).then(
      (server) => server.status,
      () => null,
    );
    if (status !== 'ACTIVE') busy.add(serverId);
  }
  return busy;
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
 * server groups across everything in flight.
 */
export async function nextItem(
  deps: Deps,
  state: EvacuationState,
  aside: ReadonlySet<string>,
): Promise<EvacuationItemState | undefined> {
  const running = state.items.filter((item) => item.state === 'running');
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
