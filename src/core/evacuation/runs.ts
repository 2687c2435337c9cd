import type { Clock } from '../../clock.ts';
import { OpenStackApiError } from '../cloud-errors.ts';
import type { EventSink } from '../events.ts';
import { telling } from '../journal.ts';
import type { EvacuationItemState, EvacuationState } from '../model/records.ts';
import type { MigrationRunner } from '../move/runner.ts';
import { coldDue, coldRequestId } from '../move/stall-policy.ts';
import type { CloudApi } from '../ports/cloud.ts';
import type { RequestsPort } from '../ports/requests.ts';
import type { RunsPort } from '../ports/runs.ts';
import type { RoomKeeper } from './room.ts';
import { namedUnlisted, unlistedServers } from './unlisted.ts';

interface ItemRunDeps {
  store: RequestsPort;
  runner: MigrationRunner;
  clock: Clock;
  events: EventSink;
}

/**
 * Starts the move of an evacuation item already marked running and writes its run on the item (told:
 * the item started). The runner claims the move's run once, so a second call gets the same run.
 */
export async function startItemRun(
  deps: ItemRunDeps,
  room: RoomKeeper,
  requestId: string,
  serverId: string,
  moveId: string,
): Promise<void> {
  const run = await deps.runner.start(moveId);
  room.started(serverId, run.id);
  await deps.store.updateEvacuationItems(
    requestId,
    [{ serverId, change: { runId: run.id } }],
    undefined,
    telling(deps.events, deps.clock.now(), (request) => {
      const item = request.evacuation.items.find((candidate) => candidate.serverId === serverId);
      return item ? [{ kind: 'evacuation.item-started', request, item }] : [];
    }),
  );
}

/**
 * Items marked running whose run was never written on them: the store failed (read-only disk, lost
 * database) between marking the item and recording its run. Their move is started again: a run is
 * recorded before Nova is asked, so one that has no run never reached Nova, and one that has is the
 * run the runner answers with.
 */
export async function startCutShort(deps: ItemRunDeps, room: RoomKeeper, requestId: string): Promise<void> {
  const items = deps.store.getEvacuation(requestId)?.evacuation.items ?? [];
  for (const item of items)
    if (item.state === 'running' && !item.runId && item.requestId)
      await startItemRun(deps, room, requestId, item.serverId, item.requestId);
}

/**
 * The report says where each server is at the end as Nova says it, not as the plan left it: the
 * servers Ferry did not move are read again (someone may have moved or deleted one meanwhile).
 */
export async function readWhereUnmovedAre(
  deps: { store: RequestsPort; cloud: CloudApi },
  requestId: string,
): Promise<void> {
  const { store, cloud } = deps;
  const unmoved = (store.getEvacuation(requestId)?.evacuation.items ?? []).filter((item) => !item.outcome);
  const changes: { serverId: string; change: Partial<EvacuationItemState> }[] = [];
  for (const item of unmoved) {
    const hostAtEnd = await cloud.getServer(item.serverId).then(
      (server) => server.host,
      (error: unknown) => (error instanceof OpenStackApiError && error.status === 404 ? null : undefined),
    );
    if (hostAtEnd !== undefined) changes.push({ serverId: item.serverId, change: { hostAtEnd } });
  }
  if (changes.length) await store.updateEvacuationItems(requestId, changes);
}

/**
 * The servers still on an evacuation's host that Nova's list of it leaves out (a cell whose database
 * does not answer is skipped without an error): the report must not let the host pass for empty.
 * Named as planned where Nova cannot read them; null when Nova or Placement did not answer the reads
 * (the report says the host could not be checked, rather than let it pass).
 */
export async function unlistedAtEnd(
  cloud: CloudApi,
  state: Pick<EvacuationState, 'host' | 'items'>,
): Promise<Pick<EvacuationState, 'unlistedAtEnd'>> {
  try {
    const unlisted = await unlistedServers(cloud, state.host, await cloud.serversOnHost(state.host));
    if (!unlisted.length) return {};
    const nameOf = (id: string) => state.items.find((item) => item.serverId === id)?.serverName ?? id;
    return { unlistedAtEnd: namedUnlisted(unlisted, nameOf) };
  } catch {
    // unread: the evacuation still ends, and its report says the host is not known to be empty
    return { unlistedAtEnd: null };
  }
}

type ItemChange = { serverId: string; change: Partial<EvacuationItemState> };

/**
 * Items whose run has ended in the store (whether or not an event was seen: restarts): `ended` are
 * done with their run's outcome; `follow` ended aborted by abort-then-cold and go on as the cold move
 * the policy recorded (started by it, or by startCutShort after a restart), still running.
 */
export function endedItems(
  store: RequestsPort & RunsPort,
  requestId: string,
): { ended: ItemChange[]; follow: ItemChange[] } {
  const ended: ItemChange[] = [];
  const follow: ItemChange[] = [];
  for (const item of store.getEvacuation(requestId)?.evacuation.items ?? []) {
    // a start cut short by the store has its run on the move's record only
    const runId = item.runId ?? (item.requestId ? store.getMove(item.requestId)?.runId : undefined);
    const run = item.state === 'running' && runId ? store.getRun(runId) : undefined;
    if (run?.state !== 'done' || !run.outcome) continue;
    if (coldDue(run)) {
      // not recorded yet: the policy (or the sweep after a restart) records it, and the next look follows
      const cold = store.getMove(coldRequestId(run));
      if (cold)
        follow.push({
          serverId: item.serverId,
          change: { requestId: cold.id, runId: cold.runId, stalledRunId: run.id },
        });
      continue;
    }
    ended.push({
      serverId: item.serverId,
      change: { state: 'done', outcome: run.outcome, destination: run.destination ?? item.destination },
    });
  }
  return { ended, follow };
}

/**
 * Whether Nova has ended every move an evacuation makes: none waits, and each one running has landed
 * (Nova recorded its migration completed; Ferry still proves it). `landed` is known in this process
 * only: after a restart this is true once the evacuation is done.
 */
export function movesLanded(
  store: RequestsPort,
  requestId: string,
  landed: (runId: string) => boolean,
): boolean {
  const state = store.getEvacuation(requestId)?.evacuation;
  if (!state || state.phase === 'planned') return false;
  if (state.phase === 'done') return true;
  return state.items.every(
    (item) =>
      item.state !== 'waiting' &&
      (item.state !== 'running' || (item.runId !== undefined && landed(item.runId))),
  );
}
