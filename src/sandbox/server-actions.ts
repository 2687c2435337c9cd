import { randomUUID } from 'node:crypto';
import type { SandboxCloud } from './cloud.ts';
import {
  GIB,
  type MigrationFault,
  NovaFault,
  type SandboxAction,
  type SandboxHost,
  type SandboxMigration,
  type SandboxServer,
  type TokenInfo,
  type VmState,
} from './model.ts';

/*
 * The server actions Nova accepts (live/cold migration, evacuation, resize confirm/revert, abort,
 * force-complete): its checks, its errors, and the migration and action records each one starts.
 * How the move then runs is the simulators' business (simulation/).
 */

export function liveMigrate(
  cloud: SandboxCloud,
  server: SandboxServer,
  host: string | null,
  block: boolean | 'auto',
  caller: TokenInfo,
): SandboxAction {
  checkActionAllowed(cloud, server, 'os-migrateLive', ['active', 'paused']);
  refuseLegacyVtpm(cloud, server);
  if (host !== null) hostForApi(cloud, host);
  const action = startAction(cloud, server, 'live-migration', caller);
  const localDisk = server.imageId !== null && !server.sharedStorage;
  const migration = newMigration(cloud, server, 'live-migration', host, caller, action.requestId);
  migration.block = block === 'auto' ? localDisk : block;
  migration.status = 'accepted';
  migration.phaseEndsAt = cloud.clock.now() + cloud.seconds(0.5);
  server.taskState = 'migrating';
  cloud.touch(server);
  return action;
}

/**
 * Nova's API refuses to live-migrate a server with a vTPM unless its flavor sets
 * hw:tpm_secret_security=host (nova/compute/api.py reject_legacy_vtpm_live_migration; NotSupported,
 * HTTP 400), before any action or migration is recorded.
 */
function refuseLegacyVtpm(cloud: SandboxCloud, server: SandboxServer): void {
  const specs = server.flavor.extraSpecs ?? {};
  const image = server.imageId ? cloud.images.get(server.imageId)?.properties : undefined;
  const tpm =
    specs['hw:tpm_version'] || specs['hw:tpm_model'] || image?.hw_tpm_version || image?.hw_tpm_model;
  if (tpm && specs['hw:tpm_secret_security'] !== 'host')
    throw new NovaFault(
      400,
      `Operation 'live-migration' not supported for vTPM-enabled instance (${server.id}).`,
    );
}

export function coldMigrate(
  cloud: SandboxCloud,
  server: SandboxServer,
  host: string | null,
  caller: TokenInfo,
): SandboxAction {
  checkActionAllowed(cloud, server, 'migrate', ['active', 'stopped']);
  const source = cloud.hostOrThrow(server.host);
  if (!cloud.serviceUp(source)) throw new NovaFault(409, 'Service is unavailable at this time.');
  if (host !== null) {
    if (host === server.host) throw new NovaFault(400, 'Cannot migrate to the host where the server exists.');
    hostForApi(cloud, host);
  }
  const action = startAction(cloud, server, 'migrate', caller);
  const migration = newMigration(cloud, server, 'migration', host, caller, action.requestId);
  migration.status = 'pre-migrating';
  migration.priorVmState = server.vmState;
  migration.phaseEndsAt = cloud.clock.now() + cloud.seconds(1);
  server.taskState = 'resize_prep';
  cloud.touch(server);
  return action;
}

/**
 * Rebuilds a server of a dead host on another (POST …/action {"evacuate": …}). Nova allows it only
 * when the source's nova-compute is down or forced down; the record stays `done` until nova-compute
 * on the source starts again and cleans up, then `completed`.
 */
export function evacuate(
  cloud: SandboxCloud,
  server: SandboxServer,
  host: string | null,
  caller: TokenInfo,
): SandboxAction {
  checkActionAllowed(cloud, server, 'evacuate', ['active', 'stopped', 'error']);
  const source = cloud.hostOrThrow(server.host);
  if (cloud.serviceUp(source)) throw new NovaFault(400, `Compute service of ${source.name} is still in use.`);
  if (host !== null) {
    if (host === server.host) throw new NovaFault(400, "The target host can't be the same one.");
    hostForApi(cloud, host);
  }
  const action = startAction(cloud, server, 'evacuate', caller);
  const migration = newMigration(cloud, server, 'evacuation', host, caller, action.requestId);
  migration.phaseEndsAt = cloud.clock.now() + cloud.seconds(1);
  server.taskState = 'rebuilding';
  cloud.touch(server);
  return action;
}

export function confirmResize(cloud: SandboxCloud, server: SandboxServer, caller: TokenInfo): SandboxAction {
  checkResized(cloud, server, 'confirmResize');
  const migration = cloud.activeMigration(server.id) as SandboxMigration;
  if (!cloud.serviceUp(cloud.hostOrThrow(migration.source)))
    throw new NovaFault(409, 'Service is unavailable at this time.');
  const action = startAction(cloud, server, 'confirmResize', caller);
  cloud.setMigrationStatus(migration, 'confirming');
  migration.requestId = action.requestId;
  migration.phaseEndsAt = cloud.clock.now() + cloud.seconds(0.5);
  return action;
}

export function revertResize(cloud: SandboxCloud, server: SandboxServer, caller: TokenInfo): SandboxAction {
  checkResized(cloud, server, 'revertResize');
  const migration = cloud.activeMigration(server.id) as SandboxMigration;
  const action = startAction(cloud, server, 'revertResize', caller);
  cloud.setMigrationStatus(migration, 'reverting');
  migration.requestId = action.requestId;
  migration.phaseEndsAt = cloud.clock.now() + cloud.seconds(1.5);
  server.taskState = 'resize_reverting';
  cloud.touch(server);
  return action;
}

export function abortMigration(
  cloud: SandboxCloud,
  server: SandboxServer,
  migrationId: number,
  caller: TokenInfo,
  microversion: [number, number],
): SandboxAction {
  if (server.locked) throw new NovaFault(409, `Instance ${server.id} is locked`);
  if (server.taskState !== 'migrating') {
    throw new NovaFault(409, `Instance ${server.id} is in an invalid state for 'abort live migration'`);
  }
  const migration = migrationForServer(cloud, server, migrationId);
  const abortable = microversion[1] >= 65 ? ['running', 'queued', 'preparing'] : ['running'];
  if (!abortable.includes(migration.status)) {
    throw new NovaFault(
      400,
      `Migration ${migration.id} state of instance ${server.id} is ${migration.status}. Cannot abort live migration while the migration is in this state.`,
    );
  }
  const action = startAction(cloud, server, 'live_migration_cancel', caller);
  const now = cloud.clock.now();
  cloud.addEvent(action, 'compute_live_migration_abort', migration.source, now, now, 'Success');
  cloud.rollBack(migration, 'cancelled', now);
  return action;
}

export function forceComplete(
  cloud: SandboxCloud,
  server: SandboxServer,
  migrationId: number,
  caller: TokenInfo,
): SandboxAction {
  if (server.locked) throw new NovaFault(409, `Instance ${server.id} is locked`);
  if (server.vmState !== 'active' || server.taskState !== 'migrating') {
    throw new NovaFault(409, `Instance ${server.id} is in an invalid state for 'force_complete'`);
  }
  const migration = migrationForServer(cloud, server, migrationId);
  if (migration.status !== 'running') {
    throw new NovaFault(
      400,
      `Migration ${migration.id} state of instance ${server.id} is ${migration.status}. Cannot force complete while the migration is in this state.`,
    );
  }
  const action = startAction(cloud, server, 'live_migration_force_complete', caller);
  const now = cloud.clock.now();
  cloud.addEvent(action, 'compute_live_migration_force_complete', migration.source, now, now, 'Success');
  cloud.simulation.live.requestForce(migration, now);
  return action;
}

function migrationForServer(
  cloud: SandboxCloud,
  server: SandboxServer,
  migrationId: number,
): SandboxMigration {
  const migration = cloud.migrations.find(
    (candidate) => candidate.id === migrationId && candidate.serverId === server.id,
  );
  if (!migration) throw new NovaFault(404, `Migration ${migrationId} not found for instance ${server.id}`);
  return migration;
}

function checkActionAllowed(
  cloud: SandboxCloud,
  server: SandboxServer,
  verb: string,
  states: VmState[],
): void {
  if (cloud.faults.conflictNextAction) {
    cloud.faults.conflictNextAction = false;
    throw new NovaFault(409, `Cannot '${verb}' instance ${server.id} while it is in task_state migrating`);
  }
  if (server.locked) throw new NovaFault(409, `Instance ${server.id} is locked`);
  if (server.taskState !== null) {
    throw new NovaFault(
      409,
      `Cannot '${verb}' instance ${server.id} while it is in task_state ${server.taskState}`,
    );
  }
  if (!states.includes(server.vmState)) {
    throw new NovaFault(
      409,
      `Cannot '${verb}' instance ${server.id} while it is in vm_state ${server.vmState}`,
    );
  }
}

function checkResized(cloud: SandboxCloud, server: SandboxServer, verb: string): void {
  if (server.locked) throw new NovaFault(409, `Instance ${server.id} is locked`);
  if (server.vmState !== 'resized' || server.taskState !== null) {
    const state = server.taskState ? `task_state ${server.taskState}` : `vm_state ${server.vmState}`;
    throw new NovaFault(409, `Cannot '${verb}' instance ${server.id} while it is in ${state}`);
  }
  const migration = cloud.activeMigration(server.id);
  if (migration?.status !== 'finished') {
    throw new NovaFault(400, `Migration not found for instance ${server.id} with status finished.`);
  }
}

function hostForApi(cloud: SandboxCloud, name: string): SandboxHost {
  const host = cloud.hosts.get(name);
  if (!host) throw new NovaFault(400, `Compute host ${name} could not be found.`);
  return host;
}

function newMigration(
  cloud: SandboxCloud,
  server: SandboxServer,
  type: SandboxMigration['type'],
  requestedHost: string | null,
  caller: TokenInfo,
  requestId: string,
): SandboxMigration {
  const now = cloud.clock.now();
  const fault = takeMigrationFault(cloud, server);
  const diskBytes = server.imageId && !server.sharedStorage ? server.flavor.disk * GIB : 0;
  const migration: SandboxMigration = {
    id: cloud.takeMigrationId(),
    uuid: randomUUID(),
    serverId: server.id,
    type,
    status: 'accepted',
    source: server.host,
    dest: null,
    requestedHost,
    block: false,
    createdAt: now,
    updatedAt: now,
    userId: caller.userId,
    projectId: caller.projectId,
    flavorId: server.flavor.id,
    phaseEndsAt: now,
    tick: now,
    memoryTotal: server.flavor.ram * 1024 * 1024,
    memoryProcessed: 0,
    memoryRemaining: server.flavor.ram * 1024 * 1024,
    diskTotal: diskBytes,
    diskProcessed: 0,
    diskRemaining: diskBytes,
    forced: false,
    slotSince: null,
    runningSince: null,
    priorVmState: server.vmState,
    failStage: fault?.stage ?? null,
    failMessage: fault?.message ?? null,
    requestId,
  };
  cloud.migrations.push(migration);
  return migration;
}

function takeMigrationFault(cloud: SandboxCloud, server: SandboxServer): MigrationFault | undefined {
  const index = cloud.faults.migrations.findIndex(
    (fault) => !fault.server || fault.server === server.id || fault.server === server.name,
  );
  return index === -1 ? undefined : cloud.faults.migrations.splice(index, 1)[0];
}

function startAction(
  cloud: SandboxCloud,
  server: SandboxServer,
  action: string,
  caller: TokenInfo,
): SandboxAction {
  const now = cloud.clock.now();
  const record: SandboxAction = {
    requestId: `req-${randomUUID()}`,
    serverId: server.id,
    action,
    userId: caller.userId,
    projectId: caller.projectId,
    startTime: now,
    updatedAt: now,
    message: null,
    events: [],
  };
  cloud.actions.push(record);
  return record;
}
