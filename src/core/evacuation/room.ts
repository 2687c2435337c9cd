import type { Hypervisor } from '../model/cloud.ts';
import type { EvacuationItemState } from '../model/records.ts';
import { capacityShortfall, type Need, needOf } from '../move/fit.ts';
import type { CloudApi } from '../ports/cloud.ts';
import type { RunsPort } from '../ports/runs.ts';

/**
 * The room evacuations take on their destinations: whether a host has room for one more server by
 * Placement's arithmetic, counting also the moves this Ferry sent there that have not ended (Nova may
 * not hold their room yet). One check at a time per host, so two evacuations cannot both take its
 * last room.
 */
export class RoomKeeper {
  /** moves this Ferry sends to a named host (by server ID), with what they need there, until they end */
  private readonly sent = new Map<string, { host: string; need: Need; runId?: string }>();
  private readonly roomChecks = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: { cloud: CloudApi; store: RunsPort }) {}

  /**
   * Whether `host` has room for the item's server now; when it has, the room is kept for it.
   * `hypervisors`: Nova's answer read for this start (the host's Placement provider is its node's ID).
   */
  roomFor(item: EvacuationItemState, host: string, hypervisors: readonly Hypervisor[]): Promise<boolean> {
    const check = (this.roomChecks.get(host) ?? Promise.resolve()).then(() =>
      this.reserveRoom(item, host, hypervisors),
    );
    this.roomChecks.set(
      host,
      check.catch(() => undefined),
    );
    return check;
  }

  /** The room kept for a server belongs to its run from now on: it is freed when the run ends. */
  started(serverId: string, runId: string): void {
    const sent = this.sent.get(serverId);
    if (sent) sent.runId = runId;
  }

  private async reserveRoom(
    item: EvacuationItemState,
    host: string,
    hypervisors: readonly Hypervisor[],
  ): Promise<boolean> {
    const { cloud, store } = this.deps;
    const server = await cloud.getServer(item.serverId);
    const hypervisor = hypervisors.find((candidate) => candidate.serviceHost === host);
    if (!hypervisor) return false;
    const planned: Need = { MEMORY_MB: 0, VCPU: 0, DISK_GB: 0 };
    for (const [serverId, sent] of this.sent) {
      if (sent.runId && store.getRun(sent.runId)?.outcome) this.sent.delete(serverId);
      else if (sent.host === host)
        for (const key of ['MEMORY_MB', 'VCPU', 'DISK_GB'] as const) planned[key] += sent.need[key];
    }
    const need = needOf(server);
    if (capacityShortfall(need, await cloud.capacity(hypervisor.id), planned).length) return false;
    this.sent.set(item.serverId, { host, need });
    return true;
  }
}
