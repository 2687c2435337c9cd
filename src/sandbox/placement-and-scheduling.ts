import type { SandboxHost, SandboxMigration, SandboxServer } from './model.ts';
import type { SimulatedCloud } from './simulated-cloud.ts';

/* Placement's view of the sandbox (usage, allocations, capacity) and the scheduler's choice of host. */

/**
 * How long Placement keeps a finished move's source allocation (its migration's UUID the consumer)
 * after Nova's record says it ended: _post_live_migration saves `completed`, confirm_resize saves
 * `confirmed`, and only then is that allocation deleted. On the lab (6 December, four live moves) it was
 * gone 0.16-0.32 s after the record was seen completed; Nova's log put 0.19-0.33 s between "finished
 * successfully" and "Deleted allocation for migration".
 */
export const SOURCE_RELEASE_S = 0.3;

/** Finished moves whose migration still holds their source in Placement (SOURCE_RELEASE_S). */
export function releasing(cloud: SimulatedCloud, now = cloud.clock.now()): SandboxMigration[] {
  const window = cloud.seconds(cloud.faults.releaseSeconds ?? SOURCE_RELEASE_S);
  return cloud.migrations.filter(
    (m) =>
      ((m.type === 'live-migration' && m.status === 'completed') || m.status === 'confirmed') &&
      now < m.updatedAt + window,
  );
}

/** Placement usage of a host: its servers, both ends of every move not yet finished, and sources not yet freed. */
export function hostUsage(
  cloud: SimulatedCloud,
  hostName: string,
  at = cloud.clock.now(),
): { MEMORY_MB: number; VCPU: number; DISK_GB: number } {
  return usageByHost(cloud, at).get(hostName) ?? { MEMORY_MB: 0, VCPU: 0, DISK_GB: 0 };
}

/** Every host's Placement usage, as hostUsage counts it, in one pass over the servers (allocation candidates). */
export function usageByHost(
  cloud: SimulatedCloud,
  at = cloud.clock.now(),
): Map<string, { MEMORY_MB: number; VCPU: number; DISK_GB: number }> {
  const usage = new Map<string, { MEMORY_MB: number; VCPU: number; DISK_GB: number }>();
  for (const server of cloud.servers.values()) {
    const migration = cloud.activeMigration(server.id);
    const holders = new Set([server.host]);
    if (migration?.dest && migration.status !== 'accepted' && migration.status !== 'pre-migrating') {
      holders.add(migration.source);
      holders.add(migration.dest);
    }
    for (const holder of holders) add(usage, holder, server);
  }
  for (const ended of releasing(cloud, at)) {
    const server = cloud.servers.get(ended.serverId);
    if (server && ended.source !== server.host) add(usage, ended.source, server);
  }
  return usage;
}

function add(
  usage: Map<string, { MEMORY_MB: number; VCPU: number; DISK_GB: number }>,
  host: string,
  server: SandboxServer,
): void {
  const total = usage.get(host) ?? { MEMORY_MB: 0, VCPU: 0, DISK_GB: 0 };
  total.MEMORY_MB += server.flavor.ram;
  total.VCPU += server.flavor.vcpus;
  total.DISK_GB += server.imageId ? server.flavor.disk : 0;
  usage.set(host, total);
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
  const ended = releasing(cloud).find((m) => m.uuid === consumer);
  const moved = ended && cloud.servers.get(ended.serverId);
  if (ended && moved)
    return { host: ended.source, server: moved, userId: ended.userId, projectId: ended.projectId };
  return null;
}

export function hostCapacity(host: SandboxHost) {
  return {
    MEMORY_MB: { total: host.memoryMb, reserved: host.reservedMemoryMb, ratio: host.ramAllocationRatio },
    VCPU: { total: host.vcpus, reserved: 0, ratio: host.cpuAllocationRatio },
    DISK_GB: { total: host.diskGb, reserved: 0, ratio: 1.0 },
  };
}

function fitsOn(cloud: SimulatedCloud, host: SandboxHost, server: SandboxServer, at: number): boolean {
  const used = hostUsage(cloud, host.name, at);
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

function violatesAntiAffinity(
  cloud: SimulatedCloud,
  host: SandboxHost,
  server: SandboxServer,
  at: number,
): boolean {
  return server.groups.some((groupId) => {
    if (cloud.groups.get(groupId)?.policy !== 'anti-affinity') return false;
    return [...cloud.servers.values()].some(
      (other) =>
        other.id !== server.id && other.groups.includes(groupId) && schedulerSees(cloud, other, host, at),
    );
  });
}

/**
 * Whether Nova's scheduler lists `server` on `host`: where it runs, or a host it left by a live move
 * since that host last sent its list. The source's update at the end of a live migration names the
 * source (compute/manager.py _post_live_migration → update_instance_info), so the server stays on
 * the source's list until its nova-compute syncs, every scheduler_instance_sync_interval (the lab:
 * web-1 left compute1 at 09:56:18, web-2 sent there at 09:56:26 got NoValidHost from
 * ServerGroupAntiAffinityFilter, and compute1's list was made again at 09:57:49).
 */
function schedulerSees(cloud: SimulatedCloud, server: SandboxServer, host: SandboxHost, at: number): boolean {
  if (server.host === host.name) return true;
  const every = cloud.seconds(host.novaConf.instanceSyncSeconds);
  const lastSync = Math.floor(at / every) * every;
  return cloud.migrations.some(
    (m) =>
      m.serverId === server.id &&
      m.type === 'live-migration' &&
      m.status === 'completed' &&
      m.source === host.name &&
      m.updatedAt >= lastSync,
  );
}

/** The scheduler's answer for a move: the requested host if it passes, else the roomiest that does. */
export function schedule(
  cloud: SimulatedCloud,
  server: SandboxServer,
  requested: string | null,
  live: boolean,
  /** when Nova's scheduler decides (a simulator's phase end; the clock may be past it) */
  at = cloud.clock.now(),
): SandboxHost | null {
  const source = cloud.hostOrThrow(server.host);
  const candidates = [...cloud.hosts.values()].filter((host) => {
    if (host.name === server.host) return false;
    if (requested && host.name !== requested) return false;
    if (host.status !== 'enabled' || !cloud.serviceUp(host)) return false;
    // Nova's AvailabilityZoneFilter: a server created in a zone stays in it; one created in none may go anywhere
    if (server.pinnedZone && host.zone !== server.pinnedZone) return false;
    if (!fitsOn(cloud, host, server, at) || violatesAntiAffinity(cloud, host, server, at)) return false;
    if (
      live &&
      (host.hypervisorType !== source.hypervisorType || host.hypervisorVersion < source.hypervisorVersion)
    )
      return false;
    return true;
  });
  candidates.sort((a, b) => freeMemory(cloud, b, at) - freeMemory(cloud, a, at));
  return candidates[0] ?? null;
}

function freeMemory(cloud: SimulatedCloud, host: SandboxHost, at: number): number {
  const { total, reserved, ratio } = hostCapacity(host).MEMORY_MB;
  return Math.floor((total - reserved) * ratio) - hostUsage(cloud, host.name, at).MEMORY_MB;
}
