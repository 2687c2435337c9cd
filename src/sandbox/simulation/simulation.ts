import { type SandboxMigration, SLICE_MS, TERMINAL } from '../model.ts';
import type { SimulatedCloud } from '../simulated-cloud.ts';
import { ColdMigrationSimulator } from './cold.ts';
import { EvacuationSimulator } from './evacuation.ts';
import { LiveMigrationSimulator } from './live.ts';

/**
 * Time in the sandbox only moves when someone looks: every request first brings the world up to the
 * clock's "now", so a fake clock drives minute-long migrations in microseconds and the result never
 * depends on how often a client polls.
 */
export class Simulation {
  readonly live: LiveMigrationSimulator;
  private readonly cold: ColdMigrationSimulator;
  private readonly evacuation: EvacuationSimulator;
  /** the time every move has been brought up to */
  private syncedTo: number;

  constructor(private readonly cloud: SimulatedCloud) {
    this.live = new LiveMigrationSimulator(cloud);
    this.cold = new ColdMigrationSimulator(cloud);
    this.evacuation = new EvacuationSimulator(cloud);
    this.syncedTo = cloud.clock.now();
  }

  /**
   * Brings every move up to the clock's present. Moves from one host share its slots and its network,
   * so time advances for all of them together: a second at a time while bytes flow, straight to the
   * next phase change otherwise.
   */
  sync(): void {
    const now = this.cloud.clock.now();
    for (const host of this.cloud.hosts.values()) if (this.cloud.serviceUp(host)) host.serviceUpdatedAt = now;
    for (;;) {
      const moving = this.cloud.migrations.filter((m) => !TERMINAL.has(m.status) && m.status !== 'finished');
      const flowing = moving.some((m) => m.status === 'running' || m.status === 'running (post-copy)');
      const ahead = moving.map((m) => m.phaseEndsAt).filter((at) => at > this.syncedTo);
      const until = Math.min(now, flowing ? this.syncedTo + SLICE_MS : Math.min(...ahead));
      // repeated passes: a slot freed by one move lets a queued one go at the same moment
      for (let pass = 0, moved = true; moved && pass < 10; pass++) {
        moved = false;
        for (const migration of moving) moved = this.stepUntil(migration, until) || moved;
      }
      this.syncedTo = until;
      if (until >= now) return;
    }
  }

  /** Steps one move through every change due by `until`; true when anything changed. */
  private stepUntil(migration: SandboxMigration, until: number): boolean {
    let changed = false;
    for (let guard = 0; guard < 20; guard++) {
      if (TERMINAL.has(migration.status) || migration.status === 'finished') break;
      const moved =
        migration.type === 'live-migration'
          ? this.live.step(migration, until)
          : migration.type === 'evacuation'
            ? this.evacuation.step(migration, until)
            : this.cold.step(migration, until);
      if (!moved) break;
      changed = true;
    }
    return changed;
  }
}
