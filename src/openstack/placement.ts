import type { ProviderCapacity, ResourceCapacity } from '../core/cloud-model.ts';
import type { ServiceCaller } from './service-caller.ts';

type Json = Record<string, unknown>;

const HEADERS = { 'OpenStack-API-Version': 'placement 1.14' };

/** Capacity as Nova's scheduler sees it: Placement inventories minus usages (migration holds included). */
export class PlacementClient {
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
}
