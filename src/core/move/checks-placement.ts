import { t } from '../../i18n/index.ts';
import {
  blockersText,
  fixForBlockers,
  outOfServiceText,
  shortfallText,
  versionText,
} from '../../messages/fit.ts';
import { freeOf } from '../model/cloud.ts';
import type { Candidate, CheckResult } from '../model/types.ts';
import { type CheckContext, fail, pass, warn } from './checks.ts';
import { type BlockerKind, blockersOn, capacityShortfall, needOf, outOfService } from './fit.ts';

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
  const title = t`Room on the destination`;
  const wanted = needOf(server);
  const asked = t`${wanted.MEMORY_MB} MB, ${wanted.VCPU} vCPUs${wanted.DISK_GB ? t`, ${wanted.DISK_GB} GB disk` : t` (boots from volume: no disk)`}`;
  if (!destination) {
    const usable = candidates.filter((c) => !c.refusal);
    if (usable.length === 0) {
      const perHost = candidates.map((c) => t`${c.host}: ${c.refusal}`);
      const unusable = outOfService(snapshot.hypervisors, server.host).map(outOfServiceText);
      const kinds = new Set(candidates.flatMap((c) => c.blockers ?? []));
      return fail(
        'capacity',
        t`Room elsewhere`,
        t`No host can take ${server.name} (${asked}). ${[...perHost, ...unusable].join(t`; `) || t`There is no other compute host`}.`,
        candidates.length ? fixForBlockers(kinds, request.mode !== 'cold') : t`Enable or add a compute host.`,
        { candidates: candidates.length },
      );
    }
    return pass(
      'capacity',
      t`Room elsewhere`,
      t`${usable.length} host(s) can take ${server.name} (${asked}); most room: ${usable[0]?.host}.`,
      {
        candidates: usable.map((c) => c.host).join(','),
      },
    );
  }
  const hypervisor = snapshot.hypervisors.find((h) => h.serviceHost === destination);
  if (!hypervisor) return null;
  const capacity = snapshot.capacity.get(hypervisor.id);
  const shortfall = capacityShortfall(wanted, capacity).map(shortfallText).join(t`; `);
  const memory = capacity?.MEMORY_MB;
  const evidence = {
    freeMemoryMb: memory ? freeOf(memory) : null,
    needMemoryMb: wanted.MEMORY_MB,
    freeVcpus: capacity?.VCPU ? freeOf(capacity.VCPU) : null,
    freeDiskGb: capacity?.DISK_GB ? freeOf(capacity.DISK_GB) : null,
  };
  if (shortfall) {
    return fail(
      'capacity',
      title,
      t`${destination} has no room for ${server.name}: ${shortfall} (Placement: (total − reserved) × allocation ratio − used).`,
      t`Choose a host with more room, or move something off it first.`,
      evidence,
    );
  }
  const left = memory ? freeOf(memory) - wanted.MEMORY_MB : 0;
  if (memory && left < 0.05 * (memory.total - memory.reserved) * memory.allocationRatio) {
    return warn(
      'capacity',
      title,
      t`${destination} fits ${server.name} but only ${left} MB of memory stays free afterwards.`,
      t`Fine for one server; plan before moving more there.`,
      evidence,
    );
  }
  return pass(
    'capacity',
    title,
    t`${destination} has ${memory ? freeOf(memory) : '?'} MB free memory for ${asked}.`,
    evidence,
  );
}

export function checkHypervisor({ request, snapshot, destination }: CheckContext): CheckResult | null {
  const server = snapshot.server;
  if (!server || !destination) return null;
  const title = t`Hypervisor type and version`;
  const source = snapshot.hypervisors.find((h) => h.serviceHost === server.host);
  const dest = snapshot.hypervisors.find((h) => h.serviceHost === destination);
  if (!source || !dest) return null;
  const evidence = {
    source: `${source.type} ${versionText(source.version)}`,
    destination: `${dest.type} ${versionText(dest.version)}`,
  };
  if (request.mode === 'cold') {
    return pass(
      'hypervisor',
      title,
      t`A cold migration boots the server afresh, so hypervisor versions need not match.`,
      evidence,
    );
  }
  if (source.type !== dest.type) {
    return fail(
      'hypervisor',
      title,
      t`${destination} runs ${dest.type}, ${server.host} runs ${source.type}; Nova live-migrates only between equal types.`,
      t`Choose a host with the same hypervisor, or use --cold.`,
      evidence,
    );
  }
  if (dest.version < source.version) {
    return fail(
      'hypervisor',
      title,
      t`${destination} runs ${dest.type} ${versionText(dest.version)}, older than ${server.host}'s ${versionText(source.version)}: Nova refuses a live migration to an older hypervisor (the runbook says "equal"; Nova only needs "not older").`,
      t`Choose a host with ${versionText(source.version)} or newer, upgrade ${destination}, or use --cold.`,
      evidence,
    );
  }
  return pass(
    'hypervisor',
    title,
    dest.version === source.version
      ? t`Both run ${source.type} ${versionText(source.version)}.`
      : t`${destination} runs a newer ${dest.type} (${versionText(dest.version)} ≥ ${versionText(source.version)}), which Nova accepts.`,
    evidence,
  );
}

export function checkStorage({ request, snapshot }: CheckContext): CheckResult | null {
  const server = snapshot.server;
  if (!server || request.mode === 'cold') return null;
  const title = t`Storage and block migration`;
  const localGb = needOf(server).DISK_GB;
  const evidence = {
    volumeBacked: server.imageId === null,
    localDiskGb: localGb,
    volumes: server.volumeIds.length,
  };
  if (server.imageId === null) {
    if (request.mode === 'block') {
      return fail(
        'storage',
        title,
        t`${server.name} boots from a volume and has no local disk; Nova refuses --block-migration on shared storage ("Block migration can not be used with shared storage.").`,
        t`Leave out --block-migration: only memory needs to move.`,
        evidence,
      );
    }
    return pass('storage', title, t`${server.name} boots from a volume: only its memory moves.`, evidence);
  }
  if (request.mode === 'block') {
    return warn(
      'storage',
      title,
      t`Block migration forced: ${localGb} GB of local disk is copied before the memory. If its instances path is shared storage, Nova refuses.`,
      t`Leave out --block-migration to let Nova decide (block_migration "auto").`,
      evidence,
    );
  }
  return pass(
    'storage',
    title,
    t`${server.name} has ${localGb} GB of local disk: with block_migration "auto" Nova copies it unless the instances path is shared (NFS/Ceph), so the move may take longer.`,
    evidence,
  );
}

export function checkServerGroups({ snapshot, destination }: CheckContext): CheckResult | null {
  const server = snapshot.server;
  if (!server || snapshot.groups.length === 0) return null;
  const title = t`Server group policy`;
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
      const clashName = snapshot.serversByHost.get(destination)?.find((s) => s.id === clash)?.name ?? clash;
      const reason = t`${clashName} of ${group.policy} group "${group.name}" already runs on ${destination}.`;
      if (group.policy === 'soft-anti-affinity') {
        return warn(
          'server-groups',
          title,
          t`${reason} Nova allows it but the group loses its spread.`,
          t`Prefer another host.`,
          { group: group.id },
        );
      }
      return fail(
        'server-groups',
        title,
        t`${reason} Nova would refuse the move.`,
        t`Choose a host where no member of the group runs.`,
        { group: group.id },
      );
    }
    if (group.policy === 'affinity' && others.length > 0) {
      return fail(
        'server-groups',
        title,
        t`${server.name} is in affinity group "${group.name}": all its members must share one host, so it cannot move alone.`,
        t`Move the whole group (e.g. with /evacuate), or take it out of the group.`,
        { group: group.id },
      );
    }
  }
  return pass(
    'server-groups',
    title,
    t`Moving does not break the policy of ${snapshot.groups.map((g) => `"${g.name}" (${g.policy})`).join(t`, `)}.`,
  );
}

/** Hosts the scheduler could pick, best first, each with every reason Nova would not. */
export function rankCandidates({ request, snapshot }: CheckContext): Candidate[] {
  const server = snapshot.server;
  if (!server) return [];
  const source = snapshot.hypervisors.find((h) => h.serviceHost === server.host);
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
      });
      // Placement found no room there: its numbers were not read, so say so without inventing them
      const blockers = snapshot.noRoom.has(h.id)
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
        ...(blockers.length
          ? {
              refusal: blockersText(blockers),
              blockers: [...new Set(blockers.map((b) => b.kind))] as BlockerKind[],
            }
          : {}),
      };
    })
    .sort(
      (a, b) => Number(Boolean(a.refusal)) - Number(Boolean(b.refusal)) || b.freeMemoryMb - a.freeMemoryMb,
    );
}
