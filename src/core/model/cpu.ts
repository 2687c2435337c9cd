/**
 * What Ferry knows of a compute host's CPU, as facts: what its nova.conf and `virsh` say (read over
 * SSH by src/hostcheck), or, where SSH is not set up, the `HW_CPU_*` traits Placement lists for it.
 * src/core/move/cpu.ts judges them; src/messages/cpu.ts words them.
 */

/** [libvirt] cpu_mode as Nova reads it (its default for kvm and qemu is host-model). */
export type CpuMode = 'none' | 'host-model' | 'host-passthrough' | 'custom';

/** The [libvirt] settings of a host's nova.conf that decide the CPU its guests are given. */
export interface CpuConfig {
  mode: CpuMode;
  /** cpu_mode was written in nova.conf (false: Nova's default for the virt_type) */
  modeSet: boolean;
  /** [libvirt] virt_type (default kvm) */
  virtType: string;
  /** [libvirt] cpu_models, or the legacy cpu_model */
  models: string[];
  /** [libvirt] cpu_model_extra_flags, lower case; a leading +/- kept as written */
  extraFlags: string[];
}

/** A CPU model with the features libvirt lists beside it (those its name does not already imply). */
export interface CpuModelFacts {
  model: string;
  vendor: string | null;
  /** features present (capabilities) or required (domcapabilities host-model) */
  features: string[];
  /** features the model would have but this host lacks (domcapabilities host-model, policy "disable") */
  disabled: string[];
}

/** One host's CPU as read over SSH. */
export interface SshHostCpu {
  evidence: 'ssh';
  host: string;
  config: CpuConfig;
  /** `virsh capabilities`: the host's own CPU; null when it could not be read */
  hostCpu: CpuModelFacts | null;
  /** `virsh domcapabilities`: the CPU a host-model guest gets here; null when not offered or not read */
  hostModel: CpuModelFacts | null;
  /** `virsh domcapabilities`: the custom models usable here; null when not read */
  usable: string[] | null;
  /** libvirt (10.x+) names what blocks an unusable model: model → missing features */
  blockers: Record<string, string[]>;
}

/** One host's CPU as Placement lists it: its `HW_CPU_*` traits only (a weaker proof than virsh). */
export interface TraitsHostCpu {
  evidence: 'traits';
  host: string;
  traits: string[];
}

export type HostCpu = SshHostCpu | TraitsHostCpu;

/** Why a guest running on `source` cannot be moved live onto `target`, as data. */
export interface CpuMismatch {
  source: string;
  target: string;
  evidence: 'ssh' | 'traits';
  /** the source's cpu_mode (the guest's CPU was defined there); null when only traits were read */
  mode: CpuMode | null;
  /**
   * what differs: the guest's model not usable on the target (host-model, custom), the host models
   * differ (host-passthrough), or the virt_type differs (none)
   */
  model?: { source: string; target: string | null };
  virtType?: { source: string; target: string };
  /** features (or HW_CPU_* traits) of the source the target does not offer */
  missing: string[];
  /** host-passthrough: features the target has that the source lacks (it must be identical) */
  extra?: string[];
}

/** Hosts between which a server can move live both ways, by their CPUs. */
export interface CpuSet {
  hosts: string[];
  /** the model that names the set (host-model's, the host's, or the configured one); null: traits only */
  model: string | null;
  mode: CpuMode | null;
}
