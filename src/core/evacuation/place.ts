import {
  freeOf,
  type Hypervisor,
  type ProviderCapacity,
  type Server,
  type ServerGroup,
} from '../model/cloud.ts';
import type { EvacuationItem, ItemReason } from '../model/evacuation.ts';
import { forcedColdOf, type PlanEdit, pinOf, skipOf } from '../model/plan-edits.ts';
import type { MoveMode } from '../model/types.ts';
import type { CpuTable } from '../move/cpu.ts';
import {
  type Blocker,
  blockersOn,
  type Departure,
  type Need,
  needOf,
  type OutOfService,
  zoneBlocker,
} from '../move/fit.ts';
import { type ImpactFacts, impactOf } from '../move/impact.ts';
import { boundBy } from './groups.ts';

/** Where one server of an evacuation goes, and how, among the targets the plan read. */

export interface Target {
  hypervisor: Hypervisor;
  capacity: ProviderCapacity;
  /** what the preview has placed so far */
  planned: Need;
  /** server ID → name */
  residents: Map<string, string>;
  /** servers the preview has sent here */
  count: number;
}

export function placeOne(
  server: Server,
  context: {
    source: Hypervisor;
    targets: Target[];
    groups: ServerGroup[];
    unusable: OutOfService[];
    together: Map<string, Target>;
    departed: Departure[];
    impacts: { facts: ImpactFacts; coldWhereNeeded: boolean };
    cpu: CpuTable | null;
    /** each compute host's availability zone: the server goes only where Nova's zone rule lets it */
    zones?: ReadonlyMap<string, string>;
    /** a drain's step: hosts the drain empties later, chosen only when no other host takes the server */
    later?: ReadonlySet<string>;
  },
  now: number,
  hostRefusal: (target: string, live: boolean) => Blocker | undefined,
  edits: readonly PlanEdit[] = [],
): EvacuationItem {
  const { source, groups, unusable, together, impacts, cpu } = context;
  const wave = groups.find((g) => g.policy === 'soft-affinity' && g.members.includes(server.id));
  const joined = wave ? together.get(wave.id) : undefined;
  const targets = joined ? [joined] : context.targets;
  const impact = impactOf(
    server,
    impacts.facts,
    context.targets.map((target) => target.hypervisor.serviceHost),
  );
  const base = {
    serverId: server.id,
    serverName: server.name,
    status: server.status,
    flavor: server.flavor.name,
    ramMb: server.flavor.ramMb,
    projectId: server.projectId,
    ...(impact.reasons.length ? { impact } : {}),
  };
  const cannot = (reason: ItemReason, alternative?: 'cold'): EvacuationItem => ({
    ...base,
    mode: null,
    destination: null,
    reason,
    ...(alternative ? { alternative } : {}),
  });
  const skipped = skipOf(edits, { serverId: server.id, projectId: server.projectId });
  if (skipped)
    return cannot({
      code: 'skipped-by',
      by: skipped.by,
      ...(skipped.code === 'skip-project' ? { projectId: skipped.projectId } : {}),
    });
  if (server.locked)
    return cannot({ code: 'locked', ...(server.lockedReason ? { reason: server.lockedReason } : {}) });
  if (server.taskState) return cannot({ code: 'busy', task: server.taskState });
  const bound = boundBy(server.id, groups);
  if (bound) return cannot(bound);
  let mode: MoveMode;
  if (server.status === 'ACTIVE' || server.status === 'PAUSED') mode = 'live';
  else if (server.status === 'SHUTOFF') mode = 'cold';
  else return cannot({ code: 'status', status: server.status });
  // What a move would do to it (#28): no move at all, or no live attempt doomed to fail.
  if (impact.class === 'cannot-move') return cannot({ code: 'impact', impact });
  // the requester forced it cold in the plan (the plan shows it as stopped)
  const forced = forcedColdOf(edits, server.id);
  if (forced) mode = 'cold';
  const coldOnly = mode === 'live' && impact.class === 'cold-only';
  if (coldOnly && impacts.coldWhereNeeded) mode = 'cold';
  const pin = pinOf(edits, server.id);

  const need = needOf(server);
  const blockersFor = (target: Target, live: boolean): Blocker[] => {
    const found = blockersOn({
      server,
      source,
      target: target.hypervisor,
      capacity: target.capacity,
      planned: target.planned,
      live,
      groups,
      residents: target.residents,
      cpu,
      departed: context.departed,
      now,
      ...(context.zones ? { zones: context.zones } : {}),
    });
    const refused = hostRefusal(target.hypervisor.serviceHost, live);
    return refused ? [...found, refused] : found;
  };
  const free = (target: Target) =>
    target.capacity.MEMORY_MB ? freeOf(target.capacity.MEMORY_MB) - target.planned.MEMORY_MB : 0;
  // A host a drain empties later comes last (a server sent there would move twice). Then spread by
  // count: with one move per destination at a time, more destinations mean more moves in flight.
  // Fewest sent there first, then the roomiest, then by name: the first of that order is found in one
  // pass, and the whole order is made only when that one cannot take the server.
  const rank = nameRanks(context.targets);
  const later = (target: Target) => Number(context.later?.has(target.hypervisor.serviceHost) ?? false);
  const pick = (live: boolean) => {
    const keyed = targets
      .filter((target) => !pin || target.hypervisor.serviceHost === pin.host)
      // a host of a zone Nova keeps it out of is never the first choice: left out up front
      .filter((target) => !zoneBlocker(server, context.zones?.get(target.hypervisor.serviceHost)))
      .map((target) => ({ target, later: later(target), free: free(target), rank: rank.get(target) ?? 0 }));
    const before = (a: (typeof keyed)[number], b: (typeof keyed)[number]) =>
      a.later - b.later || a.target.count - b.target.count || b.free - a.free || a.rank - b.rank;
    const first = keyed.reduce<(typeof keyed)[number] | undefined>(
      (best, k) => (!best || before(k, best) < 0 ? k : best),
      undefined,
    );
    if (!first || blockersFor(first.target, live).length === 0) return first?.target;
    return keyed.sort(before).find(({ target }) => blockersFor(target, live).length === 0)?.target;
  };
  // cold only: the operator chooses it (shown as stopped), with room for a cold move, or it stays
  if (coldOnly && mode === 'live') {
    if (pick(false)) return cannot({ code: 'impact', impact }, 'cold');
    const hosts = targets.map((target) => ({
      host: target.hypervisor.serviceHost,
      blockers: blockersFor(target, false),
    }));
    return cannot({ code: 'no-room', live: false, hosts, outOfService: unusable });
  }
  const chosen = pick(mode !== 'cold');
  if (!chosen && pin) {
    // the operator's host, checked as any destination is: what blocks it there (nothing: out of service)
    const target = targets.find((candidate) => candidate.hypervisor.serviceHost === pin.host);
    return cannot({
      code: 'pin-refused',
      host: pin.host,
      blockers: target ? blockersFor(target, mode !== 'cold') : [],
    });
  }
  if (!chosen) {
    // Name what blocks each host, so the operator knows what to change.
    const hosts = targets.map((target) => ({
      host: target.hypervisor.serviceHost,
      blockers: blockersFor(target, mode !== 'cold'),
    }));
    if (mode === 'live' && !coldOnly && pick(false))
      return cannot({ code: 'no-room', live: true, hosts, outOfService: unusable }, 'cold');
    return cannot({ code: 'no-room', live: false, hosts, outOfService: unusable });
  }
  for (const resource of ['MEMORY_MB', 'VCPU', 'DISK_GB'] as const)
    chosen.planned[resource] += need[resource];
  chosen.residents.set(server.id, server.name);
  chosen.count += 1;
  if (wave) together.set(wave.id, chosen);
  return {
    ...base,
    mode,
    destination: chosen.hypervisor.serviceHost,
    ...(forced
      ? { reason: { code: 'cold-by-choice' as const, by: forced.by } }
      : mode === 'cold'
        ? { reason: coldOnly ? { code: 'impact' as const, impact } : { code: 'shut-off-cold' as const } }
        : {}),
  };
}

const ranks = new WeakMap<Target[], Map<Target, number>>();

/** each target's place in name order, once per plan (its targets): no name comparison per pair */
function nameRanks(targets: Target[]): Map<Target, number> {
  let rank = ranks.get(targets);
  if (!rank) {
    const ordered = [...targets].sort((a, b) =>
      a.hypervisor.serviceHost.localeCompare(b.hypervisor.serviceHost),
    );
    rank = new Map(ordered.map((target, i) => [target, i]));
    ranks.set(targets, rank);
  }
  return rank;
}
