import type { CloudApi } from '../core/ports/cloud.ts';
import type { OpenStackClients } from './client.ts';

/** The core's cloud port, answered by Nova, Placement, Neutron, Glance and the Keystone session. */
export function cloudApiFrom(clients: OpenStackClients): CloudApi {
  const { nova, placement, session, identity, neutron, glance } = clients;
  return {
    findServer: (ref) => nova.findServer(ref),
    serverGroupsSeen: (ref) => nova.serverGroupsSeen(ref),
    serverNames: async () => (await nova.listServers()).map((server) => server.name),
    getServer: (id) => nova.getServer(id),
    serversOnHost: (host) => nova.serversOnHost(host),
    getServerGroup: (id) => nova.getServerGroup(id),
    listServerGroups: () => nova.listServerGroups(),
    listHypervisors: () => nova.listHypervisors(),
    listAggregates: () => nova.listAggregates(),
    flavorNames: () => nova.flavorNames(),
    listComputeServices: () => nova.listComputeServices(),
    setServiceEnabled: (id, enabled, reason) => nova.setServiceEnabled(id, enabled, reason),
    capacity: (provider) => placement.capacity(provider),
    withRoomFor: (need) => placement.withRoomFor(need),
    providerTraits: (provider) => placement.traits(provider),
    traitsOfAll: () => placement.traitsOfAll(),
    consumerHolds: (consumer) => placement.consumerHolds(consumer),
    providerConsumers: (provider) => placement.providerConsumers(provider),
    credentialRoles: () => session.roles(),
    listProjects: () => identity.listProjects(),
    liveMigrate: (id, request) => nova.liveMigrate(id, request),
    coldMigrate: (id, host) => nova.coldMigrate(id, host),
    confirmResize: (id) => nova.confirmResize(id),
    revertResize: (id) => nova.revertResize(id),
    getServerMigration: (id, mid) => nova.getServerMigration(id, mid),
    abortMigration: (id, mid) => nova.abortMigration(id, mid),
    forceCompleteMigration: (id, mid) => nova.forceCompleteMigration(id, mid),
    listMigrations: (filters) => nova.listMigrations(filters),
    getInstanceAction: (id, requestId) => nova.getInstanceAction(id, requestId),
    listInstanceActions: (id) => nova.listInstanceActions(id),
    canAbortBeforeRunning: () => nova.supports('2.65'),
    cloudMaxMicroversion: () => nova.cloudMaxMicroversion(),
    consoleOutput: (id, lines) => nova.consoleOutput(id, lines),
    portsOf: async (ids) => ((await neutron.available()) ? neutron.portsOf(ids) : null),
    imageProperties: async (ids) => ((await glance.available()) ? glance.hardwareProperties(ids) : null),
  };
}
