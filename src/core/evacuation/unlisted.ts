import { OpenStackApiError } from '../cloud-errors.ts';
import type { Hypervisor, Server } from '../model/cloud.ts';
import type { CheckResult } from '../model/types.ts';
import type { CloudApi } from '../ports/cloud.ts';

/** A server on the host that Nova's list of the host left out: read by ID, or unreadable (`status`). */
export interface UnlistedServer {
  id: string;
  /** as Nova names it; absent when Nova could not read it */
  name?: string;
  /** the status Nova answered a read of it with (5xx: its cell's database does not answer) */
  status?: number;
}

/**
 * The servers on `host` that Nova's list of it (`listed`) left out. A list filtered by host skips a
 * cell whose database does not answer, with no error (nova/api/openstack/compute/servers.py,
 * `_is_cell_down_supported`; `[api] list_records_by_skipping_down_cells` defaults to true), so an
 * empty list does not prove an empty host. Placement keeps its own database, which no cell holds:
 * each consumer of the host's resource provider missing from the list is read by ID. One Nova places
 * on the host, or cannot read, stays on it; one elsewhere or gone (404: a migration's hold on the
 * source, or an allocation Nova leaked) is not a server there.
 */
export async function unlistedServers(
  cloud: CloudApi,
  host: string,
  listed: readonly Server[],
  /** Nova's hypervisors, when already read (a plan): else read here */
  hypervisors?: readonly Hypervisor[],
): Promise<UnlistedServer[]> {
  const node = (hypervisors ?? (await cloud.listHypervisors())).find(
    (hypervisor) => hypervisor.serviceHost === host,
  );
  // no compute node, no allocation: nothing can run there unlisted
  if (!node) return [];
  const known = new Set(listed.map((server) => server.id));
  const others = (await cloud.providerConsumers(node.id)).filter((consumer) => !known.has(consumer));
  const found = await Promise.all(
    others.map(async (id): Promise<UnlistedServer | null> => {
      const read = await readById(cloud, id);
      if (read === null) return null;
      if ('unreadable' in read) return { id, status: read.unreadable };
      return read.host === host ? { id, name: read.name } : null;
    }),
  );
  return found.filter((server): server is UnlistedServer => server !== null);
}

/**
 * A server read by ID: null when Nova no longer has it (404), or the status of Nova's own error (5xx:
 * its cell's database does not answer, while a list filtered by host skips it); any other error throws.
 */
export async function readById(cloud: CloudApi, id: string): Promise<Server | null | { unreadable: number }> {
  try {
    return await cloud.getServer(id);
  } catch (error) {
    if (!(error instanceof OpenStackApiError)) throw error;
    if (error.status === 404) return null;
    if (error.status >= 500) return { unreadable: error.status };
    throw error;
  }
}

/** The servers as a fact names them: by Nova's name, else the one Ferry knows (`nameOf`), else the ID. */
export function namedUnlisted(
  servers: readonly UnlistedServer[],
  nameOf: (id: string) => string = (id) => id,
): { server: string; status?: number }[] {
  return servers.map((server) => ({
    server: server.name ?? nameOf(server.id),
    ...(server.status !== undefined ? { status: server.status } : {}),
  }));
}

/**
 * A plan's warning for the hosts whose list of servers Nova left some out of (the plan cannot move
 * them, and the host is not called empty while they are there), or whose check Nova or Placement did
 * not answer (`servers` null). Null when every list was whole.
 */
export function unlistedCheck(
  found: { host: string; servers: UnlistedServer[] | null }[],
): CheckResult | null {
  const unread = found.filter(({ servers }) => servers === null).map(({ host }) => host);
  const hosts = found.flatMap(({ host, servers }) =>
    servers?.length ? [{ host, servers: namedUnlisted(servers) }] : [],
  );
  if (hosts.length === 0 && unread.length === 0) return null;
  return {
    id: 'server-list',
    status: 'warn',
    fact: { code: 'hosts-unlisted', hosts, ...(unread.length ? { unread } : {}) },
    evidence: { servers: hosts.reduce((sum, { servers }) => sum + servers.length, 0), unread: unread.length },
  };
}
