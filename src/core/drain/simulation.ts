import {
  freeOf,
  type Hypervisor,
  type ProviderCapacity,
  type Server,
  type ServerGroup,
} from '../model/cloud.ts';
import type {
  DrainHost,
  DrainItem,
  DrainRequest,
  DrainStep,
  MissingRoom,
  NoRoom,
  StaysAway,
} from '../model/drain.ts';
import type { ItemReason } from '../model/evacuation.ts';
import type { Impact } from '../model/impact.ts';
import { skipOf } from '../model/plan-edits.ts';
import type { MoveMode } from '../model/types.ts';
import { type CpuTable, carriedFrom } from '../move/cpu.ts';
import {
  type Blocker,
  type BlockerKind,
  blockersOn,
  liveHypervisorBlocker,
  type Need,
  needOf,
  zoneBlocker,
} from '../move/fit.ts';

/** A drain's steps played on a copy of the cloud: where each server goes, and what does not fit. */

const NOBODY = new Map<string, string>();

export interface Room {
  hypervisor: Hypervisor;
  capacity: ProviderCapacity;
}

/**
 * Walks the steps on a copy of the cloud: each step's hosts go out of service, their servers (those
 * placed there by earlier steps included) go where there is room, preferring hosts the drain will not
 * reach later; then the hosts come back, and with `returnHome` the servers go back to them.
 */
export function simulate(input: {
  request: DrainRequest;
  hosts: string[];
  byHost: Map<string, Server[]>;
  all: Server[];
  groups: ServerGroup[];
  location: Map<string, string>;
  /** names of group members on hosts the drain does not empty */
  memberNames?: Map<string, string>;
  room: Map<string, Room>;
  hypervisors: Hypervisor[];
  /** why the SSH host check rules out a move from one host to another, when it does */
  hostRefusal?: (source: string, target: string, live: boolean) => Blocker | undefined;
  /** what a move will do to each server (#28), by server ID */
  impacts?: Map<string, Impact>;
  /** the hosts' CPUs, when read: a live move, and a live return home, only where the guest's CPU runs */
  cpu?: CpuTable | null;
  /** each compute host's availability zone: a server goes only where Nova's zone rule lets it */
  zones?: ReadonlyMap<string, string>;
  /** the drained hosts whose nova-compute is down: nothing leaves them, whatever the room */
  down?: ReadonlySet<string>;
}): DrainStep[] {
  const { request, hosts, groups, location, room } = input;
  const servers = new Map(input.all.map((s) => [s.id, s]));
  // a host disabled before the drain takes nothing, before or after its own step
  const usable = new Set(
    input.hypervisors.filter((h) => h.status === 'enabled' && h.state === 'up').map((h) => h.serviceHost),
  );
  // where each guest's CPU was defined: its host before the drain (a live move carries it along), so a
  // server moved live on from a host it was moved to is judged by its first host, and may always go home
  const origin = new Map(location);
  const cpuOf = (server: Server) => (input.cpu ? carriedFrom(input.cpu, origin.get(server.id)) : null);
  // every host's place in name order, once: the placement order's last key without a comparison per pair
  const nameRank = new Map(
    [...room.values()]
      .sort((a, b) => a.hypervisor.serviceHost.localeCompare(b.hypervisor.serviceHost))
      .map((r, i) => [r, i] as const),
  );
  const laterIndex = new Map(hosts.map((host, i) => [host, Math.floor(i / request.hostsAtOnce)]));
  const move = (server: Server, to: string) => {
    const from = location.get(server.id) as string;
    const need = needOf(server);
    for (const key of ['MEMORY_MB', 'VCPU', 'DISK_GB'] as const) {
      const source = room.get(from)?.capacity[key];
      const target = room.get(to)?.capacity[key];
      if (source) source.used -= need[key];
      if (target) target.used += need[key];
    }
    location.set(server.id, to);
  };
  const residentsOf = (host: string) => {
    const residents = new Map<string, string>();
    for (const [id, at] of location)
      if (at === host) residents.set(id, servers.get(id)?.name ?? input.memberNames?.get(id) ?? '');
    return residents;
  };

  const steps: DrainStep[] = [];
  for (let start = 0, index = 0; start < hosts.length; start += request.hostsAtOnce, index++) {
    const batch = hosts.slice(start, start + request.hostsAtOnce);
    const out = new Set(batch);
    const moved: { server: Server; from: string; mode: MoveMode }[] = [];
    const missing: MissingRoom[] = [];
    const blockedBy = new Set<BlockerKind>();
    let stuck = 0;
    let kept = 0;
    const stepHosts: DrainHost[] = [];
    // the hosts this step may fill, and whether the drain reaches each later
    const inService = [...room.values()].filter(
      (r) => usable.has(r.hypervisor.serviceHost) && !out.has(r.hypervisor.serviceHost),
    );
    const liveOnto = new Map<string, Room[]>();
    const liveTargets = (host: string, source: Hypervisor) => {
      let open = liveOnto.get(host);
      if (!open) {
        open = inService.filter((r) => !liveHypervisorBlocker(source, r.hypervisor));
        liveOnto.set(host, open);
      }
      return open;
    };
    const later = new Map(
      inService.map((r) => [r, Number((laterIndex.get(r.hypervisor.serviceHost) ?? -1) > index)] as const),
    );
    for (const host of batch) {
      const service = input.hypervisors.find((h) => h.serviceHost === host);
      const here = [...location].filter(([, at]) => at === host).flatMap(([id]) => servers.get(id) ?? []);
      here.sort((a, b) => b.flavor.ramMb - a.flavor.ramMb || a.name.localeCompare(b.name));
      const items: DrainItem[] = [];
      for (const server of here) {
        const impact = input.impacts?.get(server.id);
        const base = {
          serverId: server.id,
          serverName: server.name,
          status: server.status,
          flavor: server.flavor.name,
          ramMb: server.flavor.ramMb,
          projectId: server.projectId,
          ...(impact?.reasons.length ? { impact } : {}),
        };
        const skipped = skipOf(request.edits, { serverId: server.id, projectId: server.projectId });
        if (skipped) {
          kept += 1;
          const reason: ItemReason = {
            code: 'skipped-by',
            by: skipped.by,
            ...(skipped.code === 'skip-project' ? { projectId: skipped.projectId } : {}),
          };
          items.push({ ...base, mode: null, destination: null, reason });
          continue;
        }
        // nova-compute down on its host: no live or cold migration can take it away (as planEvacuation
        // refuses every move off such a host), so it takes no room elsewhere
        const reason =
          (input.down?.has(host) ? { code: 'source-down' as const, host } : undefined) ??
          cannotMove(server, groups, location) ??
          (impact?.class === 'cannot-move' ? { code: 'impact' as const, impact } : undefined);
        if (reason) {
          stuck += 1;
          items.push({ ...base, mode: null, destination: null, reason });
          continue;
        }
        // a server that cannot move live moves cold: the plan shows it as stopped before approval
        const coldOnly = server.status !== 'SHUTOFF' && impact?.class === 'cold-only';
        const mode: MoveMode = server.status === 'SHUTOFF' || coldOnly ? 'cold' : 'live';
        const source = room.get(host)?.hypervisor;
        let candidates = inService;
        // who runs where matters only to a member of an anti-affinity group
        const spread = groups.some((g) => g.policy === 'anti-affinity' && g.members.includes(server.id));
        const blockersAs = (r: Room, live: boolean): Blocker[] => {
          const found = blockersOn({
            server,
            source,
            target: r.hypervisor,
            capacity: r.capacity,
            live,
            groups,
            residents: spread ? residentsOf(r.hypervisor.serviceHost) : NOBODY,
            cpu: cpuOf(server),
            ...(input.zones ? { zones: input.zones } : {}),
          });
          const refused = input.hostRefusal?.(host, r.hypervisor.serviceHost, live);
          return refused ? [...found, refused] : found;
        };
        const blockers = (r: Room) => blockersAs(r, mode === 'live');
        const memory = (r: Room) => (r.capacity.MEMORY_MB ? freeOf(r.capacity.MEMORY_MB) : 0);
        // hosts the drain does not reach later first, then the roomiest, then by name: the first of
        // that order is found in one pass; the whole order is made only when it cannot take the server
        const before = (a: Room, b: Room) =>
          (later.get(a) as number) - (later.get(b) as number) ||
          memory(b) - memory(a) ||
          (nameRank.get(a) as number) - (nameRank.get(b) as number);
        // a host whose hypervisor refuses a live move from this one is never chosen: left out up front
        const reachable = mode === 'live' && source ? liveTargets(host, source) : candidates;
        // hosts of another zone that Nova keeps it out of, left out up front too
        const open = input.zones
          ? reachable.filter((r) => !zoneBlocker(server, input.zones?.get(r.hypervisor.serviceHost)))
          : reachable;
        let first: Room | undefined;
        for (const r of open) if (!first || before(r, first) < 0) first = r;
        let chosen = first && blockers(first).length === 0 ? first : undefined;
        if (!chosen) chosen = [...open].sort(before).find((r) => blockers(r).length === 0);
        if (!chosen) candidates = [...candidates].sort(before);
        if (!chosen) {
          // a cold migration (a restart) may go where a live one cannot: the operator's choice, not the plan's
          const coldWould = mode === 'live' && candidates.some((r) => blockersAs(r, false).length === 0);
          const why = whyNoRoom(candidates, blockers, needOf(server));
          for (const kind of why.kinds) blockedBy.add(kind);
          missing.push({ server: server.name, flavor: server.flavor.name, why: why.fact, coldWould });
          const roomOnly = why.kinds.every((kind) => kind === 'capacity');
          items.push({ ...base, mode, destination: null, reason: { code: 'no-room-in-step', roomOnly } });
          continue;
        }
        moved.push({ server, from: host, mode });
        move(server, chosen.hypervisor.serviceHost);
        items.push({
          ...base,
          mode,
          destination: chosen.hypervisor.serviceHost,
          ...(mode === 'cold'
            ? {
                reason:
                  coldOnly && impact
                    ? { code: 'impact' as const, impact }
                    : { code: 'shut-off-cold' as const },
              }
            : {}),
        });
      }
      items.sort((a, b) => a.serverName.localeCompare(b.serverName));
      stepHosts.push({
        host,
        serviceId: service?.serviceId ?? null,
        items,
        ...(service?.status === 'disabled' ? { disabledBefore: true as const } : {}),
      });
    }
    const staysAway: StaysAway[] = [];
    if (request.returnHome)
      for (const { server, from, mode } of moved) {
        // it goes back as Nova would take it: live from where it is now onto its home
        const home = room.get(from) as Room;
        const spread = groups.some((g) => g.policy === 'anti-affinity' && g.members.includes(server.id));
        // a host disabled before the drain is left disabled, so nothing goes back to it (drain-return.ts)
        const disabled = home.hypervisor.status === 'disabled';
        const blockers = disabled
          ? []
          : blockersOn({
              server,
              source: room.get(location.get(server.id) as string)?.hypervisor,
              target: home.hypervisor,
              capacity: home.capacity,
              live: mode === 'live',
              groups,
              residents: spread ? residentsOf(from) : NOBODY,
              cpu: cpuOf(server),
              ...(input.zones ? { zones: input.zones } : {}),
            });
        if (!disabled && blockers.length === 0) move(server, from);
        else {
          staysAway.push({
            server: server.name,
            home: from,
            why: disabled ? { code: 'disabled-before' } : { code: 'blocked', blockers },
          });
          const its = stepHosts.find((h) => h.host === from);
          if (its) its.staysAway = (its.staysAway ?? 0) + 1;
        }
      }
    const down = batch.filter((host) => input.down?.has(host));
    steps.push({
      hosts: stepHosts,
      fits: missing.length === 0,
      missing,
      blockedBy: [...blockedBy],
      stuck,
      ...(down.length ? { down } : {}),
      ...(kept ? { kept } : {}),
      staysAway,
    });
  }
  return steps;
}

/** Why a server cannot move at all, or null when it can. */
function cannotMove(server: Server, groups: ServerGroup[], location: Map<string, string>): ItemReason | null {
  if (server.locked)
    return { code: 'locked', ...(server.lockedReason ? { reason: server.lockedReason } : {}) };
  if (server.taskState) return { code: 'busy', task: server.taskState };
  if (!['ACTIVE', 'PAUSED', 'SHUTOFF'].includes(server.status))
    return { code: 'status', status: server.status };
  const host = location.get(server.id);
  const together = groups.find(
    (g) =>
      g.policy === 'affinity' &&
      g.members.includes(server.id) &&
      g.members.some((id) => id !== server.id && location.get(id) === host),
  );
  if (together) return { code: 'affinity', group: together.name };
  return null;
}

/**
 * Why no host in service takes a server: room when none has it, else each host's blockers by name, and
 * the hosts that only room keeps from it; with the kinds of what stops it (room, hypervisor,
 * anti-affinity, the host check): room among them only where it is what stops it.
 */
function whyNoRoom(
  candidates: Room[],
  blockers: (r: Room) => Blocker[],
  need: Need,
): { fact: NoRoom; kinds: BlockerKind[] } {
  if (candidates.length === 0) return { fact: { code: 'no-host-in-service' }, kinds: ['capacity'] };
  const found = candidates.map((r) => ({ room: r, blockers: blockers(r) }));
  const withRoom = found.filter((f) => !f.blockers.some((b) => b.kind === 'capacity'));
  if (withRoom.length === 0) {
    const memory = (r: Room) => (r.capacity.MEMORY_MB ? freeOf(r.capacity.MEMORY_MB) : 0);
    const best = [...candidates].sort((a, b) => memory(b) - memory(a))[0] as Room;
    const free = (key: 'MEMORY_MB' | 'VCPU' | 'DISK_GB') => {
      const resource = best.capacity[key];
      return resource ? Math.max(0, freeOf(resource)) : 0;
    };
    return {
      fact: {
        code: 'roomiest',
        need,
        host: best.hypervisor.serviceHost,
        free: { MEMORY_MB: free('MEMORY_MB'), VCPU: free('VCPU'), DISK_GB: free('DISK_GB') },
      },
      kinds: ['capacity'],
    };
  }
  const shown = withRoom
    .slice(0, BLOCKED_HOSTS_SHOWN)
    .map((f) => ({ host: f.room.hypervisor.serviceHost, blockers: f.blockers }));
  // hosts that would take it but for room (one an earlier step filled, say): room is a reason too
  const onlyRoom = found.filter((f) => f.blockers.length && f.blockers.every((b) => b.kind === 'capacity'));
  const short = onlyRoom
    .slice(0, BLOCKED_HOSTS_SHOWN)
    .map((f) => ({ host: f.room.hypervisor.serviceHost, blockers: f.blockers }));
  const others = withRoom.flatMap((f) => f.blockers.map((b) => b.kind));
  return {
    fact: {
      code: 'ruled-out',
      hosts: shown,
      more: withRoom.length - shown.length,
      ...(short.length ? { short, shortMore: onlyRoom.length - short.length } : {}),
    },
    kinds: [...new Set<BlockerKind>([...(short.length ? ['capacity' as const] : []), ...others])],
  };
}

/** hosts named with their blockers when a server has nowhere to go */
const BLOCKED_HOSTS_SHOWN = 3;
