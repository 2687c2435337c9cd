import { t } from '../../i18n/index.ts';
import {
  fits,
  freeOf,
  type Hypervisor,
  type ProviderCapacity,
  type Server,
  type ServerGroup,
} from '../model/cloud.ts';

/**
 * Whether one host can take one server, and if not, every blocker by name: room by Placement's
 * arithmetic, the hypervisor a live migration needs, and anti-affinity. /migrate's candidates and the
 * evacuation preview both use it, so they give the same reason for the same host.
 */

export interface Need {
  MEMORY_MB: number;
  VCPU: number;
  DISK_GB: number;
}

export type BlockerKind = 'capacity' | 'hypervisor' | 'anti-affinity' | 'host-config';

export interface Blocker {
  kind: BlockerKind;
  text: string;
}

/** What the server claims from Placement; a volume-backed server claims no local disk. */
export function needOf(server: Server): Need {
  const disk = server.imageId
    ? server.flavor.diskGb + server.flavor.ephemeralGb + Math.ceil(server.flavor.swapMb / 1024)
    : 0;
  return { MEMORY_MB: server.flavor.ramMb, VCPU: server.flavor.vcpus, DISK_GB: disk };
}

/** libvirt reports QEMU 8.2.0 as 8002000; other drivers' numbers are shown as they are */
export function versionText(version: number): string {
  if (version < 1_000_000) return String(version);
  return `${Math.floor(version / 1_000_000)}.${Math.floor(version / 1000) % 1000}.${version % 1000}`;
}

/** The shortfall of each resource, e.g. "memory: needs 8192 MB, 1024 MB free"; empty when it fits. */
export function capacityShortfall(
  need: Need,
  capacity: ProviderCapacity | undefined,
  planned: Need = { MEMORY_MB: 0, VCPU: 0, DISK_GB: 0 },
): string[] {
  if (!capacity?.MEMORY_MB) return [t`Placement reports no memory inventory`];
  // each resource's words whole, so a translation names the resource too (operator trial: "memory" in Chinese)
  const resources = [
    ['MEMORY_MB', (amount: number, free: number) => t`memory: needs ${amount} MB, ${free} MB free`],
    ['VCPU', (amount: number, free: number) => t`vCPU: needs ${amount} vCPUs, ${free} vCPUs free`],
    ['DISK_GB', (amount: number, free: number) => t`disk: needs ${amount} GB, ${free} GB free`],
  ] as const;
  const lines: string[] = [];
  for (const [key, shortfall] of resources) {
    const resource = capacity[key];
    const amount = need[key];
    if (!resource || amount === 0) continue;
    const held = { ...resource, used: resource.used + planned[key] };
    if (!fits(held, amount)) lines.push(shortfall(amount, Math.max(0, freeOf(held))));
  }
  return lines;
}

/** Every reason `target` cannot take `server`; empty when it can. */
export function blockersOn(input: {
  server: Server;
  source: Hypervisor | undefined;
  target: Hypervisor;
  capacity: ProviderCapacity | undefined;
  /** what an evacuation preview has already placed there */
  planned?: Need;
  live: boolean;
  groups: ServerGroup[];
  /** server IDs on the target, with names where known */
  residents: Map<string, string>;
}): Blocker[] {
  const { server, source, target } = input;
  const found: Blocker[] = [];
  for (const text of capacityShortfall(needOf(server), input.capacity, input.planned))
    found.push({ kind: 'capacity', text });
  const hypervisor = input.live && source ? liveHypervisorBlocker(source, target) : null;
  if (hypervisor) found.push(hypervisor);
  for (const group of input.groups) {
    if (group.policy !== 'anti-affinity' || !group.members.includes(server.id)) continue;
    const member = group.members.find((id) => id !== server.id && input.residents.has(id));
    if (member)
      found.push({
        kind: 'anti-affinity',
        text: t`${input.residents.get(member) || member} of anti-affinity group "${group.name}" runs there`,
      });
  }
  return found;
}

/** Why a live migration from `source` onto `target` is refused by their hypervisors, as Nova/libvirt refuse it. */
export function liveHypervisorBlocker(source: Hypervisor, target: Hypervisor): Blocker | null {
  // each version named with its own host: the line may sit under another host's name (a move back's)
  if (target.type !== source.type)
    return {
      kind: 'hypervisor',
      text: t`${target.type} on ${target.serviceHost}, ${source.type} on ${source.serviceHost} (live migration needs the same type)`,
    };
  if (target.version < source.version)
    return {
      kind: 'hypervisor',
      text: t`${target.type} ${versionText(target.version)} on ${target.serviceHost} is older than ${source.type} ${versionText(source.version)} on ${source.serviceHost} (live migration needs one not older)`,
    };
  return null;
}

/** Hosts other than `except` that no move can go to, as "compute4: disabled" / "compute2: down". */
export function outOfService(hypervisors: Hypervisor[], except: string | null): string[] {
  return hypervisors
    .filter((h) => h.serviceHost !== except && (h.status !== 'enabled' || h.state !== 'up'))
    .map((h) => t`${h.serviceHost}: ${h.status === 'enabled' ? t`down` : t`disabled`}`);
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
  if (kinds.has('host-config')) fixes.push(t`fix the host configuration /hostcheck names`);
  const text = fixes.join(t`; `) || t`enable a host`;
  return t`${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
