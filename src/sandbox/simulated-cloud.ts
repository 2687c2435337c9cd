import type { Clock } from '../clock.ts';
import type { SandboxAction, SandboxHost, SandboxMigration, SandboxServer } from './model.ts';
import type { SeedFlavor, SeedHost, SeedServer } from './seed.ts';

/**
 * The sandbox cloud as the parts it drives see it: the simulators (simulation/), the scheduler
 * (placement-and-scheduling.ts) and the large profile (profiles.ts) read and change its state and
 * keep its records through this, so they sit below cloud.ts, whose SandboxCloud is the one there is.
 */
export interface SimulatedCloud {
  readonly clock: Clock;
  /** 1: an 8 GiB live migration takes about a minute; larger is faster */
  readonly speed: number;
  readonly hosts: Map<string, SandboxHost>;
  readonly servers: Map<string, SandboxServer>;
  readonly migrations: SandboxMigration[];
  readonly groups: Map<string, { id: string; name: string; policy: string; projectId: string }>;
  /** when a live migration from each host last left the running ones, freeing a slot */
  readonly slotFreedAt: Map<string, number>;
  /** the `slow-release` fault: seconds Placement keeps a finished move's source (null: none) */
  readonly faults: { releaseSeconds: number | null };

  hostOrThrow(name: string): SandboxHost;
  serviceUp(host: SandboxHost): boolean;
  activeMigration(serverId: string): SandboxMigration | undefined;
  actionOf(migration: SandboxMigration): SandboxAction | undefined;
  addEvent(
    action: SandboxAction | undefined,
    event: string,
    host: string | null,
    start: number,
    finish: number | null,
    result: 'Success' | 'Error' | null,
    details?: string | null,
  ): void;
  /** simulated seconds → clock milliseconds at the cloud's speed */
  seconds(value: number): number;
  touch(server: SandboxServer, at?: number): void;
  setMigrationStatus(migration: SandboxMigration, status: string, at?: number): void;
  putInError(migration: SandboxMigration, server: SandboxServer, message: string, at: number): void;
  rollBack(migration: SandboxMigration, status: string, at: number): void;

  addHost(seed: SeedHost): SandboxHost;
  addAggregate(name: string, hosts: string[]): void;
  addGroup(name: string, policy: string, project: string): void;
  addServer(seed: SeedServer): SandboxServer;
  addFlavor(flavor: SeedFlavor): void;
  setServiceDown(hostName: string, down: boolean): void;
}
