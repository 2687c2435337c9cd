import { stepCount, stepHosts } from '../core/drain/drainer.ts';
import type {
  DrainHostState,
  DrainRecord,
  EvacuationItemState,
  EvacuationRecord,
} from '../core/model/records.ts';
import { counts } from './evacuation-progress.ts';

/** A drain's figures, shared by its message and its report: its moves counted and its time left. */

/**
 * What became of each server that was on a host, by its latest try: a host not empty that on-call
 * went on with is emptied by a second evacuation, which tries again what the first left behind.
 */
export function latestItems(host: DrainHostState, lookup: (id: string) => EvacuationRecord | undefined) {
  const latest = new Map<string, EvacuationItemState>();
  for (const id of host.evacuationIds)
    for (const item of lookup(id)?.evacuation.items ?? []) latest.set(item.serverId, item);
  return [...latest.values()];
}

/**
 * Where the drain's moves left each server last (`by`: the host whose emptying or move back moved it),
 * and its home (the first host it was moved off), in step order: a later step may move a server
 * again, even onto its home.
 */
export function drainLandings(drain: DrainRecord, lookup: (id: string) => EvacuationRecord | undefined) {
  const home = new Map<string, string>();
  const last = new Map<string, { host: string; by: string }>();
  const landed = (item: EvacuationItemState, by: string) => {
    const host = item.outcome?.kind === 'completed' ? (item.outcome.host ?? item.destination) : null;
    if (host) last.set(item.serverId, { host, by });
    return host !== null;
  };
  for (const host of drain.drain.hosts) {
    for (const item of latestItems(host, lookup))
      if (landed(item, host.host) && !home.has(item.serverId)) home.set(item.serverId, host.host);
    for (const item of lookup(host.returnId ?? '')?.evacuation.items ?? []) landed(item, host.host);
  }
  return { home, last };
}

/** A server moved off its home that a later step (not the move back) moved onto it again: the host that did. */
export function homeByLaterStep(
  landings: ReturnType<typeof drainLandings>,
  serverId: string,
  home: string,
): string | null {
  const last = landings.last.get(serverId);
  return landings.home.get(serverId) === home && last?.host === home && last.by !== home ? last.by : null;
}

/** Moves of a drain, each server counted once by its latest try (`lookup` reads one from the store). */
export function drainMoves(drain: DrainRecord, lookup: (id: string) => EvacuationRecord | undefined) {
  let moved = 0;
  let back = 0;
  let failed = 0;
  let reverted = 0;
  let unknown = 0;
  const landings = drainLandings(drain, lookup);
  for (const host of drain.drain.hosts) {
    const c = counts(latestItems(host, lookup));
    moved += c.done;
    failed += c.failed;
    reverted += c.reverted;
    unknown += c.unknown;
    const r = counts(lookup(host.returnId ?? '')?.evacuation.items ?? []);
    back += r.done;
    back += latestItems(host, lookup).filter((item) =>
      homeByLaterStep(landings, item.serverId, host.host),
    ).length;
    failed += r.failed;
    reverted += r.reverted;
    unknown += r.unknown;
  }
  return { moved, back, failed, reverted, unknown };
}

/** The outcomes of a drain's moves: off its hosts (each server's latest try) and back onto them. */
export function drainOutcomes(drain: DrainRecord, lookup: (id: string) => EvacuationRecord | undefined) {
  return drain.drain.hosts.flatMap((host) => [
    ...latestItems(host, lookup).map((item) => item.outcome),
    ...(lookup(host.returnId ?? '')?.evacuation.items ?? []).map((item) => item.outcome),
  ]);
}

/**
 * Time left, from the measured rates: the mean time Ferry spent moving servers for each finished host
 * (emptying it, then bringing its servers back), times the steps left. Maintenance time is not known.
 * None once the step under way has run longer than that mean, or nothing is left to estimate (a return
 * under way in the last step).
 */
export function drainEta(drain: DrainRecord, now: number): number | null {
  const state = drain.drain;
  const worked = state.hosts
    .filter((h) => h.phase === 'done' && h.startedAt !== undefined && h.emptyAt !== undefined)
    .map((h) => {
      const emptying = (h.emptyAt as number) - (h.startedAt as number);
      const returning = h.backAt !== undefined && h.endedAt !== undefined ? h.endedAt - h.backAt : 0;
      return emptying + returning;
    });
  if (worked.length === 0) return null;
  const mean = worked.reduce((a, b) => a + b, 0) / worked.length;
  const current = stepHosts(state);
  const inStep = current.filter((h) => h.phase === 'waiting' || h.phase === 'evacuating');
  const ranFor = Math.max(...inStep.map((h) => (h.startedAt ? now - h.startedAt : 0)));
  // a step already longer than the hosts before took has no honest figure ("about 0s left" while it runs)
  if (inStep.length && ranFor >= mean) return null;
  const leftOfStep = inStep.length ? mean - ranFor : 0;
  const stepsAfter = stepCount(state) - state.step - 1;
  const left = leftOfStep + stepsAfter * mean;
  return left > 0 ? left : null;
}
