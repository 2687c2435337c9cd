import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import type { Clock } from '../clock.ts';
import { t } from '../i18n/index.ts';
import {
  freeOf,
  type Hypervisor,
  type ProviderCapacity,
  type Server,
  type ServerGroup,
} from './cloud-model.ts';
import type { CloudApi } from './cloud-port.ts';
import type { EvacuationItem } from './evacuation.ts';
import { type Blocker, blockersOn, type Need, needOf } from './fit.ts';
import { resolveHost } from './snapshot.ts';
import type { AccessPolicy, CheckResult, MoveMode } from './types.ts';

/**
 * A rolling drain of many hosts, planned step by step before anyone approves: which servers each host
 * holds and how each can move, and whether the hosts still in service can hold every movable server
 * of each step by Placement's arithmetic, with the hypervisors and server groups as Nova's scheduler
 * sees them. A step that does not fit names what is missing.
 */

export interface DrainRequest {
  /** hosts in the order to drain them (ignored when `zone` is set) */
  hosts: string[];
  /** every compute host of this availability zone, by name */
  zone?: string;
  /** every compute host of this host aggregate, by name */
  aggregate?: string;
  hostsAtOnce: number;
  /** moves at once per host */
  concurrency: number;
  /** servers go back to their host once it is back, before the next step */
  returnHome: boolean;
  requestedBy: string;
}

/**
 * One server of a drained host, as an evacuation item: `mode` null when it cannot move (its host then
 * stays not empty); `destination` is the preview's, chosen again when the step runs.
 */
export type DrainItem = Omit<EvacuationItem, 'alternative' | 'source'>;

export interface DrainHost {
  host: string;
  serviceId: string | null;
  items: DrainItem[];
}

export interface DrainStep {
  hosts: DrainHost[];
  /** every server that can move has room on a host still in service */
  fits: boolean;
  /** one line per server without room, saying what is missing */
  missing: string[];
  /** servers that cannot move at all: their host cannot be emptied */
  stuck: number;
  /** with return: one line per server that cannot go back to its host (say, live onto older QEMU) */
  staysAway: string[];
}

export interface DrainPlan {
  request: DrainRequest;
  hosts: string[];
  steps: DrainStep[];
  checks: CheckResult[];
  ready: boolean;
  fingerprint: string;
  evaluatedAt: number;
}

const NOBODY = new Map<string, string>();

/** requests to the cloud at once while planning (host listings, capacities, group members) */
const CLOUD_CONCURRENCY = 16;

interface Room {
  hypervisor: Hypervisor;
  capacity: ProviderCapacity;
}

export async function planDrain(
  deps: { cloud: CloudApi; clock: Clock; access: AccessPolicy },
  request: DrainRequest,
): Promise<DrainPlan> {
  const { cloud } = deps;
  const limit = pLimit(CLOUD_CONCURRENCY);
  const [hypervisors, services, roles, allGroups, rooms] = await Promise.all([
    cloud.listHypervisors(),
    cloud.listComputeServices(),
    cloud.credentialRoles(),
    cloud.listServerGroups(),
    // one question answers every host with any room: what each holds and can hold
    cloud.withRoomFor({ MEMORY_MB: 1, VCPU: 0, DISK_GB: 0 }),
  ]);
  const checks: CheckResult[] = [permissionCheck(deps.access.refusal(request.requestedBy), roles)];
  const computeServices = services.filter((s) => s.binary === 'nova-compute');

  // The hosts, in order.
  let hosts: string[];
  const unknown: string[] = [];
  const byName = (names: string[]) => [...names].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const aggregates = request.aggregate ? await cloud.listAggregates() : [];
  if (request.aggregate) {
    const found = aggregates.find((a) => a.name === request.aggregate);
    hosts = byName((found?.hosts ?? []).filter((host) => computeServices.some((s) => s.host === host)));
    if (hosts.length === 0) unknown.push(t`aggregate ${request.aggregate}`);
  } else if (request.zone) {
    hosts = byName(computeServices.filter((s) => s.zone === request.zone).map((s) => s.host));
    if (hosts.length === 0) unknown.push(t`availability zone ${request.zone}`);
  } else {
    hosts = [];
    for (const typed of request.hosts) {
      const host = resolveHost(typed, hypervisors);
      if (!host || !computeServices.some((s) => s.host === host)) unknown.push(typed);
      else if (!hosts.includes(host)) hosts.push(host);
    }
  }
  if (unknown.length) {
    checks.push({
      id: 'destination',
      title: t`Hosts exist`,
      status: 'fail',
      reason: t`Not compute hosts of this cloud: ${unknown.join(', ')}.`,
      fix: request.aggregate
        ? t`Aggregates: ${aggregates.map((a) => t`${a.name} (${a.hosts.length} hosts)`).join(', ') || t`none`}.`
        : request.zone
          ? t`Zones: ${[...new Set(computeServices.map((s) => s.zone))].sort().join(', ')}.`
          : t`Name hosts as /migrations or openstack compute service list shows them.`,
      evidence: {},
    });
  }
  const disabled = computeServices.filter((s) => hosts.includes(s.host) && s.status === 'disabled');
  if (disabled.length)
    checks.push({
      id: 'compute-services',
      title: t`Hosts already disabled`,
      status: 'warn',
      reason: t`Already disabled before the drain: ${disabled.map((s) => `${s.host}${s.disabledReason ? ` ("${s.disabledReason}")` : ''}`).join(', ')}. They are emptied in their turn and left disabled afterwards; they take no servers meanwhile.`,
      evidence: { disabled: disabled.length },
    });
  const down = hosts.filter((host) => {
    const service = computeServices.find((s) => s.host === host);
    return service?.state !== 'up' || service.forcedDown;
  });
  checks.push(
    down.length
      ? {
          id: 'compute-services',
          title: t`nova-compute on every host`,
          status: 'fail',
          reason: t`nova-compute is down on ${down.join(', ')}: their servers cannot be migrated away.`,
          fix: t`Start nova-compute there, or leave those hosts out of the drain.`,
          evidence: { down: down.length },
        }
      : {
          id: 'compute-services',
          title: t`nova-compute on every host`,
          status: 'pass',
          reason: t`nova-compute runs on all ${hosts.length} host(s).`,
          evidence: {},
        },
  );

  // What each host holds, and where every member of a server group holding one of them runs.
  const byHost = new Map(
    await Promise.all(
      hosts.map((host) => limit(async () => [host, await cloud.serversOnHost(host)] as const)),
    ),
  );
  const draining = new Set([...byHost.values()].flat().map((s) => s.id));
  const groups = allGroups.filter((g) => g.members.some((id) => draining.has(id)));
  const location = new Map<string, string>();
  for (const [host, servers] of byHost) for (const server of servers) location.set(server.id, host);
  const elsewhere = [...new Set(groups.flatMap((g) => g.members))].filter((id) => !location.has(id));
  await Promise.all(
    elsewhere.map((id) =>
      limit(async () => {
        const member = await cloud.getServer(id).catch(() => null);
        if (member?.host) location.set(id, member.host);
      }),
    ),
  );

  // Room on every host: one Placement answer, plus the drained hosts that had none (full now).
  const byProvider = new Map(hypervisors.map((h) => [h.id, h]));
  const room = new Map<string, Room>();
  for (const [provider, capacity] of rooms) {
    const hypervisor = byProvider.get(provider);
    if (hypervisor) room.set(hypervisor.serviceHost, { hypervisor, capacity: clone(capacity) });
  }
  await Promise.all(
    hosts
      .filter((host) => !room.has(host))
      .map((host) =>
        limit(async () => {
          const hypervisor = hypervisors.find((h) => h.serviceHost === host);
          if (hypervisor)
            room.set(host, { hypervisor, capacity: clone(await cloud.capacity(hypervisor.id)) });
        }),
      ),
  );

  const all = [...byHost.values()].flat();
  const steps = simulate({ request, hosts, byHost, all, groups, location, room, hypervisors });
  const failing = steps.findIndex((step) => !step.fits);
  const stuck = steps.reduce((sum, step) => sum + step.stuck, 0);
  checks.push({
    id: 'capacity',
    title: t`Room at every step`,
    status: failing >= 0 ? 'fail' : stuck ? 'warn' : 'pass',
    reason:
      failing >= 0
        ? t`Step ${failing + 1} does not fit: ${steps[failing]?.missing.length} server(s) have no room on the hosts still in service.`
        : t`Every step fits: ${all.length} server(s) on ${hosts.length} host(s), ${request.hostsAtOnce} host(s) at a time.${stuck ? t` ${stuck} server(s) cannot move at all (listed): their hosts cannot be emptied.` : ''}`,
    ...(failing >= 0
      ? { fix: t`Free or add room, drain fewer hosts at once, or leave the hosts that do not fit out.` }
      : stuck
        ? { fix: t`Start, unlock or repair them first, or expect the drain to stop at their hosts.` }
        : {}),
    evidence: { steps: steps.length, servers: all.length, stuck },
  });
  const plan: Omit<DrainPlan, 'fingerprint'> = {
    request,
    hosts,
    steps,
    checks,
    ready: checks.every((check) => check.status !== 'fail'),
    evaluatedAt: deps.clock.now(),
  };
  return { ...plan, fingerprint: drainFingerprint(plan) };
}

/** What one approval covers: the hosts in order, the batch size, return or not, and every server's move. */
export function drainFingerprint(plan: Pick<DrainPlan, 'request' | 'hosts' | 'steps'>): string {
  const servers = plan.steps
    .flatMap((step) =>
      step.hosts.flatMap((h) => h.items.map((i) => `${h.host}/${i.serverId}:${i.status}:${i.mode ?? '-'}`)),
    )
    .join('|');
  return createHash('sha256')
    .update(`${plan.hosts.join(',')}|${plan.request.hostsAtOnce}|${plan.request.returnHome}|${servers}`)
    .digest('hex')
    .slice(0, 16);
}

function permissionCheck(refusal: string | null, roles: string[]): CheckResult {
  if (refusal || !roles.includes('admin'))
    return {
      id: 'permission',
      title: t`Permission`,
      status: 'fail',
      reason:
        refusal ?? t`Ferry's cloud credentials lack the admin role needed to disable services and migrate.`,
      fix: refusal
        ? t`Ask a Ferry admin to add you to FERRY_REQUESTERS.`
        : t`Give Ferry's account the admin role.`,
      evidence: {},
    };
  return {
    id: 'permission',
    title: t`Permission`,
    status: 'pass',
    reason: t`The requester may ask; Ferry holds the admin role.`,
    evidence: {},
  };
}

function clone(capacity: ProviderCapacity): ProviderCapacity {
  return Object.fromEntries(Object.entries(capacity).map(([key, value]) => [key, { ...value }]));
}

/**
 * Walks the steps on a copy of the cloud: each step's hosts go out of service, their servers (those
 * placed there by earlier steps included) go where there is room, preferring hosts the drain will not
 * reach later; then the hosts come back, and with `returnHome` the servers go back to them.
 */
function simulate(input: {
  request: DrainRequest;
  hosts: string[];
  byHost: Map<string, Server[]>;
  all: Server[];
  groups: ServerGroup[];
  location: Map<string, string>;
  room: Map<string, Room>;
  hypervisors: Hypervisor[];
}): DrainStep[] {
  const { request, hosts, groups, location, room } = input;
  const servers = new Map(input.all.map((s) => [s.id, s]));
  // a host disabled before the drain takes nothing, before or after its own step
  const usable = new Set(
    input.hypervisors.filter((h) => h.status === 'enabled' && h.state === 'up').map((h) => h.serviceHost),
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
    for (const [id, at] of location) if (at === host) residents.set(id, servers.get(id)?.name ?? '');
    return residents;
  };

  const steps: DrainStep[] = [];
  for (let start = 0, index = 0; start < hosts.length; start += request.hostsAtOnce, index++) {
    const batch = hosts.slice(start, start + request.hostsAtOnce);
    const out = new Set(batch);
    const moved: { server: Server; from: string; mode: MoveMode }[] = [];
    const missing: string[] = [];
    let stuck = 0;
    const stepHosts: DrainHost[] = [];
    for (const host of batch) {
      const service = input.hypervisors.find((h) => h.serviceHost === host);
      const here = [...location].filter(([, at]) => at === host).flatMap(([id]) => servers.get(id) ?? []);
      here.sort((a, b) => b.flavor.ramMb - a.flavor.ramMb || a.name.localeCompare(b.name));
      const items: DrainItem[] = [];
      for (const server of here) {
        const base = {
          serverId: server.id,
          serverName: server.name,
          status: server.status,
          flavor: server.flavor.name,
          ramMb: server.flavor.ramMb,
        };
        const reason = cannotMove(server, groups, location);
        if (reason) {
          stuck += 1;
          items.push({ ...base, mode: null, destination: null, note: reason });
          continue;
        }
        const mode: MoveMode = server.status === 'SHUTOFF' ? 'cold' : 'live';
        const source = room.get(host)?.hypervisor;
        const candidates = [...room.values()].filter(
          (r) => usable.has(r.hypervisor.serviceHost) && !out.has(r.hypervisor.serviceHost),
        );
        // who runs where matters only to a member of an anti-affinity group
        const spread = groups.some((g) => g.policy === 'anti-affinity' && g.members.includes(server.id));
        const blockersAs = (r: Room, live: boolean): Blocker[] =>
          blockersOn({
            server,
            source,
            target: r.hypervisor,
            capacity: r.capacity,
            live,
            groups,
            residents: spread ? residentsOf(r.hypervisor.serviceHost) : NOBODY,
          });
        const blockers = (r: Room) => blockersAs(r, mode === 'live');
        const laterOf = (r: Room) => (laterIndex.get(r.hypervisor.serviceHost) ?? -1) > index;
        const memory = (r: Room) => (r.capacity.MEMORY_MB ? freeOf(r.capacity.MEMORY_MB) : 0);
        candidates.sort(
          (a, b) =>
            Number(laterOf(a)) - Number(laterOf(b)) ||
            memory(b) - memory(a) ||
            a.hypervisor.serviceHost.localeCompare(b.hypervisor.serviceHost),
        );
        const chosen = candidates.find((r) => blockers(r).length === 0);
        if (!chosen) {
          // a cold migration (a restart) may go where a live one cannot: the operator's choice, not the plan's
          const coldWould = mode === 'live' && candidates.some((r) => blockersAs(r, false).length === 0);
          missing.push(
            t`${server.name} (${server.flavor.name}): ${whyNoRoom(candidates, blockers, needOf(server))}${coldWould ? t`; it could move cold (a restart) if you choose` : ''}`,
          );
          items.push({ ...base, mode, destination: null, note: t`no room in this step` });
          continue;
        }
        moved.push({ server, from: host, mode });
        move(server, chosen.hypervisor.serviceHost);
        items.push({
          ...base,
          mode,
          destination: chosen.hypervisor.serviceHost,
          ...(mode === 'cold' ? { note: t`stopped: moves by cold migration` } : {}),
        });
      }
      items.sort((a, b) => a.serverName.localeCompare(b.serverName));
      stepHosts.push({ host, serviceId: service?.serviceId ?? null, items });
    }
    const staysAway: string[] = [];
    if (request.returnHome)
      for (const { server, from, mode } of moved) {
        // it goes back as Nova would take it: live from where it is now onto its home
        const home = room.get(from) as Room;
        const spread = groups.some((g) => g.policy === 'anti-affinity' && g.members.includes(server.id));
        const blockers = blockersOn({
          server,
          source: room.get(location.get(server.id) as string)?.hypervisor,
          target: home.hypervisor,
          capacity: home.capacity,
          live: mode === 'live',
          groups,
          residents: spread ? residentsOf(from) : NOBODY,
        });
        if (blockers.length === 0) move(server, from);
        else
          staysAway.push(
            t`${server.name} cannot go back to ${from}: ${blockers.map((b) => b.text).join('; ')}`,
          );
      }
    steps.push({ hosts: stepHosts, fits: missing.length === 0, missing, stuck, staysAway });
  }
  return steps;
}

/** Why a server cannot move at all, or null when it can. */
function cannotMove(server: Server, groups: ServerGroup[], location: Map<string, string>): string | null {
  if (server.locked) return t`locked${server.lockedReason ? ` ("${server.lockedReason}")` : ''}`;
  if (server.taskState) return t`busy (task ${server.taskState})`;
  if (!['ACTIVE', 'PAUSED', 'SHUTOFF'].includes(server.status))
    return t`${server.status}: neither live nor cold migration accepts it`;
  const host = location.get(server.id);
  const together = groups.find(
    (g) =>
      g.policy === 'affinity' &&
      g.members.includes(server.id) &&
      g.members.some((id) => id !== server.id && location.get(id) === host),
  );
  if (together)
    return t`in affinity group "${together.name}": Nova's scheduler keeps its members on one host and will not move one away`;
  return null;
}

/** Why no host in service takes a server: room when none has it, else each host's blockers by name. */
function whyNoRoom(candidates: Room[], blockers: (r: Room) => Blocker[], need: Need): string {
  if (candidates.length === 0) return t`no other host is in service`;
  const found = candidates.map((r) => ({ room: r, blockers: blockers(r) }));
  const withRoom = found.filter((f) => !f.blockers.some((b) => b.kind === 'capacity'));
  if (withRoom.length === 0) {
    const memory = (r: Room) => (r.capacity.MEMORY_MB ? freeOf(r.capacity.MEMORY_MB) : 0);
    const best = [...candidates].sort((a, b) => memory(b) - memory(a))[0] as Room;
    const free = (key: 'MEMORY_MB' | 'VCPU' | 'DISK_GB') => {
      const resource = best.capacity[key];
      return resource ? Math.max(0, freeOf(resource)) : 0;
    };
    return t`needs ${need.MEMORY_MB} MB, ${need.VCPU} vCPU, ${need.DISK_GB} GB disk; the roomiest host in service (${best.hypervisor.serviceHost}) has ${free('MEMORY_MB')} MB, ${free('VCPU')} vCPU, ${free('DISK_GB')} GB free`;
  }
  const shown = withRoom
    .slice(0, BLOCKED_HOSTS_SHOWN)
    .map((f) => `${f.room.hypervisor.serviceHost}: ${f.blockers.map((b) => b.text).join('; ')}`);
  const more = withRoom.length - shown.length;
  return t`the hosts with room rule it out: ${shown.join('; ')}${more > 0 ? t`; and ${more} more host(s)` : ''}`;
}

/** hosts named with their blockers when a server has nowhere to go */
const BLOCKED_HOSTS_SHOWN = 3;
