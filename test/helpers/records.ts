import type { MoveRecord } from '../../src/core/model.ts';

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
