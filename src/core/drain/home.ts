import type { DrainHostState, DrainRecord, EvacuationRecord } from '../model/records.ts';

/**
 * Which of a drained host's servers are its own: with --return only a server that started the drain
 * on the host goes home to it. One the drain moved onto it from a host emptied earlier (that host
 * skipped, or the server unable to go back) only passed through: its home is that earlier host.
 */

type Lookup = (id: string) => EvacuationRecord | undefined;

/** IDs of the servers the evacuations of the drain's earlier steps took (steps go one after another). */
export function passedThrough(drain: DrainRecord, host: DrainHostState, lookup: Lookup): Set<string> {
  const { hosts, hostsAtOnce } = drain.drain;
  const stepOf = (name: string) =>
    Math.floor(hosts.findIndex((h) => h.host === name) / Math.max(1, hostsAtOnce));
  const ids = new Set<string>();
  for (const earlier of hosts.filter((h) => stepOf(h.host) < stepOf(host.host)))
    for (const id of earlier.evacuationIds)
      for (const item of lookup(id)?.evacuation.items ?? []) ids.add(item.serverId);
  return ids;
}

/** The moves that took the host's own servers off it and landed (a move still running once it is empty has). */
export function homeServersGone(drain: DrainRecord, host: DrainHostState, lookup: Lookup) {
  const passed = passedThrough(drain, host, lookup);
  return host.evacuationIds
    .flatMap((id) => lookup(id)?.evacuation.items ?? [])
    .filter((item) => !passed.has(item.serverId))
    .filter((item) => (item.outcome ? item.outcome.kind === 'completed' : item.state === 'running'));
}
