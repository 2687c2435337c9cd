import type { Clock } from '../../clock.ts';
import type { EventSink } from '../events.ts';
import { HeldEvents, telling } from '../journal.ts';
import type { ComputeService, Hypervisor } from '../model/cloud.ts';
import type { Unusable } from '../model/evacuation.ts';
import type { EvacuationItemState, EvacuationRecord } from '../model/records.ts';
import type { HostConfigProvider } from '../model/types.ts';
import type { CpuTable } from '../move/cpu.ts';
import { readCpuTable } from '../move/cpu-read.ts';
import { blockersOn, zonesOf } from '../move/fit.ts';
import type { AuditPort } from '../ports/audit.ts';
import type { CloudApi } from '../ports/cloud.ts';
import type { RequestsPort } from '../ports/requests.ts';

type Deps = {
  cloud: CloudApi;
  clock: Clock;
  store: RequestsPort & AuditPort;
  events: EventSink;
  hostConfig?: HostConfigProvider;
};

/**
 * A destination can go down or be disabled while the evacuation runs; Nova would refuse every move
 * onto it (NoValidHost). Each server waiting for it is planned again onto the evacuation's other
 * destinations, by the rules its plan followed (in service, room by Placement, the same hypervisor
 * and a CPU that can run the guest for a live move, anti-affinity); one that fits none is left where it is. The thread is told both.
 * True when `host` was unusable. `hypervisors`: Nova's answer just read for this start (each carries
 * its nova-compute's state, status and reason), so the start asks once for both this and the room.
 */
export async function dropIfUnusable(
  deps: Deps,
  requestId: string,
  host: string,
  hypervisors: readonly Hypervisor[],
): Promise<boolean> {
  const why = unusableOf(hypervisors, host);
  if (!why) return false;
  const evacuation = deps.store.getEvacuation(requestId) as EvacuationRecord;
  const dropped = evacuation.evacuation.items.filter(
    (item) => item.state === 'waiting' && item.destination === host,
  );
  const servers: string[] = [];
  const replanned: { server: string; host: string }[] = [];
  const changes: { serverId: string; change: Partial<EvacuationItemState> }[] = [];
  // the hosts' CPUs, read once for every server replanned here (a live move goes where its CPU runs)
  let cpu: Promise<CpuTable | null> | undefined;
  const cpuOf = (hypervisors: Hypervisor[]) => {
    cpu ??= readCpuTable(deps, hypervisors).catch(() => null);
    return cpu;
  };
  for (const item of dropped) {
    // a cloud that does not answer leaves the server where it is: nothing is moved on a guess
    const onto = await newDestination(deps.cloud, evacuation, item, host, cpuOf).catch(() => null);
    if (onto) {
      replanned.push({ server: item.serverName, host: onto });
      changes.push({
        serverId: item.serverId,
        change: { destination: onto, reason: { code: 'replanned', onto, host, why } },
      });
    } else {
      servers.push(item.serverName);
      changes.push({
        serverId: item.serverId,
        change: {
          state: 'not-started',
          reason: { code: 'destination-unusable', host, why },
        },
      });
    }
  }
  // told once the change is in the audit trail, as before
  const told = new HeldEvents(deps.events);
  await deps.store.updateEvacuationItems(
    requestId,
    changes,
    undefined,
    telling(told, deps.clock.now(), (request) => [
      { kind: 'evacuation.destination-dropped', request, host, why, servers, replanned },
    ]),
  );
  await deps.store.recordAudit({
    at: deps.clock.now(),
    actor: 'ferry',
    action: 'evacuation-destination-dropped',
    subject: requestId,
    // as data: the thread words it
    detail: JSON.stringify({ host, why, replanned }),
  });
  told.release();
  return true;
}

/**
 * Why Nova would refuse moves onto `host`, from its hypervisors' answer (nova-compute's state, forced
 * down included, and status), or null while it takes them.
 */
function unusableOf(hypervisors: readonly Hypervisor[], host: string): Unusable | null {
  const node = hypervisors.find((h) => h.serviceHost === host);
  return !node
    ? { code: 'service-gone' }
    : node.state !== 'up'
      ? { code: 'service-down' }
      : node.status === 'disabled'
        ? { code: 'disabled', ...(node.disabledReason ? { reason: node.disabledReason } : {}) }
        : null;
}

/** The same, from compute services already read. */
function unusableIn(services: readonly ComputeService[], host: string): Unusable | null {
  const service = services.find((s) => s.host === host);
  return !service
    ? { code: 'service-gone' }
    : service.state !== 'up' || service.forcedDown
      ? { code: 'service-down' }
      : service.status === 'disabled'
        ? { code: 'disabled', ...(service.disabledReason ? { reason: service.disabledReason } : {}) }
        : null;
}

/** The first of the evacuation's other destinations that still takes the item's server, or null. */
async function newDestination(
  cloud: CloudApi,
  evacuation: EvacuationRecord,
  item: EvacuationItemState,
  dropped: string,
  cpuOf: (hypervisors: Hypervisor[]) => Promise<CpuTable | null>,
): Promise<string | null> {
  const state = evacuation.evacuation;
  const others = [
    ...new Set(
      state.items.flatMap((other) =>
        other.destination && other.destination !== dropped && other.destination !== state.host
          ? [other.destination]
          : [],
      ),
    ),
  ];
  if (others.length === 0) return null;
  const [server, hypervisors, groups, services] = await Promise.all([
    cloud.getServer(item.serverId),
    cloud.listHypervisors(),
    cloud.listServerGroups(),
    cloud.listComputeServices(),
  ]);
  const zones = zonesOf(services);
  const source = hypervisors.find((h) => h.serviceHost === server.host);
  const cpu =
    item.mode === 'live'
      ? await cpuOf(hypervisors.filter((h) => h.serviceHost === state.host || others.includes(h.serviceHost)))
      : null;
  for (const host of others) {
    const target = hypervisors.find((h) => h.serviceHost === host);
    if (!target || unusableIn(services, host)) continue;
    const residents = new Map((await cloud.serversOnHost(host)).map((s) => [s.id, s.name] as const));
    const blockers = blockersOn({
      server,
      source,
      target,
      capacity: await cloud.capacity(target.id),
      live: item.mode === 'live',
      groups,
      residents,
      cpu,
      zones,
    });
    if (blockers.length === 0) return host;
  }
  return null;
}
