import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import {
  type ApiFault,
  type CellDown,
  GIB,
  HOLDS_SLOT,
  IN_PROGRESS_LIVE,
  type LostAnswer,
  type MigrationFault,
  NOVA_CONF_DEFAULTS,
  NovaFault,
  type Outage,
  type SandboxAction,
  type SandboxAggregate,
  type SandboxHost,
  type SandboxMigration,
  type SandboxOptions,
  type SandboxServer,
  TERMINAL,
  type TokenInfo,
  unauthorized,
  type VmState,
} from './model.ts';
import { applyProfile } from './profiles.ts';
import {
  SEED_AGGREGATES,
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
import { Simulation } from './simulation/simulation.ts';

export * from './model.ts';

/**
 * The sandbox cloud's state, and Nova's rules for the API calls that change it. How moves then run
 * over time is the simulators' business (simulation/).
 */
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
  /** host aggregates (racks, hardware generations): a name and its hosts, as os-aggregates lists them */
  readonly aggregates: SandboxAggregate[] = [];
  readonly tokens = new Map<string, TokenInfo>();
  readonly faults = {
    migrations: [] as MigrationFault[],
    api: [] as ApiFault[],
    slowMs: 0,
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
  private readonly simulation: Simulation;

  constructor(options: SandboxOptions) {
    this.clock = options.clock;
    this.speed = options.speed ?? 1;
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
    this.maxMicroversion = options.maxMicroversion ?? '2.96';
    this.maxLimit = options.maxLimit ?? 1000;
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
  schedule(server: SandboxServer, requested: string | null, live: boolean): SandboxHost | null {
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
    this.simulation.live.forceTransfer(migration, now);
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

  // ---------------------------------------------------------------- records (kept by API actions and simulators)

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
