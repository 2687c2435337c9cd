import type { OpenStackClients } from '../openstack/client.ts';
import type { ActionAccepted, LiveMigrateRequest, MigrationFilters } from '../openstack/nova.ts';
import type {
  ComputeService,
  Hypervisor,
  InstanceAction,
  Migration,
  ProviderCapacity,
  Server,
  ServerGroup,
} from '../openstack/types.ts';

/** What the core asks of the cloud. The real one is Nova + Placement; tests use the same over the sandbox. */
export interface CloudApi {
  findServer(nameOrId: string): Promise<Server>;
  /** every server name in every project, for "did you mean" */
  serverNames(): Promise<string[]>;
  getServer(id: string): Promise<Server>;
  serversOnHost(host: string): Promise<Server[]>;
  getServerGroup(id: string): Promise<ServerGroup>;
  /** every server group in every project */
  listServerGroups(): Promise<ServerGroup[]>;
  listHypervisors(): Promise<Hypervisor[]>;
  listComputeServices(): Promise<ComputeService[]>;
  setServiceEnabled(serviceId: string, enabled: boolean, reason?: string): Promise<ComputeService>;
  capacity(providerId: string): Promise<ProviderCapacity>;
  credentialRoles(): Promise<string[]>;
  liveMigrate(serverId: string, request: LiveMigrateRequest): Promise<ActionAccepted>;
  coldMigrate(serverId: string, host?: string): Promise<ActionAccepted>;
  confirmResize(serverId: string): Promise<ActionAccepted>;
  revertResize(serverId: string): Promise<ActionAccepted>;
  getServerMigration(serverId: string, migrationId: number): Promise<Migration | null>;
  abortMigration(serverId: string, migrationId: number): Promise<ActionAccepted>;
  forceCompleteMigration(serverId: string, migrationId: number): Promise<ActionAccepted>;
  listMigrations(filters: MigrationFilters): Promise<Migration[]>;
  getInstanceAction(serverId: string, requestId: string): Promise<InstanceAction>;
  /** abort in queued/preparing needs 2.65 */
  canAbortBeforeRunning(): Promise<boolean>;
}

export function cloudApiFrom(clients: OpenStackClients): CloudApi {
  const { nova, placement, session } = clients;
  return {
    findServer: (ref) => nova.findServer(ref),
    serverNames: async () => (await nova.listServers()).map((server) => server.name),
    getServer: (id) => nova.getServer(id),
    serversOnHost: (host) => nova.serversOnHost(host),
    getServerGroup: (id) => nova.getServerGroup(id),
    listServerGroups: () => nova.listServerGroups(),
    listHypervisors: () => nova.listHypervisors(),
    listComputeServices: () => nova.listComputeServices(),
    setServiceEnabled: (id, enabled, reason) => nova.setServiceEnabled(id, enabled, reason),
    capacity: (provider) => placement.capacity(provider),
    credentialRoles: () => session.roles(),
    liveMigrate: (id, request) => nova.liveMigrate(id, request),
    coldMigrate: (id, host) => nova.coldMigrate(id, host),
    confirmResize: (id) => nova.confirmResize(id),
    revertResize: (id) => nova.revertResize(id),
    getServerMigration: (id, mid) => nova.getServerMigration(id, mid),
    abortMigration: (id, mid) => nova.abortMigration(id, mid),
    forceCompleteMigration: (id, mid) => nova.forceCompleteMigration(id, mid),
    listMigrations: (filters) => nova.listMigrations(filters),
    getInstanceAction: (id, requestId) => nova.getInstanceAction(id, requestId),
    canAbortBeforeRunning: () => nova.supports('2.65'),
  };
}
