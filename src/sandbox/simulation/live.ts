import {
  GIB,
  HOLDS_SLOT,
  type SandboxHost,
  type SandboxMigration,
  type SandboxServer,
  STALL_PLATEAU,
  TRANSFER_RATE,
} from '../model.ts';
import { schedule } from '../placement-and-scheduling.ts';
import type { SimulatedCloud } from '../simulated-cloud.ts';
import { IDLE_DIRTY_BYTES_PER_MS, stopAndCopyMs } from './switchover.ts';

/**
 * Nova's live migration as nova-compute runs it: scheduling and the destination checks, the source's
 * max_concurrent_live_migrations queue, pre_live_migration, the copy (block disk, then memory that the
 * guest keeps dirtying) over the source's shared network, the completion timeout and its action,
 * force-complete and post-copy, and the faults tests inject at each stage.
 */
export class LiveMigrationSimulator {
  constructor(private readonly cloud: SimulatedCloud) {}

  step(migration: SandboxMigration, now: number): boolean {
    const server = this.cloud.servers.get(migration.serverId) as SandboxServer;
    const action = this.cloud.actionOf(migration);
    if (migration.status === 'running' || migration.status === 'running (post-copy)')
      return this.transfer(migration, server, now);
    if (now < migration.phaseEndsAt) return false;
    const at = migration.phaseEndsAt;
    switch (migration.status) {
      case 'accepted': {
        const source = this.cloud.hostOrThrow(migration.source);
        let failure: string | null = null;
        if (!this.cloud.serviceUp(source))
          failure = `Compute service of ${source.name} is unavailable at this time.`;
        const dest = failure ? null : schedule(this.cloud, server, migration.requestedHost, true, at);
        if (!failure && !dest) failure = 'No valid host was found. ';
        if (!failure && migration.failStage === 'scheduler')
          failure = `No valid host was found. ${migration.failMessage ?? ''}`;
        if (failure) {
          this.cloud.addEvent(
            action,
            'conductor_live_migrate_instance',
            'controller',
            migration.createdAt,
            at,
            'Error',
            failure,
          );
          this.cloud.setMigrationStatus(migration, 'error', at);
          server.taskState = null;
          this.cloud.touch(server, at);
          return true;
        }
        migration.dest = (dest as SandboxHost).name;
        this.cloud.addEvent(
          action,
          'conductor_live_migrate_instance',
          'controller',
          migration.createdAt,
          at,
          'Success',
        );
        this.cloud.addEvent(
          action,
          'compute_check_can_live_migrate_destination',
          migration.dest,
          at,
          at,
          'Success',
        );
        this.cloud.addEvent(
          action,
          'compute_check_can_live_migrate_source',
          migration.source,
          at,
          at,
          'Success',
        );
        this.cloud.addEvent(action, 'compute_live_migration', migration.source, at, at, 'Success');
        this.cloud.setMigrationStatus(migration, 'queued', at);
        migration.phaseEndsAt = at + this.cloud.seconds(0.5);
        return true;
      }
      case 'queued': {
        // nova-compute on the source runs max_concurrent_live_migrations at once; the rest wait here
        if (!this.mayLeaveQueue(migration)) return false;
        const from = Math.max(at, this.cloud.slotFreedAt.get(migration.source) ?? at);
        this.cloud.setMigrationStatus(migration, 'preparing', from);
        migration.slotSince = from;
        migration.phaseEndsAt = from + this.cloud.seconds(1.5);
        return true;
      }
      case 'preparing': {
        if (migration.failStage === 'pre-live-migration') {
          // Nova's DestinationDiskExists, which the libvirt driver's pre_live_migration raises when
          // the instance's directory is left on a destination without shared storage
          const details =
            migration.failMessage ??
            `The supplied disk path (/var/lib/nova/instances/${server.id}) already exists, it is expected not to exist.`;
          this.cloud.addEvent(
            action,
            'compute_pre_live_migration',
            migration.dest,
            at - this.cloud.seconds(1.5),
            at,
            'Error',
            details,
          );
          this.rollBackFromDestination(migration, 'error', at);
          return true;
        }
        this.cloud.addEvent(
          action,
          'compute_pre_live_migration',
          migration.dest,
          at - this.cloud.seconds(1.5),
          at,
          'Success',
        );
        this.cloud.setMigrationStatus(migration, 'running', at);
        migration.tick = at;
        migration.runningSince = at;
        return true;
      }
      default:
        return false;
    }
  }

  /** Copies disk (block migration) then memory from `tick` to `now`, exactly, whatever the step size. */
  private transfer(migration: SandboxMigration, server: SandboxServer, now: number): boolean {
    const rate = this.transferRate(migration); // bytes per ms, constant within one step of sync
    const deadline = this.completionDeadline(migration);
    if (deadline !== null && deadline < now) {
      if (migration.tick < deadline && this.transfer(migration, server, deadline)) return true;
      return this.onCompletionTimeout(migration, deadline) || this.transfer(migration, server, now);
    }
    const failAt = migration.failStage === 'transfer' || migration.failStage === 'driver-error' ? 0.4 : null;
    let t = migration.tick;
    while (t < now) {
      if (migration.block && migration.diskRemaining > 0) {
        const dt = Math.min(migration.diskRemaining / rate, now - t);
        migration.diskRemaining = Math.max(0, migration.diskRemaining - rate * dt);
        migration.diskProcessed = migration.diskTotal - migration.diskRemaining;
        t += dt;
        continue;
      }
      // force-complete pauses the guest; in post-copy it runs on the destination: nothing re-dirties
      const dirty = migration.forced || migration.status === 'running (post-copy)' ? 0 : server.dirtyRatio;
      const plateau = dirty >= 1 ? migration.memoryTotal * STALL_PLATEAU : 0;
      const drain = dirty >= 1 ? rate : rate * (1 - dirty);
      let dt = now - t;
      if (failAt !== null) {
        const untilFail = (migration.memoryTotal * failAt - migration.memoryProcessed) / rate;
        if (untilFail <= dt) {
          t += Math.max(0, untilFail);
          migration.memoryProcessed = migration.memoryTotal * failAt;
          migration.memoryRemaining = migration.memoryTotal - migration.memoryProcessed;
          this.failTransfer(migration, server, t);
          return true;
        }
      }
      if (migration.memoryRemaining > plateau) {
        const untilPlateauOrDone = (migration.memoryRemaining - plateau) / drain;
        if (untilPlateauOrDone <= dt) dt = untilPlateauOrDone;
        migration.memoryRemaining -= drain * dt;
      }
      migration.memoryProcessed += rate * dt;
      t += dt;
      if (migration.memoryRemaining <= 0.5) {
        migration.memoryRemaining = 0;
        this.completeLive(migration, server, t);
        return true;
      }
      if (dt === 0) break;
    }
    migration.tick = now;
    migration.updatedAt = now;
    return false;
  }

  /** When [libvirt] live_migration_completion_timeout runs out for this transfer, if it can. */
  private completionDeadline(migration: SandboxMigration): number | null {
    const conf = this.cloud.hostOrThrow(migration.source).novaConf;
    if (conf.completionTimeoutPerGiB <= 0 || migration.runningSince === null) return null;
    if (migration.forced || migration.status === 'running (post-copy)') return null;
    const gib = (migration.memoryTotal + (migration.block ? migration.diskTotal : 0)) / GIB;
    return migration.runningSince + this.cloud.seconds(conf.completionTimeoutPerGiB * gib);
  }

  /** Nova's live_migration_timeout_action: abort (the default) rolls back; force_complete finishes it. */
  private onCompletionTimeout(migration: SandboxMigration, at: number): boolean {
    const conf = this.cloud.hostOrThrow(migration.source).novaConf;
    if (conf.timeoutAction === 'abort') {
      this.rollBackFromDestination(migration, 'cancelled', at);
      return true;
    }
    this.forceTransfer(migration, at);
    migration.tick = at;
    return false;
  }

  /**
   * Nova's force-complete API (202 whatever follows): where post-copy is permitted, the switch fails
   * while a block migration still copies the disk, and nothing changes (the lab's nova-compute log:
   * "Failed to switch to post-copy"; Nova then does not pause the guest either).
   */
  requestForce(migration: SandboxMigration, at: number): void {
    const postCopy = this.cloud.hostOrThrow(migration.source).novaConf.permitPostCopy;
    if (postCopy && migration.block && migration.diskRemaining > 0) return;
    this.forceTransfer(migration, at);
  }

  /** Force-complete: post-copy when the source permits it, else the guest is paused for the copy. */
  forceTransfer(migration: SandboxMigration, at: number): void {
    if (this.cloud.hostOrThrow(migration.source).novaConf.permitPostCopy)
      this.cloud.setMigrationStatus(migration, 'running (post-copy)', at);
    else migration.forced = true;
    migration.updatedAt = at;
  }

  /** The end of a transfer; the two `failStage`s here make Nova's record and the guest disagree. */
  private completeLive(migration: SandboxMigration, server: SandboxServer, at: number): void {
    const dest = migration.dest as string;
    const recordedError = migration.failStage === 'moved-but-error';
    this.cloud.addEvent(
      this.cloud.actionOf(migration),
      'compute_post_live_migration_at_destination',
      dest,
      at,
      at,
      recordedError ? 'Error' : 'Success',
      recordedError
        ? (migration.failMessage ?? 'Failed to update the port bindings on the destination host')
        : null,
    );
    // read before the status changes: post-copy's guest already ran on the destination
    if (!recordedError) migration.completedJob = this.completedJob(migration, server, at);
    this.cloud.setMigrationStatus(migration, recordedError ? 'error' : 'completed', at);
    migration.tick = at;
    if (migration.failStage !== 'completed-not-moved') server.host = dest;
    server.taskState = null;
    this.cloud.touch(server, at);
  }

  /**
   * What libvirt on the destination keeps of the finished job: how long it ran and the blackout, in
   * the simulated world's ms (as a real host at this migration's rate would say), not the clock's: the
   * sandbox's speed compresses the clock, never the guest's pause.
   */
  private completedJob(migration: SandboxMigration, server: SandboxServer, at: number) {
    const { speed } = this.cloud;
    const rate = this.transferRate(migration) / speed;
    // paused by force-complete, or running on the destination (post-copy): nothing dirties the source
    const still = migration.forced || migration.status === 'running (post-copy)';
    const dirty = still ? 0 : Math.max(server.dirtyRatio * rate, IDLE_DIRTY_BYTES_PER_MS);
    return {
      elapsedMs: Math.round((at - (migration.runningSince ?? migration.createdAt)) * speed),
      downtimeMs: Math.round(stopAndCopyMs(migration.memoryTotal, rate, dirty)),
    };
  }

  private failTransfer(migration: SandboxMigration, server: SandboxServer, at: number): void {
    const action = this.cloud.actionOf(migration);
    if (migration.failStage === 'driver-error') {
      const message =
        migration.failMessage ??
        "internal error: unable to execute QEMU command 'migrate': Connection reset by peer";
      this.cloud.addEvent(action, 'compute_live_migration', migration.source, at, at, 'Error', message);
      this.cloud.putInError(migration, server, message, at);
      return;
    }
    this.rollBackFromDestination(migration, 'failed', at);
  }

  /** A failure after the destination was prepared: Nova cleans it up, then rolls back. */
  private rollBackFromDestination(migration: SandboxMigration, status: string, at: number): void {
    this.cloud.addEvent(
      this.cloud.actionOf(migration),
      'compute_rollback_live_migration_at_destination',
      migration.dest,
      at,
      at,
      'Success',
    );
    this.cloud.rollBack(migration, status, at);
  }

  /** First in, first out, within the source's max_concurrent_live_migrations. */
  private mayLeaveQueue(migration: SandboxMigration): boolean {
    const { maxConcurrentLiveMigrations } = this.cloud.hostOrThrow(migration.source).novaConf;
    const earlierWaiting = this.cloud.migrations.some(
      (m) => m.id < migration.id && m.source === migration.source && m.status === 'queued',
    );
    return !earlierWaiting && this.slotsTaken(migration.source, migration) < maxConcurrentLiveMigrations;
  }

  /** Live migrations from `source` holding one of its max_concurrent_live_migrations slots. */
  private slotsTaken(source: string, except: SandboxMigration): number {
    return this.cloud.migrations.filter(
      (m) => m !== except && m.type === 'live-migration' && m.source === source && HOLDS_SLOT.has(m.status),
    ).length;
  }

  /**
   * A transfer's bytes per ms: one stream's rate, capped by live_migration_bandwidth (libvirt's
   * migrate-setspeed: the lab's records send 2.9–3.0 MiB/s under a 3 MiB/s cap), or its share of the
   * source's network if less.
   */
  private transferRate(migration: SandboxMigration): number {
    const { nicBytesPerSecond, bandwidthBytesPerSecond } = this.cloud.hostOrThrow(migration.source).novaConf;
    const stream =
      bandwidthBytesPerSecond > 0 ? Math.min(TRANSFER_RATE, bandwidthBytesPerSecond) : TRANSFER_RATE;
    const sharing = this.cloud.migrations.filter(
      (m) => m.source === migration.source && (m.status === 'running' || m.status === 'running (post-copy)'),
    ).length;
    return (Math.min(stream, nicBytesPerSecond / Math.max(1, sharing)) * this.cloud.speed) / 1000;
  }
}
