import type { SandboxMigration, SandboxServer } from '../model.ts';
import { schedule } from '../placement-and-scheduling.ts';
import type { SimulatedCloud } from '../simulated-cloud.ts';

/**
 * Nova's evacuate: a rebuild of a dead host's server on another. The record stays `done` until
 * nova-compute on the source starts again (SandboxCloud.setServiceDown completes it).
 */
export class EvacuationSimulator {
  constructor(private readonly cloud: SimulatedCloud) {}

  step(migration: SandboxMigration, now: number): boolean {
    if (now < migration.phaseEndsAt || migration.status !== 'accepted') return false;
    const at = migration.phaseEndsAt;
    const server = this.cloud.servers.get(migration.serverId) as SandboxServer;
    const action = this.cloud.actionOf(migration);
    const dest = schedule(this.cloud, server, migration.requestedHost, false, at);
    if (!dest) {
      const why = 'No valid host was found. ';
      this.cloud.addEvent(
        action,
        'conductor_rebuild_server',
        'controller',
        migration.createdAt,
        at,
        'Error',
        why,
      );
      this.cloud.setMigrationStatus(migration, 'error', at);
    } else {
      migration.dest = dest.name;
      this.cloud.addEvent(action, 'compute_rebuild_instance', dest.name, migration.createdAt, at, 'Success');
      this.cloud.setMigrationStatus(migration, 'done', at);
      server.host = dest.name;
    }
    server.taskState = null;
    this.cloud.touch(server, at);
    return true;
  }
}
