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
      try {
        const server = await cloud.getServer(id);
        return server.host === host ? { id, name: server.name } : null;
      } catch (error) {
        if (!(error instanceof OpenStackApiError)) throw error;
        if (error.status === 404) return null;
        if (error.status >= 500) return { id, status: error.status };
        throw error;
      }
    }),
  );
  return found.filter((server): server is UnlistedServer => server !== null);
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
    servers?.length
      ? [
          {
            host,
            servers: servers.map((server) => ({
              server: server.name ?? server.id,
              ...(server.status !== undefined ? { status: server.status } : {}),
            })),
          },
        ]
      : [],
  );
  if (hosts.length === 0 && unread.length === 0) return null;
  return {
    id: 'server-list',
    status: 'warn',
    fact: { code: 'hosts-unlisted', hosts, ...(unread.length ? { unread } : {}) },
    evidence: { servers: hosts.reduce((sum, { servers }) => sum + servers.length, 0), unread: unread.length },
  };
}
