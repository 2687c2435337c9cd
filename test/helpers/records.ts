import type { MoveRecord, RunRecord } from '../../src/core/model/records.ts';

/** A pending move of server-x from compute1 to compute2 whose checks all passed, for store tests. */
export function moveRecord(id: string, over: Partial<MoveRecord> = {}): MoveRecord {
  const at = over.createdAt ?? 1_000;
  return {
    id,
    kind: 'move',
    createdAt: at,
    requestedBy: 'U_ALICE',
    request: { server: 'server-x', destination: 'compute2', mode: 'live', requestedBy: 'U_ALICE' },
    plan: {
      serverId: 'id-1',
      serverName: 'server-x',
      projectId: 'p',
      flavor: 'm1.large',
      source: 'compute1',
      destination: 'compute2',
      mode: 'live',
      blockMigration: 'auto',
      checks: [],
      candidates: [],
      ready: true,
      evaluatedAt: at,
    },
    status: 'pending',
    ...over,
  };
}

/** A live migration of server-x from compute1 to compute2 just starting, for `moveRecord`'s request. */
export function runRecord(id: string, requestId: string): RunRecord {
  return {
    id,
    requestId,
    serverId: 'id-1',
    serverName: 'server-x',
    mode: 'live',
    source: 'compute1',
    destination: 'compute2',
    blockMigration: 'auto',
    state: 'starting',
    startedAt: 2_000,
    baselineMigrationId: 0,
    novaRequestIds: [],
    transitions: [{ state: 'starting', at: 2_000 }],
    forceRequested: false,
    abortRequested: false,
    revertRequested: false,
  };
}
