import type {
  ComputeService,
  Hypervisor,
  InstanceAction,
  InstanceActionSummary,
  Migration,
  MigrationType,
  Port,
  ProviderCapacity,
  Server,
  ServerGroup,
} from '../model/cloud.ts';

export interface LiveMigrateRequest {
  /** omitted: Nova's scheduler picks */
  host?: string;
  blockMigration: 'auto' | true;
}

export interface ActionAccepted {
  /** X-OpenStack-Request-ID: the request_id of the instance action this created */
  requestId: string | undefined;
}

export interface MigrationFilters {
  serverId?: string;
  type?: MigrationType;
  host?: string;
  status?: string[];
  limit?: number;
  changesSince?: string;
}

/** What the core asks of the cloud. The real one is Nova + Placement; tests use the same over the sandbox. */
export interface CloudApi {
  /** by ID or exact name; a server found by its name alone may not name its groups (serverGroupIds null) */
  findServer(nameOrId: string): Promise<Server>;
  /**
   * The IDs of the server groups the server this ID or known name resolves to was last seen in, or
   * null: a hint for reading them alongside the server, never an answer (no request is made).
   */
  serverGroupsSeen(nameOrId: string): string[] | null;
  /** every server name in every project, for "did you mean" */
  serverNames(): Promise<string[]>;
  getServer(id: string): Promise<Server>;
  serversOnHost(host: string): Promise<Server[]>;
  getServerGroup(id: string): Promise<ServerGroup>;
  /** every server group in every project */
  listServerGroups(): Promise<ServerGroup[]>;
  listHypervisors(): Promise<Hypervisor[]>;
  /** host aggregates by name, with their hosts */
  listAggregates(): Promise<{ name: string; hosts: string[] }[]>;
  listComputeServices(): Promise<ComputeService[]>;
  setServiceEnabled(serviceId: string, enabled: boolean, reason?: string): Promise<ComputeService>;
  capacity(providerId: string): Promise<ProviderCapacity>;
  /** compute nodes (by provider ID) with room for `need` now, and what each holds: one request */
  /** a resource provider's traits (Placement): its HW_CPU_* ones say what its CPU offers */
  providerTraits(providerId: string): Promise<string[]>;
  /** the traits of every compute node with any room, in one request (provider ID → traits) */
  traitsOfAll(): Promise<Map<string, string[]>>;
  /**
   * Whether Placement holds any allocation for this consumer: a server's UUID, or a migration's (which
   * holds the source while it moves). Placement answers an unknown consumer with no allocations.
   */
  consumerHolds(consumerUuid: string): Promise<boolean>;
  /** the consumers (servers' and migrations' UUIDs) holding allocations of this resource provider */
  providerConsumers(providerId: string): Promise<string[]>;
  withRoomFor(need: Record<'MEMORY_MB' | 'VCPU' | 'DISK_GB', number>): Promise<Map<string, ProviderCapacity>>;
  credentialRoles(): Promise<string[]>;
  /** every flavor's name, private ones too (admin) */
  flavorNames(): Promise<string[]>;
  /** every project's ID and name (Keystone, admin) */
  listProjects(): Promise<{ id: string; name: string }[]>;
  liveMigrate(serverId: string, request: LiveMigrateRequest): Promise<ActionAccepted>;
  coldMigrate(serverId: string, host?: string): Promise<ActionAccepted>;
  confirmResize(serverId: string): Promise<ActionAccepted>;
  revertResize(serverId: string): Promise<ActionAccepted>;
  getServerMigration(serverId: string, migrationId: number): Promise<Migration | null>;
  abortMigration(serverId: string, migrationId: number): Promise<ActionAccepted>;
  forceCompleteMigration(serverId: string, migrationId: number): Promise<ActionAccepted>;
  listMigrations(filters: MigrationFilters): Promise<Migration[]>;
  getInstanceAction(serverId: string, requestId: string): Promise<InstanceAction>;
  /** the server's recent instance actions, newest first */
  listInstanceActions(serverId: string): Promise<InstanceActionSummary[]>;
  /** abort in queued/preparing needs 2.65 */
  canAbortBeforeRunning(): Promise<boolean>;
  /** the newest compute microversion the cloud speaks (not the one Ferry chose): its release, at least */
  cloudMaxMicroversion(): Promise<string>;
  /**
   * The Neutron ports of these servers, by server ID, read in bulk (a few requests whatever their
   * number); null when the Keystone catalog lists no network service (ports unknown).
   */
  portsOf(serverIds: string[]): Promise<Map<string, Port[]> | null>;
  /**
   * The last `lines` lines of the server's console log (os-getConsoleOutput); null when Nova answers
   * that the guest has no console available (404: a stopped server, or a driver without one).
   */
  consoleOutput(serverId: string, lines: number): Promise<string | null>;
  /**
   * The `hw_*` properties of these Glance images, by image ID, read in bulk; null when the catalog
   * lists no image service.
   */
  imageProperties(imageIds: string[]): Promise<Map<string, Record<string, string>> | null>;
}
