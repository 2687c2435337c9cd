import { NovaFault, type SandboxCloud, type SandboxHost } from '../cloud.ts';
import { controlServiceViews, hypervisorView, serviceView, uptimeText, type Version } from '../nova-views.ts';
import { isAdmin, type Route, requireAdmin } from './http.ts';
import { type NovaRequest, needVersion, pageOf, serversOn } from './nova-request.ts';

/** The hypervisor at `id` (its UUID, or its index + 1 before 2.53), and that index. */
function hypervisorAt(cloud: SandboxCloud, id: string): { host: SandboxHost; index: number } {
  const hosts = [...cloud.hosts.values()];
  const index = hosts.findIndex((host, i) => host.nodeUuid === id || String(i + 1) === id);
  if (index === -1) throw new NovaFault(404, `Hypervisor with ID ${id} could not be found.`);
  return { host: hosts[index] as SandboxHost, index };
}

const HYPERVISOR_SUMS = [
  'vcpus',
  'vcpus_used',
  'memory_mb',
  'memory_mb_used',
  'free_ram_mb',
  'local_gb',
  'local_gb_used',
  'free_disk_gb',
  'disk_available_least',
  'current_workload',
  'running_vms',
];

/** Hypervisors, services, flavors, server groups, zones and limits. */
export const computeHostRoutes: Route<NovaRequest>[] = [
  {
    method: 'GET',
    path: '/os-hypervisors',
    handle: ({ cloud, context, token, version, base }) => {
      requireAdmin(token, 'os_compute_api:os-hypervisors:list');
      return { status: 200, body: listHypervisors(cloud, context.query, version, false, base) };
    },
  },
  {
    method: 'GET',
    path: '/os-hypervisors/detail',
    handle: ({ cloud, context, token, version, base }) => {
      requireAdmin(token, 'os_compute_api:os-hypervisors:list');
      return { status: 200, body: listHypervisors(cloud, context.query, version, true, base) };
    },
  },
  {
    method: 'GET',
    path: '/os-hypervisors/statistics',
    handle: ({ cloud, token, version }) => {
      if (version[1] >= 88) throw new NovaFault(404, 'The resource could not be found.');
      requireAdmin(token, 'os_compute_api:os-hypervisors:statistics');
      const views = [...cloud.hosts.values()].map((host, index) =>
        hypervisorView(cloud, host, version, index),
      );
      const sum = (key: string) => views.reduce((total, view) => total + Number(view[key]), 0);
      return {
        status: 200,
        body: {
          hypervisor_statistics: {
            count: views.length,
            ...Object.fromEntries(HYPERVISOR_SUMS.map((k) => [k, sum(k)])),
          },
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/os-hypervisors/{id}',
    handle: ({ cloud, context, token, version }, [id]) => {
      requireAdmin(token, 'os_compute_api:os-hypervisors:show');
      const { host, index } = hypervisorAt(cloud, id as string);
      const view = hypervisorView(cloud, host, version, index);
      const withServers = context.query.get('with_servers');
      if (withServers === 'true' || withServers === '1') view.servers = serversOn(cloud, host.name);
      return { status: 200, body: { hypervisor: view } };
    },
  },
  {
    method: 'GET',
    path: '/os-hypervisors/{id}/uptime',
    handle: ({ cloud, token, version }, [id]) => {
      if (version[1] >= 88) throw new NovaFault(404, 'The resource could not be found.');
      requireAdmin(token, 'os_compute_api:os-hypervisors:uptime');
      const { host, index } = hypervisorAt(cloud, id as string);
      const view = hypervisorView(cloud, host, version, index);
      return {
        status: 200,
        body: {
          hypervisor: {
            id: view.id,
            hypervisor_hostname: view.hypervisor_hostname,
            state: view.state,
            status: view.status,
            uptime: uptimeText(cloud.clock.now()),
          },
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/os-services',
    handle: ({ cloud, context, token, version }) => {
      requireAdmin(token, 'os_compute_api:os-services:list');
      let services = [
        ...controlServiceViews(cloud, version),
        ...[...cloud.hosts.values()].map((host, i) => serviceView(cloud, host, version, i)),
      ];
      const binary = context.query.get('binary');
      const host = context.query.get('host');
      if (binary) services = services.filter((s) => s.binary === binary);
      if (host) services = services.filter((s) => s.host === host);
      return { status: 200, body: { services } };
    },
  },
  {
    method: 'PUT',
    path: '/os-services/{id}',
    handle: ({ cloud, context, token, version }, [id]) => {
      needVersion(version, 53);
      requireAdmin(token, 'os_compute_api:os-services:update');
      const hosts = [...cloud.hosts.values()];
      const host = hosts.find((candidate) => candidate.serviceUuid === id);
      if (!host) throw new NovaFault(404, `Service ${id} could not be found.`);
      updateService(cloud, host, context.body);
      return { status: 200, body: { service: serviceView(cloud, host, version, hosts.indexOf(host)) } };
    },
  },
  {
    method: 'GET',
    path: '/flavors',
    handle: ({ cloud, version, base }) => ({
      status: 200,
      body: { flavors: cloud.flavors.map((flavor) => flavorView(flavor, base, false, version)) },
    }),
  },
  {
    method: 'GET',
    path: '/flavors/detail',
    handle: ({ cloud, version, base }) => ({
      status: 200,
      body: { flavors: cloud.flavors.map((flavor) => flavorView(flavor, base, true, version)) },
    }),
  },
  {
    method: 'GET',
    path: '/flavors/{id}',
    handle: ({ cloud, version, base }, [id]) => {
      const flavor = cloud.flavors.find((candidate) => candidate.id === id);
      if (!flavor) throw new NovaFault(404, `Flavor ${id} could not be found.`);
      return { status: 200, body: { flavor: flavorView(flavor, base, true, version) } };
    },
  },
  {
    method: 'GET',
    path: '/flavors/{id}/os-extra_specs',
    handle: ({ cloud }, [id]) => ({
      status: 200,
      body: { extra_specs: { ...cloud.flavors.find((candidate) => candidate.id === id)?.extraSpecs } },
    }),
  },
  {
    method: 'GET',
    path: '/os-server-groups',
    handle: ({ cloud, context, token, version }) => {
      // As Nova: the caller's project only, unless an admin asks for all_projects; offset/limit paging.
      const { query } = context;
      const everyProject = isAdmin(token) && query.has('all_projects');
      const groups = [...cloud.groups.values()].filter(
        (g) => everyProject || g.projectId === token.projectId,
      );
      const offset = Number(query.get('offset') ?? 0);
      const limit = Math.min(Number(query.get('limit') ?? 1000), 1000);
      // every group's members in one pass over the servers, not one pass per group
      const members = new Map<string, string[]>();
      for (const server of cloud.servers.values())
        for (const id of server.groups) members.set(id, [...(members.get(id) ?? []), server.id]);
      return {
        status: 200,
        body: {
          server_groups: groups
            .slice(offset, offset + limit)
            .map((group) => groupView(cloud, group.id, version, members.get(group.id) ?? [])),
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/os-server-groups/{id}',
    handle: ({ cloud, version }, [id]) => {
      if (!cloud.groups.has(id as string))
        throw new NovaFault(404, `Instance group ${id} could not be found.`);
      return { status: 200, body: { server_group: groupView(cloud, id as string, version) } };
    },
  },
  {
    method: 'GET',
    path: '/os-availability-zone/detail',
    handle: ({ cloud }) => ({
      status: 200,
      body: {
        availabilityZoneInfo: [
          {
            zoneName: 'nova',
            zoneState: { available: true },
            hosts: Object.fromEntries(
              [...cloud.hosts.keys()].map((h) => [h, { 'nova-compute': { available: true, active: true } }]),
            ),
          },
        ],
      },
    }),
  },
  {
    method: 'GET',
    path: '/os-aggregates',
    handle: ({ cloud, token }) => {
      requireAdmin(token, 'os_compute_api:os-aggregates:index');
      return {
        status: 200,
        body: {
          aggregates: cloud.aggregates.map((aggregate) => ({
            id: aggregate.id,
            uuid: aggregate.uuid,
            name: aggregate.name,
            hosts: aggregate.hosts,
            metadata: aggregate.metadata,
            created_at: new Date(aggregate.createdAt).toISOString().replace('Z', '000'),
            updated_at: null,
            deleted_at: null,
            deleted: false,
            availability_zone: null,
          })),
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/limits',
    handle: ({ cloud }) => ({
      status: 200,
      body: {
        limits: {
          rate: [],
          absolute: {
            maxTotalInstances: 100,
            maxTotalCores: 200,
            maxTotalRAMSize: 512000,
            totalInstancesUsed: cloud.servers.size,
          },
        },
      },
    }),
  },
];

function listHypervisors(
  cloud: SandboxCloud,
  query: URLSearchParams,
  version: Version,
  detail: boolean,
  base: string,
) {
  const hosts = [...cloud.hosts.values()];
  const pattern = query.get('hypervisor_hostname_pattern');
  let indexes = hosts.map((_, i) => i);
  if (pattern !== null) {
    // Nova matches the pattern as SQL LIKE '%pattern%'.
    indexes = indexes.filter((i) => (hosts[i] as { nodeName: string }).nodeName.includes(pattern));
    if (indexes.length === 0) throw new NovaFault(404, `No hypervisor matching '${pattern}' could be found.`);
  }
  const withServers = query.get('with_servers') === 'true' || query.get('with_servers') === '1';
  // Paged from 2.33 on, by ID (a UUID from 2.53).
  const paged =
    version[1] >= 33
      ? pageOf(
          cloud,
          indexes,
          query,
          (i) => String(hypervisorView(cloud, hosts[i] as (typeof hosts)[number], version, i).id),
          (marker) => `marker [${marker}] not found`,
        )
      : { page: indexes, next: null };
  return {
    ...(paged.next
      ? {
          hypervisors_links: [
            { rel: 'next', href: `${base}/os-hypervisors${detail ? '/detail' : ''}?${paged.next}` },
          ],
        }
      : {}),
    hypervisors: paged.page.map((i) => {
      const host = hosts[i] as (typeof hosts)[number];
      const full = hypervisorView(cloud, host, version, i);
      const view: Record<string, unknown> = detail
        ? full
        : {
            id: full.id,
            hypervisor_hostname: full.hypervisor_hostname,
            state: full.state,
            status: full.status,
          };
      if (withServers) view.servers = serversOn(cloud, host.name);
      return view;
    }),
  };
}

function updateService(cloud: SandboxCloud, host: SandboxHost, body: unknown): void {
  const update = (body ?? {}) as { status?: string; disabled_reason?: string; forced_down?: boolean };
  if (update.status === 'enabled' && update.disabled_reason !== undefined) {
    throw new NovaFault(400, 'Specifying a disabled reason is not supported when enabling a service.');
  }
  if (update.status !== undefined && update.status !== 'enabled' && update.status !== 'disabled') {
    throw new NovaFault(
      400,
      `Invalid input for field/attribute status. Value: ${update.status}. '${update.status}' is not one of ['enabled', 'disabled']`,
    );
  }
  if (
    update.disabled_reason !== undefined &&
    (update.disabled_reason.length < 1 || update.disabled_reason.length > 255)
  ) {
    throw new NovaFault(400, 'Invalid input for field/attribute disabled_reason.');
  }
  if (update.status === undefined && update.forced_down === undefined) {
    throw new NovaFault(
      400,
      "No updates were requested. Fields 'status' or 'forced_down' should be specified.",
    );
  }
  if (update.status === 'enabled') {
    host.status = 'enabled';
    host.disabledReason = null;
  } else if (update.status === 'disabled') {
    host.status = 'disabled';
    host.disabledReason = update.disabled_reason ?? null;
  }
  if (update.forced_down === false && cloud.pendingEvacuations(host.name).length)
    throw new NovaFault(
      400,
      `Unable to force up host ${host.name} as \`done\` evacuation migration records remain associated with the host. Ensure the compute service has been restarted, allowing these records to move to \`completed\` before retrying this request.`,
    );
  if (update.forced_down !== undefined) host.forcedDown = update.forced_down;
}

function flavorView(
  flavor: SandboxCloud['flavors'][number],
  base: string,
  detail: boolean,
  version: Version,
) {
  const links = [{ rel: 'self', href: `${base}/flavors/${flavor.id}` }];
  if (!detail) return { id: flavor.id, name: flavor.name, links, description: null };
  return {
    id: flavor.id,
    name: flavor.name,
    ram: flavor.ram,
    disk: flavor.disk,
    // 2.75 made swap 0 instead of "" when a flavor has none
    swap: version[1] >= 75 ? 0 : '',
    'OS-FLV-EXT-DATA:ephemeral': 0,
    'OS-FLV-DISABLED:disabled': false,
    vcpus: flavor.vcpus,
    'os-flavor-access:is_public': true,
    rxtx_factor: 1.0,
    links,
    description: null,
    extra_specs: { ...flavor.extraSpecs },
  };
}

function groupView(
  cloud: SandboxCloud,
  id: string,
  version: Version,
  members = [...cloud.servers.values()].filter((s) => s.groups.includes(id)).map((s) => s.id),
) {
  const group = cloud.groups.get(id) as { id: string; name: string; policy: string; projectId: string };
  const view: Record<string, unknown> = {
    id,
    name: group.name,
    members,
    project_id: group.projectId,
    user_id: '',
  };
  if (version[1] >= 64) Object.assign(view, { policy: group.policy, rules: {} });
  else Object.assign(view, { policies: [group.policy], metadata: {} });
  return view;
}
