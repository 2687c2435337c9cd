import { NovaFault, type SandboxCloud, type TokenInfo } from '../cloud.ts';
import type { Version } from '../nova-views.ts';
import type { Context } from './http.ts';

/** A compute API request once authenticated and its microversion read. */
export interface NovaRequest {
  cloud: SandboxCloud;
  context: Context;
  token: TokenInfo;
  version: Version;
  /** the compute endpoint's URL, for links */
  base: string;
}

export function needVersion(version: Version, minor: number): void {
  if (version[1] < minor) throw new NovaFault(404, 'The resource could not be found.');
}

/**
 * One page of a list, as Nova pages: after `marker`, at most `limit` items and never more than the
 * API's max_limit; a next link (the same query, the last item as marker) when the page is full.
 */
export function pageOf<T>(
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

/** The servers on a host as os-hypervisors?with_servers lists them. */
export function serversOn(cloud: SandboxCloud, host: string) {
  return [...cloud.servers.values()]
    .filter((s) => s.host === host)
    .map((s) => ({ name: s.instanceName, uuid: s.id }));
}
