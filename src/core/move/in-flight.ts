import type { EvacuationRecord, RunRecord } from '../model/records.ts';

/**
 * The servers in flight as the records say, each with its name and the request moving it: every run
 * not ended (its move's request), and every item marked running of an evacuation running or stopping
 * (the evacuation: its run may not be written yet).
 */
export function inFlightMoves(
  runs: Pick<RunRecord, 'serverId' | 'serverName' | 'requestId' | 'state'>[],
  evacuations: EvacuationRecord[],
): Map<string, { name: string; requestId: string }> {
  const moving = new Map<string, { name: string; requestId: string }>();
  for (const run of runs)
    if (run.state !== 'done') moving.set(run.serverId, { name: run.serverName, requestId: run.requestId });
  for (const { id, evacuation } of evacuations) {
    if (evacuation.phase !== 'running' && evacuation.phase !== 'stopping') continue;
    for (const item of evacuation.items)
      if (item.state === 'running' && !moving.has(item.serverId))
        moving.set(item.serverId, { name: item.serverName, requestId: id });
  }
  return moving;
}

/** The servers in flight as the records say (`inFlightMoves`). */
export function inFlightServers(
  runs: Pick<RunRecord, 'serverId' | 'serverName' | 'requestId' | 'state'>[],
  evacuations: EvacuationRecord[],
): Set<string> {
  return new Set(inFlightMoves(runs, evacuations).keys());
}

/**
 * A live run whose migration Nova recorded completed while Ferry still reads and proves its end (the
 * watcher writes Nova's `completed` on its progress once it sees it): it holds no slot in Nova any more,
 * so it is not said to be running.
 */
export function isLanded(run: Pick<RunRecord, 'mode' | 'lastProgress' | 'outcome'> | undefined): boolean {
  return (
    run !== undefined &&
    run.mode !== 'cold' &&
    !run.outcome &&
    run.lastProgress?.migrationStatus === 'completed'
  );
}
