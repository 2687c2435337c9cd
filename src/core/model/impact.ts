/**
 * What a move will do to a server, as data (#28): its impact class and every reason for it, each with
 * the Nova rule behind it and whether this cloud meets that rule's version condition. The core's
 * move/impact.ts classifies; src/messages/impact.ts words it.
 */

/**
 * From harmless to impossible:
 * - `live`: moves live, keeps running;
 * - `live-network-blip`: moves live, a port is detached and re-attached (brief network loss);
 * - `live-if-new-enough`: moves live only where the hosts are new enough (Ferry checked what the API
 *   shows: the cloud's release, the hosts' QEMU; not each nova-compute's own version or libvirt's);
 * - `cold-only`: cannot move live; a cold migration stops it, only when the approved plan says so;
 * - `cannot-move`: cannot move at all (as asked: a local disk larger than `--max-copy`).
 */
export type ImpactClass = 'live' | 'live-network-blip' | 'live-if-new-enough' | 'cold-only' | 'cannot-move';

/** Worst last: a server's class is its worst reason's effect. */
export const IMPACT_CLASSES: readonly ImpactClass[] = [
  'live',
  'live-network-blip',
  'live-if-new-enough',
  'cold-only',
  'cannot-move',
];

/** A Nova release a rule needs, known by the newest compute microversion that release speaks. */
export type NovaRelease = 'train' | 'caracal' | 'gazpacho';

/** The release a rule needs and whether this cloud's API is at least that new (null: not known). */
export interface ReleaseCheck {
  needs: NovaRelease;
  /** the newest microversion the cloud's Nova speaks; null: not known */
  cloud: string | null;
  met: boolean | null;
}

/** A compute host and its QEMU version as Nova reports it (`hypervisor_version`, e.g. 8002000). */
export interface HostVersion {
  host: string;
  version: number;
}

/** One thing about the server that shapes its move. */
export type ImpactFact =
  /** an SR-IOV port: `direct` is detached and re-attached, `macvtap` moves with it (Nova ≥ Train) */
  | { code: 'sriov-port'; port: string; vnicType: 'direct' | 'macvtap'; release: ReleaseCheck }
  /** a whole physical function passed to the guest: cannot move live */
  | { code: 'direct-physical-port'; port: string }
  /** a port whose vnic type Ferry has no rule for */
  | { code: 'unknown-vnic-type'; port: string; vnicType: string }
  /** a PCI device by flavor alias (`pci_passthrough:alias`) */
  | { code: 'pci-passthrough'; alias: string }
  /** a vGPU (`resources:VGPU`): Nova ≥ Caracal, QEMU ≥ 8.1 and libvirt ≥ 8.6 on both ends */
  | { code: 'vgpu'; amount: string; release: ReleaseCheck; oldQemu: HostVersion[]; oldQemuCount: number }
  /**
   * an emulated TPM (`hw:tpm_version`/`hw:tpm_model`): live only in `host` secret mode, Nova ≥
   * Gazpacho. `fromImage`: these four say so by the image's property (`hw_tpm_version` …), not the flavor
   */
  | { code: 'vtpm'; secretSecurity: string | null; release: ReleaseCheck; fromImage?: true }
  /** pinned CPUs (`hw:cpu_policy` dedicated or mixed): NUMA-aware live migration, Nova ≥ Train */
  | { code: 'cpu-pinning'; policy: string; release: ReleaseCheck; fromImage?: true }
  /** huge pages (`hw:mem_page_size`) */
  | { code: 'hugepages'; pageSize: string; release: ReleaseCheck; fromImage?: true }
  /** a guest NUMA topology (`hw:numa_nodes`) */
  | { code: 'numa'; nodes: string; release: ReleaseCheck; fromImage?: true }
  /** its image's properties could not be read: no image service in the catalog, or Glance did not answer */
  | { code: 'image-properties-unknown'; why: 'no-image-service' | 'unreadable' }
  /** its local disks (root unless volume-backed, ephemeral, swap) exceed `--max-copy` */
  | { code: 'local-disk-over-max-copy'; diskGb: number; maxCopyGb: number }
  /** its ports could not be read: no network service in the catalog, or Neutron did not answer */
  | { code: 'ports-unknown'; why: 'no-network-service' | 'unreadable' }
  /** the server's answer carried no extra specs */
  | { code: 'extra-specs-unknown' };

/** A fact about the server with the class it leads to (`effect`). */
export type ImpactReason = ImpactFact & { effect: ImpactClass };

export type ImpactCode = ImpactReason['code'];

export interface Impact {
  class: ImpactClass;
  reasons: ImpactReason[];
}

/** /migrate's impact check (CheckId 'impact'), worded by src/messages/impact.ts. */
export type ImpactCheckFact = {
  code: 'move-impact';
  server: string;
  impact: Impact;
  mode: 'live' | 'block' | 'cold';
  /** the server's status as Nova gave it (SHUTOFF: a cold move does not stop it); absent in older records */
  status?: string;
};
