import {
  ActionOutcomeUnknownError,
  AmbiguousServerError,
  answerLine,
  OpenStackApiError,
  OpenStackNoAnswerError,
  ServerNotFoundError,
  UnsupportedCloudError,
} from '../core/cloud-errors.ts';
import type {
  ComputeService,
  Hypervisor,
  InstanceAction,
  InstanceActionSummary,
  Migration,
  Server,
  ServerGroup,
} from '../core/model/cloud.ts';
import type { ActionAccepted, LiveMigrateRequest, MigrationFilters } from '../core/ports/cloud.ts';
import {
  atLeast,
  compareMicroversions,
  formatMicroversion,
  type Microversion,
  parseMicroversion,
} from './microversion.ts';
import { toAction, toActionSummary, toGroup, toMigration, toServer, toService } from './nova-records.ts';
import type { ServiceCaller } from './service-caller.ts';

/** The newest microversion whose behaviour Ferry knows; 2.102+ rejects unknown query parameters. */
export const NEWEST_MICROVERSION = '2.100';
/**
 * The oldest Ferry works with (Nova 19 "Stein"): 2.53 service UUIDs, 2.56 cold-migrate to a host,
 * 2.59 migration UUIDs and limits, 2.71 server groups in server detail (the anti-affinity check).
 * Older clouds are refused at start-up with this explanation.
 */
export const OLDEST_MICROVERSION = '2.71';

type Json = Record<string, unknown>;

/** names whose ID, and servers whose groups, are remembered, at most each */
const REMEMBERED = 1_000;

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export class NovaClient {
  private negotiated: Microversion | undefined;
  private serverMax: Microversion | undefined;
  /** name → the ID it last resolved to, uniquely (a hint for the next lookup, never an answer) */
  private readonly idOfName = new Map<string, string>();
  /** server ID → the server groups it was last seen in (a hint to read them alongside it, never an answer) */
  private readonly groupsOfServer = new Map<string, string[]>();

  constructor(private readonly compute: ServiceCaller) {}

  /** Reads the server's microversion range and settles on the newest both sides understand. */
  async negotiate(): Promise<string> {
    const response = await this.compute.call('GET', '/');
    const document = (response.body as { version?: { version?: string; min_version?: string } }).version;
    const serverMax = document?.version ? parseMicroversion(document.version) : ([2, 1] as const);
    const newest = parseMicroversion(NEWEST_MICROVERSION);
    const chosen = compareMicroversions(serverMax, newest) < 0 ? serverMax : newest;
    if (!atLeast(chosen, OLDEST_MICROVERSION)) {
      throw new UnsupportedCloudError(
        `This cloud's Nova speaks microversions up to ${formatMicroversion(serverMax)}; Ferry needs at least ${OLDEST_MICROVERSION} (Nova 19 "Stein").`,
      );
    }
    this.negotiated = chosen;
    this.serverMax = serverMax;
    return formatMicroversion(chosen);
  }

  /** The newest microversion the cloud's Nova speaks (which says how new its release is at least). */
  async cloudMaxMicroversion(): Promise<string> {
    if (!this.serverMax) await this.negotiate();
    return formatMicroversion(this.serverMax as Microversion);
  }

  async microversion(): Promise<Microversion> {
    if (!this.negotiated) await this.negotiate();
    return this.negotiated as Microversion;
  }

  async supports(version: string): Promise<boolean> {
    return atLeast(await this.microversion(), version);
  }

  private async call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    options: Parameters<ServiceCaller['call']>[2] = {},
  ) {
    const version = formatMicroversion(await this.microversion());
    return this.compute.call(method, path, {
      ...options,
      headers: { 'OpenStack-API-Version': `compute ${version}`, 'X-OpenStack-Nova-API-Version': version },
    });
  }

  // ---- servers ----

  async getServer(id: string): Promise<Server> {
    const response = await this.call('GET', `/servers/${encodeURIComponent(id)}`);
    const server = toServer((response.body as { server: Json }).server);
    if (server.serverGroupIds) remember(this.groupsOfServer, server.id, server.serverGroupIds);
    return server;
  }

  /**
   * Finds a server by ID or exact name across all projects. A name that last resolved to one server
   * is read by that ID alongside the list by name (one round trip, not two): the list still decides
   * (none, one or several of that name), and the read by ID is kept only when the list names the same.
   * Otherwise the answer is the list's, which does not name the server's groups (serverGroupIds null).
   */
  async findServer(nameOrId: string): Promise<Server> {
    if (UUID.test(nameOrId)) {
      try {
        // Nova makes its UUIDs in lower case, and a database that compares case (PostgreSQL) finds only those
        return await this.getServer(nameOrId.toLowerCase());
      } catch (error) {
        if (!(error instanceof OpenStackApiError && error.status === 404)) throw error;
      }
    }
    const knownId = this.idOfName.get(nameOrId);
    // Nova's name filter is a regular expression: anchor and escape it, then insist on equality.
    const pattern = `^${nameOrId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
    const [listed, read] = await Promise.all([
      this.listServers({ name: pattern }),
      knownId ? this.getServer(knownId).catch(() => null) : null,
    ]);
    const matches = listed.filter((server) => server.name === nameOrId);
    if (matches.length !== 1) this.idOfName.delete(nameOrId);
    if (matches.length === 0) throw new ServerNotFoundError(nameOrId);
    if (matches.length > 1) {
      throw new AmbiguousServerError(
        nameOrId,
        matches.map((server) => ({
          id: server.id,
          name: server.name,
          host: server.host,
          projectId: server.projectId,
        })),
      );
    }
    const match = matches[0] as Server;
    remember(this.idOfName, nameOrId, match.id);
    return read && read.id === match.id && read.name === nameOrId ? read : match;
  }

  /**
   * The IDs of the server groups the server `nameOrId` names (by ID, or by a name it last resolved to)
   * was last seen in, by a read of it or a listing of every group; null when it was not seen.
   */
  serverGroupsSeen(nameOrId: string): string[] | null {
    return this.groupsOfServer.get(this.idOfName.get(nameOrId) ?? nameOrId) ?? null;
  }

  async serversOnHost(host: string): Promise<Server[]> {
    return this.listServers({ host });
  }

  async listServers(filters: { host?: string; name?: string } = {}): Promise<Server[]> {
    const raw = await this.everyPage('/servers/detail', 'servers', { all_tenants: 1, ...filters });
    return raw.map((server) => toServer(server));
  }

  /**
   * Every item of a list Nova pages (servers; hypervisors from 2.33; migrations from 2.59): a page
   * holds at most the cloud's max_limit items, and a full page carries a next link whose marker
   * continues it. A client that read one page would miss the rest on a large cloud.
   */
  private async everyPage(
    path: string,
    collection: string,
    query: Record<string, string | number | boolean | undefined | string[]>,
  ): Promise<Json[]> {
    const items: Json[] = [];
    let marker: string | undefined;
    for (;;) {
      const response = await this.call('GET', path, { query: { ...query, marker } });
      const body = response.body as Record<string, unknown>;
      const page = body[collection] as Json[];
      items.push(...page);
      const next = (body[`${collection}_links`] as { rel: string; href: string }[] | undefined)?.find(
        (link) => link.rel === 'next',
      );
      const following = next ? new URL(next.href, 'http://next.invalid').searchParams.get('marker') : null;
      if (!following || page.length === 0) return items;
      marker = following;
    }
  }

  async getServerGroup(id: string): Promise<ServerGroup> {
    const response = await this.call('GET', `/os-server-groups/${encodeURIComponent(id)}`);
    return toGroup((response.body as { server_group: Json }).server_group);
  }

  /** every flavor's name, private ones too (admin) */
  async flavorNames(): Promise<string[]> {
    const response = await this.call('GET', '/flavors?is_public=None');
    return (response.body as { flavors: { name: string }[] }).flavors.map((flavor) => flavor.name);
  }

  /** Host aggregates by name, with their hosts (os-aggregates is not paged). */
  async listAggregates(): Promise<{ name: string; hosts: string[] }[]> {
    const response = await this.call('GET', '/os-aggregates');
    return (response.body as { aggregates: { name: string; hosts: string[] | null }[] }).aggregates.map(
      (aggregate) => ({ name: aggregate.name, hosts: aggregate.hosts ?? [] }),
    );
  }

  /** Every server group of every project (admin), for servers read from a list, which lacks their groups. */
  async listServerGroups(): Promise<ServerGroup[]> {
    const groups: ServerGroup[] = [];
    const pageSize = 500;
    for (let offset = 0; ; offset += pageSize) {
      const response = await this.call('GET', '/os-server-groups', {
        query: { all_projects: 'True', limit: pageSize, offset },
      });
      const page = (response.body as { server_groups: Json[] }).server_groups;
      groups.push(...page.map(toGroup));
      if (page.length < pageSize) break;
    }
    const seen = new Map<string, string[]>();
    for (const group of groups)
      for (const member of group.members) seen.set(member, [...(seen.get(member) ?? []), group.id]);
    for (const [server, ids] of seen) remember(this.groupsOfServer, server, ids);
    return groups;
  }

  // ---- hosts ----

  async listHypervisors(): Promise<Hypervisor[]> {
    const hypervisors = await this.everyPage('/os-hypervisors/detail', 'hypervisors', {});
    return hypervisors.map((raw) => {
      const service = (raw.service ?? {}) as Json;
      return {
        id: String(raw.id),
        hostname: String(raw.hypervisor_hostname),
        type: String(raw.hypervisor_type),
        version: Number(raw.hypervisor_version),
        hostIp: String(raw.host_ip ?? ''),
        state: raw.state === 'up' ? 'up' : 'down',
        status: raw.status === 'enabled' ? 'enabled' : 'disabled',
        serviceHost: String(service.host),
        serviceId: String(service.id),
        disabledReason: (service.disabled_reason as string | null) ?? null,
      };
    });
  }

  async listComputeServices(): Promise<ComputeService[]> {
    const response = await this.call('GET', '/os-services', { query: { binary: 'nova-compute' } });
    return (response.body as { services: Json[] }).services.map(toService);
  }

  async setServiceEnabled(serviceId: string, enabled: boolean, reason?: string): Promise<ComputeService> {
    const body = enabled
      ? { status: 'enabled' }
      : { status: 'disabled', disabled_reason: (reason ?? 'disabled by Ferry').slice(0, 255) };
    const response = await this.call('PUT', `/os-services/${encodeURIComponent(serviceId)}`, { body });
    return toService((response.body as { service: Json }).service);
  }

  // ---- moves ----

  async liveMigrate(serverId: string, request: LiveMigrateRequest): Promise<ActionAccepted> {
    return this.action(serverId, {
      'os-migrateLive': { host: request.host ?? null, block_migration: request.blockMigration },
    });
  }

  async coldMigrate(serverId: string, host?: string): Promise<ActionAccepted> {
    return this.action(serverId, { migrate: host ? { host } : null });
  }

  async confirmResize(serverId: string): Promise<ActionAccepted> {
    return this.action(serverId, { confirmResize: null });
  }

  async revertResize(serverId: string): Promise<ActionAccepted> {
    return this.action(serverId, { revertResize: null });
  }

  /**
   * The last `lines` lines of the console log (`os-getConsoleOutput`, an action that changes nothing);
   * null on Nova's 404 "Guest does not have a console available." (test/fixtures/lab-proofs).
   */
  async consoleOutput(serverId: string, lines: number): Promise<string | null> {
    const response = await this.call('POST', `/servers/${encodeURIComponent(serverId)}/action`, {
      body: { 'os-getConsoleOutput': { length: lines } },
      accept: [404],
    });
    if (response.status === 404) return null;
    return String((response.body as { output?: unknown }).output ?? '');
  }

  /**
   * A server action is never sent twice here: when the request went out and no answer (or a 5xx) came
   * back, Nova may have carried it out, and only Nova's records can tell.
   */
  private async action(serverId: string, body: Json): Promise<ActionAccepted> {
    try {
      const response = await this.call('POST', `/servers/${encodeURIComponent(serverId)}/action`, { body });
      return { requestId: response.headers.get('x-openstack-request-id') ?? undefined };
    } catch (error) {
      const action = Object.keys(body)[0] as string;
      if (error instanceof OpenStackNoAnswerError)
        throw new ActionOutcomeUnknownError(serverId, action, error.reason, undefined);
      if (error instanceof OpenStackApiError && error.status >= 500)
        throw new ActionOutcomeUnknownError(serverId, action, answerLine(error), error.requestId);
      throw error;
    }
  }

  /** In-progress live migrations only; Nova answers 404 for anything finished. */
  async listServerMigrations(serverId: string): Promise<Migration[]> {
    const response = await this.call('GET', `/servers/${encodeURIComponent(serverId)}/migrations`, {
      accept: [404],
    });
    if (response.status === 404) return [];
    return (response.body as { migrations: Json[] }).migrations.map((raw) => toMigration(raw, serverId));
  }

  async getServerMigration(serverId: string, migrationId: number): Promise<Migration | null> {
    const response = await this.call(
      'GET',
      `/servers/${encodeURIComponent(serverId)}/migrations/${migrationId}`,
      {
        accept: [404],
      },
    );
    if (response.status === 404) return null;
    return toMigration((response.body as { migration: Json }).migration, serverId);
  }

  async abortMigration(serverId: string, migrationId: number): Promise<ActionAccepted> {
    const response = await this.call(
      'DELETE',
      `/servers/${encodeURIComponent(serverId)}/migrations/${migrationId}`,
    );
    return { requestId: response.headers.get('x-openstack-request-id') ?? undefined };
  }

  async forceCompleteMigration(serverId: string, migrationId: number): Promise<ActionAccepted> {
    const response = await this.call(
      'POST',
      `/servers/${encodeURIComponent(serverId)}/migrations/${migrationId}/action`,
      {
        body: { force_complete: null },
      },
    );
    return { requestId: response.headers.get('x-openstack-request-id') ?? undefined };
  }

  /** Migration records in any state, newest first. */
  async listMigrations(filters: MigrationFilters = {}): Promise<Migration[]> {
    const query = {
      instance_uuid: filters.serverId,
      migration_type: filters.type,
      host: filters.host,
      status: filters.status,
      'changes-since': filters.changesSince,
    };
    // With a limit, the caller wants the newest few: one page. Without, every page.
    const raw =
      filters.limit !== undefined
        ? (
            (await this.call('GET', '/os-migrations', { query: { ...query, limit: filters.limit } }))
              .body as {
              migrations: Json[];
            }
          ).migrations
        : await this.everyPage('/os-migrations', 'migrations', query);
    return raw
      .map((migration) => toMigration(migration, String(migration.instance_uuid)))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
  }

  /** The server's instance actions, newest first (one page: the recent ones). */
  async listInstanceActions(serverId: string): Promise<InstanceActionSummary[]> {
    const response = await this.call('GET', `/servers/${encodeURIComponent(serverId)}/os-instance-actions`);
    return (response.body as { instanceActions: Json[] }).instanceActions.map(toActionSummary);
  }

  async getInstanceAction(serverId: string, requestId: string): Promise<InstanceAction> {
    const response = await this.call(
      'GET',
      `/servers/${encodeURIComponent(serverId)}/os-instance-actions/${encodeURIComponent(requestId)}`,
    );
    return toAction((response.body as { instanceAction: Json }).instanceAction);
  }
}

/** a bounded memory: the oldest entry is forgotten first */
function remember<V>(memory: Map<string, V>, key: string, value: V): void {
  memory.delete(key);
  memory.set(key, value);
  if (memory.size > REMEMBERED) memory.delete(memory.keys().next().value as string);
}
