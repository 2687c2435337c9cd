import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import type { Clock } from '../../clock.ts';
import { drainBudgetsCheck } from '../evacuation/groups.ts';
import { unlistedCheck, unlistedServers } from '../evacuation/unlisted.ts';
import type { Unknown } from '../model/checks.ts';
import type { ProviderCapacity } from '../model/cloud.ts';
import type { DrainPlan, DrainRequest, DrainStep } from '../model/drain.ts';
import { editsCanonical } from '../model/plan-edits.ts';
import type { AccessPolicy, CheckResult, HostConfigProvider } from '../model/types.ts';
import type { GroupBudgetOverrides } from '../move/budgets.ts';
import { emptyingPermission } from '../move/checks.ts';
import { cpuSetsCheck, readCpuTable } from '../move/cpu-read.ts';
import { zonesOf } from '../move/fit.ts';
import { hostRefusals } from '../move/host-refusals.ts';
import { impactOf, readImpactFacts } from '../move/impact.ts';
import { resolveHost } from '../move/snapshot.ts';
import type { CloudApi } from '../ports/cloud.ts';
import { type Room, simulate } from './simulation.ts';

/**
 * A rolling drain of many hosts, planned step by step before anyone approves: which servers each host
 * holds and how each can move, and whether the hosts still in service can hold every movable server
 * of each step by Placement's arithmetic, with the hypervisors and server groups as Nova's scheduler
 * sees them. A step that does not fit names what is missing.
 */

/** requests to the cloud at once while planning (host listings, capacities, group members) */
const CLOUD_CONCURRENCY = 16;

export async function planDrain(
  deps: {
    cloud: CloudApi;
    clock: Clock;
    access: AccessPolicy;
    hostConfig?: HostConfigProvider;
    groupBudgets?: GroupBudgetOverrides;
  },
  request: DrainRequest,
): Promise<DrainPlan> {
  const { cloud } = deps;
  const limit = pLimit(CLOUD_CONCURRENCY);
  // Every node's traits (the CPUs) are asked beside every host's room: Placement answers both in one.
  const traits = deps.hostConfig?.hostCpus ? undefined : cloud.traitsOfAll();
  traits?.catch(() => undefined);
  const [hypervisors, services, roles, allGroups, rooms] = await Promise.all([
    cloud.listHypervisors(),
    cloud.listComputeServices(),
    cloud.credentialRoles(),
    cloud.listServerGroups(),
    // one question answers every host with any room: what each holds and can hold
    cloud.withRoomFor({ MEMORY_MB: 1, VCPU: 0, DISK_GB: 0 }),
  ]);
  const checks: CheckResult[] = [emptyingPermission(deps.access.refusal(request.requestedBy), roles)];
  const computeServices = services.filter((s) => s.binary === 'nova-compute');

  // The hosts, in order.
  let hosts: string[];
  const unknown: Unknown[] = [];
  const byName = (names: string[]) => [...names].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const aggregates = request.aggregate ? await cloud.listAggregates() : [];
  if (request.aggregate) {
    const found = aggregates.find((a) => a.name === request.aggregate);
    hosts = byName((found?.hosts ?? []).filter((host) => computeServices.some((s) => s.host === host)));
    if (hosts.length === 0) unknown.push({ aggregate: request.aggregate });
  } else if (request.zone) {
    hosts = byName(computeServices.filter((s) => s.zone === request.zone).map((s) => s.host));
    if (hosts.length === 0) unknown.push({ zone: request.zone });
  } else {
    hosts = [];
    for (const typed of request.hosts) {
      const host = resolveHost(typed, hypervisors);
      if (!host || !computeServices.some((s) => s.host === host)) unknown.push({ host: typed });
      else if (!hosts.includes(host)) hosts.push(host);
    }
  }
  // a host named that is an aggregate's name: --aggregate drains its hosts (the aggregates are read
  // only then; unread, the fix names the hosts alone)
  const aggregateNames =
    unknown.length && !request.aggregate && !request.zone
      ? await cloud.listAggregates().then(
          (listed) =>
            unknown.flatMap((named) =>
              'host' in named && listed.some((a) => a.name === named.host) ? [named.host] : [],
            ),
          () => [],
        )
      : [];
  if (unknown.length) {
    checks.push({
      id: 'destination',
      status: 'fail',
      fact: {
        code: 'drain-hosts-unknown',
        unknown,
        ...(request.aggregate
          ? { aggregates: aggregates.map((a) => ({ name: a.name, hosts: a.hosts.length })) }
          : request.zone
            ? { zones: [...new Set(computeServices.map((s) => s.zone))].sort() }
            : {
                known: byName([...new Set(computeServices.map((s) => s.host))]),
                ...(aggregateNames.length ? { aggregateNames } : {}),
              }),
      },
      evidence: {},
    });
  }
  // Nothing to drain: the checks about the hosts and their servers would be about nothing, so they say so.
  if (hosts.length === 0) {
    const notEvaluated = (id: CheckResult['id']): CheckResult => ({
      id,
      status: 'skipped',
      fact: { code: 'not-evaluated', because: { why: 'no-drain-hosts' } },
      evidence: {},
    });
    checks.push(notEvaluated('compute-services'), notEvaluated('capacity'));
    return finish(deps, request, hosts, [], checks);
  }
  const disabled = computeServices.filter((s) => hosts.includes(s.host) && s.status === 'disabled');
  // each one's servers are counted below, once the hosts are read: one without any is not emptied
  const disabledHosts: { host: string; reason: string | null; servers?: number }[] = disabled.map((s) => ({
    host: s.host,
    reason: s.disabledReason || null,
  }));
  if (disabled.length)
    checks.push({
      id: 'compute-services',
      status: 'warn',
      fact: { code: 'drain-hosts-disabled', hosts: disabledHosts },
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
          status: 'fail',
          fact: { code: 'drain-hosts-down', hosts: down },
          evidence: { down: down.length },
        }
      : {
          id: 'compute-services',
          status: 'pass',
          fact: { code: 'drain-hosts-up', count: hosts.length },
          evidence: {},
        },
  );

  // What each host holds, and where every member of a server group holding one of them runs.
  const byHost = new Map(
    await Promise.all(
      hosts.map((host) => limit(async () => [host, await cloud.serversOnHost(host)] as const)),
    ),
  );
  for (const found of disabledHosts) found.servers = byHost.get(found.host)?.length ?? 0;
  const draining = new Set([...byHost.values()].flat().map((s) => s.id));
  const all = [...byHost.values()].flat();
  // What a move will do to each server (#28: ports in bulk, the cloud's release once) and every host's
  // CPU (a live move, or a return home, goes only where the guest's CPU can run), read beside what
  // follows: the hosts with room are Placement's answer and the drained hosts.
  const withRoom = new Set(rooms.keys());
  const impactAndCpu = Promise.all([
    readImpactFacts(cloud, all, hypervisors, request.maxCopyGb),
    all.length > 0
      ? readCpuTable(
          deps,
          hypervisors.filter((h) => withRoom.has(h.id) || hosts.includes(h.serviceHost)),
          traits,
        )
      : null,
  ]);
  // awaited below, after other reads: marked handled now, so a failure meanwhile is not "unhandled"
  impactAndCpu.catch(() => undefined);
  const groups = allGroups.filter((g) => g.members.some((id) => draining.has(id)));
  const location = new Map<string, string>();
  for (const [host, servers] of byHost) for (const server of servers) location.set(server.id, host);
  const elsewhere = [...new Set(groups.flatMap((g) => g.members))].filter((id) => !location.has(id));
  // the plan names a member that stands in the way by its name, as for the drained ones
  const memberNames = new Map<string, string>();
  // beside them, the servers Nova's lists of the hosts left out (a cell that does not answer)
  const [, unlisted] = await Promise.all([
    Promise.all(
      elsewhere.map((id) =>
        limit(async () => {
          const member = await cloud.getServer(id).catch(() => null);
          if (member?.name) memberNames.set(id, member.name);
          if (member?.host) location.set(id, member.host);
        }),
      ),
    ),
    Promise.all(
      hosts.map((host) =>
        limit(async () => ({
          host,
          servers: await unlistedServers(cloud, host, byHost.get(host) ?? [], hypervisors).catch(() => null),
        })),
      ),
    ),
  ]);
  const hidden = unlistedCheck(unlisted);
  if (hidden) checks.push(hidden);

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

  // The SSH host check /evacuate's plan applies, for every move a step may make: out of each drained
  // host onto each host in service.
  const inService = hypervisors
    .filter((h) => h.status === 'enabled' && h.state === 'up' && room.has(h.serviceHost))
    .map((h) => h.serviceHost);
  const refusals =
    deps.hostConfig && all.length > 0
      ? await hostRefusals(
          deps.hostConfig,
          hosts.flatMap((source) =>
            inService.filter((target) => target !== source).map((target) => ({ source, target })),
          ),
        )
      : null;
  if (refusals) checks.push(refusals.check);
  const [facts, cpu] = await impactAndCpu;
  const destinations = inService.filter((host) => !hosts.includes(host));
  const impacts = new Map(all.map((server) => [server.id, impactOf(server, facts, destinations)]));
  const sets = cpuSetsCheck(cpu);
  if (sets) checks.push(sets);
  const steps = simulate({
    impacts,
    request,
    hosts,
    byHost,
    all,
    groups,
    location,
    memberNames,
    room,
    hypervisors,
    ...(refusals ? { hostRefusal: refusals.refusal } : {}),
    cpu,
    zones: zonesOf(computeServices),
    down: new Set(down),
  });
  const failing = steps.findIndex((step) => !step.fits);
  // the servers of a host whose nova-compute is down cannot move, whatever the room: said apart
  const held = steps
    .flatMap((step) => step.hosts.flatMap((h) => h.items))
    .filter((item) => item.reason?.code === 'source-down').length;
  const stuck = steps.reduce((sum, step) => sum + step.stuck, 0) - held;
  // servers skipped by an edit stay: they neither move nor need room (operator trial: "every other
  // server that can move has room" when the others were all skipped)
  const kept = steps
    .flatMap((step) => step.hosts.flatMap((h) => h.items))
    .filter((item) => item.reason?.code === 'skipped-by').length;
  // every step that does not fit is named, not only the first (operator trial)
  const short = steps.flatMap((step, index) => (step.fits ? [] : [{ step, number: index + 1 }]));
  checks.push({
    id: 'capacity',
    status: failing >= 0 || down.length ? 'fail' : stuck ? 'warn' : 'pass',
    fact: short.length
      ? {
          code: 'drain-step-short',
          step: failing + 1,
          steps: short.map((s) => s.number),
          servers: short.reduce((sum, s) => sum + s.step.missing.length, 0),
          blockedBy: [...new Set(short.flatMap((s) => s.step.blockedBy))],
        }
      : {
          code: 'drain-fits',
          servers: all.length,
          hosts: hosts.length,
          hostsAtOnce: request.hostsAtOnce,
          stuck,
          ...(down.length ? { sourceDown: { hosts: down, servers: held }, skipped: kept } : {}),
        },
    evidence: { steps: steps.length, servers: all.length, stuck },
  });
  const paced = drainBudgetsCheck(steps, groups, deps.groupBudgets);
  if (paced) checks.push(paced);
  return finish(deps, request, hosts, steps, checks);
}

function finish(
  deps: { clock: Clock },
  request: DrainRequest,
  hosts: string[],
  steps: DrainStep[],
  checks: CheckResult[],
): DrainPlan {
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

/**
 * What one approval covers: the hosts in order, the batch size, return or not, every server's move,
 * and the requester's edits (a plan without edits keeps the fingerprint it had before edits existed).
 */
export function drainFingerprint(plan: Pick<DrainPlan, 'request' | 'hosts' | 'steps'>): string {
  const servers = plan.steps
    .flatMap((step) =>
      step.hosts.flatMap((h) => h.items.map((i) => `${h.host}/${i.serverId}:${i.status}:${i.mode ?? '-'}`)),
    )
    .join('|');
  const edited = editsCanonical(plan.request.edits);
  // --reboot (and its kernel and breaker) is part of what is approved; a plan without it keeps its fingerprint
  const reboot = plan.request.reboot
    ? `|reboot:${plan.request.reboot.kernel ?? ''}:${plan.request.reboot.maxFailures}`
    : '';
  return createHash('sha256')
    .update(
      `${plan.hosts.join(',')}|${plan.request.hostsAtOnce}|${plan.request.returnHome}|${servers}${edited ? `|edits:${edited}` : ''}${reboot}`,
    )
    .digest('hex')
    .slice(0, 16);
}

function clone(capacity: ProviderCapacity): ProviderCapacity {
  return Object.fromEntries(Object.entries(capacity).map(([key, value]) => [key, { ...value }]));
}
