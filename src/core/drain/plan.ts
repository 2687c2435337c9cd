import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import type { Clock } from '../../clock.ts';
import { t } from '../../i18n/index.ts';
import type { ProviderCapacity } from '../model/cloud.ts';
import type { DrainPlan, DrainRequest, DrainStep } from '../model/drain.ts';
import type { AccessPolicy, CheckResult, HostConfigProvider } from '../model/types.ts';
import type { BlockerKind } from '../move/fit.ts';
import { hostRefusals } from '../move/host-refusals.ts';
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
  deps: { cloud: CloudApi; clock: Clock; access: AccessPolicy; hostConfig?: HostConfigProvider },
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
      reason: t`Not compute hosts of this cloud: ${unknown.join(t`, `)}.`,
      fix: request.aggregate
        ? t`Aggregates: ${aggregates.map((a) => t`${a.name} (${a.hosts.length} hosts)`).join(t`, `) || t`none`}.`
        : request.zone
          ? t`Zones: ${[...new Set(computeServices.map((s) => s.zone))].sort().join(t`, `)}.`
          : t`Name hosts as /migrations or openstack compute service list shows them.`,
      evidence: {},
    });
  }
  // Nothing to drain: the checks about the hosts and their servers would be about nothing, so they say so.
  if (hosts.length === 0) {
    const notEvaluated = (id: CheckResult['id'], title: string): CheckResult => ({
      id,
      title,
      status: 'skipped',
      reason: t`Not evaluated: the drain names no compute host of this cloud.`,
      evidence: {},
    });
    checks.push(
      notEvaluated('compute-services', t`nova-compute on every host`),
      notEvaluated('capacity', t`Room at every step`),
    );
    return finish(deps, request, hosts, [], checks);
  }
  const disabled = computeServices.filter((s) => hosts.includes(s.host) && s.status === 'disabled');
  if (disabled.length)
    checks.push({
      id: 'compute-services',
      title: t`Hosts already disabled`,
      status: 'warn',
      reason: t`Already disabled before the drain: ${disabled.map((s) => `${s.host}${s.disabledReason ? ` ("${s.disabledReason}")` : ''}`).join(t`, `)}. They are emptied in their turn and left disabled afterwards; they take no servers meanwhile.`,
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
          reason: t`nova-compute is down on ${down.join(t`, `)}: their servers cannot be migrated away.`,
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
  // the plan names a member that stands in the way by its name, as for the drained ones
  const memberNames = new Map<string, string>();
  await Promise.all(
    elsewhere.map((id) =>
      limit(async () => {
        const member = await cloud.getServer(id).catch(() => null);
        if (member?.name) memberNames.set(id, member.name);
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
  const steps = simulate({
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
  });
  const failing = steps.findIndex((step) => !step.fits);
  const stuck = steps.reduce((sum, step) => sum + step.stuck, 0);
  checks.push({
    id: 'capacity',
    title: t`Room at every step`,
    status: failing >= 0 ? 'fail' : stuck ? 'warn' : 'pass',
    reason:
      failing >= 0
        ? notFitting(failing, steps[failing] as DrainStep)
        : t`Every step fits: ${all.length} server(s) on ${hosts.length} host(s), ${request.hostsAtOnce} host(s) at a time.${stuck ? t` ${stuck} server(s) cannot move at all (listed): their hosts cannot be emptied.` : ''}`,
    ...(failing >= 0
      ? {
          fix: roomOnly(steps[failing] as DrainStep)
            ? t`Free or add room, drain fewer hosts at once, or leave the hosts that do not fit out.`
            : t`Free or add a host that can take them (each server's line says what rules each host out), drain fewer hosts at once, or leave the hosts that do not fit out.`,
        }
      : stuck
        ? { fix: t`Start, unlock or repair them first, or expect the drain to stop at their hosts.` }
        : {}),
    evidence: { steps: steps.length, servers: all.length, stuck },
  });
  return finish(deps, request, hosts, steps, checks);
}

const roomOnly = (step: DrainStep) => step.blockedBy.every((kind) => kind === 'capacity');

/** A step that does not fit, by what the checks found: room, or what else rules the hosts out. */
function notFitting(index: number, step: DrainStep): string {
  if (roomOnly(step))
    return t`Step ${index + 1} does not fit: ${step.missing.length} server(s) have no room on the hosts still in service.`;
  const words: Record<BlockerKind, string> = {
    capacity: t`room`,
    hypervisor: t`an older or different hypervisor`,
    'anti-affinity': t`anti-affinity`,
    'host-config': t`the host check`,
  };
  return t`Step ${index + 1} does not fit: the hosts still in service cannot take ${step.missing.length} server(s) (${step.blockedBy.map((kind) => words[kind]).join(t`, `)}).`;
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
