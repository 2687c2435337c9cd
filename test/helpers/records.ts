import type {
  EvacuationItemState,
  EvacuationRecord,
  MoveRecord,
  RunRecord,
} from '../../src/core/model/records.ts';

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

/** A live move of `serverId` (an m1.small, 2 GiB) waiting in an evacuation, to `destination` or the scheduler's choice. */
export function evacuationItem(serverId: string, destination: string | null = null): EvacuationItemState {
  return {
    serverId,
    serverName: serverId,
    status: 'ACTIVE',
    flavor: 'm1.small',
    ramMb: 2048,
    mode: 'live',
    destination,
    state: 'waiting',
  };
}

/** An approved evacuation of `host` that is running `items`, two at a time, its host disabled or not. */
export function runningEvacuation(
  id: string,
  host: string,
  items: EvacuationItemState[],
  serviceDisabled: boolean,
): EvacuationRecord {
  return {
    id,
    kind: 'evacuation',
    createdAt: 1_000,
    requestedBy: 'U_ALICE',
    status: 'approved',
    checks: [],
    ready: true,
    evaluatedAt: 1_000,
    evacuation: {
      host,
      serviceId: serviceDisabled ? 's' : null,
      destination: null,
      concurrency: 2,
      perDestination: 1,
      reenable: false,
      fingerprint: `f-${id}`,
      items,
      phase: 'running',
      serviceDisabled,
    },
  };
}
