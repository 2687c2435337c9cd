import type { Blocker, BlockerKind, OutOfService, Shortfall } from '../core/move/fit.ts';
import { t } from '../i18n/index.ts';
import { cpuMismatchText } from './cpu.ts';
import { hostFindingsWords } from './shared-checks.ts';

/** How the core's placement facts read: why a host cannot take a server, and what to do about it. */

/** libvirt reports QEMU 8.2.0 as 8002000; other drivers' numbers are shown as they are */
export function versionText(version: number): string {
  if (version < 1_000_000) return String(version);
  return `${Math.floor(version / 1_000_000)}.${Math.floor(version / 1000) % 1000}.${version % 1000}`;
}

/** "memory: needs 8192 MB, 1024 MB free": each resource's words whole, so a translation names it too. */
export function shortfallText(shortfall: Shortfall): string {
  switch (shortfall.resource) {
    case 'no-inventory':
      return t`Placement reports no memory inventory`;
    case 'no-candidate':
      return t`no room for its flavor (Placement has no allocation candidate there)`;
    case 'MEMORY_MB':
      return t`memory: needs ${shortfall.need} MB, ${shortfall.free} MB free`;
    case 'VCPU':
      return t`vCPU: needs ${shortfall.need} vCPUs, ${shortfall.free} vCPUs free`;
    case 'DISK_GB':
      return t`disk: needs ${shortfall.need} GB, ${shortfall.free} GB free`;
  }
}

export function blockerText(blocker: Blocker): string {
  switch (blocker.kind) {
    case 'capacity':
      return shortfallText(blocker);
    case 'anti-affinity':
      return blocker.leftAgoMs === undefined
        ? t`${blocker.member} of anti-affinity group "${blocker.group}" runs there`
        : t`${blocker.member} of anti-affinity group "${blocker.group}" left it ${Math.round(blocker.leftAgoMs / 1000)} s ago: Nova's scheduler counts it there for up to 2 minutes`;
    case 'host-config':
      return t`host check: ${hostFindingsWords(blocker.finding).reason}`;
    case 'cpu':
      return cpuMismatchText(blocker);
    case 'zone':
      return blocker.pinned
        ? t`in availability zone ${blocker.targetZone}: it was created in ${blocker.zone}, and Nova keeps its moves there`
        : t`in availability zone ${blocker.targetZone}, it runs in ${blocker.zone}: kept there, as Nova would keep it had it been created there (this cloud's Nova does not say before microversion 2.96)`;
    case 'hypervisor': {
      // each version named with its own host: the line may sit under another host's name (a move back's)
      const { target, source } = blocker;
      return blocker.why === 'type'
        ? t`${target.type} on ${target.host}, ${source.type} on ${source.host} (live migration needs the same type)`
        : t`${target.type} ${versionText(target.version)} on ${target.host} is older than ${source.type} ${versionText(source.version)} on ${source.host} (live migration needs one not older)`;
    }
  }
}

/** Every blocker of one host, in one line. */
export function blockersText(blockers: readonly Blocker[]): string {
  return blockers.map(blockerText).join(t`; `);
}

/** "compute4: disabled" / "compute2: down" */
export function outOfServiceText({ host, why }: OutOfService): string {
  return t`${host}: ${why === 'down' ? t`down` : t`disabled`}`;
}

/** The fix that matches what blocks every candidate. */
export function fixForBlockers(kinds: Set<BlockerKind>, live: boolean): string {
  const fixes: string[] = [];
  if (kinds.has('anti-affinity'))
    fixes.push(
      t`its anti-affinity group allows one member per host: enable or add a host where no member runs`,
    );
  if (kinds.has('hypervisor'))
    fixes.push(
      live
        ? t`use --cold (a cold migration boots it afresh on any hypervisor), or upgrade a host`
        : t`upgrade a host`,
    );
  if (kinds.has('capacity')) fixes.push(t`free room on a host, or enable one`);
  if (kinds.has('zone')) fixes.push(t`free room on a host of its availability zone, or enable one there`);
  if (kinds.has('cpu'))
    fixes.push(
      live
        ? t`use --cold (a cold migration boots it with the destination's CPU), or pick a host of its CPU set (/hostcheck shows the sets)`
        : t`pick a host of its CPU set (/hostcheck shows the sets)`,
    );
  if (kinds.has('host-config')) fixes.push(t`fix the host configuration /hostcheck names`);
  const text = fixes.join(t`; `) || t`enable a host`;
  return t`${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
