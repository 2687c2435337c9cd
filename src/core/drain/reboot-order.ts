import pLimit from 'p-limit';
import type { DrainPlan, DrainRequest } from '../model/drain.ts';
import type { RebootOptions, RebootPlan } from '../model/reboot.ts';
import type { CloudApi } from '../ports/cloud.ts';
import type { RebootPort } from '../ports/reboot.ts';
import { DrainRefused } from './refusals.ts';

/** hosts read over SSH at once while a --reboot drain is planned */
const SSH_CONCURRENCY = 8;

/**
 * Before a --reboot drain is planned: its hosts (named, or the zone's or aggregate's) read over SSH;
 * hosts already running `--kernel` are left out (and listed), a zone or aggregate is ordered by
 * uptime, longest first (hosts named keep the order they were named in; a host that could not be
 * read goes last). The request comes back naming the hosts in that order.
 */
export async function orderForReboot(
  deps: { cloud: CloudApi; reboots: RebootPort },
  request: Omit<DrainRequest, 'requestedBy'>,
  options: RebootOptions,
): Promise<{ hosts: string[]; plan: RebootPlan }> {
  const services = (await deps.cloud.listComputeServices()).filter((s) => s.binary === 'nova-compute');
  const byName = (names: string[]) => [...names].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  let hosts: string[];
  if (request.aggregate) {
    const found = (await deps.cloud.listAggregates()).find((a) => a.name === request.aggregate);
    hosts = byName((found?.hosts ?? []).filter((host) => services.some((s) => s.host === host)));
  } else if (request.zone) hosts = byName(services.filter((s) => s.zone === request.zone).map((s) => s.host));
  // named hosts the cloud does not know are left for the plan to refuse, with its suggestions
  else hosts = request.hosts;
  const limit = pLimit(SSH_CONCURRENCY);
  const known = new Set(services.map((s) => s.host));
  const read = await Promise.all(
    hosts.map((host) =>
      limit(async () => (known.has(host) ? await deps.reboots.read(host).catch(() => null) : null)),
    ),
  );
  // a host whose host check fails now would come back from its reboot and fail verification: the
  // plan says so (a report kept from the last few minutes will do; one that cannot be had says nothing)
  const checkFailing: Record<string, string[]> = {};
  await Promise.all(
    hosts
      .filter((_host, i) => read[i] && (options.kernel === undefined || read[i]?.kernel !== options.kernel))
      .map((host) =>
        limit(async () => {
          const failing = await deps.reboots.failingChecks(host, false).catch(() => []);
          if (failing.length) checkFailing[host] = failing;
        }),
      ),
  );
  const uptimeS: Record<string, number> = {};
  const onKernel: string[] = [];
  const kept: { host: string; uptimeS: number | null }[] = [];
  hosts.forEach((host, i) => {
    const seen = read[i];
    if (seen) uptimeS[host] = seen.uptimeS;
    if (seen && options.kernel !== undefined && seen.kernel === options.kernel) onKernel.push(host);
    else kept.push({ host, uptimeS: seen?.uptimeS ?? null });
  });
  const named = !request.zone && !request.aggregate;
  // a stable sort: equal uptimes (and unread hosts, last) keep the name order
  if (!named) kept.sort((a, b) => (b.uptimeS ?? -1) - (a.uptimeS ?? -1));
  return {
    hosts: kept.map((k) => k.host),
    plan: {
      method: deps.reboots.method(),
      options,
      order: named ? 'named' : 'uptime',
      onKernel,
      uptimeS,
      ...(Object.keys(checkFailing).length ? { checkFailing } : {}),
    },
  };
}

/** The plan of a --reboot drain: how Ferry reboots, and the zone or aggregate it was asked for as asked. */
export function withReboot(
  plan: DrainPlan,
  request: Omit<DrainRequest, 'requestedBy'>,
  reboot: RebootPlan,
): DrainPlan {
  return {
    ...plan,
    request: {
      ...plan.request,
      ...(request.zone ? { zone: request.zone } : {}),
      ...(request.aggregate ? { aggregate: request.aggregate } : {}),
    },
    reboot,
  };
}

/** --reboot: refused without the means to reboot; else the request naming its hosts in reboot order. */
export async function rebootRequest(
  cloud: CloudApi,
  reboots: RebootPort | undefined,
  request: Omit<DrainRequest, 'requestedBy'>,
): Promise<{ asked: Omit<DrainRequest, 'requestedBy'>; plan: RebootPlan } | null> {
  if (!request.reboot) return null;
  if (!reboots) throw new DrainRefused({ code: 'no-reboot' });
  const { hosts, plan } = await orderForReboot({ cloud, reboots }, request, request.reboot);
  // a zone or aggregate with no compute host stays as asked: the plan says it unknown, with what there is
  if (hosts.length === 0 && plan.onKernel.length === 0) return { asked: request, plan };
  const { zone: _z, aggregate: _a, ...named } = request;
  return { asked: { ...named, hosts }, plan };
}

/** A plan that ends with no host to drain is refused (why, and what there is), never asked to be approved. */
export function refuseNoHosts(plan: DrainPlan): void {
  if (plan.hosts.length > 0) return;
  const { reboot } = plan;
  throw new DrainRefused({
    code: 'no-hosts',
    failed: plan.checks.filter((check) => check.status === 'fail'),
    ...(reboot?.options.kernel !== undefined && reboot.onKernel.length
      ? { onKernel: { kernel: reboot.options.kernel, hosts: reboot.onKernel } }
      : {}),
  });
}
