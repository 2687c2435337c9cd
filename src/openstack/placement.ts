import type { ProviderCapacity, ResourceCapacity } from '../core/model/cloud.ts';
import type { ServiceCaller } from './service-caller.ts';

type Json = Record<string, unknown>;

const HEADERS = { 'OpenStack-API-Version': 'placement 1.14' };

/** Capacity as Nova's scheduler sees it: Placement inventories minus usages (migration holds included). */
/** 1.17: allocation candidates' provider summaries name each provider's traits */
const CANDIDATES = { 'OpenStack-API-Version': 'placement 1.17' };

interface Summary {
  resources: Record<string, Json>;
  traits?: string[];
}

export class PlacementClient {
  /** allocation candidates asked for and not answered yet, by the resources asked */
  private readonly underway = new Map<string, Promise<Record<string, Summary>>>();

  constructor(private readonly placement: ServiceCaller) {}

  /** `providerId` is the compute node UUID (hypervisor id at 2.53+). */
  async capacity(providerId: string): Promise<ProviderCapacity> {
    const id = encodeURIComponent(providerId);
    const [inventories, usages] = await Promise.all([
      this.placement.call('GET', `/resource_providers/${id}/inventories`, { headers: HEADERS }),
      this.placement.call('GET', `/resource_providers/${id}/usages`, { headers: HEADERS }),
    ]);
    const inventory = (inventories.body as { inventories: Record<string, Json> }).inventories;
    const used = (usages.body as { usages: Record<string, number> }).usages;
    const result: ProviderCapacity = {};
    for (const resource of ['MEMORY_MB', 'VCPU', 'DISK_GB'] as const) {
      const entry = inventory[resource];
      if (!entry) continue;
      const capacity: ResourceCapacity = {
        total: Number(entry.total),
        reserved: Number(entry.reserved ?? 0),
        allocationRatio: Number(entry.allocation_ratio ?? 1),
        used: Number(used[resource] ?? 0),
        minUnit: Number(entry.min_unit ?? 1),
        maxUnit: Number(entry.max_unit ?? entry.total),
        stepSize: Number(entry.step_size ?? 1),
      };
      result[resource] = capacity;
    }
    return result;
  }

  /** GET /resource_providers/{uuid}/traits (1.6+): the provider's traits, HW_CPU_* among them. */
  async traits(providerId: string): Promise<string[]> {
    const id = encodeURIComponent(providerId);
    const response = await this.placement.call('GET', `/resource_providers/${id}/traits`, {
      headers: HEADERS,
    });
    return (response.body as { traits?: string[] }).traits ?? [];
  }

  /** GET /allocations/{consumer}: `{"allocations": {}}` for a consumer Placement does not know (never 404). */
  async consumerHolds(consumerUuid: string): Promise<boolean> {
    const response = await this.placement.call('GET', `/allocations/${encodeURIComponent(consumerUuid)}`, {
      headers: HEADERS,
    });
    return Object.keys((response.body as { allocations?: Json }).allocations ?? {}).length > 0;
  }

  /** GET /resource_providers/{uuid}/allocations: the consumers holding the provider, by UUID */
  async providerConsumers(providerId: string): Promise<string[]> {
    const id = encodeURIComponent(providerId);
    const response = await this.placement.call('GET', `/resource_providers/${id}/allocations`, {
      headers: HEADERS,
    });
    return Object.keys((response.body as { allocations?: Json }).allocations ?? {});
  }

  /**
   * Every provider's traits in one request, whatever the size of the cloud: the allocation candidates
   * for 1 MB of memory list each compute node with any room, with its traits (1.17+). A node without
   * room is absent (ask `traits` for it).
   */
  async traitsOfAll(): Promise<Map<string, string[]>> {
    const summaries = await this.candidates('MEMORY_MB:1');
    return new Map(Object.entries(summaries).map(([provider, summary]) => [provider, summary.traits ?? []]));
  }

  /**
   * GET /allocation_candidates at 1.17, whose provider summaries carry each provider's resources and
   * traits. Two questions asked while the same one is under way share its answer: a plan that reads
   * every host's room and every host's traits at once sends one request.
   */
  private candidates(resources: string): Promise<Record<string, Summary>> {
    const asked = this.underway.get(resources);
    if (asked) return asked;
    const answer = this.placement
      .call('GET', '/allocation_candidates', { headers: CANDIDATES, query: { resources } })
      .then(
        (response) => (response.body as { provider_summaries: Record<string, Summary> }).provider_summaries,
      );
    this.underway.set(resources, answer);
    const settled = () => this.underway.delete(resources);
    answer.then(settled, settled);
    return answer;
  }

  /**
   * The compute nodes with room for `need` now, with what each holds: one request, whatever the size
   * of the cloud (Nova's scheduler asks the same). Zero amounts are left out, as Placement wants.
   */
  async withRoomFor(
    need: Record<'MEMORY_MB' | 'VCPU' | 'DISK_GB', number>,
  ): Promise<Map<string, ProviderCapacity>> {
    const resources = Object.entries(need)
      .filter(([, amount]) => amount > 0)
      .map(([resource, amount]) => `${resource}:${amount}`)
      .join(',');
    const summaries = await this.candidates(resources);
    const rooms = new Map<string, ProviderCapacity>();
    for (const [provider, summary] of Object.entries(summaries)) {
      const capacity: ProviderCapacity = {};
      for (const resource of ['MEMORY_MB', 'VCPU', 'DISK_GB'] as const) {
        const entry = summary.resources[resource];
        if (!entry) continue;
        // the summary gives (total − reserved) × ratio as `capacity`
        const room = Number(entry.capacity);
        capacity[resource] = {
          total: room,
          reserved: 0,
          allocationRatio: 1,
          used: Number(entry.used ?? 0),
          minUnit: 1,
          maxUnit: room,
          stepSize: 1,
        };
      }
      rooms.set(provider, capacity);
    }
    return rooms;
  }
}
