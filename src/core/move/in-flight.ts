import type { EvacuationRecord, RunRecord } from '../model/records.ts';

/**
 * The servers in flight as the records say: every run not ended, and every item marked running of an
 * evacuation running or stopping (its run may not be written yet).
 */
export function inFlightServers(
  runs: Pick<RunRecord, 'serverId' | 'state'>[],
  evacuations: EvacuationRecord[],
): Set<string> {
  const busy = new Set(runs.filter((run) => run.state !== 'done').map((run) => run.serverId));
  for (const { evacuation } of evacuations) {
    if (evacuation.phase !== 'running' && evacuation.phase !== 'stopping') continue;
    for (const item of evacuation.items) if (item.state === 'running') busy.add(item.serverId);
  }
  return busy;
}
