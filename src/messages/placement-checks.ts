import type { PlacementCheckFact } from '../core/model/checks.ts';
import type { Blocker, Need } from '../core/move/fit.ts';
import { t } from '../i18n/index.ts';
import type { WordsFor } from './check-words.ts';
import { blockersText, fixForBlockers, outOfServiceText, shortfallText, versionText } from './fit.ts';

/** How the checks about where a server can go read (core/move/checks-placement.ts). */

/** "2048 MB, 2 vCPUs, 20 GB disk": what the server asks of a host */
function askedText(need: Need): string {
  return need.DISK_GB
    ? t`${need.MEMORY_MB} MB, ${need.VCPU} vCPUs, ${need.DISK_GB} GB disk`
    : t`${need.MEMORY_MB} MB, ${need.VCPU} vCPUs (boots from volume: no disk)`;
}

/** Why Nova would not pick a candidate host: its blockers, or what a record kept from before facts. */
export function candidateRefusal(candidate: { blockedBy?: Blocker[]; refusal?: string }): string {
  return candidate.blockedBy?.length ? blockersText(candidate.blockedBy) : (candidate.refusal ?? '');
}

const ROOM_ELSEWHERE = () => t`Room elsewhere`;

export const PLACEMENT_CHECK_WORDS: WordsFor<PlacementCheckFact> = {
  'no-host-fits': (f) => {
    const perHost = f.candidates.map((c) => t`${c.host}: ${blockersText(c.blockers)}`);
    const lines = [...perHost, ...f.outOfService.map(outOfServiceText)];
    const kinds = new Set(f.candidates.flatMap((c) => c.blockers.map((b) => b.kind)));
    return {
      title: ROOM_ELSEWHERE(),
      reason: lines.length
        ? t`No host can take ${f.server} (${askedText(f.need)}). ${lines.join(t`; `)}.`
        : t`No host can take ${f.server} (${askedText(f.need)}). There is no other compute host.`,
      fix: f.candidates.length ? fixForBlockers(kinds, f.live) : t`Enable or add a compute host.`,
    };
  },
  'hosts-fit': (f) => ({
    title: ROOM_ELSEWHERE(),
    reason:
      f.hosts.length === 1
        ? t`1 host can take ${f.server} (${askedText(f.need)}): ${f.hosts[0]}.`
        : t`${f.hosts.length} hosts can take ${f.server} (${askedText(f.need)}); most room: ${f.hosts[0]}.`,
  }),
  'no-room-on-destination': (f) => ({
    reason: t`${f.host} has no room for ${f.server}: ${f.shortfalls.map(shortfallText).join(t`; `)} (Placement: (total − reserved) × allocation ratio − used).`,
    fix: t`Choose a host with more room, or move something off it first.`,
  }),
  'little-room-left': (f) => ({
    reason: t`${f.host} fits ${f.server} but only ${f.leftMb} MB of memory stays free afterwards.`,
    fix: t`Fine for one server; plan before moving more there.`,
  }),
  'room-on-destination': (f) => ({
    reason: t`${f.host} has ${f.freeMb ?? '?'} MB free memory for ${askedText(f.need)}.`,
  }),
  'cold-any-hypervisor': () => ({
    reason: t`A cold migration boots the server afresh, so hypervisor versions need not match.`,
  }),
  'hypervisor-type-differs': ({ source, destination }) => ({
    reason: t`${destination.host} runs ${destination.type}, ${source.host} runs ${source.type}; Nova live-migrates only between equal types.`,
    fix: t`Choose a host with the same hypervisor, or use --cold.`,
  }),
  'hypervisor-older': ({ source, destination }) => ({
    reason: t`${destination.host} runs ${destination.type} ${versionText(destination.version)}, older than ${source.host}'s ${versionText(source.version)}: Nova refuses a live migration to an older hypervisor (the runbook says "equal"; Nova only needs "not older").`,
    fix: t`Choose a host with ${versionText(source.version)} or newer, upgrade ${destination.host}, or use --cold.`,
  }),
  'hypervisor-same': ({ source }) => ({
    reason: t`Both run ${source.type} ${versionText(source.version)}.`,
  }),
  'hypervisor-newer': ({ source, destination }) => ({
    reason: t`${destination.host} runs a newer ${destination.type} (${versionText(destination.version)} ≥ ${versionText(source.version)}), which Nova accepts.`,
  }),
  'block-on-volume': (f) => ({
    reason: t`${f.server} boots from a volume and has no local disk; Nova refuses --block-migration on shared storage ("Block migration can not be used with shared storage.").`,
    fix: t`Leave out --block-migration: only memory needs to move.`,
  }),
  'volume-backed': (f) => ({ reason: t`${f.server} boots from a volume: only its memory moves.` }),
  'block-forced': (f) => ({
    reason: t`Block migration forced: ${f.diskGb} GB of local disk is copied before the memory. If its instances path is shared storage, Nova refuses.`,
    fix: t`Leave out --block-migration to let Nova decide (block_migration "auto").`,
  }),
  'local-disk': (f) => ({
    reason: t`${f.server} has ${f.diskGb} GB of local disk: with block_migration "auto" Nova copies it unless the instances path is shared (NFS/Ceph), so the move may take longer.`,
  }),
  'group-spread-lost': (f) => ({
    reason: t`${f.member} of soft-anti-affinity group "${f.group}" already runs on ${f.host}. Nova allows it but the group loses its spread.`,
    fix: t`Prefer another host.`,
  }),
  'group-refuses': (f) => ({
    reason: t`${f.member} of anti-affinity group "${f.group}" already runs on ${f.host}. Nova would refuse the move.`,
    fix: t`Choose a host where no member of the group runs.`,
  }),
  'affinity-group': (f) => ({
    reason: t`${f.server} is in affinity group "${f.group}": all its members must share one host, so it cannot move alone.`,
    fix: t`Move the whole group (e.g. with /evacuate), or take it out of the group.`,
  }),
  'groups-kept': (f) => ({
    reason: t`Moving does not break the policy of ${f.groups.map((g) => `"${g.name}" (${g.policy})`).join(t`, `)}.`,
  }),
};
