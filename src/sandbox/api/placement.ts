import { randomUUID } from 'node:crypto';
import { NovaFault, type SandboxCloud, type SandboxHost } from '../cloud.ts';
import { allocationsOf, hostCapacity, hostUsage, usageByHost } from '../placement-and-scheduling.ts';
import { type Api, authenticated, type Context, type Reply, router } from './http.ts';

const PLACEMENT_MAX = '1.39';

interface PlacementRequest {
  cloud: SandboxCloud;
  context: Context;
  headers: Record<string, string>;
}

function providerView(host: SandboxHost) {
  return {
    uuid: host.nodeUuid,
    name: host.nodeName,
    generation: 1,
    parent_provider_uuid: null,
    root_provider_uuid: host.nodeUuid,
    links: [{ rel: 'self', href: `/placement/resource_providers/${host.nodeUuid}` }],
  };
}

function providerOf(cloud: SandboxCloud, uuid: string): SandboxHost {
  const host = [...cloud.hosts.values()].find((h) => h.nodeUuid === uuid);
  if (!host) throw new NovaFault(404, `No resource provider with uuid ${uuid} found`);
  return host;
}

function inventory(total: number, reserved: number, ratio: number) {
  return { allocation_ratio: ratio, max_unit: total, min_unit: 1, reserved, step_size: 1, total };
}

const routes = router<PlacementRequest>([
  {
    method: 'GET',
    path: '/resource_providers',
    handle: ({ cloud, context, headers }) => {
      const name = context.query.get('name');
      const uuid = context.query.get('uuid');
      const list = [...cloud.hosts.values()].filter(
        (h) => (!name || h.nodeName === name) && (!uuid || h.nodeUuid === uuid),
      );
      return { status: 200, headers, body: { resource_providers: list.map(providerView) } };
    },
  },
  {
    method: 'GET',
    path: '/resource_providers/{uuid}/traits',
    handle: ({ cloud, headers }, [uuid]) => {
      const host = providerOf(cloud, uuid as string);
      return {
        status: 200,
        headers,
        body: {
          traits: [...NODE_TRAITS, ...(host.cpuTraits ?? CPU_TRAITS)],
          resource_provider_generation: 1,
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/allocation_candidates',
    handle: ({ cloud, context, headers }) => ({
      status: 200,
      headers,
      body: allocationCandidates(cloud, context.query, placementVersion(context)),
    }),
  },
  {
    method: 'GET',
    path: '/allocations/{consumer}',
    handle: ({ cloud, headers }, [consumer]) => {
      const held = allocationsOf(cloud, consumer as string);
      if (!held) return { status: 200, headers, body: { allocations: {} } };
      const host = cloud.hostOrThrow(held.host);
      const { flavor, imageId } = held.server;
      return {
        status: 200,
        headers,
        body: {
          allocations: {
            [host.nodeUuid]: {
              resources: { VCPU: flavor.vcpus, MEMORY_MB: flavor.ram, DISK_GB: imageId ? flavor.disk : 0 },
              generation: 1,
            },
          },
          project_id: held.projectId,
          user_id: held.userId,
          consumer_generation: 1,
          consumer_type: 'unknown',
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/resource_providers/{uuid}',
    handle: ({ cloud, headers }, [uuid]) => ({
      status: 200,
      headers,
      body: providerView(providerOf(cloud, uuid as string)),
    }),
  },
  {
    method: 'GET',
    path: '/resource_providers/{uuid}/inventories',
    handle: ({ cloud, headers }, [uuid]) => {
      const { DISK_GB, MEMORY_MB, VCPU } = hostCapacity(providerOf(cloud, uuid as string));
      return {
        status: 200,
        headers,
        body: {
          inventories: {
            DISK_GB: inventory(DISK_GB.total, DISK_GB.reserved, DISK_GB.ratio),
            MEMORY_MB: inventory(MEMORY_MB.total, MEMORY_MB.reserved, MEMORY_MB.ratio),
            VCPU: inventory(VCPU.total, VCPU.reserved, VCPU.ratio),
          },
          resource_provider_generation: 1,
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/resource_providers/{uuid}/usages',
    handle: ({ cloud, headers }, [uuid]) => ({
      status: 200,
      headers,
      body: {
        usages: hostUsage(cloud, providerOf(cloud, uuid as string).name),
        resource_provider_generation: 1,
      },
    }),
  },
  {
    method: 'GET',
    path: '/resource_providers/{uuid}/allocations',
    handle: ({ cloud, headers }, [uuid]) => {
      const host = providerOf(cloud, uuid as string);
      const allocations: Record<string, unknown> = {};
      for (const server of cloud.servers.values()) {
        if (server.host !== host.name) continue;
        allocations[server.id] = {
          resources: {
            MEMORY_MB: server.flavor.ram,
            VCPU: server.flavor.vcpus,
            DISK_GB: server.imageId ? server.flavor.disk : 0,
          },
        };
      }
      return { status: 200, headers, body: { allocations, resource_provider_generation: 1 } };
    },
  },
]);

/** Placement: resource providers with their inventories, usages and allocations, and candidates. */
export const placementApi: Api = {
  prefix: '/placement',
  serve(cloud, context) {
    const path = context.path.replace(/^\/placement/, '') || '/';
    const headers = {
      'OpenStack-API-Version': `placement ${placementVersion(context)}`,
      Vary: 'openstack-api-version',
    };
    if (context.method === 'GET' && path === '/') {
      return {
        status: 200,
        headers,
        body: {
          versions: [
            {
              id: 'v1.0',
              max_version: PLACEMENT_MAX,
              min_version: '1.0',
              status: 'CURRENT',
              links: [{ rel: 'self', href: '' }],
            },
          ],
        },
      };
    }
    authenticated(cloud, context);
    return routes.dispatch(context.method, path, { cloud, context, headers });
  },
  error: (fault: NovaFault): Reply => ({
    status: fault.status,
    body: {
      errors: [
        { status: fault.status, title: 'Error', detail: fault.message, request_id: `req-${randomUUID()}` },
      ],
    },
  }),
};

/** The traits every sandbox compute node reports (as Nova's libvirt driver does, in part). */
const NODE_TRAITS = [
  'COMPUTE_NODE',
  'COMPUTE_NET_ATTACH_INTERFACE',
  'COMPUTE_VOLUME_ATTACH_WITH_TAG',
  'COMPUTE_IMAGE_TYPE_RAW',
];

/**
 * The HW_CPU_* traits Nova's libvirt driver reports for the CPU every sandbox host shares unless a test
 * gives one its own (the lab's TCG hosts report only SSE, SSE2, MMX, SVM: evidence 72-74).
 */
export const CPU_TRAITS = [
  'HW_CPU_HYPERTHREADING',
  'HW_CPU_X86_MMX',
  'HW_CPU_X86_SSE',
  'HW_CPU_X86_SSE2',
  'HW_CPU_X86_SSE3',
  'HW_CPU_X86_SSSE3',
  'HW_CPU_X86_SSE41',
  'HW_CPU_X86_SSE42',
  'HW_CPU_X86_AESNI',
  'HW_CPU_X86_CLMUL',
  'HW_CPU_X86_AVX',
  'HW_CPU_X86_F16C',
  'HW_CPU_X86_FMA3',
  'HW_CPU_X86_AVX2',
  'HW_CPU_X86_BMI',
  'HW_CPU_X86_BMI2',
  'HW_CPU_X86_VMX',
  'HW_CPU_X86_AVX512F',
  'HW_CPU_X86_AVX512CD',
  'HW_CPU_X86_AVX512BW',
  'HW_CPU_X86_AVX512DQ',
  'HW_CPU_X86_AVX512VL',
];

/**
 * GET /allocation_candidates?resources=VCPU:2,MEMORY_MB:4096,DISK_GB:40: the compute nodes with room
 * for that much, as Nova's scheduler asks Placement. Shapes by microversion: traits from 1.17, the
 * provider tree from 1.29, mappings from 1.34.
 */
function allocationCandidates(cloud: SandboxCloud, query: URLSearchParams, version: string) {
  const minor = Number(version.split('.')[1]);
  const asked: Record<string, number> = {};
  for (const part of (query.get('resources') ?? '').split(',').filter(Boolean)) {
    const [resource, amount] = part.split(':');
    const value = Number(amount);
    if (!resource || !Number.isInteger(value) || value < 1)
      throw new NovaFault(400, `Invalid resources query string parameter: '${query.get('resources')}'`);
    asked[resource] = value;
  }
  if (Object.keys(asked).length === 0)
    throw new NovaFault(400, "Invalid query string parameters: 'resources' is a required property");
  const requests: unknown[] = [];
  const summaries: Record<string, unknown> = {};
  const usage = usageByHost(cloud);
  for (const host of cloud.hosts.values()) {
    const used = usage.get(host.name) ?? { MEMORY_MB: 0, VCPU: 0, DISK_GB: 0 };
    const capacity = hostCapacity(host);
    const resources: Record<string, { capacity: number; used: number }> = {};
    let fits = true;
    for (const key of ['VCPU', 'MEMORY_MB', 'DISK_GB'] as const) {
      const room = Math.floor((capacity[key].total - capacity[key].reserved) * capacity[key].ratio);
      resources[key] = { capacity: room, used: used[key] };
      if (asked[key] !== undefined && used[key] + asked[key] > room) fits = false;
    }
    if (!fits) continue;
    const allocations = {
      [host.nodeUuid]: { resources: Object.fromEntries(Object.entries(asked)) },
    };
    requests.push(minor >= 34 ? { allocations, mappings: { '': [host.nodeUuid] } } : { allocations });
    summaries[host.nodeUuid] = {
      resources,
      ...(minor >= 17 ? { traits: [...NODE_TRAITS, ...(host.cpuTraits ?? CPU_TRAITS)] } : {}),
      ...(minor >= 29 ? { parent_provider_uuid: null, root_provider_uuid: host.nodeUuid } : {}),
    };
  }
  return { allocation_requests: requests, provider_summaries: summaries };
}

function placementVersion(context: Context): string {
  const header = context.headers['openstack-api-version'];
  if (typeof header === 'string' && header.startsWith('placement ')) {
    const asked = header.slice(10).trim();
    return asked === 'latest' ? PLACEMENT_MAX : asked;
  }
  return '1.0';
}
