import { NovaFault, type SandboxCloud, type SandboxServer, type TokenInfo } from '../cloud.ts';
import { consoleOutput } from '../console-output.ts';
import type { SandboxMigration } from '../model.ts';
import { actionView, migrationView, serverView, type Version } from '../nova-views.ts';
import * as serverActions from '../server-actions.ts';
import { isAdmin, type Reply, type Route, requireAdmin } from './http.ts';
import { type NovaRequest, needVersion, pageOf } from './nova-request.ts';

function migrationIdOf(text: string): number {
  if (!/^\d+$/.test(text)) throw new NovaFault(404, 'The resource could not be found.');
  return Number(text);
}

function acceptedWith(requestId: string, status = 202): Reply {
  return { status, headers: { 'x-openstack-request-id': requestId } };
}

/** Servers, their actions, migrations and instance actions, and the cloud's migration list. */
export const computeServerRoutes: Route<NovaRequest>[] = [
  {
    method: 'GET',
    path: '/servers',
    handle: (request) => ({ status: 200, body: listServers(request, false) }),
  },
  {
    method: 'GET',
    path: '/servers/detail',
    handle: (request) => ({ status: 200, body: listServers(request, true) }),
  },
  {
    method: 'GET',
    path: '/servers/{id}',
    handle: ({ cloud, token, version, base }, [id]) => ({
      status: 200,
      body: { server: visibleServer(cloud, serverFor(cloud, id as string, token), token, version, base) },
    }),
  },
  {
    method: 'POST',
    path: '/servers/{id}/action',
    handle: ({ cloud, context, token, version }, [id]) =>
      serverAction(cloud, serverFor(cloud, id as string, token), context.body, token, version),
  },
  {
    method: 'GET',
    path: '/servers/{id}/migrations',
    handle: ({ cloud, token, version, base }, [id]) => {
      needVersion(version, 23);
      requireAdmin(token, 'os_compute_api:servers:migrations:index');
      const server = serverFor(cloud, id as string, token);
      const migrations = cloud.migrations.filter(
        (m) => m.serverId === server.id && listedInProgress(cloud, m),
      );
      return {
        status: 200,
        body: {
          migrations: migrations.map((m) => migrationView(cloud, m, version, base, 'server-migrations')),
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/servers/{id}/migrations/{migration}',
    handle: ({ cloud, token, version, base }, [id, migrationText]) => {
      const migrationId = migrationIdOf(migrationText as string);
      needVersion(version, 23);
      const server = serverFor(cloud, id as string, token);
      requireAdmin(token, 'os_compute_api:servers:migrations:show');
      const migration = cloud.migrations.find((m) => m.id === migrationId && m.serverId === server.id);
      if (!migration || !listedInProgress(cloud, migration)) {
        throw new NovaFault(
          404,
          `In-progress live migration ${migrationId} is not found for server ${server.id}.`,
        );
      }
      return {
        status: 200,
        body: { migration: migrationView(cloud, migration, version, base, 'server-migrations') },
      };
    },
  },
  {
    method: 'DELETE',
    path: '/servers/{id}/migrations/{migration}',
    handle: ({ cloud, token, version }, [id, migrationText]) => {
      const migrationId = migrationIdOf(migrationText as string);
      needVersion(version, 24);
      const server = serverFor(cloud, id as string, token);
      requireAdmin(token, 'os_compute_api:servers:migrations:delete');
      return acceptedWith(serverActions.abortMigration(cloud, server, migrationId, token, version).requestId);
    },
  },
  {
    method: 'POST',
    path: '/servers/{id}/migrations/{migration}/action',
    handle: ({ cloud, context, token, version }, [id, migrationText]) => {
      const migrationId = migrationIdOf(migrationText as string);
      needVersion(version, 22);
      requireAdmin(token, 'os_compute_api:servers:migrations:force_complete');
      const server = serverFor(cloud, id as string, token);
      if (!context.body || typeof context.body !== 'object' || !('force_complete' in context.body)) {
        throw new NovaFault(400, 'Invalid input for field/attribute force_complete.');
      }
      return acceptedWith(serverActions.forceComplete(cloud, server, migrationId, token).requestId);
    },
  },
  {
    method: 'GET',
    path: '/servers/{id}/os-instance-actions',
    handle: ({ cloud, token, version }, [id]) => {
      const server = serverFor(cloud, id as string, token);
      const actions = cloud.actions.filter((a) => a.serverId === server.id).reverse();
      return { status: 200, body: { instanceActions: actions.map((a) => actionView(a, version, false)) } };
    },
  },
  {
    method: 'GET',
    path: '/servers/{id}/os-instance-actions/{request}',
    handle: ({ cloud, token, version }, [id, requestId]) => {
      const server = serverFor(cloud, id as string, token);
      const action = cloud.actions.find((a) => a.serverId === server.id && a.requestId === requestId);
      if (!action)
        throw new NovaFault(404, `Action for request_id ${requestId} on instance ${server.id} not found`);
      return { status: 200, body: { instanceAction: actionView(action, version, isAdmin(token)) } };
    },
  },
  {
    method: 'GET',
    path: '/servers/{id}/os-volume_attachments',
    handle: ({ cloud, token }, [id]) => {
      const server = serverFor(cloud, id as string, token);
      return {
        status: 200,
        body: {
          volumeAttachments: server.volumes.map((volumeId) => ({
            id: volumeId,
            volumeId,
            serverId: server.id,
            device: '/dev/vda',
          })),
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/os-migrations',
    handle: ({ cloud, context, token, version, base }) => {
      requireAdmin(token, 'os_compute_api:os-migrations:index');
      return { status: 200, body: listMigrations(cloud, context.query, version, base) };
    },
  },
];

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

function listServers({ cloud, context, token, version, base }: NovaRequest, detail: boolean) {
  const { query } = context;
  const admin = isAdmin(token);
  const allTenants = admin && ['1', 'true', 'True'].includes(query.get('all_tenants') ?? '');
  let servers = [...cloud.servers.values()];
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
  // newest first, as Nova lists them: sorted after the filters, which keep far fewer on a large cloud
  servers.sort((a, b) => b.created - a.created || a.id.localeCompare(b.id));
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
      const action = serverActions.liveMigrate(cloud, server, host, block as boolean | 'auto', token);
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
      const action = serverActions.coldMigrate(cloud, server, host, token);
      return { status: 202, headers: { 'x-openstack-request-id': action.requestId } };
    }
    case 'evacuate': {
      requireAdmin(token, 'os_compute_api:os-evacuate');
      const host = (argument as { host?: string } | null)?.host ?? null;
      const action = serverActions.evacuate(cloud, server, host, token);
      // 2.14+: no admin password in the answer, and no body at all
      return { status: 200, headers: { 'x-openstack-request-id': action.requestId } };
    }
    case 'os-getConsoleOutput':
      return consoleOutput(cloud, server, argument);
    case 'confirmResize': {
      const action = serverActions.confirmResize(cloud, server, token);
      return { status: 204, headers: { 'x-openstack-request-id': action.requestId } };
    }
    case 'revertResize': {
      const action = serverActions.revertResize(cloud, server, token);
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

/**
 * What Nova's migration_get_in_progress_by_instance lists: queued, preparing, running or
 * post-migrating. Not `accepted`, and not `running (post-copy)`: the lab's Force complete of busy-1
 * answered 404 (and an empty list) for the whole post-copy phase (test/fixtures/lab-migrations).
 */
const LISTED_IN_PROGRESS = new Set(['queued', 'preparing', 'running', 'post-migrating']);
function listedInProgress(cloud: SandboxCloud, migration: SandboxMigration): boolean {
  return cloud.isInProgressLive(migration) && LISTED_IN_PROGRESS.has(migration.status);
}
