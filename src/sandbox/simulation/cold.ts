import { type SandboxMigration, type SandboxServer, TRANSFER_RATE } from '../model.ts';
import { schedule } from '../placement-and-scheduling.ts';
import type { SimulatedCloud } from '../simulated-cloud.ts';

/**
 * Nova's cold migration (a resize to the same flavor): scheduling, prep_resize, the disk copy,
 * finish_resize, then VERIFY_RESIZE until someone confirms or reverts.
 */
export class ColdMigrationSimulator {
  constructor(private readonly cloud: SimulatedCloud) {}

  step(migration: SandboxMigration, now: number): boolean {
    if (now < migration.phaseEndsAt) return false;
    const server = this.cloud.servers.get(migration.serverId) as SandboxServer;
    const action = this.cloud.actionOf(migration);
    const at = migration.phaseEndsAt;
    switch (migration.status) {
      case 'pre-migrating': {
        const dest =
          migration.failStage === 'scheduler'
            ? null
            : schedule(this.cloud, server, migration.requestedHost, false, at);
        if (!dest) {
          const details = `No valid host was found. ${migration.failMessage ?? ''}`;
          this.cloud.addEvent(
            action,
            'cold_migrate',
            'controller',
            migration.createdAt,
            at,
            'Error',
            details,
          );
          this.cloud.setMigrationStatus(migration, 'error', at);
          server.taskState = null;
          this.cloud.touch(server, at);
          return true;
        }
        migration.dest = dest.name;
        this.cloud.addEvent(action, 'cold_migrate', 'controller', migration.createdAt, at, 'Success');
        this.cloud.addEvent(action, 'compute_prep_resize', dest.name, at, at, 'Success');
        this.cloud.setMigrationStatus(migration, 'migrating', at);
        server.taskState = 'resize_migrating';
        migration.phaseEndsAt =
          at + this.cloud.seconds(1) + (migration.diskTotal / (TRANSFER_RATE * this.cloud.speed)) * 1000;
        return true;
      }
      case 'migrating': {
        if (migration.failStage === 'resize') {
          const message =
            migration.failMessage ??
            `Disk of instance ${server.instanceName} could not be copied to ${migration.dest}: No space left on device`;
          this.cloud.addEvent(
            action,
            'compute_resize_instance',
            migration.source,
            migration.createdAt,
            at,
            'Error',
            message,
          );
          this.cloud.putInError(migration, server, message, at);
          return true;
        }
        this.cloud.addEvent(
          action,
          'compute_resize_instance',
          migration.source,
          migration.createdAt,
          at,
          'Success',
        );
        this.cloud.setMigrationStatus(migration, 'post-migrating', at);
        server.taskState = 'resize_finish';
        migration.phaseEndsAt = at + this.cloud.seconds(1);
        return true;
      }
      case 'post-migrating':
        this.cloud.addEvent(action, 'compute_finish_resize', migration.dest, at, at, 'Success');
        this.cloud.setMigrationStatus(migration, 'finished', at);
        server.host = migration.dest as string;
        server.vmState = 'resized';
        if (server.hangsAfterColdMove) server.consoleFrozenAt = at;
        server.taskState = null;
        this.cloud.touch(server, at);
        return true;
      case 'confirming':
        this.cloud.addEvent(action, 'compute_confirm_resize', migration.source, at, at, 'Success');
        this.cloud.setMigrationStatus(migration, 'confirmed', at);
        server.vmState = migration.priorVmState;
        this.cloud.touch(server, at);
        return true;
      case 'reverting':
        this.cloud.addEvent(action, 'compute_revert_resize', migration.dest, at, at, 'Success');
        this.cloud.addEvent(action, 'compute_finish_revert_resize', migration.source, at, at, 'Success');
        this.cloud.setMigrationStatus(migration, 'reverted', at);
        server.host = migration.source;
        server.vmState = migration.priorVmState;
        server.taskState = null;
        // started again on its source: it prints again
        server.consoleFrozenAt = null;
        this.cloud.touch(server, at);
        return true;
      default:
        return false;
    }
  }
}
