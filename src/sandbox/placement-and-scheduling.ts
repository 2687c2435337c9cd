import type { SandboxHost, SandboxMigration, SandboxServer } from './model.ts';
import type { SimulatedCloud } from './simulated-cloud.ts';

/* Placement's view of the sandbox (usage, allocations, capacity) and the scheduler's choice of host. */

/** Placement usage of a host: its servers, plus both ends of every move not yet finished. */
export function hostUsage(
  cloud: SimulatedCloud,
  hostName: string,
): { MEMORY_MB: number; VCPU: number; DISK_GB: number } {
  const total = { MEMORY_MB: 0, VCPU: 0, DISK_GB: 0 };
  for (const server of cloud.servers.values()) {
    const migration = cloud.activeMigration(server.id);
    const holders = new Set([server.host]);
    if (migration?.dest && migration.status !== 'accepted' && migration.status !== 'pre-migrating') {
      holders.add(migration.source);
      holders.add(migration.dest);
    }
    if (!holders.has(hostName)) continue;
    total.MEMORY_MB += server.flavor.ram;
    total.VCPU += server.flavor.vcpus;
    total.DISK_GB += server.imageId ? server.flavor.disk : 0;
  }
  return total;
}

/** Every host's Placement usage, as hostUsage counts it, in one pass over the servers (allocation candidates). */
export function usageByHost(
  cloud: SimulatedCloud,
): Map<string, { MEMORY_MB: number; VCPU: number; DISK_GB: number }> {
  const usage = new Map<string, { MEMORY_MB: number; VCPU: number; DISK_GB: number }>();
  for (const server of cloud.servers.values()) {
    const migration = cloud.activeMigration(server.id);
    const holders = new Set([server.host]);
    if (migration?.dest && migration.status !== 'accepted' && migration.status !== 'pre-migrating') {
      holders.add(migration.source);
      holders.add(migration.dest);
    }
    for (const holder of holders) {
      const total = usage.get(holder) ?? { MEMORY_MB: 0, VCPU: 0, DISK_GB: 0 };
      total.MEMORY_MB += server.flavor.ram;
      total.VCPU += server.flavor.vcpus;
      total.DISK_GB += server.imageId ? server.flavor.disk : 0;
      usage.set(holder, total);
    }
  }
  return usage;
}

/**
 * Placement's allocations of one consumer, as Nova makes them: while a move holds both ends, the
 * server holds the destination and the migration (its UUID) holds the source.
 */
export function allocationsOf(
  cloud: SimulatedCloud,
  consumer: string,
): { host: string; server: SandboxServer; userId: string; projectId: string } | null {
  const holding = (migration: SandboxMigration | undefined) =>
    migration?.dest && migration.status !== 'accepted' && migration.status !== 'pre-migrating'
      ? migration
      : null;
  const server = cloud.servers.get(consumer);
  if (server) {
    const moving = holding(cloud.activeMigration(server.id));
    return {
      host: moving?.dest ?? server.host,
      server,
      userId: server.userId,
      projectId: server.projectId,
    };
  }
  for (const candidate of cloud.servers.values()) {
    const moving = holding(cloud.activeMigration(candidate.id));
    if (moving?.uuid === consumer)
      return { host: moving.source, server: candidate, userId: moving.userId, projectId: moving.projectId };
  }
  return null;
}

export function hostCapacity(host: SandboxHost) {
  return {
    MEMORY_MB: { total: host.memoryMb, reserved: host.reservedMemoryMb, ratio: host.ramAllocationRatio },
    VCPU: { total: host.vcpus, reserved: 0, ratio: host.cpuAllocationRatio },
    DISK_GB: { total: host.diskGb, reserved: 0, ratio: 1.0 },
  };
}

function fitsOn(cloud: SimulatedCloud, host: SandboxHost, server: SandboxServer): boolean {
  const used = hostUsage(cloud, host.name);
  const capacity = hostCapacity(host);
  const need = {
    MEMORY_MB: server.flavor.ram,
    VCPU: server.flavor.vcpus,
    DISK_GB: server.imageId ? server.flavor.disk : 0,
  };
  return (Object.keys(need) as (keyof typeof need)[]).every((resource) => {
    const { total, reserved, ratio } = capacity[resource];
    return used[resource] + need[resource] <= Math.floor((total - reserved) * ratio);
  });
}

function violatesAntiAffinity(cloud: SimulatedCloud, host: SandboxHost, server: SandboxServer): boolean {
  return server.groups.some((groupId) => {
    if (cloud.groups.get(groupId)?.policy !== 'anti-affinity') return false;
    return [...cloud.servers.values()].some(
      (other) => other.id !== server.id && other.groups.includes(groupId) && other.host === host.name,
    );
  });
}

/** The scheduler's answer for a move: the requested host if it passes, else the roomiest that does. */
export function schedule(
  cloud: SimulatedCloud,
  server: SandboxServer,
  requested: string | null,
  live: boolean,
): SandboxHost | null {
  const source = cloud.hostOrThrow(server.host);
  const candidates = [...cloud.hosts.values()].filter((host) => {
    if (host.name === server.host) return false;
    if (requested && host.name !== requested) return false;
    if (host.status !== 'enabled' || !cloud.serviceUp(host)) return false;
    // Nova's AvailabilityZoneFilter: a server created in a zone stays in it; one created in none may go anywhere
    if (server.pinnedZone && host.zone !== server.pinnedZone) return false;
    if (!fitsOn(cloud, host, server) || violatesAntiAffinity(cloud, host, server)) return false;
    if (
      live &&
      (host.hypervisorType !== source.hypervisorType || host.hypervisorVersion < source.hypervisorVersion)
    )
      return false;
    return true;
  });
  candidates.sort((a, b) => freeMemory(cloud, b) - freeMemory(cloud, a));
  return candidates[0] ?? null;
}

function freeMemory(cloud: SimulatedCloud, host: SandboxHost): number {
  const { total, reserved, ratio } = hostCapacity(host).MEMORY_MB;
  return Math.floor((total - reserved) * ratio) - hostUsage(cloud, host.name).MEMORY_MB;
}
