import pLimit from 'p-limit';
import { OpenStackApiError } from '../cloud-errors.ts';
import type { Server } from '../model/cloud.ts';
import type { ItemReason } from '../model/evacuation.ts';
import type { EvacuationItemState, EvacuationRecord } from '../model/records.ts';
import type { CheckResult, MoveMode } from '../model/types.ts';
import { budgetsFor, type GroupBudget, type GroupBudgetOverrides } from '../move/budgets.ts';
import { blockersOn, liveHypervisorBlocker, type Need, needOf } from '../move/fit.ts';
import type { CloudApi } from '../ports/cloud.ts';
import type { RequestsPort } from '../ports/requests.ts';
import { fingerprintOf } from './plan.ts';

/**
 * Moving back what an evacuation took off a host, once the host is in service again: every server
 * that left it and is still elsewhere, from where it is now, live where it can (cold only when it left
 * cold, or is stopped now), as long as the host has room for all of them by Placement's numbers.
 */
export interface MoveBackPlan {
  home: string;
  items: EvacuationItemState[];
  checks: CheckResult[];
  ready: boolean;
  fingerprint: string;
  /** servers that left and will never go back, gone or home already: the evacuation's offer drops them */
  settled: { serverId: string; why: ItemReason }[];
  /** the server groups of its servers and their budgets (core/move/budgets.ts) */
  groups?: GroupBudget[];
}

export async function planMoveBack(
  cloud: CloudApi,
  evacuation: EvacuationRecord,
  groupBudgets?: GroupBudgetOverrides,
): Promise<MoveBackPlan> {
  const home = evacuation.evacuation.host;
  const [hypervisors, groups] = await Promise.all([cloud.listHypervisors(), cloud.listServerGroups()]);
  const target = hypervisors.find((h) => h.serviceHost === home);
  const checks: CheckResult[] = [];
  const finish = (items: EvacuationItemState[]): MoveBackPlan => {
    const budgets = budgetsFor(
      groups,
      items.filter((item) => item.mode !== null).map((item) => item.serverId),
      groupBudgets,
    );
    return {
      home,
      items,
      checks,
      ready: checks.every((check) => check.status !== 'fail'),
      fingerprint: fingerprintOf(home, items),
      settled,
      ...(budgets.length ? { groups: budgets } : {}),
    };
  };
  const settled: MoveBackPlan['settled'] = [];
  if (target?.status !== 'enabled' || target.state !== 'up') {
    checks.push({
      id: 'compute-services',
      status: 'fail',
      fact: {
        code: 'home-not-in-service',
        home,
        is: !target ? 'gone' : target.state !== 'up' ? 'down' : 'disabled',
        disabledReason: target?.disabledReason ?? null,
      },
      evidence: {},
    });
    return finish([]);
  }

  const left = evacuation.evacuation.items.filter((item) => item.outcome?.kind === 'completed');
  const limit = pLimit(8);
  const now = await Promise.all(
    left.map((item) =>
      limit(async () => ({
        item,
        // only a 404 says the server is gone; any other error says Nova could not read it now
        server: await cloud
          .getServer(item.serverId)
          .catch((error: unknown) =>
            error instanceof OpenStackApiError && error.status === 404 ? null : unreadable(error),
          ),
      })),
    ),
  );
  const capacity = await cloud.capacity(target.id);
  const residents = new Map((await cloud.serversOnHost(home)).map((s) => [s.id, s.name] as const));
  const planned: Need = { MEMORY_MB: 0, VCPU: 0, DISK_GB: 0 };
  const items: EvacuationItemState[] = [];
  for (const { item, server } of now) {
    const known = server && !('unreadable' in server) ? server : null;
    const base = {
      serverId: item.serverId,
      serverName: known?.name ?? item.serverName,
      status: known?.status ?? item.status,
      flavor: item.flavor,
      ramMb: item.ramMb,
      destination: home,
      ...(item.projectId ? { projectId: item.projectId } : {}),
    };
    const skip = (reason: ItemReason): EvacuationItemState => ({
      ...base,
      mode: null,
      state: 'skipped',
      reason,
    });
    if (!server) {
      items.push(skip({ code: 'gone' }));
      settled.push({ serverId: item.serverId, why: { code: 'gone' } });
      continue;
    }
    if ('unreadable' in server) {
      items.push(skip(server.unreadable));
      continue;
    }
    if (server.host === home) {
      // home already, not a failure: it stays, and its line says where it is (source = destination)
      items.push({ ...skip({ code: 'home-already', host: home }), source: home });
      settled.push({ serverId: item.serverId, why: { code: 'home-already', host: home } });
      continue;
    }
    const mode = modeBack(server, item.mode);
    if (typeof mode === 'object') {
      items.push(skip(mode.why));
      continue;
    }
    const source = hypervisors.find((h) => h.serviceHost === server.host);
    const blockers = blockersOn({
      server,
      source,
      target,
      capacity,
      planned,
      live: mode === 'live',
      groups,
      residents,
    });
    if (blockers.length) {
      // the reason alone: each place says it after its own words ("not back: …", "• web-2: …")
      items.push(skip({ code: 'blocked', blockers }));
      continue;
    }
    const need = needOf(server);
    for (const key of ['MEMORY_MB', 'VCPU', 'DISK_GB'] as const) planned[key] += need[key];
    residents.set(server.id, server.name);
    items.push({
      ...base,
      mode,
      source: server.host as string,
      state: 'waiting',
      ...(mode === 'cold'
        ? {
            reason: {
              code: 'back-cold' as const,
              left: item.mode === 'cold' ? ('cold' as const) : ('stopped' as const),
            },
          }
        : {}),
    });
  }
  const moving = items.filter((item) => item.state === 'waiting').length;
  // one moved home by hand meanwhile is home: not one that cannot go back (no warning for it)
  const homeAlready = items.filter((item) => isHomeAlready(item)).length;
  checks.push({
    id: 'capacity',
    status: moving === 0 ? 'fail' : moving + homeAlready < items.length ? 'warn' : 'pass',
    fact: {
      code: 'move-back-room',
      home,
      servers: items.length,
      moving,
      homeAlready,
      evacuation: evacuation.id,
    },
    evidence: { servers: items.length, moving },
  });
  return finish(items);
}

/** A move back's server that is on its home host already (moved there by hand meanwhile): it stays, and that is no failure. */
export function isHomeAlready(item: EvacuationItemState): boolean {
  return item.mode === null && item.source !== undefined && item.source === item.destination;
}

/**
 * When an evacuation (or a drain's step) ends: which servers that left cannot come back, by the
 * hypervisors as Nova lists them now. One that left live goes back live, and Nova/libvirt refuse a
 * live move onto an older QEMU (or another hypervisor type), whatever the room then; room and groups
 * change meanwhile, so the move back's own plan checks them. Nova not answering records nothing.
 */
export async function readWhyNotBack(
  deps: { store: RequestsPort; cloud: CloudApi },
  requestId: string,
  /** a drain's host empty before its evacuation ended: where Nova landed a move still proven */
  landedOn: (item: EvacuationItemState) => string | null | undefined = () => undefined,
) {
  const state = deps.store.getEvacuation(requestId)?.evacuation;
  if (!state || state.returnOf) return;
  const where = (item: EvacuationItemState) => (item.outcome ? item.outcome.host : landedOn(item));
  const left = state.items.filter(
    (item) => (item.outcome ? item.outcome.kind === 'completed' : where(item)) && goesBackLive(item),
  );
  if (left.length === 0) return;
  const hypervisors = await deps.cloud.listHypervisors().catch(() => null);
  const home = hypervisors?.find((h) => h.serviceHost === state.host);
  if (!hypervisors || !home) return;
  const changes = left.flatMap((item) => {
    const source = hypervisors.find((h) => h.serviceHost === where(item));
    const blocker = source && liveHypervisorBlocker(source, home);
    return blocker
      ? [
          {
            serverId: item.serverId,
            change: { notBackReason: { code: 'blocked' as const, blockers: [blocker] } },
          },
        ]
      : [];
  });
  if (changes.length) await deps.store.updateEvacuationItems(requestId, changes);
}

/** As planMoveBack's modeBack decides at the end: what left cold, or was stopped, goes back cold. */
function goesBackLive(item: EvacuationItemState): boolean {
  return item.mode === 'live' && item.status !== 'SHUTOFF';
}

/** Why Nova could not read a server, in Ferry's words: the status, never Nova's internals. */
function unreadable(error: unknown): { unreadable: ItemReason } {
  if (error instanceof OpenStackApiError) return { unreadable: { code: 'unreadable', status: error.status } };
  return { unreadable: { code: 'unreadable' } };
}

/** How a server goes back: as it left when it left cold, else by its state now. */
function modeBack(server: Server, left: MoveMode | null): MoveMode | { why: ItemReason } {
  if (server.locked)
    return { why: { code: 'locked', ...(server.lockedReason ? { reason: server.lockedReason } : {}) } };
  if (server.taskState) return { why: { code: 'busy', task: server.taskState } };
  if (server.status === 'SHUTOFF' || (left === 'cold' && server.status === 'ACTIVE')) return 'cold';
  if (server.status === 'ACTIVE' || server.status === 'PAUSED') return 'live';
  return { why: { code: 'status', status: server.status, raw: true } };
}
