import { createHash } from 'node:crypto';
import type { Clock } from '../clock.ts';
import {
  type ApiFault,
  type CellDown,
  HOLDS_SLOT,
  IN_PROGRESS_LIVE,
  type LostAnswer,
  type MigrationFault,
  type Outage,
  type SandboxAction,
  type SandboxAggregate,
  type SandboxHost,
  type SandboxMigration,
  type SandboxOptions,
  type SandboxServer,
  TERMINAL,
  type TokenInfo,
} from './model.ts';
import { applyProfile } from './profiles.ts';
import {
  SEED_AGGREGATES,
  SEED_FLAVORS,
  SEED_GROUPS,
  SEED_HOSTS,
  SEED_PROJECTS,
  SEED_SERVERS,
  SEED_USERS,
  type SeedFlavor,
  type SeedHost,
  type SeedServer,
  sandboxUuid,
} from './seed.ts';
import { hostRecord, serverRecord } from './seed-records.ts';
import type { SimulatedCloud } from './simulated-cloud.ts';
import { Simulation } from './simulation/simulation.ts';

export * from './model.ts';

/**
 * The sandbox cloud's state, its seeding, the faults a test injects into it, and the derived state
 * and records every part shares. Nova's rules for the API calls that change it live in
 * server-actions.ts, Keystone's in keystone-tokens.ts, Placement's and the scheduler's in
 * placement-and-scheduling.ts; how moves then run over time is the simulators' business (simulation/).
 */
export class SandboxCloud implements SimulatedCloud {
  readonly clock: Clock;
  readonly speed: number;
  readonly tokenTtlSeconds: number;
  readonly maxMicroversion: string;
  readonly maxLimit: number;
  /** the catalog lists Neutron */
  readonly network: boolean;
  readonly projects = new Map<string, { id: string; name: string }>();
  readonly users = new Map<
    string,
    { id: string; name: string; password: string; projectId: string; roles: string[] }
  >();
  readonly flavors: SeedFlavor[] = SEED_FLAVORS.map((flavor) => ({ ...flavor }));
  /** Glance's images by ID: the one every seeded server boots from, and those tests add */
  readonly images = new Map<string, { name: string; properties: Record<string, string> }>([
    [sandboxUuid('image', 'debian-12'), { name: 'debian-12', properties: {} }],
  ]);
  readonly hosts = new Map<string, SandboxHost>();
  readonly servers = new Map<string, SandboxServer>();
  readonly migrations: SandboxMigration[] = [];
  readonly actions: SandboxAction[] = [];
  readonly groups = new Map<string, { id: string; name: string; policy: string; projectId: string }>();
  /** host aggregates (racks, hardware generations): a name and its hosts, as os-aggregates lists them */
  readonly aggregates: SandboxAggregate[] = [];
  readonly tokens = new Map<string, TokenInfo>();
  readonly faults = {
    migrations: [] as MigrationFault[],
    api: [] as ApiFault[],
    slowMs: 0,
    /** how long Placement keeps a finished move's source (null: as the lab, SOURCE_RELEASE_S) */
    releaseSeconds: null as number | null,
    conflictNextAction: false,
    lostAnswers: [] as LostAnswer[],
    outage: null as Outage | null,
    cellDown: null as CellDown | null,
  };
  private nextMigrationId = 1;
  /** when a live migration from each host last left the running ones, freeing a slot */
  readonly slotFreedAt = new Map<string, number>();
  /** every HTTP request answered, so a test can prove Ferry asked the cloud nothing */
  requestsServed = 0;
  /** how moves run over time; server actions reach into it to force a live migration to finish */
  readonly simulation: Simulation;

  constructor(options: SandboxOptions) {
    this.clock = options.clock;
    this.speed = options.speed ?? 1;
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
    this.maxMicroversion = options.maxMicroversion ?? '2.96';
    this.maxLimit = options.maxLimit ?? 1000;
    this.network = options.network ?? true;
    this.simulation = new Simulation(this);
    this.seed();
    applyProfile(this, options.profile ?? 'small');
  }

  private seed(): void {
    for (const name of SEED_PROJECTS)
      this.projects.set(name, { id: sandboxUuid('project', name).replaceAll('-', ''), name });
    for (const user of SEED_USERS) {
      const projectId = this.projects.get(user.project)?.id as string;
      this.users.set(user.name, {
        id: sandboxUuid('user', user.name).replaceAll('-', ''),
        name: user.name,
        password: user.password,
        projectId,
        roles: [...user.roles],
      });
    }
    for (const seed of SEED_HOSTS) this.addHost(seed);
    for (const group of SEED_GROUPS) this.addGroup(group.name, group.policy, 'web');
    for (const aggregate of SEED_AGGREGATES) this.addAggregate(aggregate.name, aggregate.hosts);
    SEED_SERVERS.forEach((seed) => {
      this.addServer(seed);
    });
  }

  /** Adds a compute host with its nova-compute service (benchmarks build bigger clouds). */
  addHost(seed: SeedHost): SandboxHost {
    const host = hostRecord(seed, this.hosts.size, this.clock.now());
    this.hosts.set(seed.name, host);
    return host;
  }

  /** Adds a host aggregate (no availability zone: as recorded, Ferry only reads names and hosts). */
  addAggregate(name: string, hosts: string[]): void {
    const id = this.aggregates.length + 1;
    this.aggregates.push({
      id,
      uuid: sandboxUuid('aggregate', name),
      name,
      hosts: [...hosts],
      metadata: {},
      createdAt: this.clock.now(),
    });
  }

  /** Adds a server group of a project (its members name it in their seeds). */
  addGroup(name: string, policy: string, project: string): void {
    const id = sandboxUuid('group', name);
    this.groups.set(id, { id, name, policy, projectId: this.projects.get(project)?.id as string });
  }

  /** Adds a Glance image with its properties (Glance keeps them as the image's top-level keys). */
  addImage(name: string, properties: Record<string, string>): void {
    this.images.set(sandboxUuid('image', name), { name, properties: { ...properties } });
  }

  /** Adds a flavor (the impact flavors, IMPACT_FLAVORS, are added where a test or profile needs them). */
  addFlavor(flavor: SeedFlavor): void {
    if (!this.flavors.some((candidate) => candidate.id === flavor.id)) this.flavors.push({ ...flavor });
  }

  /** Adds a server as if booted a while ago, never in the future (benchmarks and tests build bigger clouds). */
  addServer(seed: SeedServer): SandboxServer {
    const server = serverRecord(this, seed, this.servers.size, this.clock.now());
    this.servers.set(server.id, server);
    return server;
  }

  // ---------------------------------------------------------------- faults

  /** Every issued token stops working, as after a Keystone key rotation. */
  expireTokens(): void {
    this.tokens.clear();
  }

  setServiceDown(hostName: string, down: boolean): void {
    this.sync();
    this.hostOrThrow(hostName).down = down;
    // nova-compute starting again removes what was evacuated from it and completes those records
    if (!down)
      for (const migration of this.pendingEvacuations(hostName))
        this.setMigrationStatus(migration, 'completed');
  }

  /** The guest dirties memory faster than it can be copied (ratio ≥ 1 never converges). */
  setDirtyRatio(serverRef: string, ratio: number): void {
    this.sync();
    this.resolveServer(serverRef).dirtyRatio = ratio;
  }

  failNextMigration(fault: MigrationFault): void {
    if (fault.server) this.resolveServer(fault.server);
    this.faults.migrations.push(fault);
  }

  clearFaults(): void {
    this.faults.migrations.length = 0;
    this.faults.api.length = 0;
    this.faults.slowMs = 0;
    this.faults.releaseSeconds = null;
    this.faults.conflictNextAction = false;
    this.faults.lostAnswers.length = 0;
    this.faults.outage = null;
    this.faults.cellDown = null;
  }

  /** An injected API error for this request, if one is due. */
  takeApiFault(path: string): ApiFault | undefined {
    const fault = this.faults.api.find(
      (candidate) => !candidate.pathContains || path.includes(candidate.pathContains),
    );
    if (!fault) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.faults.api.splice(this.faults.api.indexOf(fault), 1);
    return fault;
  }

  resolveServer(ref: string): SandboxServer {
    const byId = this.servers.get(ref);
    if (byId) return byId;
    const named = [...this.servers.values()].filter((server) => server.name === ref);
    if (named.length === 1) return named[0] as SandboxServer;
    throw new Error(
      named.length === 0
        ? `no sandbox server "${ref}"`
        : `"${ref}" names ${named.length} servers; use the ID`,
    );
  }

  hostOrThrow(name: string): SandboxHost {
    const host = this.hosts.get(name);
    if (!host) throw new Error(`no sandbox host "${name}"`);
    return host;
  }

  // ---------------------------------------------------------------- derived state

  serviceUp(host: SandboxHost): boolean {
    return !host.down && !host.forcedDown;
  }

  statusOf(server: SandboxServer): string {
    const task = server.taskState;
    if (task === 'migrating') return 'MIGRATING';
    if (task?.startsWith('resize_') && task !== 'resize_reverting') return 'RESIZE';
    if (server.vmState === 'resized') return task === 'resize_reverting' ? 'REVERT_RESIZE' : 'VERIFY_RESIZE';
    return {
      active: 'ACTIVE',
      stopped: 'SHUTOFF',
      paused: 'PAUSED',
      error: 'ERROR',
      resized: 'VERIFY_RESIZE',
    }[server.vmState];
  }

  /** The guest's power state on its hypervisor: force-complete without post-copy pauses it. */
  powerStateOf(server: SandboxServer, migration = this.activeMigration(server.id)): number {
    return this.powerState(
      server,
      migration,
      migration?.forced === true && migration.type === 'live-migration',
    );
  }

  /**
   * The power state Nova's record of the server shows. A guest's change reaches it only while no task
   * runs (compute manager's _sync_instance_power_state skips an instance with a task_state), so a guest
   * force-complete paused during its live migration (task `migrating`) still reads as it did before.
   */
  recordedPowerState(server: SandboxServer, migration = this.activeMigration(server.id)): number {
    return this.powerState(server, migration, false);
  }

  private powerState(server: SandboxServer, migration: SandboxMigration | undefined, pausedByForce: boolean) {
    if (server.vmState === 'paused' || pausedByForce) return 3;
    if (server.vmState === 'stopped' || server.vmState === 'error') return 4;
    if (server.vmState === 'resized') return migration?.priorVmState === 'stopped' ? 4 : 1;
    return 1;
  }

  hostIdOf(server: SandboxServer): string {
    const key = `${server.projectId}${server.host}`;
    const id = this.hostIds.get(key) ?? createHash('sha224').update(key).digest('hex');
    this.hostIds.set(key, id);
    return id;
  }
  /** hostIdOf's digests by project and host (else one per server view) */
  private readonly hostIds = new Map<string, string>();

  activeMigration(serverId: string): SandboxMigration | undefined {
    return this.migrations.find(
      (migration) => migration.serverId === serverId && !TERMINAL.has(migration.status),
    );
  }

  isInProgressLive(migration: SandboxMigration): boolean {
    return migration.type === 'live-migration' && IN_PROGRESS_LIVE.has(migration.status);
  }

  /** Evacuations from `host` that wait for its nova-compute to start again. */
  pendingEvacuations(host: string): SandboxMigration[] {
    return this.migrations.filter((m) => m.type === 'evacuation' && m.source === host && m.status === 'done');
  }

  // ---------------------------------------------------------------- records (kept by API actions and simulators)

  takeMigrationId(): number {
    return this.nextMigrationId++;
  }

  addEvent(
    action: SandboxAction | undefined,
    event: string,
    host: string | null,
    start: number,
    finish: number | null,
    result: 'Success' | 'Error' | null,
    details: string | null = null,
  ): void {
    if (!action) return;
    action.events.push({ event, host, startTime: start, finishTime: finish, result, details });
    action.updatedAt = finish ?? start;
    if (result === 'Error') action.message = 'Error';
  }

  actionOf(migration: SandboxMigration): SandboxAction | undefined {
    return this.actions.find((action) => action.requestId === migration.requestId);
  }

  seconds(value: number): number {
    return (value * 1000) / this.speed;
  }

  touch(server: SandboxServer, at = this.clock.now()): void {
    server.updated = at;
  }

  setMigrationStatus(migration: SandboxMigration, status: string, at = this.clock.now()): void {
    if (migration.type === 'live-migration' && HOLDS_SLOT.has(migration.status) && !HOLDS_SLOT.has(status))
      this.slotFreedAt.set(migration.source, at);
    migration.status = status;
    migration.updatedAt = at;
  }

  /** An unexpected compute failure: migration error, server ERROR with a fault, as Nova leaves it. */
  putInError(migration: SandboxMigration, server: SandboxServer, message: string, at: number): void {
    this.setMigrationStatus(migration, 'error', at);
    server.vmState = 'error';
    server.taskState = null;
    server.fault = { code: 500, message, created: at };
    this.touch(server, at);
  }

  rollBack(migration: SandboxMigration, status: string, at: number): void {
    const server = this.servers.get(migration.serverId) as SandboxServer;
    this.setMigrationStatus(migration, status, at);
    server.host = migration.source;
    server.taskState = null;
    this.touch(server, at);
  }

  /** Brings every move up to the clock's present (see Simulation). */
  sync(): void {
    this.simulation.sync();
  }
}
