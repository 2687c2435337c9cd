import { freeOf } from '../model/cloud.ts';
import type { Candidate, CheckResult } from '../model/types.ts';
import { type CheckContext, fail, pass, warn } from './checks.ts';
import {
  type Blocker,
  blockersOn,
  capacityShortfall,
  type HypervisorSide,
  needOf,
  outOfService,
  zonesOf,
} from './fit.ts';

/**
 * The checks about where the server can go: room by Placement's arithmetic, the hypervisor a live
 * move needs, storage and block migration, server-group policy, and the scheduler's likely candidates.
 */

export function checkCapacity(
  { request, snapshot, destination }: CheckContext,
  candidates: Candidate[],
): CheckResult | null {
  const server = snapshot.server;
  if (!server) return null;
  const need = needOf(server);
  if (!destination) {
    const usable = candidates.filter((c) => !c.blockedBy);
    if (usable.length === 0) {
      return fail(
        'capacity',
        {
          code: 'no-host-fits',
          server: server.name,
          need,
          candidates: candidates.map((c) => ({ host: c.host, blockers: c.blockedBy ?? [] })),
          outOfService: outOfService(snapshot.hypervisors, server.host),
          live: request.mode !== 'cold',
        },
        { candidates: candidates.length },
      );
    }
    return pass(
      'capacity',
      { code: 'hosts-fit', server: server.name, need, hosts: usable.map((c) => c.host) },
      { candidates: usable.map((c) => c.host).join(',') },
    );
  }
  const hypervisor = snapshot.hypervisors.find((h) => h.serviceHost === destination);
  if (!hypervisor) return null;
  const capacity = snapshot.capacity.get(hypervisor.id);
  const shortfalls = capacityShortfall(need, capacity);
  const memory = capacity?.MEMORY_MB;
  const evidence = {
    freeMemoryMb: memory ? freeOf(memory) : null,
    needMemoryMb: need.MEMORY_MB,
    freeVcpus: capacity?.VCPU ? freeOf(capacity.VCPU) : null,
    freeDiskGb: capacity?.DISK_GB ? freeOf(capacity.DISK_GB) : null,
  };
  if (shortfalls.length) {
    return fail(
      'capacity',
      { code: 'no-room-on-destination', host: destination, server: server.name, shortfalls },
      evidence,
    );
  }
  const left = memory ? freeOf(memory) - need.MEMORY_MB : 0;
  if (memory && left < 0.05 * (memory.total - memory.reserved) * memory.allocationRatio) {
    return warn(
      'capacity',
      { code: 'little-room-left', host: destination, server: server.name, leftMb: left },
      evidence,
    );
  }
  return pass(
    'capacity',
    { code: 'room-on-destination', host: destination, freeMb: memory ? freeOf(memory) : null, need },
    evidence,
  );
}

export function checkHypervisor({ request, snapshot, destination }: CheckContext): CheckResult | null {
  const server = snapshot.server;
  if (!server || !destination) return null;
  const sourceHypervisor = snapshot.hypervisors.find((h) => h.serviceHost === server.host);
  const destHypervisor = snapshot.hypervisors.find((h) => h.serviceHost === destination);
  if (!sourceHypervisor || !destHypervisor) return null;
  const source: HypervisorSide = {
    host: server.host ?? sourceHypervisor.serviceHost,
    type: sourceHypervisor.type,
    version: sourceHypervisor.version,
  };
  const dest: HypervisorSide = {
    host: destination,
    type: destHypervisor.type,
    version: destHypervisor.version,
  };
  // raw: the version as the hypervisor reports it (src/messages/fit.ts versionText reads it)
  const evidence = {
    source: `${source.type} ${source.version}`,
    destination: `${dest.type} ${dest.version}`,
  };
  if (request.mode === 'cold') return pass('hypervisor', { code: 'cold-any-hypervisor' }, evidence);
  if (source.type !== dest.type)
    return fail('hypervisor', { code: 'hypervisor-type-differs', source, destination: dest }, evidence);
  if (dest.version < source.version)
    return fail('hypervisor', { code: 'hypervisor-older', source, destination: dest }, evidence);
  return pass(
    'hypervisor',
    dest.version === source.version
      ? { code: 'hypervisor-same', source }
      : { code: 'hypervisor-newer', source, destination: dest },
    evidence,
  );
}

export function checkStorage({ request, snapshot }: CheckContext): CheckResult | null {
  const server = snapshot.server;
  if (!server || request.mode === 'cold') return null;
  const localGb = needOf(server).DISK_GB;
  const evidence = {
    volumeBacked: server.imageId === null,
    localDiskGb: localGb,
    volumes: server.volumeIds.length,
  };
  if (server.imageId === null) {
    if (request.mode === 'block')
      return fail('storage', { code: 'block-on-volume', server: server.name }, evidence);
    return pass('storage', { code: 'volume-backed', server: server.name }, evidence);
  }
  if (request.mode === 'block') return warn('storage', { code: 'block-forced', diskGb: localGb }, evidence);
  return pass('storage', { code: 'local-disk', server: server.name, diskGb: localGb }, evidence);
}

export function checkServerGroups({ snapshot, destination }: CheckContext): CheckResult | null {
  const server = snapshot.server;
  if (!server || snapshot.groups.length === 0) return null;
  const hostOf = (id: string): string | null => {
    for (const [host, servers] of snapshot.serversByHost) if (servers.some((s) => s.id === id)) return host;
    return null;
  };
  for (const group of snapshot.groups) {
    const others = group.members.filter((id) => id !== server.id);
    if (group.policy === 'anti-affinity' || group.policy === 'soft-anti-affinity') {
      if (!destination) continue;
      const clash = others.find((id) => hostOf(id) === destination);
      if (!clash) continue;
      const member = snapshot.serversByHost.get(destination)?.find((s) => s.id === clash)?.name ?? clash;
      const clashing = { member, group: group.name, host: destination };
      if (group.policy === 'soft-anti-affinity')
        return warn('server-groups', { code: 'group-spread-lost', ...clashing }, { group: group.id });
      return fail('server-groups', { code: 'group-refuses', ...clashing }, { group: group.id });
    }
    if (group.policy === 'affinity' && others.length > 0) {
      return fail(
        'server-groups',
        { code: 'affinity-group', server: server.name, group: group.name },
        { group: group.id },
      );
    }
  }
  return pass('server-groups', {
    code: 'groups-kept',
    groups: snapshot.groups.map((g) => ({ name: g.name, policy: g.policy })),
  });
}

/** Hosts the scheduler could pick, best first, each with every reason Nova would not. */
export function rankCandidates({ request, snapshot }: CheckContext): Candidate[] {
  const server = snapshot.server;
  if (!server) return [];
  const source = snapshot.hypervisors.find((h) => h.serviceHost === server.host);
  const zones = zonesOf(snapshot.services);
  return snapshot.hypervisors
    .filter(
      (h) => h.serviceHost !== server.host && (snapshot.capacity.has(h.id) || snapshot.noRoom.has(h.id)),
    )
    .map((h): Candidate => {
      const capacity = snapshot.capacity.get(h.id) ?? {};
      const residents = new Map((snapshot.serversByHost.get(h.serviceHost) ?? []).map((s) => [s.id, s.name]));
      const others = blockersOn({
        server,
        source,
        target: h,
        capacity: snapshot.noRoom.has(h.id) ? undefined : capacity,
        live: request.mode !== 'cold',
        groups: snapshot.groups,
        residents,
        cpu: snapshot.cpu,
        zones,
      });
      // Placement found no room there: its numbers were not read, so say so without inventing them
      const blockers: Blocker[] = snapshot.noRoom.has(h.id)
        ? [
            { kind: 'capacity' as const, resource: 'no-candidate' as const },
            ...others.filter((b) => b.kind !== 'capacity'),
          ]
        : others;
      return {
        host: h.serviceHost,
        freeMemoryMb: capacity.MEMORY_MB ? freeOf(capacity.MEMORY_MB) : 0,
        freeVcpus: capacity.VCPU ? freeOf(capacity.VCPU) : 0,
        freeDiskGb: capacity.DISK_GB ? freeOf(capacity.DISK_GB) : 0,
        ...(blockers.length ? { blockedBy: blockers } : {}),
      };
    })
    .sort(
      (a, b) =>
        Number(Boolean(a.blockedBy)) - Number(Boolean(b.blockedBy)) || b.freeMemoryMb - a.freeMemoryMb,
    );
}
