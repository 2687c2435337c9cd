import type { ActionAccepted, CloudApi } from './cloud-port.ts';
import type { MoveRecord, RunRecord } from './model.ts';

/** The run record of an approved request, before Nova is asked anything. */
export function newRunRecord(request: MoveRecord, id: string, now: number): RunRecord {
  const { plan } = request;
  return {
    id,
    requestId: request.id,
    serverId: plan.serverId as string,
    serverName: plan.serverName ?? plan.serverId ?? '',
    mode: plan.mode,
    source: plan.source as string,
    destination: plan.destination,
    blockMigration: plan.blockMigration,
    state: 'starting',
    startedAt: now,
    baselineMigrationId: -1,
    novaRequestIds: [],
    transitions: [{ state: 'starting', at: now }],
    forceRequested: false,
    abortRequested: false,
    revertRequested: false,
  };
}

/** The one request that starts a move: never retried, since a lost answer may still have started it. */
export function requestMove(cloud: CloudApi, run: RunRecord): Promise<ActionAccepted> {
  return run.mode === 'cold'
    ? cloud.coldMigrate(run.serverId, run.destination ?? undefined)
    : cloud.liveMigrate(run.serverId, {
        ...(run.destination ? { host: run.destination } : {}),
        blockMigration: run.blockMigration,
      });
}
