import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import type { Clock } from '../../clock.ts';
import type { ProviderCapacity, Server } from '../model/cloud.ts';
import type { EvacuationItem, EvacuationPlan, EvacuationRequest } from '../model/evacuation.ts';
import { editsCanonical, type PlanEdit, pinOf } from '../model/plan-edits.ts';
import type { AccessPolicy, CheckResult, HostConfigProvider } from '../model/types.ts';
import { budgetsFor, type GroupBudgetOverrides } from '../move/budgets.ts';
import { emptyingPermission } from '../move/checks.ts';
import { cpuSetsCheck, readCpuTable } from '../move/cpu-read.ts';
import { type Departure, outOfService, zonesOf } from '../move/fit.ts';
import { hostRefusals } from '../move/host-refusals.ts';
import { readImpactFacts } from '../move/impact.ts';
import { resolveHost } from '../move/snapshot.ts';
import type { CloudApi } from '../ports/cloud.ts';
import { groupBudgetsCheck, keepTogether } from './groups.ts';
import { placeOne, type Target } from './place.ts';
import { unlistedCheck, unlistedServers } from './unlisted.ts';

/**
 * Emptying a host: every server on it with how it can move (live, cold, or not at all and why) and a
 * placement preview that never overcommits a destination's free memory, vCPUs or disk. One approval
 * covers exactly this plan; its fingerprint tells whether the cloud still matches it.
 */

/** what an evacuation is planned from; `departures`: moves that left a host lately (fit.ts) */
export interface EvacuationPlanner {
  cloud: CloudApi;
  clock: Clock;
  access: AccessPolicy;
  hostConfig?: HostConfigProvider;
  /** FERRY_GROUP_BUDGETS */
  groupBudgets?: GroupBudgetOverrides;
  departures?: () => Departure[];
}

/** requests to the cloud at once while planning (full hosts' room, group members) */
const CLOUD_CONCURRENCY = 16;

export async function planEvacuation(
  deps: EvacuationPlanner,
  request: EvacuationRequest,
): Promise<EvacuationPlan> {
  const { cloud } = deps;
  const [hypervisors, services, roles] = await Promise.all([
    cloud.listHypervisors(),
    cloud.listComputeServices(),
    cloud.credentialRoles(),
  ]);
  const host = resolveHost(request.host, hypervisors) ?? request.host;
  const destination = resolveHost(request.destination, hypervisors);
  const checks: CheckResult[] = [];
  checks.push(emptyingPermission(deps.access.refusal(request.requestedBy), roles));
  const source = hypervisors.find((h) => h.serviceHost === host);
  const service = services.find((s) => s.host === host);
  if (!source || !service) {
    checks.push({
      id: 'destination',
      status: 'fail',
      fact: {
        code: 'evacuated-host-unknown',
        host,
        known: [...new Set(hypervisors.map((h) => h.serviceHost))],
      },
      evidence: {},
    });
    return finish(deps, request, host, null, destination, [], checks);
  }
  // nova-compute down on the host: nothing can leave it, whatever the room (the room check says so too)
  const sourceDown = service.state !== 'up' || service.forcedDown;
  if (sourceDown) {
    checks.push({
      id: 'compute-services',
      status: 'fail',
      fact: { code: 'evacuated-host-down', host },
      evidence: { state: service.state },
    });
  }
  if (destination && destination === host) {
    checks.push({
      id: 'distinct-hosts',
      status: 'fail',
      fact: { code: 'evacuation-onto-itself', host },
      evidence: {},
    });
    return finish(deps, request, host, service.id, destination, [], checks);
  }
  const eligible = hypervisors.filter(
    (h) =>
      h.serviceHost !== host &&
      h.status === 'enabled' &&
      h.state === 'up' &&
      (!destination || h.serviceHost === destination),
  );
  if (destination && destination !== host && eligible.length === 0) {
    const known = hypervisors.find((h) => h.serviceHost === destination);
    checks.push({
      id: 'compute-services',
      status: 'fail',
      fact: {
        code: 'evacuation-destination-unusable',
        host: destination,
        is: !known ? 'unknown' : known.status === 'disabled' ? 'disabled' : 'down',
        disabledReason: known?.disabledReason || null,
      },
      evidence: {},
    });
  }

  // Listed servers carry no server_groups: one listing of every group says which hold them. The room
  // of every host with any is one Placement answer, read beside them.
  // Every node's traits (the CPUs) are asked at the same moment: Placement answers both in one.
  const traits = deps.hostConfig?.hostCpus ? undefined : cloud.traitsOfAll();
  traits?.catch(() => undefined);
  const [servers, allGroups, rooms] = await Promise.all([
    cloud.serversOnHost(host),
    cloud.listServerGroups(),
    cloud.withRoomFor({ MEMORY_MB: 1, VCPU: 0, DISK_GB: 0 }),
  ]);
  const onHost = new Set(servers.map((s) => s.id));
  const groups = allGroups.filter((g) => g.members.some((id) => onHost.has(id)));
  // One wave: the room of the destinations Placement did not name (full ones, read exactly), where the
  // other members of their groups run (a handful read by ID, whatever the cloud's size), the SSH host
  // checks /migrate applies (judged per mode, for every destination the preview may use), the CPUs of
  // the host and its destinations (a live move goes only where its CPU can run), and what a move will
  // do to each server.
  const limit = pLimit(CLOUD_CONCURRENCY);
  const members = [...new Set(groups.flatMap((g) => g.members))].filter((id) => !onHost.has(id));
  const [full, located, refusals, [cpu, facts], unlisted] = await Promise.all([
    Promise.all(
      eligible
        .filter((h) => !rooms.has(h.id))
        .map((h) => limit(async () => [h.id, await cloud.capacity(h.id)] as const)),
    ),
    Promise.all(members.map((id) => limit(() => cloud.getServer(id).catch(() => null)))),
    deps.hostConfig && servers.length > 0
      ? hostRefusals(
          deps.hostConfig,
          eligible.map((target) => ({ source: host, target: target.serviceHost })),
        )
      : Promise.resolve(null),
    Promise.all([
      servers.length > 0 ? readCpuTable(deps, [source, ...eligible], traits) : null,
      readImpactFacts(cloud, servers, hypervisors, request.maxCopyGb),
    ]),
    // servers Nova's list left out (a cell that does not answer), by Placement's allocations
    // a check Nova or Placement did not answer is said, and plans nothing less
    unlistedServers(cloud, host, servers, hypervisors).catch(() => null),
  ]);
  const capacities = new Map<string, ProviderCapacity>([...rooms, ...full]);
  const residentIds = new Map<string, Map<string, string>>();
  for (const member of located)
    if (member?.host)
      residentIds.set(member.host, (residentIds.get(member.host) ?? new Map()).set(member.id, member.name));
  const targets: Target[] = eligible.map((hypervisor) => ({
    hypervisor,
    capacity: capacities.get(hypervisor.id) as ProviderCapacity,
    planned: { MEMORY_MB: 0, VCPU: 0, DISK_GB: 0 },
    residents: residentIds.get(hypervisor.serviceHost) ?? new Map(),
    count: 0,
  }));

  // Pinned ones first (the operator chose their host), then largest first, so big servers are not
  // left without room by small ones.
  const edits = request.edits ?? [];
  const pinned = (server: Server) => (pinOf(edits, server.id) ? 0 : 1);
  const ordered = [...servers].sort(
    (a, b) => pinned(a) - pinned(b) || b.flavor.ramMb - a.flavor.ramMb || a.name.localeCompare(b.name),
  );
  if (refusals) checks.push(refusals.check);
  const hidden = unlistedCheck([{ host, servers: unlisted }]);
  if (hidden) checks.push(hidden);
  const sets = cpuSetsCheck(cpu);
  if (sets) checks.push(sets);
  const unusable = destination ? [] : outOfService(hypervisors, host);
  const budgets = budgetsFor(groups, onHost, deps.groupBudgets);
  // a soft-affinity group's members go where its first went: one destination, one wave
  const together = new Map<string, Target>();
  const context = {
    source,
    targets,
    groups,
    unusable,
    together,
    departed: deps.departures?.() ?? [],
    impacts: { facts, coldWhereNeeded: request.coldWhereNeeded === true },
    cpu,
    zones: zonesOf(services),
    ...(request.later?.length ? { later: new Set(request.later) } : {}),
  };
  const placed = ordered.map((server) =>
    placeOne(
      server,
      context,
      deps.clock.now(),
      (target, live) => refusals?.refusal(host, target, live),
      edits,
    ),
  );
  const items = keepTogether(placed, budgets);
  items.sort((a, b) => a.serverName.localeCompare(b.serverName));
  // a server the operator left where it is is not one without room: the room check counts the others
  const moving = items.filter((item) => item.reason?.code !== 'skipped-by');
  const movable = moving.filter((item) => item.mode !== null).length;
  checks.push({
    id: 'capacity',
    status:
      moving.length === 0
        ? 'pass'
        : sourceDown || movable === 0
          ? 'fail'
          : movable === moving.length
            ? 'pass'
            : 'warn',
    fact: {
      code: 'evacuation-room',
      host,
      servers: moving.length,
      movable,
      disabledAlready: service.status === 'disabled',
      ...(sourceDown ? { sourceDown: true } : {}),
    },
    evidence: { servers: items.length, movable },
  });
  const paced = groupBudgetsCheck(host, items, budgets, groups);
  if (paced) checks.push(paced);
  const plan = finish(
    deps,
    request,
    host,
    service.id,
    destination,
    items,
    checks,
    service.status === 'disabled',
  );
  return budgets.length ? { ...plan, groups: budgets } : plan;
}

function finish(
  deps: { clock: Clock },
  request: EvacuationRequest,
  host: string,
  serviceId: string | null,
  destination: string | null,
  items: EvacuationItem[],
  checks: CheckResult[],
  disabledAlready = false,
): EvacuationPlan {
  return {
    request,
    host,
    serviceId,
    destination,
    items,
    checks,
    ready: checks.every((check) => check.status !== 'fail'),
    fingerprint: fingerprintOf(host, items, request.edits),
    evaluatedAt: deps.clock.now(),
    disabledAlready,
  };
}

/**
 * How many moves can really run at once: the concurrency asked for, bounded by `perDestination` on
 * each destination the plan names; a move left to Nova's scheduler is bounded by nothing else.
 */
export function movesAtOnce(
  items: Pick<EvacuationItem, 'mode' | 'destination'>[],
  concurrency: number,
  perDestination: number,
): number {
  const movable = items.filter((item) => item.mode !== null);
  const destinations = new Set(movable.flatMap((item) => item.destination ?? []));
  const anywhere = movable.filter((item) => item.destination === null).length;
  return Math.max(1, Math.min(concurrency, destinations.size * perDestination + anywhere));
}

/**
 * What the approval covers: the servers, their state and how each moves (live, cold or not at all),
 * and the operator's edits (what is skipped, forced cold, pinned where). Where an unpinned server goes
 * is Ferry's suggestion from the free room at that moment; it shifts whenever other moves reserve
 * room, so it is chosen again at the start rather than asking for a new approval.
 */
export function fingerprintOf(host: string, items: EvacuationItem[], edits?: readonly PlanEdit[]): string {
  const canonical = items
    .map((item) => `${item.serverId}:${item.status}:${item.mode ?? '-'}`)
    .sort()
    .join('|');
  // a plan without edits keeps the fingerprint it had before edits existed (stored approvals hold)
  const edited = editsCanonical(edits);
  return createHash('sha256')
    .update(`${host}|${canonical}${edited ? `|edits:${edited}` : ''}`)
    .digest('hex')
    .slice(0, 16);
}
