import { AmbiguousServerError, OpenStackApiError, ServerNotFoundError } from '../cloud-errors.ts';
import type { Hypervisor, ProviderCapacity, Server, ServerGroup } from '../model/cloud.ts';
import type { CloudSnapshot, HostConfigProvider, MoveRequest } from '../model/types.ts';
import type { CloudApi } from '../ports/cloud.ts';
import { readCpuTable } from './cpu-read.ts';
import { needOf } from './fit.ts';
import { impactOf, readImpactFacts } from './impact.ts';

/**
 * Reads everything the checks need in two waves of concurrent requests: first the server, hosts and
 * services (and the server's groups, when it was seen in some before); then capacity, server groups
 * and host findings for the hosts that matter. A third wave only for the scheduler's choice when the
 * server's groups were not known before: where their other members run.
 */
export async function takeSnapshot(
  cloud: CloudApi,
  request: MoveRequest,
  now: number,
  hostConfig?: HostConfigProvider,
): Promise<CloudSnapshot> {
  const readErrors: string[] = [];
  // read now and used only if the server, read in the same wave, names exactly these groups
  const groupsSeen = cloud.serverGroupsSeen(request.server);
  const [serverResult, hypervisors, services, credentialRoles, groupsAlongside] = await Promise.all([
    cloud.findServer(request.server).then(
      (server) => ({ server, error: null, ambiguous: false }),
      (error: unknown) => {
        if (error instanceof ServerNotFoundError) return { server: null, error: null, ambiguous: false };
        if (error instanceof AmbiguousServerError)
          return { server: null, error: error.candidates, ambiguous: true };
        throw error;
      },
    ),
    tolerate403(cloud.listHypervisors(), readErrors, []),
    tolerate403(cloud.listComputeServices(), readErrors, []),
    cloud.credentialRoles(),
    groupsSeen?.length
      ? Promise.all(groupsSeen.map((id) => cloud.getServerGroup(id))).catch(() => null)
      : Promise.resolve(null),
  ]);
  const server: Server | null = serverResult.server;

  const snapshot: CloudSnapshot = {
    takenAt: now,
    server,
    serverError: serverResult.error,
    serverAmbiguous: serverResult.ambiguous,
    hypervisors,
    services,
    credentialRoles,
    capacity: new Map(),
    noRoom: new Set(),
    groups: [],
    serversByHost: new Map(),
    hostFindings: [],
    cpu: null,
    readErrors,
  };
  if (!server) return snapshot;

  const destination = resolveHost(request.destination, hypervisors);
  const targets = hypervisors.filter((h) =>
    destination
      ? h.serviceHost === destination
      : h.serviceHost !== server.host && h.status === 'enabled' && h.state === 'up',
  );
  // A server read by ID names its groups (2.71+); otherwise the groups listing says which hold it.
  const groupIds = server.serverGroupIds;
  const mayHaveGroups = groupIds === null || groupIds.length > 0;
  const groupsKnown = groupIds?.length === 0 ? [] : sameIds(groupIds, groupsSeen) ? groupsAlongside : null;
  // a live move's CPU rule: the source's and every host in service's, so a refusal names where it can go
  const judged = !destination || (targets.length > 0 && destination !== server.host);
  const cpuHosts = hypervisors.filter(
    (h) => h.serviceHost === server.host || (h.status === 'enabled' && h.state === 'up'),
  );
  const [capacities, groups, residents, members, findings, impactFacts, cpu] = await Promise.all([
    // the named host's exact numbers; for the scheduler's choice, one question to Placement for all
    destination
      ? Promise.all(
          targets.map(async (h) => [h.id, await cloud.capacity(h.id)] as [string, ProviderCapacity]),
        )
      : cloud.withRoomFor(needOf(server)).then((rooms) => [...rooms]),
    groupsKnown ??
      (groupIds === null
        ? cloud.listServerGroups().then((all) => all.filter((g) => g.members.includes(server.id)))
        : Promise.all(groupIds.map((id) => cloud.getServerGroup(id)))),
    // a named host's residents in the same wave; for the scheduler's choice, its groups' members: in
    // this wave when the groups are known, otherwise below
    destination && mayHaveGroups ? cloud.serversOnHost(destination) : Promise.resolve(null),
    !destination && groupsKnown ? otherMembers(cloud, server, groupsKnown) : Promise.resolve(null),
    // A destination the cloud does not know, or the server's own host, is not checked over SSH: its
    // findings would be about no move at all.
    hostConfig && server.host && (!destination || (targets.length > 0 && destination !== server.host))
      ? hostConfig.findings(server.host, destination, request.mode)
      : Promise.resolve([]),
    // what the move will do to it: its ports (one Neutron request) and the cloud's release
    readImpactFacts(cloud, [server], hypervisors, request.maxCopyGb),
    request.mode !== 'cold' && server.host && judged
      ? readCpuTable({ cloud, ...(hostConfig ? { hostConfig } : {}) }, cpuHosts)
      : Promise.resolve(null),
  ]);
  const serversByHost = new Map<string, Server[]>();
  if (destination && residents) serversByHost.set(destination, residents);
  else if (!destination)
    for (const member of members ?? (await otherMembers(cloud, server, groups)))
      if (member.host) serversByHost.set(member.host, [...(serversByHost.get(member.host) ?? []), member]);
  const targetIds = new Set(targets.map((h) => h.id));
  snapshot.capacity = new Map(capacities.filter(([id]) => targetIds.has(id)));
  snapshot.noRoom = new Set(targets.filter((h) => !snapshot.capacity.has(h.id)).map((h) => h.id));
  snapshot.groups = groups;
  snapshot.serversByHost = serversByHost;
  snapshot.hostFindings = findings;
  snapshot.impact = impactOf(
    server,
    impactFacts,
    targets.map((h) => h.serviceHost),
  );
  snapshot.cpu = cpu;
  return snapshot;
}

/** where the other members of its groups run: a handful of servers read by ID, whatever the cloud's size */
async function otherMembers(cloud: CloudApi, server: Server, groups: ServerGroup[]): Promise<Server[]> {
  const ids = [...new Set(groups.flatMap((g) => g.members))].filter((id) => id !== server.id);
  const members = await Promise.all(ids.map((id) => cloud.getServer(id).catch(() => null)));
  return members.filter((member): member is Server => member !== null);
}

function sameIds(ids: string[] | null, others: string[] | null): boolean {
  return (
    ids !== null && others !== null && ids.length === others.length && ids.every((id) => others.includes(id))
  );
}

/**
 * Maps what a person typed to a nova-compute service host: the host itself, or a hypervisor
 * (node) name, which is often an FQDN. Exact matches only: Nova's own pattern search is a substring.
 */
export function resolveHost(typed: string | undefined, hypervisors: Hypervisor[]): string | null {
  if (!typed) return null;
  const byHost = hypervisors.find((h) => h.serviceHost === typed);
  if (byHost) return byHost.serviceHost;
  const byNode = hypervisors.find((h) => h.hostname === typed);
  return byNode ? byNode.serviceHost : typed;
}

async function tolerate403<T>(promise: Promise<T>, errors: string[], fallback: T): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof OpenStackApiError && error.status === 403) {
      errors.push(error.apiMessage);
      return fallback;
    }
    throw error;
  }
}
