import {
  type ComputeService,
  fits,
  freeOf,
  type Hypervisor,
  type ProviderCapacity,
  type Server,
  type ServerGroup,
} from '../model/cloud.ts';
import type { CpuMismatch } from '../model/cpu.ts';
import type { CpuTable } from './cpu.ts';

/**
 * Whether one host can take one server, and if not, every blocker by name: room by Placement's
 * arithmetic, the hypervisor a live migration needs, and anti-affinity. /migrate's candidates and the
 * evacuation preview both use it, so they give the same reason for the same host.
 */

export interface Need {
  MEMORY_MB: number;
  VCPU: number;
  DISK_GB: number;
}

export type BlockerKind = 'capacity' | 'hypervisor' | 'anti-affinity' | 'host-config' | 'cpu' | 'zone';

export type Resource = keyof Need;

/** One hypervisor as a blocker names it: which host, which type and version. */
export interface HypervisorSide {
  host: string;
  type: string;
  version: number;
}

/**
 * What is short on a host: one resource (what the server needs, what is free), no inventory at all, or
 * no allocation candidate from Placement (whose numbers were then not read).
 */
export type Shortfall =
  | { resource: Resource; need: number; free: number }
  | { resource: 'no-inventory' }
  | { resource: 'no-candidate' };

/** Why one host cannot take one server, as data: src/messages/fit.ts words it. */
export type Blocker =
  | ({ kind: 'capacity' } & Shortfall)
  | { kind: 'hypervisor'; why: 'type' | 'older'; target: HypervisorSide; source: HypervisorSide }
  /** `leftAgoMs`: the member left the target that long ago; Nova's scheduler still counts it there */
  | { kind: 'anti-affinity'; member: string; group: string; leftAgoMs?: number }
  /** a failed line of the SSH host check */
  | { kind: 'host-config'; finding: HostFindings }
  /** the target's CPU cannot run the guest CPU the server has on its source (a live move only) */
  | ({ kind: 'cpu' } & CpuMismatch)
  /**
   * the target is in `targetZone`, not the server's `zone`: `pinned`, Nova said the server was created
   * in that zone (it keeps every move there); not pinned, Nova did not say (before 2.96), so the server
   * is kept in the zone it runs in, as Nova would keep it had it been created there
   */
  | { kind: 'zone'; zone: string; targetZone: string; pinned: boolean };

/** A line of the SSH host check as the host check states it (its words, in its language) */
export interface FindingLine {
  title: string;
  fix?: string;
}

/** The SSH host check's line for one host (or the pair) of one move; src/hostcheck reads it. */
export interface HostFindings {
  /** a host's name, or `pair` for what both hosts must agree on */
  scope: string;
  mode: 'live' | 'block' | 'cold';
  source: string;
  destination: string | null;
  /** findings that warn or fail */
  bad: number;
  /** the first that fails (or warns); null when none, or when it is a weakness named only privately */
  first: FindingLine | null;
  secret: boolean;
  /** a clean line: the titles of what was reached (peer lines), or the pair's first line */
  reached: string[];
}

/** A host no move can go to, and why. */
export interface OutOfService {
  host: string;
  why: 'down' | 'disabled';
}

/** What the server claims from Placement; a volume-backed server claims no local disk. */
export function needOf(server: Server): Need {
  const disk = server.imageId
    ? server.flavor.diskGb + server.flavor.ephemeralGb + Math.ceil(server.flavor.swapMb / 1024)
    : 0;
  return { MEMORY_MB: server.flavor.ramMb, VCPU: server.flavor.vcpus, DISK_GB: disk };
}

/** The shortfall of each resource (memory needs 8192 MB, 1024 MB free); empty when it fits. */
export function capacityShortfall(
  need: Need,
  capacity: ProviderCapacity | undefined,
  planned: Need = { MEMORY_MB: 0, VCPU: 0, DISK_GB: 0 },
): Shortfall[] {
  if (!capacity?.MEMORY_MB) return [{ resource: 'no-inventory' }];
  const found: Shortfall[] = [];
  for (const resource of ['MEMORY_MB', 'VCPU', 'DISK_GB'] as const) {
    const held = capacity[resource];
    const amount = need[resource];
    if (!held || amount === 0) continue;
    const withPlanned = { ...held, used: held.used + planned[resource] };
    if (!fits(withPlanned, amount))
      found.push({ resource, need: amount, free: Math.max(0, freeOf(withPlanned)) });
  }
  return found;
}

/** A server that left a host: when its move ended (epoch ms), from Ferry's run records. */
export interface Departure {
  serverId: string;
  serverName: string;
  host: string;
  at: number;
}

/**
 * How long Nova's scheduler still sees a server on the host it left: the source compute tells the
 * scheduler the instance is still its own at the end of a live migration (nova/compute/manager.py
 * `_post_live_migration` calls `_update_scheduler_instance_info` from the source), and only the
 * periodic `_sync_scheduler_instance_info` corrects it, every `scheduler_instance_sync_interval`
 * (nova/conf/compute.py, 120 s by default). Until then ServerGroupAntiAffinityFilter
 * (nova/scheduler/filters/affinity_filter.py, `host_state.instances`) counts the member as there.
 */
export const SCHEDULER_SYNC_MS = 120_000;

/** The moves that ended lately (completed), as departures from their source: what the scheduler still counts there. */
export function recentDepartures(
  runs: {
    serverId: string;
    serverName: string;
    source: string;
    endedAt?: number;
    outcome?: { kind: string };
  }[],
  now: number,
): Departure[] {
  return runs.flatMap((run) =>
    run.outcome?.kind === 'completed' && run.endedAt !== undefined && now - run.endedAt < SCHEDULER_SYNC_MS
      ? [{ serverId: run.serverId, serverName: run.serverName, host: run.source, at: run.endedAt }]
      : [],
  );
}

/** Every reason `target` cannot take `server`; empty when it can. */
export function blockersOn(input: {
  server: Server;
  source: Hypervisor | undefined;
  target: Hypervisor;
  capacity: ProviderCapacity | undefined;
  /** what an evacuation preview has already placed there */
  planned?: Need;
  live: boolean;
  groups: ServerGroup[];
  /** server IDs on the target, with names where known */
  residents: Map<string, string>;
  /** the plan's hosts' CPUs, when they were read */
  cpu?: CpuTable | null;
  /** servers that left a host lately: the scheduler still counts them there (SCHEDULER_SYNC_MS) */
  departed?: Departure[];
  now?: number;
  /** each compute host's availability zone (nova-compute's `zone`); absent: zones not read */
  zones?: ReadonlyMap<string, string>;
}): Blocker[] {
  const { server, source, target } = input;
  const found: Blocker[] = [];
  const zone = zoneBlocker(server, input.zones?.get(target.serviceHost));
  if (zone) found.push(zone);
  for (const shortfall of capacityShortfall(needOf(server), input.capacity, input.planned))
    found.push({ kind: 'capacity', ...shortfall });
  const hypervisor = input.live && source ? liveHypervisorBlocker(source, target) : null;
  if (hypervisor) found.push(hypervisor);
  const cpu = input.live && source ? input.cpu?.mismatch(source.serviceHost, target.serviceHost) : null;
  if (cpu) found.push({ kind: 'cpu', ...cpu });
  for (const group of input.groups) {
    if (group.policy !== 'anti-affinity' || !group.members.includes(server.id)) continue;
    const member = group.members.find((id) => id !== server.id && input.residents.has(id));
    if (member) {
      found.push({ kind: 'anti-affinity', member: input.residents.get(member) || member, group: group.name });
      continue;
    }
    // a member that left the target less than the scheduler's sync interval ago is still there to Nova
    const now = input.now;
    if (now === undefined) continue;
    const left = input.departed?.find(
      (d) =>
        d.host === target.serviceHost &&
        d.serverId !== server.id &&
        group.members.includes(d.serverId) &&
        now - d.at < SCHEDULER_SYNC_MS,
    );
    if (left)
      found.push({
        kind: 'anti-affinity',
        member: left.serverName,
        group: group.name,
        leftAgoMs: now - left.at,
      });
  }
  return found;
}

/**
 * Nova's availability zone rule for a move: a server created in a zone (`pinned_availability_zone`)
 * stays in it; one created in none may go to any zone. Where Nova does not say (before 2.96) the server
 * stays in the zone it runs in: the one choice Nova accepts either way. `targetZone` undefined: not known.
 */
export function zoneBlocker(server: Server, targetZone: string | undefined): Blocker | null {
  if (targetZone === undefined) return null;
  if (server.pinnedZone === null) return null;
  const zone = server.pinnedZone ?? server.availabilityZone;
  if (!zone || zone === targetZone) return null;
  return { kind: 'zone', zone, targetZone, pinned: server.pinnedZone !== undefined };
}

/** Each compute host's availability zone, as its nova-compute service says. */
export function zonesOf(services: readonly ComputeService[]): Map<string, string> {
  return new Map(services.filter((s) => s.binary === 'nova-compute').map((s) => [s.host, s.zone] as const));
}

/** Why a live migration from `source` onto `target` is refused by their hypervisors, as Nova/libvirt refuse it. */
export function liveHypervisorBlocker(source: Hypervisor, target: Hypervisor): Blocker | null {
  const side = (h: Hypervisor): HypervisorSide => ({ host: h.serviceHost, type: h.type, version: h.version });
  if (target.type !== source.type)
    return { kind: 'hypervisor', why: 'type', target: side(target), source: side(source) };
  if (target.version < source.version)
    return { kind: 'hypervisor', why: 'older', target: side(target), source: side(source) };
  return null;
}

/** Hosts other than `except` that no move can go to (down or disabled). */
export function outOfService(hypervisors: Hypervisor[], except: string | null): OutOfService[] {
  return hypervisors
    .filter((h) => h.serviceHost !== except && (h.status !== 'enabled' || h.state !== 'up'))
    .map((h) => ({ host: h.serviceHost, why: h.status === 'enabled' ? 'down' : 'disabled' }));
}
