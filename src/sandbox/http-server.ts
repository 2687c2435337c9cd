import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NovaFault, type SandboxCloud, type SandboxServer, type TokenInfo } from './cloud.ts';
import { applyFault } from './faults.ts';
import {
  actionView,
  controlServiceViews,
  hypervisorView,
  migrationView,
  serverView,
  serviceView,
  uptimeText,
  type Version,
} from './nova-views.ts';
import { sandboxUuid } from './seed.ts';

/** Nova's names for error bodies by status (nova/api/openstack/wsgi.py Fault). */
const FAULT_NAMES: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  429: 'overLimit',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

const PLACEMENT_MAX = '1.39';
const IMAGE_ID = sandboxUuid('image', 'debian-12');

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Context {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: IncomingMessage['headers'];
  base: string;
}

export interface RunningSandbox {
  url: string;
  /** the OS_* variables that point the openstack CLI (or Ferry) at this sandbox */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Serves the sandbox cloud's Keystone, Nova, Placement (and a minimal Glance) on one loopback port. */
export async function startSandboxServer(
  cloud: SandboxCloud,
  port = 0,
  host = '127.0.0.1',
): Promise<RunningSandbox> {
  let base = '';
  const server: Server = createServer((request, response) => {
    handle(cloud, request, response, base).catch((error) => {
      send(response, { status: 500, body: { computeFault: { code: 500, message: String(error) } } });
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  base = `http://${host}:${address.port}`;
  return {
    url: base,
    env: sandboxEnv(base),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sandboxEnv(base: string): Record<string, string> {
  return {
    OS_AUTH_URL: `${base}/identity/v3`,
    OS_USERNAME: 'admin',
    OS_PASSWORD: 'sandbox-admin',
    OS_PROJECT_NAME: 'admin',
    OS_USER_DOMAIN_NAME: 'Default',
    OS_PROJECT_DOMAIN_NAME: 'Default',
    OS_REGION_NAME: 'RegionOne',
    OS_INTERFACE: 'public',
    OS_IDENTITY_API_VERSION: '3',
  };
}

async function handle(
  cloud: SandboxCloud,
  request: IncomingMessage,
  response: ServerResponse,
  base: string,
): Promise<void> {
  const url = new URL(request.url ?? '/', base);
  cloud.requestsServed += 1;
  const raw = await readBody(request);
  let body: unknown;
  if (raw) {
    try {
      body = JSON.parse(raw);
    } catch {
      return send(response, novaError(400, 'Malformed request body'));
    }
  }
  const context: Context = {
    method: request.method ?? 'GET',
    path: url.pathname.replace(/\/+$/, '') || '/',
    query: url.searchParams,
    body,
    headers: request.headers,
    base,
  };
  if (cloud.faults.slowMs > 0) await new Promise((resolve) => setTimeout(resolve, cloud.faults.slowMs));
  if (!context.path.startsWith('/sandbox')) {
    const injected = cloud.takeApiFault(context.path);
    if (injected) {
      return send(response, {
        status: injected.status,
        body: {
          computeFault: {
            code: injected.status,
            message:
              "Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.\n<class 'oslo_db.exception.DBConnectionError'>",
          },
        },
      });
    }
  }
  cloud.sync();
  let reply: Reply;
  try {
    if (context.path.startsWith('/identity')) reply = identity(cloud, context);
    else if (context.path.startsWith('/compute')) reply = compute(cloud, context);
    else if (context.path.startsWith('/placement')) reply = placement(cloud, context);
    else if (context.path.startsWith('/image')) reply = image(cloud, context);
    else if (context.path.startsWith('/sandbox')) reply = control(cloud, context);
    else reply = { status: 404, body: { error: 'not found' } };
  } catch (error) {
    if (!(error instanceof NovaFault)) throw error;
    reply = context.path.startsWith('/identity')
      ? {
          status: error.status,
          body: {
            error: {
              code: error.status,
              title: error.status === 401 ? 'Unauthorized' : 'Bad Request',
              message: error.message,
            },
          },
        }
      : context.path.startsWith('/placement')
        ? {
            status: error.status,
            body: {
              errors: [
                {
                  status: error.status,
                  title: 'Error',
                  detail: error.message,
                  request_id: `req-${randomUUID()}`,
                },
              ],
            },
          }
        : novaError(error.status, error.message);
  }
  send(response, reply);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload = '';
  if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['Content-Type'] ??= 'application/json';
  }
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  response.writeHead(reply.status, headers);
  response.end(payload);
}

function novaError(status: number, message: string): Reply {
  return { status, body: { [FAULT_NAMES[status] ?? 'computeFault']: { code: status, message } } };
}

function authenticated(cloud: SandboxCloud, context: Context): TokenInfo {
  const token = context.headers['x-auth-token'];
  return cloud.validateToken(Array.isArray(token) ? token[0] : token);
}

function isAdmin(token: TokenInfo): boolean {
  return token.roles.includes('admin');
}

function requireAdmin(token: TokenInfo, rule: string): void {
  if (!isAdmin(token)) throw new NovaFault(403, `Policy doesn't allow ${rule} to be performed.`);
}

// ------------------------------------------------------------------ Keystone

function identity(cloud: SandboxCloud, context: Context): Reply {
  const { method, path, base } = context;
  const versionDoc = {
    id: 'v3.14',
    status: 'stable',
    updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${base}/identity/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  };
  if (method === 'GET' && path === '/identity')
    return { status: 300, body: { versions: { values: [versionDoc] } } };
  if (method === 'GET' && path === '/identity/v3') return { status: 200, body: { version: versionDoc } };
  if (method === 'POST' && path === '/identity/v3/auth/tokens') {
    const { token, info } = cloud.authenticate(context.body);
    return {
      status: 201,
      headers: { 'X-Subject-Token': token },
      body: { token: tokenBody(info, base, !context.query.has('nocatalog')) },
    };
  }
  if (method === 'GET' && path === '/identity/v3/auth/tokens') {
    authenticated(cloud, context);
    const subject = context.headers['x-subject-token'];
    const info = cloud.validateToken(Array.isArray(subject) ? subject[0] : subject);
    return {
      status: 200,
      headers: { 'X-Subject-Token': String(subject) },
      body: { token: tokenBody(info, base, true) },
    };
  }
  throw new NovaFault(404, 'The resource could not be found.');
}

function tokenBody(info: TokenInfo, base: string, withCatalog: boolean): Record<string, unknown> {
  const endpoint = (type: string, name: string, url: string) => ({
    type,
    name,
    id: sandboxUuid('service', type).replaceAll('-', ''),
    endpoints: ['public', 'internal', 'admin'].map((iface) => ({
      id: sandboxUuid('endpoint', `${type}/${iface}`).replaceAll('-', ''),
      interface: iface,
      region: 'RegionOne',
      region_id: 'RegionOne',
      url,
    })),
  });
  return {
    methods: info.methods,
    user: {
      id: info.userId,
      name: info.userName,
      domain: { id: 'default', name: 'Default' },
      password_expires_at: null,
    },
    audit_ids: [info.userId.slice(0, 22)],
    expires_at: new Date(info.expiresAt).toISOString().replace('Z', '000Z'),
    issued_at: new Date(info.issuedAt).toISOString().replace('Z', '000Z'),
    project: { id: info.projectId, name: info.projectName, domain: { id: 'default', name: 'Default' } },
    is_domain: false,
    roles: info.roles.map((name) => ({ id: sandboxUuid('role', name).replaceAll('-', ''), name })),
    ...(withCatalog
      ? {
          catalog: [
            endpoint('identity', 'keystone', `${base}/identity`),
            endpoint('compute', 'nova', `${base}/compute/v2.1`),
            endpoint('placement', 'placement', `${base}/placement`),
            endpoint('image', 'glance', `${base}/image`),
          ],
        }
      : {}),
  };
}

// ------------------------------------------------------------------ Nova

function requestedVersion(cloud: SandboxCloud, context: Context): Version {
  const max = cloud.maxMicroversion.split('.').map(Number) as Version;
  const header = context.headers['openstack-api-version'];
  const legacy = context.headers['x-openstack-nova-api-version'];
  let text: string | undefined;
  if (typeof header === 'string' && header.trim().toLowerCase().startsWith('compute '))
    text = header.trim().slice(8).trim();
  else if (typeof legacy === 'string') text = legacy.trim();
  if (!text) return [2, 1];
  if (text === 'latest') return max;
  const match = /^(\d+)\.(\d+)$/.exec(text);
  if (!match) throw new NovaFault(400, `Invalid API version request string: ${text}`);
  const version: Version = [Number(match[1]), Number(match[2])];
  if (version[0] !== 2 || version[1] < 1 || version[1] > max[1]) {
    throw Object.assign(
      new NovaFault(
        406,
        `Version ${text} is not supported by the API. Minimum is 2.1 and maximum is ${cloud.maxMicroversion}.`,
      ),
      {},
    );
  }
  return version;
}

function compute(cloud: SandboxCloud, context: Context): Reply {
  const { method, base } = context;
  const computeBase = `${base}/compute/v2.1`;
  const versionDoc = {
    id: 'v2.1',
    status: 'CURRENT',
    version: cloud.maxMicroversion,
    min_version: '2.1',
    updated: '2013-07-23T11:33:21Z',
    links: [{ rel: 'self', href: `${computeBase}/` }],
  };
  if (method === 'GET' && context.path === '/compute') {
    return { status: 200, body: { versions: [versionDoc] } };
  }
  if (method === 'GET' && context.path === '/compute/v2.1') {
    return {
      status: 200,
      body: {
        version: {
          ...versionDoc,
          links: [
            ...versionDoc.links,
            { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' },
          ],
          'media-types': [
            { base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' },
          ],
        },
      },
    };
  }
  const path = context.path.replace(/^\/compute\/v2\.1/, '');
  const token = authenticated(cloud, context);
  let version: Version;
  try {
    version = requestedVersion(cloud, context);
  } catch (error) {
    if (error instanceof NovaFault && error.status === 406) {
      return { status: 406, body: { computeFault: { code: 406, message: error.message } } };
    }
    throw error;
  }
  const requestId = `req-${randomUUID()}`;
  let reply: Reply;
  try {
    reply = novaRoute(cloud, { ...context, path }, token, version, computeBase);
  } catch (error) {
    if (!(error instanceof NovaFault)) throw error;
    reply = novaError(error.status, error.message);
  }
  const versionText = `${version[0]}.${version[1]}`;
  const actionRequestId = reply.headers?.['x-openstack-request-id'] ?? requestId;
  return {
    ...reply,
    headers: {
      ...reply.headers,
      'OpenStack-API-Version': `compute ${versionText}`,
      'X-OpenStack-Nova-API-Version': versionText,
      Vary: 'OpenStack-API-Version, X-OpenStack-Nova-API-Version',
      'x-openstack-request-id': actionRequestId,
      'x-compute-request-id': actionRequestId,
    },
  };
}

function novaRoute(
  cloud: SandboxCloud,
  context: Context,
  token: TokenInfo,
  version: Version,
  base: string,
): Reply {
  const { method, path, query } = context;
  let match: RegExpExecArray | null;

  if (method === 'GET' && (path === '/servers' || path === '/servers/detail')) {
    return {
      status: 200,
      body: listServers(cloud, context, token, version, base, path === '/servers/detail'),
    };
  }
  if ((match = /^\/servers\/([^/]+)$/.exec(path)) && method === 'GET') {
    return {
      status: 200,
      body: {
        server: visibleServer(cloud, serverFor(cloud, match[1] as string, token), token, version, base),
      },
    };
  }
  if ((match = /^\/servers\/([^/]+)\/action$/.exec(path)) && method === 'POST') {
    return serverAction(cloud, serverFor(cloud, match[1] as string, token), context.body, token, version);
  }
  if ((match = /^\/servers\/([^/]+)\/migrations$/.exec(path)) && method === 'GET') {
    needVersion(version, 23);
    requireAdmin(token, 'os_compute_api:servers:migrations:index');
    const server = serverFor(cloud, match[1] as string, token);
    const migrations = cloud.migrations.filter(
      (m) => m.serverId === server.id && cloud.isInProgressLive(m) && m.status !== 'accepted',
    );
    return {
      status: 200,
      body: {
        migrations: migrations.map((m) => migrationView(cloud, m, version, base, 'server-migrations')),
      },
    };
  }
  if ((match = /^\/servers\/([^/]+)\/migrations\/(\d+)$/.exec(path))) {
    needVersion(version, method === 'DELETE' ? 24 : 23);
    const server = serverFor(cloud, match[1] as string, token);
    const migrationId = Number(match[2]);
    if (method === 'GET') {
      requireAdmin(token, 'os_compute_api:servers:migrations:show');
      const migration = cloud.migrations.find((m) => m.id === migrationId && m.serverId === server.id);
      if (!migration || !cloud.isInProgressLive(migration) || migration.status === 'accepted') {
        throw new NovaFault(
          404,
          `In-progress live migration ${migrationId} is not found for server ${server.id}.`,
        );
      }
      return {
        status: 200,
        body: { migration: migrationView(cloud, migration, version, base, 'server-migrations') },
      };
    }
    if (method === 'DELETE') {
      requireAdmin(token, 'os_compute_api:servers:migrations:delete');
      const action = cloud.abortMigration(server, migrationId, token, version);
      return { status: 202, headers: { 'x-openstack-request-id': action.requestId } };
    }
  }
  if ((match = /^\/servers\/([^/]+)\/migrations\/(\d+)\/action$/.exec(path)) && method === 'POST') {
    needVersion(version, 22);
    requireAdmin(token, 'os_compute_api:servers:migrations:force_complete');
    const server = serverFor(cloud, match[1] as string, token);
    if (!context.body || typeof context.body !== 'object' || !('force_complete' in context.body)) {
      throw new NovaFault(400, 'Invalid input for field/attribute force_complete.');
    }
    const action = cloud.forceComplete(server, Number(match[2]), token);
    return { status: 202, headers: { 'x-openstack-request-id': action.requestId } };
  }
  if ((match = /^\/servers\/([^/]+)\/os-instance-actions$/.exec(path)) && method === 'GET') {
    const server = serverFor(cloud, match[1] as string, token);
    const actions = cloud.actions.filter((a) => a.serverId === server.id).reverse();
    return { status: 200, body: { instanceActions: actions.map((a) => actionView(a, version, false)) } };
  }
  if ((match = /^\/servers\/([^/]+)\/os-instance-actions\/([^/]+)$/.exec(path)) && method === 'GET') {
    const server = serverFor(cloud, match[1] as string, token);
    const action = cloud.actions.find((a) => a.serverId === server.id && a.requestId === match?.[2]);
    if (!action)
      throw new NovaFault(404, `Action for request_id ${match[2]} on instance ${server.id} not found`);
    return { status: 200, body: { instanceAction: actionView(action, version, isAdmin(token)) } };
  }
  if ((match = /^\/servers\/([^/]+)\/os-volume_attachments$/.exec(path)) && method === 'GET') {
    const server = serverFor(cloud, match[1] as string, token);
    return {
      status: 200,
      body: {
        volumeAttachments: server.volumes.map((id) => ({
          id,
          volumeId: id,
          serverId: server.id,
          device: '/dev/vda',
        })),
      },
    };
  }
  if (method === 'GET' && path === '/os-migrations') {
    requireAdmin(token, 'os_compute_api:os-migrations:index');
    return { status: 200, body: listMigrations(cloud, query, version, base) };
  }
  if (method === 'GET' && (path === '/os-hypervisors' || path === '/os-hypervisors/detail')) {
    requireAdmin(token, 'os_compute_api:os-hypervisors:list');
    return { status: 200, body: listHypervisors(cloud, query, version, path.endsWith('/detail'), base) };
  }
  if (method === 'GET' && path === '/os-hypervisors/statistics') {
    if (version[1] >= 88) throw new NovaFault(404, 'The resource could not be found.');
    requireAdmin(token, 'os_compute_api:os-hypervisors:statistics');
    const views = [...cloud.hosts.values()].map((host, index) => hypervisorView(cloud, host, version, index));
    const sum = (key: string) => views.reduce((total, view) => total + Number(view[key]), 0);
    const keys = [
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
    return {
      status: 200,
      body: {
        hypervisor_statistics: { count: views.length, ...Object.fromEntries(keys.map((k) => [k, sum(k)])) },
      },
    };
  }
  if ((match = /^\/os-hypervisors\/([^/]+)$/.exec(path)) && method === 'GET') {
    requireAdmin(token, 'os_compute_api:os-hypervisors:show');
    const hosts = [...cloud.hosts.values()];
    const index = hosts.findIndex((host, i) => host.nodeUuid === match?.[1] || String(i + 1) === match?.[1]);
    if (index === -1) throw new NovaFault(404, `Hypervisor with ID ${match[1]} could not be found.`);
    const view = hypervisorView(cloud, hosts[index] as (typeof hosts)[number], version, index);
    if (query.get('with_servers') === 'true' || query.get('with_servers') === '1')
      view.servers = serversOn(cloud, (hosts[index] as { name: string }).name);
    return { status: 200, body: { hypervisor: view } };
  }
  if (method === 'GET' && path === '/os-services') {
    requireAdmin(token, 'os_compute_api:os-services:list');
    const hosts = [...cloud.hosts.values()];
    let services = [
      ...controlServiceViews(cloud, version),
      ...hosts.map((host, i) => serviceView(cloud, host, version, i)),
    ];
    const binary = query.get('binary');
    const hostFilter = query.get('host');
    if (binary) services = services.filter((s) => s.binary === binary);
    if (hostFilter) services = services.filter((s) => s.host === hostFilter);
    return { status: 200, body: { services } };
  }
  if ((match = /^\/os-services\/([^/]+)$/.exec(path)) && method === 'PUT') {
    needVersion(version, 53);
    requireAdmin(token, 'os_compute_api:os-services:update');
    const host = [...cloud.hosts.values()].find((candidate) => candidate.serviceUuid === match?.[1]);
    if (!host) throw new NovaFault(404, `Service ${match[1]} could not be found.`);
    updateService(cloud, host, context.body);
    const index = [...cloud.hosts.values()].indexOf(host);
    return { status: 200, body: { service: serviceView(cloud, host, version, index) } };
  }
  if (method === 'GET' && (path === '/flavors' || path === '/flavors/detail')) {
    return {
      status: 200,
      body: {
        flavors: cloud.flavors.map((flavor) => flavorView(flavor, base, path.endsWith('/detail'), version)),
      },
    };
  }
  if ((match = /^\/flavors\/([^/]+)$/.exec(path)) && method === 'GET') {
    const flavor = cloud.flavors.find((candidate) => candidate.id === match?.[1]);
    if (!flavor) throw new NovaFault(404, `Flavor ${match[1]} could not be found.`);
    return { status: 200, body: { flavor: flavorView(flavor, base, true, version) } };
  }
  if ((match = /^\/flavors\/([^/]+)\/os-extra_specs$/.exec(path)) && method === 'GET') {
    return { status: 200, body: { extra_specs: {} } };
  }
  if (method === 'GET' && path === '/os-server-groups') {
    // As Nova: the caller's project only, unless an admin asks for all_projects; offset/limit paging.
    const { query } = context;
    const everyProject = isAdmin(token) && query.has('all_projects');
    const groups = [...cloud.groups.values()].filter((g) => everyProject || g.projectId === token.projectId);
    const offset = Number(query.get('offset') ?? 0);
    const limit = Math.min(Number(query.get('limit') ?? 1000), 1000);
    return {
      status: 200,
      body: {
        server_groups: groups
          .slice(offset, offset + limit)
          .map((group) => groupView(cloud, group.id, version)),
      },
    };
  }
  if ((match = /^\/os-server-groups\/([^/]+)$/.exec(path)) && method === 'GET') {
    if (!cloud.groups.has(match[1] as string))
      throw new NovaFault(404, `Instance group ${match[1]} could not be found.`);
    return { status: 200, body: { server_group: groupView(cloud, match[1] as string, version) } };
  }
  if (method === 'GET' && path === '/os-availability-zone/detail') {
    return {
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
    };
  }
  if (method === 'GET' && path === '/os-aggregates') return { status: 200, body: { aggregates: [] } };
  if ((match = /^\/os-hypervisors\/([^/]+)\/uptime$/.exec(path)) && method === 'GET') {
    if (version[1] >= 88) throw new NovaFault(404, 'The resource could not be found.');
    requireAdmin(token, 'os_compute_api:os-hypervisors:uptime');
    const hosts = [...cloud.hosts.values()];
    const index = hosts.findIndex((host, i) => host.nodeUuid === match?.[1] || String(i + 1) === match?.[1]);
    if (index === -1) throw new NovaFault(404, `Hypervisor with ID ${match[1]} could not be found.`);
    const view = hypervisorView(cloud, hosts[index] as (typeof hosts)[number], version, index);
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
  }
  if (method === 'GET' && path === '/limits') {
    return {
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
    };
  }
  throw new NovaFault(404, 'The resource could not be found.');
}

function needVersion(version: Version, minor: number): void {
  if (version[1] < minor) throw new NovaFault(404, 'The resource could not be found.');
}

function serverFor(cloud: SandboxCloud, id: string, token: TokenInfo): SandboxServer {
  const server = cloud.servers.get(id);
  if (!server || (!isAdmin(token) && server.projectId !== token.projectId)) {
    throw new NovaFault(404, `Instance ${id} could not be found.`);
  }
  return server;
}

function visibleServer(
  cloud: SandboxCloud,
  server: SandboxServer,
  token: TokenInfo,
  version: Version,
  base: string,
  inList = false,
) {
  const view = serverView(cloud, server, version, base, inList);
  if (!isAdmin(token)) {
    for (const key of Object.keys(view)) if (key.startsWith('OS-EXT-SRV-ATTR:')) delete view[key];
    delete view.host_status;
  }
  return view;
}

function listServers(
  cloud: SandboxCloud,
  context: Context,
  token: TokenInfo,
  version: Version,
  base: string,
  detail: boolean,
) {
  const { query } = context;
  const admin = isAdmin(token);
  const allTenants = admin && ['1', 'true', 'True'].includes(query.get('all_tenants') ?? '');
  let servers = [...cloud.servers.values()].sort((a, b) => b.created - a.created || a.id.localeCompare(b.id));
  if (!allTenants)
    servers = servers.filter(
      (s) => s.projectId === (admin && query.get('project_id') ? query.get('project_id') : token.projectId),
    );
  else if (query.get('project_id') || query.get('tenant_id')) {
    const project = query.get('project_id') ?? query.get('tenant_id');
    servers = servers.filter((s) => s.projectId === project);
  }
  // A non-admin's host filter is silently dropped, as in Nova.
  const host = admin ? query.get('host') : null;
  if (host) servers = servers.filter((s) => s.host === host);
  const name = query.get('name');
  if (name) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(name);
    } catch {
      throw new NovaFault(400, `Invalid regular expression in name filter: ${name}`);
    }
    servers = servers.filter((s) => pattern.test(s.name));
  }
  const status = query.get('status');
  if (status) servers = servers.filter((s) => cloud.statusOf(s) === status.toUpperCase());
  const { page, next } = pageOf(
    cloud,
    servers,
    query,
    (s) => s.id,
    (marker) => `marker [${marker}] not found`,
  );
  const body: Record<string, unknown> = {
    servers: page.map((s) =>
      detail
        ? visibleServer(cloud, s, token, version, base, true)
        : { id: s.id, name: s.name, links: [{ rel: 'self', href: `${base}/servers/${s.id}` }] },
    ),
  };
  if (next) body.servers_links = [{ rel: 'next', href: `${base}/servers${detail ? '/detail' : ''}?${next}` }];
  return body;
}

/**
 * One page of a list, as Nova pages: after `marker`, at most `limit` items and never more than the
 * API's max_limit; a next link (the same query, the last item as marker) when the page is full.
 */
function pageOf<T>(
  cloud: SandboxCloud,
  items: T[],
  query: URLSearchParams,
  idOf: (item: T) => string,
  markerNotFound: (marker: string) => string,
): { page: T[]; next: URLSearchParams | null } {
  const asked = query.get('limit');
  const limit = asked === null ? cloud.maxLimit : Number(asked);
  if (!Number.isInteger(limit) || limit < 0)
    throw new NovaFault(400, `Invalid input for query parameters limit. Value: ${asked}.`);
  const marker = query.get('marker');
  let rest = items;
  if (marker) {
    const index = items.findIndex((item) => idOf(item) === marker);
    if (index === -1) throw new NovaFault(400, markerNotFound(marker));
    rest = items.slice(index + 1);
  }
  const size = Math.min(limit, cloud.maxLimit);
  const page = rest.slice(0, size);
  if (page.length === 0 || page.length < size) return { page, next: null };
  const next = new URLSearchParams(query);
  next.set('marker', idOf(page[page.length - 1] as T));
  return { page, next };
}

function serversOn(cloud: SandboxCloud, host: string) {
  return [...cloud.servers.values()]
    .filter((s) => s.host === host)
    .map((s) => ({ name: s.instanceName, uuid: s.id }));
}

function serverAction(
  cloud: SandboxCloud,
  server: SandboxServer,
  body: unknown,
  token: TokenInfo,
  version: Version,
): Reply {
  if (!body || typeof body !== 'object') throw new NovaFault(400, 'The request body is invalid.');
  const [name] = Object.keys(body);
  const argument = (body as Record<string, unknown>)[name as string];
  switch (name) {
    case 'os-migrateLive': {
      const args = (argument ?? {}) as Record<string, unknown>;
      const host = (args.host as string | null | undefined) ?? null;
      requireAdmin(
        token,
        host
          ? 'os_compute_api:os-migrate-server:migrate_live:host'
          : 'os_compute_api:os-migrate-server:migrate_live',
      );
      const allowed =
        version[1] >= 68 || version[1] < 30
          ? ['host', 'block_migration']
          : ['host', 'block_migration', 'force'];
      if (version[1] < 25) allowed.push('disk_over_commit');
      const extra = Object.keys(args).find((key) => !allowed.includes(key));
      if (extra) {
        throw new NovaFault(
          400,
          `Invalid input for field/attribute os-migrateLive. Value: ${pyRepr(args)}. Additional properties are not allowed ('${extra}' was unexpected)`,
        );
      }
      for (const required of ['host', 'block_migration']) {
        if (!(required in args)) {
          throw new NovaFault(
            400,
            `Invalid input for field/attribute os-migrateLive. Value: ${pyRepr(args)}. '${required}' is a required property`,
          );
        }
      }
      const block = args.block_migration;
      if (!(block === true || block === false || (block === 'auto' && version[1] >= 25))) {
        throw new NovaFault(
          400,
          `Invalid input for field/attribute block_migration. Value: ${String(block)}.`,
        );
      }
      const action = cloud.liveMigrate(server, host, block as boolean | 'auto', token);
      return { status: 202, headers: { 'x-openstack-request-id': action.requestId } };
    }
    case 'migrate': {
      const host = (argument as { host?: string } | null)?.host ?? null;
      requireAdmin(
        token,
        host ? 'os_compute_api:os-migrate-server:migrate:host' : 'os_compute_api:os-migrate-server:migrate',
      );
      if (host && version[1] < 56)
        throw new NovaFault(
          400,
          "Invalid input for field/attribute migrate. Value: {'host': '" +
            host +
            "'}. None is not of type 'null'",
        );
      const action = cloud.coldMigrate(server, host, token);
      return { status: 202, headers: { 'x-openstack-request-id': action.requestId } };
    }
    case 'evacuate': {
      requireAdmin(token, 'os_compute_api:os-evacuate');
      const host = (argument as { host?: string } | null)?.host ?? null;
      const action = cloud.evacuate(server, host, token);
      // 2.14+: no admin password in the answer, and no body at all
      return { status: 200, headers: { 'x-openstack-request-id': action.requestId } };
    }
    case 'confirmResize': {
      const action = cloud.confirmResize(server, token);
      return { status: 204, headers: { 'x-openstack-request-id': action.requestId } };
    }
    case 'revertResize': {
      const action = cloud.revertResize(server, token);
      return { status: 202, headers: { 'x-openstack-request-id': action.requestId } };
    }
    default:
      throw new NovaFault(400, `There is no such action: ${name}`);
  }
}

/** Python's repr of a small dict, as Nova's schema errors quote the request. */
function pyRepr(value: Record<string, unknown>): string {
  const item = (v: unknown): string =>
    typeof v === 'string'
      ? `'${v}'`
      : v === null
        ? 'None'
        : v === true
          ? 'True'
          : v === false
            ? 'False'
            : String(v);
  return `{${Object.entries(value)
    .map(([k, v]) => `'${k}': ${item(v)}`)
    .join(', ')}}`;
}

const MIGRATION_FILTERS = new Set([
  'instance_uuid',
  'migration_type',
  'status',
  'source_compute',
  'host',
  'hidden',
  'limit',
  'marker',
  'changes-since',
  'changes-before',
  'user_id',
  'project_id',
  'cell_name',
]);

function listMigrations(cloud: SandboxCloud, query: URLSearchParams, version: Version, base: string) {
  if (version[1] >= 59) {
    const unknown = [...query.keys()].find((key) => !MIGRATION_FILTERS.has(key));
    if (unknown)
      throw new NovaFault(
        400,
        `Invalid input for query parameters ${unknown}. Value: ${query.get(unknown)}. Additional properties are not allowed ('${unknown}' was unexpected)`,
      );
  }
  let migrations = [...cloud.migrations].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
  const instance = query.get('instance_uuid');
  if (instance) migrations = migrations.filter((m) => m.serverId === instance);
  const type = query.get('migration_type');
  if (type) migrations = migrations.filter((m) => m.type === type);
  const statuses = query.getAll('status');
  if (statuses.length) migrations = migrations.filter((m) => statuses.includes(m.status));
  const host = query.get('host');
  const source = query.get('source_compute');
  if (host) migrations = migrations.filter((m) => m.source === host || m.dest === host);
  else if (source) migrations = migrations.filter((m) => m.source === source);
  if (version[1] >= 59) {
    const since = query.get('changes-since');
    if (since)
      migrations = migrations.filter(
        (m) => m.updatedAt >= Date.parse(since.endsWith('Z') || since.includes('+') ? since : `${since}Z`),
      );
    const { page, next } = pageOf(
      cloud,
      migrations,
      query,
      (m) => m.uuid,
      (marker) => `Marker ${marker} could not be found.`,
    );
    return {
      migrations: page.map((m) => migrationView(cloud, m, version, base, 'os-migrations')),
      ...(next ? { migrations_links: [{ rel: 'next', href: `${base}/os-migrations?${next}` }] } : {}),
    };
  }
  return { migrations: migrations.map((m) => migrationView(cloud, m, version, base, 'os-migrations')) };
}

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

function updateService(
  cloud: SandboxCloud,
  host: ReturnType<SandboxCloud['hostOrThrow']>,
  body: unknown,
): void {
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
    extra_specs: {},
  };
}

function groupView(cloud: SandboxCloud, id: string, version: Version) {
  const group = cloud.groups.get(id) as { id: string; name: string; policy: string; projectId: string };
  const members = [...cloud.servers.values()].filter((s) => s.groups.includes(id)).map((s) => s.id);
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

// ------------------------------------------------------------------ Placement

function placement(cloud: SandboxCloud, context: Context): Reply {
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
  const hosts = [...cloud.hosts.values()];
  const provider = (host: (typeof hosts)[number]) => ({
    uuid: host.nodeUuid,
    name: host.nodeName,
    generation: 1,
    parent_provider_uuid: null,
    root_provider_uuid: host.nodeUuid,
    links: [{ rel: 'self', href: `/placement/resource_providers/${host.nodeUuid}` }],
  });
  let match: RegExpExecArray | null;
  if (context.method === 'GET' && path === '/resource_providers') {
    const name = context.query.get('name');
    const uuid = context.query.get('uuid');
    const list = hosts.filter((h) => (!name || h.nodeName === name) && (!uuid || h.nodeUuid === uuid));
    return { status: 200, headers, body: { resource_providers: list.map(provider) } };
  }
  if (context.method === 'GET' && path === '/allocation_candidates')
    return {
      status: 200,
      headers,
      body: allocationCandidates(cloud, context.query, placementVersion(context)),
    };
  match = /^\/allocations\/([^/]+)$/.exec(path);
  if (context.method === 'GET' && match) {
    const held = cloud.allocationsOf(match[1] as string);
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
  }
  match = /^\/resource_providers\/([^/]+)(\/[a-z_]+)?$/.exec(path);
  if (context.method === 'GET' && match) {
    const host = hosts.find((h) => h.nodeUuid === match?.[1]);
    if (!host) throw new NovaFault(404, `No resource provider with uuid ${match[1]} found`);
    const sub = match[2];
    if (!sub) return { status: 200, headers, body: provider(host) };
    if (sub === '/inventories') {
      const capacity = cloud.capacity(host);
      const inventory = (total: number, reserved: number, ratio: number) => ({
        allocation_ratio: ratio,
        max_unit: total,
        min_unit: 1,
        reserved,
        step_size: 1,
        total,
      });
      return {
        status: 200,
        headers,
        body: {
          inventories: {
            DISK_GB: inventory(capacity.DISK_GB.total, capacity.DISK_GB.reserved, capacity.DISK_GB.ratio),
            MEMORY_MB: inventory(
              capacity.MEMORY_MB.total,
              capacity.MEMORY_MB.reserved,
              capacity.MEMORY_MB.ratio,
            ),
            VCPU: inventory(capacity.VCPU.total, capacity.VCPU.reserved, capacity.VCPU.ratio),
          },
          resource_provider_generation: 1,
        },
      };
    }
    if (sub === '/usages')
      return {
        status: 200,
        headers,
        body: { usages: cloud.usage(host.name), resource_provider_generation: 1 },
      };
    if (sub === '/allocations') {
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
    }
  }
  throw new NovaFault(404, 'The resource could not be found.');
}

/** The traits every sandbox compute node reports (as Nova's libvirt driver does, in part). */
const NODE_TRAITS = [
  'COMPUTE_NODE',
  'COMPUTE_NET_ATTACH_INTERFACE',
  'COMPUTE_VOLUME_ATTACH_WITH_TAG',
  'COMPUTE_IMAGE_TYPE_RAW',
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
  for (const host of cloud.hosts.values()) {
    const used = cloud.usage(host.name);
    const capacity = cloud.capacity(host);
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
      ...(minor >= 17 ? { traits: NODE_TRAITS } : {}),
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

// ------------------------------------------------------------------ Glance (only what the CLI looks up)

function image(cloud: SandboxCloud, context: Context): Reply {
  const path = context.path.replace(/^\/image/, '') || '/';
  if (path === '/' || path === '/versions') {
    return {
      status: 200,
      body: {
        versions: [
          { id: 'v2.16', status: 'CURRENT', links: [{ rel: 'self', href: `${context.base}/image/v2/` }] },
        ],
      },
    };
  }
  authenticated(cloud, context);
  const view = {
    id: IMAGE_ID,
    name: 'debian-12',
    status: 'active',
    visibility: 'public',
    disk_format: 'qcow2',
    container_format: 'bare',
    size: 343_932_928,
    min_disk: 0,
    min_ram: 0,
    protected: false,
    tags: [],
    created_at: '2026-01-10T08:00:00Z',
    updated_at: '2026-01-10T08:00:00Z',
    self: `/v2/images/${IMAGE_ID}`,
    file: `/v2/images/${IMAGE_ID}/file`,
    schema: '/v2/schemas/image',
  };
  if (path === '/v2/images')
    return { status: 200, body: { images: [view], schema: '/v2/schemas/images', first: '/v2/images' } };
  if (path === `/v2/images/${IMAGE_ID}`) return { status: 200, body: view };
  return { status: 404, body: { message: 'Not found', code: '404 Not Found', title: 'Not Found' } };
}

// ------------------------------------------------------------------ sandbox control

function control(cloud: SandboxCloud, context: Context): Reply {
  if (context.path === '/sandbox/faults' && context.method === 'POST') {
    try {
      return { status: 200, body: { applied: applyFault(cloud, context.body) } };
    } catch (error) {
      return { status: 400, body: { error: (error as Error).message } };
    }
  }
  if (context.path === '/sandbox/faults' && context.method === 'DELETE') {
    cloud.clearFaults();
    return { status: 204 };
  }
  if (context.path === '/sandbox/state' && context.method === 'GET') {
    return {
      status: 200,
      body: {
        speed: cloud.speed,
        requestsServed: cloud.requestsServed,
        hosts: [...cloud.hosts.values()].map((h) => ({
          name: h.name,
          status: h.status,
          up: cloud.serviceUp(h),
          usage: cloud.usage(h.name),
        })),
        servers: [...cloud.servers.values()].map((s) => ({
          id: s.id,
          name: s.name,
          host: s.host,
          status: cloud.statusOf(s),
        })),
        migrations: cloud.migrations.map((m) => ({
          id: m.id,
          server: m.serverId,
          type: m.type,
          status: m.status,
          source: m.source,
          dest: m.dest,
        })),
      },
    };
  }
  return { status: 404, body: { error: 'not found' } };
}
