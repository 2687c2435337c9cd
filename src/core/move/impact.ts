import type { Hypervisor, Port, Server } from '../model/cloud.ts';
import {
  type HostVersion,
  IMPACT_CLASSES,
  type Impact,
  type ImpactClass,
  type ImpactReason,
  type NovaRelease,
  type ReleaseCheck,
} from '../model/impact.ts';
import type { CloudApi } from '../ports/cloud.ts';

/**
 * What a move will do to each server (#28), from its flavor's extra specs, its Neutron ports and its
 * local disk, checked against what the API shows of the cloud's versions. Pure: the plans read the
 * facts once for all their servers (readImpactFacts) and classify each.
 */

/**
 * The newest compute microversion of each release a rule needs (Nova's
 * api-ref "Maximum in …", doc/source/reference/api-microversion-history.rst): a cloud speaking it is
 * at least that release.
 */
export const RELEASE_MICROVERSION: Record<NovaRelease, string> = {
  train: '2.79',
  caracal: '2.96',
  gazpacho: '2.103',
};

/**
 * vGPU (mdev) live migration needs QEMU ≥ 8.1.0 and libvirt ≥ 8.6.0 on source and destination
 * (nova/virt/libvirt/driver.py MIN_MDEV_LIVEMIG_QEMU_VERSION / _LIBVIRT_VERSION, Nova 29 Caracal,
 * releasenotes bp-libvirt-mdev-live-migrate). Nova's `hypervisor_version` is QEMU's
 * (libvirt's getVersion(), nova/virt/libvirt/host.py get_version), so QEMU is checked; libvirt is not
 * shown by the API.
 */
export const MIN_VGPU_QEMU = 8_001_000;

/** What the classification reads once per plan, whatever its number of servers. */
export interface ImpactFacts {
  /** the newest microversion the cloud's Nova speaks; null: not known */
  cloudMicroversion: string | null;
  /** ports by server ID; null: the catalog lists no network service */
  ports: Map<string, Port[]> | null;
  /** Neutron did not answer */
  portsUnreadable?: boolean;
  /** `hw_*` properties by image ID; null: the catalog lists no image service */
  images?: Map<string, Record<string, string>> | null;
  /** Glance did not answer */
  imagesUnreadable?: boolean;
  /** QEMU version by compute service host */
  qemu: Map<string, number>;
  /** `--max-copy`: the most local disk (GB) the operator lets a move copy */
  maxCopyGb?: number;
}

/** Reads what classifying these servers needs: their ports (in bulk) and the cloud's release. */
export async function readImpactFacts(
  cloud: CloudApi,
  servers: Server[],
  hypervisors: Hypervisor[],
  maxCopyGb?: number,
): Promise<ImpactFacts> {
  const imageIds = [...new Set(servers.flatMap((server) => server.imageId ?? []))];
  const [ports, cloudMicroversion, images] = await Promise.all([
    servers.length
      ? cloud.portsOf(servers.map((server) => server.id)).then(
          (answer) => ({ answer, unreadable: false }),
          () => ({ answer: new Map<string, Port[]>(), unreadable: true }),
        )
      : Promise.resolve({ answer: new Map<string, Port[]>(), unreadable: false }),
    cloud.cloudMaxMicroversion().catch(() => null),
    imageIds.length
      ? cloud.imageProperties(imageIds).then(
          (answer) => ({ answer, unreadable: false }),
          () => ({ answer: new Map<string, Record<string, string>>(), unreadable: true }),
        )
      : Promise.resolve({ answer: new Map<string, Record<string, string>>(), unreadable: false }),
  ]);
  return {
    cloudMicroversion,
    ports: ports.answer,
    ...(ports.unreadable ? { portsUnreadable: true } : {}),
    images: images.answer,
    ...(images.unreadable ? { imagesUnreadable: true } : {}),
    qemu: new Map(hypervisors.map((h) => [h.serviceHost, h.version])),
    ...(maxCopyGb !== undefined ? { maxCopyGb } : {}),
  };
}

function newer(a: string, b: string): boolean {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm > 0 || (am === bm && an >= bn);
}

function releaseCheck(needs: NovaRelease, cloud: string | null): ReleaseCheck {
  return { needs, cloud, met: cloud === null ? null : newer(cloud, RELEASE_MICROVERSION[needs]) };
}

/** met: live if every compute is as new (not visible to Ferry); not met: cold; unknown: as met. */
function byRelease(release: ReleaseCheck, whenMet: ImpactClass): ImpactClass {
  return release.met === false ? 'cold-only' : whenMet;
}

/** The GB a move of this server copies when its disks are local: root (unless from a volume), ephemeral, swap. */
export function localDiskGb(server: Server): number {
  return (
    (server.imageId ? server.flavor.diskGb : 0) +
    server.flavor.ephemeralGb +
    Math.ceil(server.flavor.swapMb / 1024)
  );
}

/**
 * The server's impact class for a move from its host to any of `destinations` (every candidate when
 * the move's destination is not chosen yet; empty: none known, only the source is checked).
 */
export function impactOf(server: Server, facts: ImpactFacts, destinations: string[] = []): Impact {
  const reasons: ImpactReason[] = [];
  const specs = server.flavor.extraSpecs;
  const cloud = facts.cloudMicroversion;
  // Nova reads these from the flavor or the image (nova/virt/hardware.py _get_unique_flavor_image_meta:
  // `hw:x` in the flavor, `hw_x` in the image); images unknown to Ferry are said so below
  const image = server.imageId ? facts.images?.get(server.imageId) : undefined;
  const hw = (key: string): { value: string; fromImage?: true } | null => {
    const inFlavor = specs?.[`hw:${key}`];
    if (inFlavor) return { value: inFlavor };
    const inImage = image?.[`hw_${key}`];
    return inImage ? { value: inImage, fromImage: true } : null;
  };
  if (specs === null) reasons.push({ code: 'extra-specs-unknown', effect: 'live' });
  else {
    // Flavor-alias PCI devices: the conductor refuses live migration unless the alias is explicitly
    // live_migratable (nova/conductor/tasks/live_migrate.py _check_can_migrate_pci; that flag, Nova
    // 31 Epoxy, lives in nova.conf, not in the API); cold migration claims a device on the destination.
    const alias = specs['pci_passthrough:alias'];
    if (alias) reasons.push({ code: 'pci-passthrough', alias, effect: 'cold-only' });
    // vGPU: Caracal + QEMU/libvirt minimums on both ends (see MIN_VGPU_QEMU).
    const vgpu = specs['resources:VGPU'];
    if (vgpu && Number(vgpu) > 0) {
      const release = releaseCheck('caracal', cloud);
      const versionOf = (host: string): HostVersion => ({ host, version: facts.qemu.get(host) ?? 0 });
      const source = server.host ? versionOf(server.host) : null;
      const old = destinations.map(versionOf).filter((h) => h.version < MIN_VGPU_QEMU);
      const sourceOld = source !== null && source.version < MIN_VGPU_QEMU;
      const allOld = destinations.length > 0 && old.length === destinations.length;
      const oldHosts = [...(sourceOld && source ? [source] : []), ...old];
      reasons.push({
        code: 'vgpu',
        amount: vgpu,
        release,
        oldQemu: oldHosts.slice(0, 3),
        oldQemuCount: oldHosts.length,
        effect: sourceOld || allOld ? 'cold-only' : byRelease(release, 'live-if-new-enough'),
      });
    }
  }
  {
    // vTPM: the API refuses live migration unless hw:tpm_secret_security=host (nova/compute/api.py
    // reject_legacy_vtpm_live_migration, Nova 33 Gazpacho, releasenotes vtpm-live-migration);
    // cold migration and resize keep the TPM since Victoria (doc/source/admin/emulated-tpm.rst).
    const tpm = hw('tpm_version') ?? hw('tpm_model');
    if (tpm) {
      const secretSecurity = specs?.['hw:tpm_secret_security'] ?? null;
      const release = releaseCheck('gazpacho', cloud);
      reasons.push({
        code: 'vtpm',
        secretSecurity,
        release,
        ...(tpm.fromImage ? { fromImage: true as const } : {}),
        effect: secretSecurity === 'host' ? byRelease(release, 'live-if-new-enough') : 'cold-only',
      });
    }
    // NUMA, pinned CPUs, huge pages: NUMA-aware live migration since Train (Nova 20); before, the
    // conductor refuses unless [workarounds]enable_numa_live_migration (nova/conductor/tasks/
    // live_migrate.py _check_instance_has_no_numa; train cycle highlights).
    const policy = hw('cpu_policy');
    if (policy?.value === 'dedicated' || policy?.value === 'mixed') {
      const release = releaseCheck('train', cloud);
      reasons.push({
        code: 'cpu-pinning',
        policy: policy.value,
        release,
        ...(policy.fromImage ? { fromImage: true as const } : {}),
        effect: byRelease(release, 'live-if-new-enough'),
      });
    }
    const pageSize = hw('mem_page_size');
    if (pageSize && pageSize.value !== 'small') {
      const release = releaseCheck('train', cloud);
      reasons.push({
        code: 'hugepages',
        pageSize: pageSize.value,
        release,
        ...(pageSize.fromImage ? { fromImage: true as const } : {}),
        effect: byRelease(release, 'live-if-new-enough'),
      });
    }
    const nodes = hw('numa_nodes');
    if (nodes) {
      const release = releaseCheck('train', cloud);
      reasons.push({
        code: 'numa',
        nodes: nodes.value,
        release,
        ...(nodes.fromImage ? { fromImage: true as const } : {}),
        effect: byRelease(release, 'live-if-new-enough'),
      });
    }
  }
  if (server.imageId && (facts.images === null || facts.imagesUnreadable))
    reasons.push({
      code: 'image-properties-unknown',
      why: facts.images === null ? 'no-image-service' : 'unreadable',
      effect: 'live',
    });
  // Ports: SR-IOV live migration since Train (releasenotes sriov-live-migration): direct-mode ports
  // are detached before and re-attached after (driver.py _detach_direct_passthrough_vifs), so the
  // guest loses network unless it bonds; macvtap (indirect) moves transparently.
  if (facts.ports === null)
    reasons.push({ code: 'ports-unknown', why: 'no-network-service', effect: 'live' });
  else if (facts.portsUnreadable) reasons.push({ code: 'ports-unknown', why: 'unreadable', effect: 'live' });
  else {
    for (const port of facts.ports.get(server.id) ?? []) {
      const label = port.name || port.id;
      const vnic = port.vnicType;
      if (vnic === null || vnic === 'normal' || vnic === 'baremetal' || vnic === 'virtio-forwarder') continue;
      if (vnic === 'direct' || vnic === 'macvtap') {
        const release = releaseCheck('train', cloud);
        reasons.push({
          code: 'sriov-port',
          port: label,
          vnicType: vnic,
          release,
          effect: byRelease(release, vnic === 'direct' ? 'live-network-blip' : 'live'),
        });
      } else if (vnic === 'direct-physical')
        // the whole PF is the guest's; its MAC comes from the device (nova/network/neutron.py), so the
        // guest sees another NIC on the destination: moved cold only
        reasons.push({ code: 'direct-physical-port', port: label, effect: 'cold-only' });
      else
        reasons.push({
          code: 'unknown-vnic-type',
          port: label,
          vnicType: vnic,
          effect: 'live-if-new-enough',
        });
    }
  }
  // --max-copy: both a block live migration and a cold migration copy local disks.
  const diskGb = localDiskGb(server);
  if (facts.maxCopyGb !== undefined && diskGb > facts.maxCopyGb)
    reasons.push({
      code: 'local-disk-over-max-copy',
      diskGb,
      maxCopyGb: facts.maxCopyGb,
      effect: 'cannot-move',
    });
  return { class: worst(reasons.map((reason) => reason.effect)), reasons };
}

export function worst(classes: ImpactClass[]): ImpactClass {
  return classes.reduce<ImpactClass>(
    (a, b) => (IMPACT_CLASSES.indexOf(b) > IMPACT_CLASSES.indexOf(a) ? b : a),
    'live',
  );
}

/** A live attempt for this server would fail or is not allowed: cold (shown as stopped) or not at all. */
export function notLive(impact: Impact | undefined): boolean {
  return impact?.class === 'cold-only' || impact?.class === 'cannot-move';
}

/** How many servers of each class, every class named (0 included). */
export function countByClass(impacts: (Impact | undefined)[]): Record<ImpactClass, number> {
  const counts = Object.fromEntries(IMPACT_CLASSES.map((c) => [c, 0])) as Record<ImpactClass, number>;
  for (const impact of impacts) counts[impact?.class ?? 'live'] += 1;
  return counts;
}
