import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { applyProfile, type Profile } from './profiles.ts';
import {
  SEED_APP_CREDENTIAL,
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

/**
 * The sandbox cloud's state and Nova's rules for changing it. Time only moves when someone looks:
 * every request first brings the world up to the clock's "now", so a fake clock drives minute-long
 * migrations in microseconds and the result never depends on how often a client polls.
 */

/** An error Nova would answer with; `status` and `message` are what the HTTP layer sends. */
export class NovaFault extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface SandboxHost {
  name: string;
  nodeName: string;
  nodeUuid: string;
  serviceUuid: string;
  hostIp: string;
  hypervisorType: string;
  hypervisorVersion: number;
  memoryMb: number;
  reservedMemoryMb: number;
  ramAllocationRatio: number;
  vcpus: number;
  cpuAllocationRatio: number;
  diskGb: number;
  status: 'enabled' | 'disabled';
  disabledReason: string | null;
  forcedDown: boolean;
  /** heartbeat lost (nova-compute not running) */
  down: boolean;
  zone: string;
  serviceUpdatedAt: number;
  /** the nova.conf of its nova-compute that shapes live migrations from it */
  novaConf: NovaConf;
}

/** nova.conf options of a compute host that limit live migrations, with Nova's defaults. */
export interface NovaConf {
  /** [DEFAULT] max_concurrent_live_migrations: more wait in `queued` on the source */
  maxConcurrentLiveMigrations: number;
  /** the source's migration network, shared by its transfers (bytes per second; 10 Gbit/s) */
  nicBytesPerSecond: number;
  /** [libvirt] live_migration_completion_timeout, seconds per GiB transferred (0: never) */
  completionTimeoutPerGiB: number;
  /** [libvirt] live_migration_timeout_action */
  timeoutAction: 'abort' | 'force_complete';
  /** [libvirt] live_migration_permit_post_copy: force-complete switches to post-copy */
  permitPostCopy: boolean;
}

export const NOVA_CONF_DEFAULTS: NovaConf = {
  maxConcurrentLiveMigrations: 1,
  nicBytesPerSecond: 10e9 / 8,
  completionTimeoutPerGiB: 800,
  timeoutAction: 'abort',
  permitPostCopy: false,
};

export type VmState = 'active' | 'stopped' | 'paused' | 'resized' | 'error';

export interface SandboxServer {
  id: string;
  name: string;
  projectId: string;
  userId: string;
  flavor: SeedFlavor;
  imageId: string | null;
  volumes: string[];
  host: string;
  vmState: VmState;
  taskState: string | null;
  locked: boolean;
  lockedReason: string | null;
  groups: string[];
  sharedStorage: boolean;
  dirtyRatio: number;
  instanceName: string;
  created: number;
  updated: number;
  fault: { code: number; message: string; created: number } | null;
}

/**
 * Where a live migration goes wrong. The last two are Nova's records disagreeing with the hypervisor:
 * `completed-not-moved` marks the migration completed with the guest still on its source;
 * `moved-but-error` moves the guest and then records the migration as an error.
 */
export type LiveStage =
  | 'scheduler'
  | 'pre-live-migration'
  | 'transfer'
  | 'driver-error'
  | 'completed-not-moved'
  | 'moved-but-error';
export type ColdStage = 'scheduler' | 'resize';

export interface SandboxMigration {
  id: number;
  uuid: string;
  serverId: string;
  type: 'live-migration' | 'migration' | 'evacuation';
  status: string;
  source: string;
  dest: string | null;
  requestedHost: string | null;
  block: boolean;
  createdAt: number;
  updatedAt: number;
  userId: string;
  projectId: string;
  flavorId: string;
  /** when the current timed phase ends */
  phaseEndsAt: number;
  /** time the transfer was last integrated up to */
  tick: number;
  memoryTotal: number;
  memoryProcessed: number;
  memoryRemaining: number;
  diskTotal: number;
  diskProcessed: number;
  diskRemaining: number;
  forced: boolean;
  /** when it took one of its source's slots (left `queued`): Nova-side work starts here */
  slotSince: number | null;
  /** when the transfer began: live_migration_completion_timeout counts from here */
  runningSince: number | null;
  /** vm_state before a cold migration, restored on confirm/revert */
  priorVmState: VmState;
  failStage: LiveStage | ColdStage | null;
  failMessage: string | null;
  requestId: string;
}

export interface SandboxEvent {
  event: string;
  host: string | null;
  startTime: number;
  finishTime: number | null;
  result: 'Success' | 'Error' | null;
  details: string | null;
}

export interface SandboxAction {
  requestId: string;
  serverId: string;
  action: string;
  userId: string;
  projectId: string;
  startTime: number;
  updatedAt: number;
  message: string | null;
  events: SandboxEvent[];
}

export interface TokenInfo {
  userId: string;
  userName: string;
  projectId: string;
  projectName: string;
  roles: string[];
  expiresAt: number;
  issuedAt: number;
  methods: string[];
}

export interface MigrationFault {
  /** server name or ID; absent: the next migration of any server */
  server?: string;
  stage: LiveStage | ColdStage;
  message?: string;
}

export interface ApiFault {
  status: number;
  count: number;
  /** only requests whose path contains this */
  pathContains?: string;
}

export interface SandboxOptions {
  clock: Clock;
  /** 1: an 8 GiB live migration takes about a minute; larger is faster */
  speed?: number;
  tokenTtlSeconds?: number;
  /** newest compute microversion served (default 2.96) */
  maxMicroversion?: string;
  /** Nova's [api] max_limit: the most items one page of a list holds (default 1000) */
  maxLimit?: number;
  /** small (the seeded cloud) or large (plus 500 hosts and about 10,000 servers) */
  profile?: Profile;
}

/** Bytes per second per unit of speed: 8 GiB in about 55 s. */
const TRANSFER_RATE = 150 * 1024 * 1024;
/** How far a guest that dirties memory faster than it is copied gets before it stops converging. */
const STALL_PLATEAU = 0.22;
const GIB = 1024 ** 3;
const IN_PROGRESS_LIVE = new Set(['accepted', 'queued', 'preparing', 'running', 'running (post-copy)']);
/** statuses of a live migration that hold one of its source's max_concurrent_live_migrations slots */
const HOLDS_SLOT = new Set(['preparing', 'running', 'running (post-copy)']);
/** while bytes flow, time advances in steps this long so hosts' shared limits are applied */
const SLICE_MS = 1_000;
const TERMINAL = new Set(['completed', 'confirmed', 'reverted', 'error', 'failed', 'cancelled', 'done']);

export class SandboxCloud {
  readonly clock: Clock;
  readonly speed: number;
  readonly tokenTtlSeconds: number;
  readonly maxMicroversion: string;
  readonly maxLimit: number;
  readonly projects = new Map<string, { id: string; name: string }>();
  readonly users = new Map<
    string,
    { id: string; name: string; password: string; projectId: string; roles: string[] }
  >();
  readonly flavors: SeedFlavor[] = SEED_FLAVORS.map((flavor) => ({ ...flavor }));
  readonly hosts = new Map<string, SandboxHost>();
  readonly servers = new Map<string, SandboxServer>();
  readonly migrations: SandboxMigration[] = [];
  readonly actions: SandboxAction[] = [];
  readonly groups = new Map<string, { id: string; name: string; policy: string; projectId: string }>();
  readonly tokens = new Map<string, TokenInfo>();
  readonly faults = {
    migrations: [] as MigrationFault[],
    api: [] as ApiFault[],
    slowMs: 0,
    conflictNextAction: false,
  };
  private nextMigrationId = 1;
  /** the time every move has been brought up to */
  private syncedTo: number;
  /** when a live migration from each host last left the running ones, freeing a slot */
  private readonly slotFreedAt = new Map<string, number>();
  /** every HTTP request answered, so a test can prove Ferry asked the cloud nothing */
  requestsServed = 0;

  constructor(options: SandboxOptions) {
    this.clock = options.clock;
    this.speed = options.speed ?? 1;
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
    this.maxMicroversion = options.maxMicroversion ?? '2.96';
    this.maxLimit = options.maxLimit ?? 1000;
    this.syncedTo = this.clock.now();
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
    SEED_SERVERS.forEach((seed) => {
      this.addServer(seed);
    });
  }

  /** Adds a compute host with its nova-compute service (benchmarks build bigger clouds). */
  addHost(seed: SeedHost): SandboxHost {
    const index = this.hosts.size;
    const host: SandboxHost = {
      name: seed.name,
      nodeName: `${seed.name}.sandbox.ferry.test`,
      nodeUuid: sandboxUuid('node', seed.name),
      serviceUuid: sandboxUuid('service', seed.name),
      hostIp: `192.0.2.${11 + index}`,
      hypervisorType: 'QEMU',
      hypervisorVersion: seed.hypervisorVersion,
      memoryMb: seed.memoryMb,
      reservedMemoryMb: 512,
      ramAllocationRatio: 1.0,
      vcpus: seed.vcpus,
      cpuAllocationRatio: 4.0,
      diskGb: seed.diskGb,
      status: seed.disabledReason ? 'disabled' : 'enabled',
      disabledReason: seed.disabledReason ?? null,
      forcedDown: false,
      down: false,
      zone: seed.zone ?? 'nova',
      serviceUpdatedAt: this.clock.now(),
      novaConf: { ...NOVA_CONF_DEFAULTS },
    };
    this.hosts.set(seed.name, host);
    return host;
  }

  /** Adds a server group of a project (its members name it in their seeds). */
  addGroup(name: string, policy: string, project: string): void {
    const id = sandboxUuid('group', name);
    this.groups.set(id, { id, name, policy, projectId: this.projects.get(project)?.id as string });
  }

  /** Adds a server as if it had been booted a while ago (benchmarks and tests build bigger clouds). */
  addServer(seed: SeedServer): SandboxServer {
    const now = this.clock.now();
    const index = this.servers.size;
    const id = sandboxUuid('server', `${seed.project}/${seed.name}`);
    const flavor = this.flavors.find((candidate) => candidate.name === seed.flavor);
    if (!flavor) throw new Error(`no sandbox flavor "${seed.flavor}"`);
    const created = now - (30 - index) * 86_400_000;
    const server: SandboxServer = {
      id,
      name: seed.name,
      projectId: this.projects.get(seed.project)?.id as string,
      userId: this.users.get(seed.user)?.id as string,
      flavor: { ...flavor },
      imageId: seed.volumeBacked ? null : sandboxUuid('image', 'debian-12'),
      volumes: seed.volumeBacked ? [sandboxUuid('volume', `${seed.name}-root`)] : [],
      host: seed.host,
      vmState: seed.state ?? 'active',
      taskState: null,
      locked: seed.locked !== undefined,
      lockedReason: seed.locked ?? null,
      groups: seed.group ? [sandboxUuid('group', seed.group)] : [],
      sharedStorage: seed.sharedStorage ?? false,
      dirtyRatio: seed.dirtyRatio ?? 0,
      instanceName: `instance-${(index + 1).toString(16).padStart(8, '0')}`,
      created,
      updated: created,
      fault: null,
    };
    this.servers.set(id, server);
    return server;
  }

  // ---------------------------------------------------------------- identity

  authenticate(body: unknown): { token: string; info: TokenInfo } {
    const auth = (body as { auth?: Record<string, unknown> })?.auth;
    const identity = auth?.identity as Record<string, unknown> | undefined;
    const methods = (identity?.methods as string[] | undefined) ?? [];
    let user: ReturnType<SandboxCloud['userByName']>;
    if (methods.includes('password')) {
      const given = (identity?.password as { user?: Record<string, unknown> })?.user ?? {};
      const domain = given.domain as { name?: string; id?: string } | undefined;
      if (given.name && !domain)
        throw new NovaFault(
          400,
          'Expecting to find domain in user. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.',
        );
      if (domain && domain.name !== 'Default' && domain.id !== 'default') throw unauthorized();
      user = given.id
        ? [...this.users.values()].find((u) => u.id === given.id)
        : this.userByName(String(given.name));
      if (!user || user.password !== given.password) throw unauthorized();
      const scope = (
        auth?.scope as { project?: { name?: string; id?: string; domain?: { name?: string; id?: string } } }
      )?.project;
      if (scope) {
        const project = scope.id
          ? [...this.projects.values()].find((p) => p.id === scope.id)
          : this.projects.get(String(scope.name));
        if (!project || project.id !== user.projectId) throw unauthorized();
      }
    } else if (methods.includes('application_credential')) {
      const credential = identity?.application_credential as Record<string, unknown> | undefined;
      if (auth?.scope) throw new NovaFault(401, 'Application credentials cannot request a scope.');
      if (credential?.id !== SEED_APP_CREDENTIAL.id || credential?.secret !== SEED_APP_CREDENTIAL.secret)
        throw unauthorized();
      user = this.userByName(SEED_APP_CREDENTIAL.user);
    } else {
      throw new NovaFault(401, 'The request you have made requires authentication.');
    }
    if (!user) throw unauthorized();
    const now = this.clock.now();
    const project = [...this.projects.values()].find((p) => p.id === user.projectId) as {
      id: string;
      name: string;
    };
    const info: TokenInfo = {
      userId: user.id,
      userName: user.name,
      projectId: project.id,
      projectName: project.name,
      roles: user.roles,
      issuedAt: now,
      expiresAt: now + this.tokenTtlSeconds * 1000,
      methods: methods.slice(0, 1),
    };
    const token = `gAAAAA${randomBytes(24).toString('hex')}`;
    this.tokens.set(token, info);
    return { token, info };
  }

  private userByName(name: string) {
    return this.users.get(name);
  }

  validateToken(token: string | undefined): TokenInfo {
    const info = token ? this.tokens.get(token) : undefined;
    if (!info || info.expiresAt <= this.clock.now()) throw unauthorized();
    return info;
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
    this.faults.conflictNextAction = false;
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

  powerStateOf(server: SandboxServer, migration = this.activeMigration(server.id)): number {
    if (server.vmState === 'paused' || (migration?.forced && migration.type === 'live-migration')) return 3;
    if (server.vmState === 'stopped' || server.vmState === 'error') return 4;
    if (server.vmState === 'resized') return migration?.priorVmState === 'stopped' ? 4 : 1;
    return 1;
  }

  hostIdOf(server: SandboxServer): string {
    return createHash('sha224').update(`${server.projectId}${server.host}`).digest('hex');
  }

  activeMigration(serverId: string): SandboxMigration | undefined {
    return this.migrations.find(
      (migration) => migration.serverId === serverId && !TERMINAL.has(migration.status),
    );
  }

  isInProgressLive(migration: SandboxMigration): boolean {
    return migration.type === 'live-migration' && IN_PROGRESS_LIVE.has(migration.status);
  }

  /** Placement usage of a host: its servers, plus both ends of every move not yet finished. */
  usage(hostName: string): { MEMORY_MB: number; VCPU: number; DISK_GB: number } {
    const total = { MEMORY_MB: 0, VCPU: 0, DISK_GB: 0 };
    for (const server of this.servers.values()) {
      const migration = this.activeMigration(server.id);
      const holders = new Set([server.host]);
      if (migration?.dest && migration.status !== 'accepted' && migration.status !== 'pre-migrating') {
        holders.add(migration.source);
        holders.add(migration.dest);
      }
      if (!holders.has(hostName)) continue;
      total.MEMORY_MB += server.flavor.ram;
      total.VCPU += server.flavor.vcpus;
      total.DISK_GB += server.imageId ? server.flavor.disk : 0;
    }
    return total;
  }

  /**
   * Placement's allocations of one consumer, as Nova makes them: while a move holds both ends, the
   * server holds the destination and the migration (its UUID) holds the source.
   */
  allocationsOf(
    consumer: string,
  ): { host: string; server: SandboxServer; userId: string; projectId: string } | null {
    const holding = (migration: SandboxMigration | undefined) =>
      migration?.dest && migration.status !== 'accepted' && migration.status !== 'pre-migrating'
        ? migration
        : null;
    const server = this.servers.get(consumer);
    if (server) {
      const moving = holding(this.activeMigration(server.id));
      return {
        host: moving?.dest ?? server.host,
        server,
        userId: server.userId,
        projectId: server.projectId,
      };
    }
    for (const candidate of this.servers.values()) {
      const moving = holding(this.activeMigration(candidate.id));
      if (moving?.uuid === consumer)
        return { host: moving.source, server: candidate, userId: moving.userId, projectId: moving.projectId };
    }
    return null;
  }

  capacity(host: SandboxHost) {
    return {
      MEMORY_MB: { total: host.memoryMb, reserved: host.reservedMemoryMb, ratio: host.ramAllocationRatio },
      VCPU: { total: host.vcpus, reserved: 0, ratio: host.cpuAllocationRatio },
      DISK_GB: { total: host.diskGb, reserved: 0, ratio: 1.0 },
    };
  }

  private fitsOn(host: SandboxHost, server: SandboxServer): boolean {
    const used = this.usage(host.name);
    const capacity = this.capacity(host);
    const need = {
      MEMORY_MB: server.flavor.ram,
      VCPU: server.flavor.vcpus,
      DISK_GB: server.imageId ? server.flavor.disk : 0,
    };
    return (Object.keys(need) as (keyof typeof need)[]).every((resource) => {
      const { total, reserved, ratio } = capacity[resource];
      return used[resource] + need[resource] <= Math.floor((total - reserved) * ratio);
    });
  }

  private violatesAntiAffinity(host: SandboxHost, server: SandboxServer): boolean {
    return server.groups.some((groupId) => {
      if (this.groups.get(groupId)?.policy !== 'anti-affinity') return false;
      return [...this.servers.values()].some(
        (other) => other.id !== server.id && other.groups.includes(groupId) && other.host === host.name,
      );
    });
  }

  /** The scheduler's answer for a move: the requested host if it passes, else the roomiest that does. */
  private schedule(server: SandboxServer, requested: string | null, live: boolean): SandboxHost | null {
    const source = this.hostOrThrow(server.host);
    const candidates = [...this.hosts.values()].filter((host) => {
      if (host.name === server.host) return false;
      if (requested && host.name !== requested) return false;
      if (host.status !== 'enabled' || !this.serviceUp(host)) return false;
      if (host.zone !== source.zone) return false;
      if (!this.fitsOn(host, server) || this.violatesAntiAffinity(host, server)) return false;
      if (
        live &&
        (host.hypervisorType !== source.hypervisorType || host.hypervisorVersion < source.hypervisorVersion)
      )
        return false;
      return true;
    });
    candidates.sort((a, b) => this.freeMemory(b) - this.freeMemory(a));
    return candidates[0] ?? null;
  }

  private freeMemory(host: SandboxHost): number {
    const { total, reserved, ratio } = this.capacity(host).MEMORY_MB;
    return Math.floor((total - reserved) * ratio) - this.usage(host.name).MEMORY_MB;
  }

  // ---------------------------------------------------------------- API actions

  liveMigrate(
    server: SandboxServer,
    host: string | null,
    block: boolean | 'auto',
    caller: TokenInfo,
  ): SandboxAction {
    this.checkActionAllowed(server, 'os-migrateLive', ['active', 'paused']);
    if (host !== null) this.hostForApi(host);
    const action = this.startAction(server, 'live-migration', caller);
    const localDisk = server.imageId !== null && !server.sharedStorage;
    const migration = this.newMigration(server, 'live-migration', host, caller, action.requestId);
    migration.block = block === 'auto' ? localDisk : block;
    migration.status = 'accepted';
    migration.phaseEndsAt = this.clock.now() + this.seconds(0.5);
    server.taskState = 'migrating';
    this.touch(server);
    return action;
  }

  coldMigrate(server: SandboxServer, host: string | null, caller: TokenInfo): SandboxAction {
    this.checkActionAllowed(server, 'migrate', ['active', 'stopped']);
    const source = this.hostOrThrow(server.host);
    if (!this.serviceUp(source)) throw new NovaFault(409, 'Service is unavailable at this time.');
    if (host !== null) {
      if (host === server.host)
        throw new NovaFault(400, 'Cannot migrate to the host where the server exists.');
      this.hostForApi(host);
    }
    const action = this.startAction(server, 'migrate', caller);
    const migration = this.newMigration(server, 'migration', host, caller, action.requestId);
    migration.status = 'pre-migrating';
    migration.priorVmState = server.vmState;
    migration.phaseEndsAt = this.clock.now() + this.seconds(1);
    server.taskState = 'resize_prep';
    this.touch(server);
    return action;
  }

  /**
   * Rebuilds a server of a dead host on another (POST …/action {"evacuate": …}). Nova allows it only
   * when the source's nova-compute is down or forced down; the record stays `done` until nova-compute
   * on the source starts again and cleans up, then `completed`.
   */
  evacuate(server: SandboxServer, host: string | null, caller: TokenInfo): SandboxAction {
    this.checkActionAllowed(server, 'evacuate', ['active', 'stopped', 'error']);
    const source = this.hostOrThrow(server.host);
    if (this.serviceUp(source))
      throw new NovaFault(400, `Compute service of ${source.name} is still in use.`);
    if (host !== null) {
      if (host === server.host) throw new NovaFault(400, "The target host can't be the same one.");
      this.hostForApi(host);
    }
    const action = this.startAction(server, 'evacuate', caller);
    const migration = this.newMigration(server, 'evacuation', host, caller, action.requestId);
    migration.phaseEndsAt = this.clock.now() + this.seconds(1);
    server.taskState = 'rebuilding';
    this.touch(server);
    return action;
  }

  /** Evacuations from `host` that wait for its nova-compute to start again. */
  pendingEvacuations(host: string): SandboxMigration[] {
    return this.migrations.filter((m) => m.type === 'evacuation' && m.source === host && m.status === 'done');
  }

  confirmResize(server: SandboxServer, caller: TokenInfo): SandboxAction {
    this.checkResized(server, 'confirmResize');
    const migration = this.activeMigration(server.id) as SandboxMigration;
    if (!this.serviceUp(this.hostOrThrow(migration.source)))
      throw new NovaFault(409, 'Service is unavailable at this time.');
    const action = this.startAction(server, 'confirmResize', caller);
    this.setMigrationStatus(migration, 'confirming');
    migration.requestId = action.requestId;
    migration.phaseEndsAt = this.clock.now() + this.seconds(0.5);
    return action;
  }

  revertResize(server: SandboxServer, caller: TokenInfo): SandboxAction {
    this.checkResized(server, 'revertResize');
    const migration = this.activeMigration(server.id) as SandboxMigration;
    const action = this.startAction(server, 'revertResize', caller);
    this.setMigrationStatus(migration, 'reverting');
    migration.requestId = action.requestId;
    migration.phaseEndsAt = this.clock.now() + this.seconds(1.5);
    server.taskState = 'resize_reverting';
    this.touch(server);
    return action;
  }

  abortMigration(
    server: SandboxServer,
    migrationId: number,
    caller: TokenInfo,
    microversion: [number, number],
  ): SandboxAction {
    if (server.locked) throw new NovaFault(409, `Instance ${server.id} is locked`);
    if (server.taskState !== 'migrating') {
      throw new NovaFault(409, `Instance ${server.id} is in an invalid state for 'abort live migration'`);
    }
    const migration = this.migrationForServer(server, migrationId);
    const abortable = microversion[1] >= 65 ? ['running', 'queued', 'preparing'] : ['running'];
    if (!abortable.includes(migration.status)) {
      throw new NovaFault(
        400,
        `Migration ${migration.id} state of instance ${server.id} is ${migration.status}. Cannot abort live migration while the migration is in this state.`,
      );
    }
    const action = this.startAction(server, 'live_migration_cancel', caller);
    const now = this.clock.now();
    this.addEvent(action, 'compute_live_migration_abort', migration.source, now, now, 'Success');
    this.rollBack(migration, 'cancelled', now);
    return action;
  }

  forceComplete(server: SandboxServer, migrationId: number, caller: TokenInfo): SandboxAction {
    if (server.locked) throw new NovaFault(409, `Instance ${server.id} is locked`);
    if (server.vmState !== 'active' || server.taskState !== 'migrating') {
      throw new NovaFault(409, `Instance ${server.id} is in an invalid state for 'force_complete'`);
    }
    const migration = this.migrationForServer(server, migrationId);
    if (migration.status !== 'running') {
      throw new NovaFault(
        400,
        `Migration ${migration.id} state of instance ${server.id} is ${migration.status}. Cannot force complete while the migration is in this state.`,
      );
    }
    const action = this.startAction(server, 'live_migration_force_complete', caller);
    const now = this.clock.now();
    this.addEvent(action, 'compute_live_migration_force_complete', migration.source, now, now, 'Success');
    this.forceTransfer(migration, now);
    return action;
  }

  migrationForServer(server: SandboxServer, migrationId: number): SandboxMigration {
    const migration = this.migrations.find(
      (candidate) => candidate.id === migrationId && candidate.serverId === server.id,
    );
    if (!migration) throw new NovaFault(404, `Migration ${migrationId} not found for instance ${server.id}`);
    return migration;
  }

  private checkActionAllowed(server: SandboxServer, verb: string, states: VmState[]): void {
    if (this.faults.conflictNextAction) {
      this.faults.conflictNextAction = false;
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

  private checkResized(server: SandboxServer, verb: string): void {
    if (server.locked) throw new NovaFault(409, `Instance ${server.id} is locked`);
    if (server.vmState !== 'resized' || server.taskState !== null) {
      const state = server.taskState ? `task_state ${server.taskState}` : `vm_state ${server.vmState}`;
      throw new NovaFault(409, `Cannot '${verb}' instance ${server.id} while it is in ${state}`);
    }
    const migration = this.activeMigration(server.id);
    if (migration?.status !== 'finished') {
      throw new NovaFault(400, `Migration not found for instance ${server.id} with status finished.`);
    }
  }

  private hostForApi(name: string): SandboxHost {
    const host = this.hosts.get(name);
    if (!host) throw new NovaFault(400, `Compute host ${name} could not be found.`);
    return host;
  }

  private newMigration(
    server: SandboxServer,
    type: SandboxMigration['type'],
    requestedHost: string | null,
    caller: TokenInfo,
    requestId: string,
  ): SandboxMigration {
    const now = this.clock.now();
    const fault = this.takeMigrationFault(server);
    const diskBytes = server.imageId && !server.sharedStorage ? server.flavor.disk * GIB : 0;
    const migration: SandboxMigration = {
      id: this.nextMigrationId++,
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
    this.migrations.push(migration);
    return migration;
  }

  private takeMigrationFault(server: SandboxServer): MigrationFault | undefined {
    const index = this.faults.migrations.findIndex(
      (fault) => !fault.server || fault.server === server.id || fault.server === server.name,
    );
    return index === -1 ? undefined : this.faults.migrations.splice(index, 1)[0];
  }

  private startAction(server: SandboxServer, action: string, caller: TokenInfo): SandboxAction {
    const now = this.clock.now();
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
    this.actions.push(record);
    return record;
  }

  private addEvent(
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

  private actionOf(migration: SandboxMigration): SandboxAction | undefined {
    return this.actions.find((action) => action.requestId === migration.requestId);
  }

  private seconds(value: number): number {
    return (value * 1000) / this.speed;
  }

  private touch(server: SandboxServer, at = this.clock.now()): void {
    server.updated = at;
  }

  private setMigrationStatus(migration: SandboxMigration, status: string, at = this.clock.now()): void {
    if (migration.type === 'live-migration' && HOLDS_SLOT.has(migration.status) && !HOLDS_SLOT.has(status))
      this.slotFreedAt.set(migration.source, at);
    migration.status = status;
    migration.updatedAt = at;
  }

  /** Live migrations from `source` holding one of its max_concurrent_live_migrations slots. */
  private slotsTaken(source: string, except: SandboxMigration): number {
    return this.migrations.filter(
      (m) => m !== except && m.type === 'live-migration' && m.source === source && HOLDS_SLOT.has(m.status),
    ).length;
  }

  /** A transfer's bytes per ms: one stream's rate, or its share of the source's network if less. */
  /** First in, first out, within the source's max_concurrent_live_migrations. */
  private mayLeaveQueue(migration: SandboxMigration): boolean {
    const { maxConcurrentLiveMigrations } = this.hostOrThrow(migration.source).novaConf;
    const earlierWaiting = this.migrations.some(
      (m) => m.id < migration.id && m.source === migration.source && m.status === 'queued',
    );
    return !earlierWaiting && this.slotsTaken(migration.source, migration) < maxConcurrentLiveMigrations;
  }

  private transferRate(migration: SandboxMigration): number {
    const { nicBytesPerSecond } = this.hostOrThrow(migration.source).novaConf;
    const sharing = this.migrations.filter(
      (m) => m.source === migration.source && (m.status === 'running' || m.status === 'running (post-copy)'),
    ).length;
    return (Math.min(TRANSFER_RATE, nicBytesPerSecond / Math.max(1, sharing)) * this.speed) / 1000;
  }

  // ---------------------------------------------------------------- time

  /**
   * Brings every move up to the clock's present. Moves from one host share its slots and its network,
   * so time advances for all of them together: a second at a time while bytes flow, straight to the
   * next phase change otherwise.
   */
  sync(): void {
    const now = this.clock.now();
    for (const host of this.hosts.values()) if (this.serviceUp(host)) host.serviceUpdatedAt = now;
    for (;;) {
      const moving = this.migrations.filter((m) => !TERMINAL.has(m.status) && m.status !== 'finished');
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
          ? this.stepLive(migration, until)
          : migration.type === 'evacuation'
            ? this.stepEvacuation(migration, until)
            : this.stepCold(migration, until);
      if (!moved) break;
      changed = true;
    }
    return changed;
  }

  private stepLive(migration: SandboxMigration, now: number): boolean {
    const server = this.servers.get(migration.serverId) as SandboxServer;
    const action = this.actionOf(migration);
    if (migration.status === 'running' || migration.status === 'running (post-copy)')
      return this.transfer(migration, server, now);
    if (now < migration.phaseEndsAt) return false;
    const at = migration.phaseEndsAt;
    switch (migration.status) {
      case 'accepted': {
        const source = this.hostOrThrow(migration.source);
        let failure: string | null = null;
        if (!this.serviceUp(source))
          failure = `Compute service of ${source.name} is unavailable at this time.`;
        const dest = failure ? null : this.schedule(server, migration.requestedHost, true);
        if (!failure && !dest) failure = 'No valid host was found. ';
        if (!failure && migration.failStage === 'scheduler')
          failure = `No valid host was found. ${migration.failMessage ?? ''}`;
        if (failure) {
          this.addEvent(
            action,
            'conductor_live_migrate_instance',
            'controller',
            migration.createdAt,
            at,
            'Error',
            failure,
          );
          this.setMigrationStatus(migration, 'error', at);
          server.taskState = null;
          this.touch(server, at);
          return true;
        }
        migration.dest = (dest as SandboxHost).name;
        this.addEvent(
          action,
          'conductor_live_migrate_instance',
          'controller',
          migration.createdAt,
          at,
          'Success',
        );
        this.addEvent(
          action,
          'compute_check_can_live_migrate_destination',
          migration.dest,
          at,
          at,
          'Success',
        );
        this.addEvent(action, 'compute_check_can_live_migrate_source', migration.source, at, at, 'Success');
        this.addEvent(action, 'compute_live_migration', migration.source, at, at, 'Success');
        this.setMigrationStatus(migration, 'queued', at);
        migration.phaseEndsAt = at + this.seconds(0.5);
        return true;
      }
      case 'queued': {
        // nova-compute on the source runs max_concurrent_live_migrations at once; the rest wait here
        if (!this.mayLeaveQueue(migration)) return false;
        const from = Math.max(at, this.slotFreedAt.get(migration.source) ?? at);
        this.setMigrationStatus(migration, 'preparing', from);
        migration.slotSince = from;
        migration.phaseEndsAt = from + this.seconds(1.5);
        return true;
      }
      case 'preparing': {
        if (migration.failStage === 'pre-live-migration') {
          const details =
            migration.failMessage ??
            `Migration pre-check error: pre_live_migration failed on ${migration.dest}`;
          this.addEvent(
            action,
            'compute_pre_live_migration',
            migration.dest,
            at - this.seconds(1.5),
            at,
            'Error',
            details,
          );
          this.rollBackFromDestination(migration, 'error', at);
          return true;
        }
        this.addEvent(
          action,
          'compute_pre_live_migration',
          migration.dest,
          at - this.seconds(1.5),
          at,
          'Success',
        );
        this.setMigrationStatus(migration, 'running', at);
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
    const conf = this.hostOrThrow(migration.source).novaConf;
    if (conf.completionTimeoutPerGiB <= 0 || migration.runningSince === null) return null;
    if (migration.forced || migration.status === 'running (post-copy)') return null;
    const gib = (migration.memoryTotal + (migration.block ? migration.diskTotal : 0)) / GIB;
    return migration.runningSince + this.seconds(conf.completionTimeoutPerGiB * gib);
  }

  /** Nova's live_migration_timeout_action: abort (the default) rolls back; force_complete finishes it. */
  private onCompletionTimeout(migration: SandboxMigration, at: number): boolean {
    const conf = this.hostOrThrow(migration.source).novaConf;
    if (conf.timeoutAction === 'abort') {
      this.rollBackFromDestination(migration, 'cancelled', at);
      return true;
    }
    this.forceTransfer(migration, at);
    migration.tick = at;
    return false;
  }

  /** Force-complete: post-copy when the source permits it, else the guest is paused for the copy. */
  private forceTransfer(migration: SandboxMigration, at: number): void {
    if (this.hostOrThrow(migration.source).novaConf.permitPostCopy)
      this.setMigrationStatus(migration, 'running (post-copy)', at);
    else migration.forced = true;
    migration.updatedAt = at;
  }

  /** The end of a transfer; the two `failStage`s here make Nova's record and the guest disagree. */
  private completeLive(migration: SandboxMigration, server: SandboxServer, at: number): void {
    const dest = migration.dest as string;
    const recordedError = migration.failStage === 'moved-but-error';
    this.addEvent(
      this.actionOf(migration),
      'compute_post_live_migration_at_destination',
      dest,
      at,
      at,
      recordedError ? 'Error' : 'Success',
      recordedError
        ? (migration.failMessage ?? 'Failed to update the port bindings on the destination host')
        : null,
    );
    this.setMigrationStatus(migration, recordedError ? 'error' : 'completed', at);
    migration.tick = at;
    if (migration.failStage !== 'completed-not-moved') server.host = dest;
    server.taskState = null;
    this.touch(server, at);
  }

  private failTransfer(migration: SandboxMigration, server: SandboxServer, at: number): void {
    const action = this.actionOf(migration);
    if (migration.failStage === 'driver-error') {
      const message =
        migration.failMessage ??
        "internal error: unable to execute QEMU command 'migrate': Connection reset by peer";
      this.addEvent(action, 'compute_live_migration', migration.source, at, at, 'Error', message);
      this.putInError(migration, server, message, at);
      return;
    }
    this.rollBackFromDestination(migration, 'failed', at);
  }

  /** A failure after the destination was prepared: Nova cleans it up, then rolls back. */
  private rollBackFromDestination(migration: SandboxMigration, status: string, at: number): void {
    this.addEvent(
      this.actionOf(migration),
      'compute_rollback_live_migration_at_destination',
      migration.dest,
      at,
      at,
      'Success',
    );
    this.rollBack(migration, status, at);
  }

  /** An unexpected compute failure: migration error, server ERROR with a fault, as Nova leaves it. */
  private putInError(migration: SandboxMigration, server: SandboxServer, message: string, at: number): void {
    this.setMigrationStatus(migration, 'error', at);
    server.vmState = 'error';
    server.taskState = null;
    server.fault = { code: 500, message, created: at };
    this.touch(server, at);
  }

  private rollBack(migration: SandboxMigration, status: string, at: number): void {
    const server = this.servers.get(migration.serverId) as SandboxServer;
    this.setMigrationStatus(migration, status, at);
    server.host = migration.source;
    server.taskState = null;
    this.touch(server, at);
  }

  private stepEvacuation(migration: SandboxMigration, now: number): boolean {
    if (now < migration.phaseEndsAt || migration.status !== 'accepted') return false;
    const at = migration.phaseEndsAt;
    const server = this.servers.get(migration.serverId) as SandboxServer;
    const action = this.actionOf(migration);
    const dest = this.schedule(server, migration.requestedHost, false);
    if (!dest) {
      const why = 'No valid host was found. ';
      this.addEvent(action, 'conductor_rebuild_server', 'controller', migration.createdAt, at, 'Error', why);
      this.setMigrationStatus(migration, 'error', at);
    } else {
      migration.dest = dest.name;
      this.addEvent(action, 'compute_rebuild_instance', dest.name, migration.createdAt, at, 'Success');
      this.setMigrationStatus(migration, 'done', at);
      server.host = dest.name;
    }
    server.taskState = null;
    this.touch(server, at);
    return true;
  }

  private stepCold(migration: SandboxMigration, now: number): boolean {
    if (now < migration.phaseEndsAt) return false;
    const server = this.servers.get(migration.serverId) as SandboxServer;
    const action = this.actionOf(migration);
    const at = migration.phaseEndsAt;
    switch (migration.status) {
      case 'pre-migrating': {
        const dest =
          migration.failStage === 'scheduler' ? null : this.schedule(server, migration.requestedHost, false);
        if (!dest) {
          const details = `No valid host was found. ${migration.failMessage ?? ''}`;
          this.addEvent(action, 'cold_migrate', 'controller', migration.createdAt, at, 'Error', details);
          this.setMigrationStatus(migration, 'error', at);
          server.taskState = null;
          this.touch(server, at);
          return true;
        }
        migration.dest = dest.name;
        this.addEvent(action, 'cold_migrate', 'controller', migration.createdAt, at, 'Success');
        this.addEvent(action, 'compute_prep_resize', dest.name, at, at, 'Success');
        this.setMigrationStatus(migration, 'migrating', at);
        server.taskState = 'resize_migrating';
        migration.phaseEndsAt =
          at + this.seconds(1) + (migration.diskTotal / (TRANSFER_RATE * this.speed)) * 1000;
        return true;
      }
      case 'migrating': {
        if (migration.failStage === 'resize') {
          const message =
            migration.failMessage ??
            `Disk of instance ${server.instanceName} could not be copied to ${migration.dest}: No space left on device`;
          this.addEvent(
            action,
            'compute_resize_instance',
            migration.source,
            migration.createdAt,
            at,
            'Error',
            message,
          );
          this.putInError(migration, server, message, at);
          return true;
        }
        this.addEvent(
          action,
          'compute_resize_instance',
          migration.source,
          migration.createdAt,
          at,
          'Success',
        );
        this.setMigrationStatus(migration, 'post-migrating', at);
        server.taskState = 'resize_finish';
        migration.phaseEndsAt = at + this.seconds(1);
        return true;
      }
      case 'post-migrating':
        this.addEvent(action, 'compute_finish_resize', migration.dest, at, at, 'Success');
        this.setMigrationStatus(migration, 'finished', at);
        server.host = migration.dest as string;
        server.vmState = 'resized';
        server.taskState = null;
        this.touch(server, at);
        return true;
      case 'confirming':
        this.addEvent(action, 'compute_confirm_resize', migration.source, at, at, 'Success');
        this.setMigrationStatus(migration, 'confirmed', at);
        server.vmState = migration.priorVmState;
        this.touch(server, at);
        return true;
      case 'reverting':
        this.addEvent(action, 'compute_revert_resize', migration.dest, at, at, 'Success');
        this.addEvent(action, 'compute_finish_revert_resize', migration.source, at, at, 'Success');
        this.setMigrationStatus(migration, 'reverted', at);
        server.host = migration.source;
        server.vmState = migration.priorVmState;
        server.taskState = null;
        this.touch(server, at);
        return true;
      default:
        return false;
    }
  }
}

function unauthorized(): NovaFault {
  return new NovaFault(401, 'The request you have made requires authentication.');
}
