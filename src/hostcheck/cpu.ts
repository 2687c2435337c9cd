import type { CpuConfig, CpuMode, CpuModelFacts, SshHostCpu } from '../core/model/cpu.ts';
import type { Ini } from './config-files.ts';
import { REMOTE, type RemoteShell } from './remote.ts';
import { child, childrenNamed, parseXml } from './xml.ts';

/**
 * A host's CPU as Ferry reads it over SSH: nova.conf's [libvirt] cpu_mode, cpu_models (or the legacy
 * cpu_model), cpu_model_extra_flags and virt_type; `virsh capabilities` (the host's CPU) and
 * `virsh domcapabilities` (the CPU a host-model guest gets, the custom models usable here). The XML
 * is parsed here; src/core/move/cpu.ts judges it.
 */

const MODES: CpuMode[] = ['none', 'host-model', 'host-passthrough', 'custom'];

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** [libvirt]'s CPU settings, with Nova's defaults (host-model for kvm and qemu, else none). */
export function cpuConfig(nova: Ini): CpuConfig {
  const libvirt = nova.libvirt ?? {};
  const virtType = (libvirt.virt_type ?? 'kvm').trim().toLowerCase();
  const written = libvirt.cpu_mode?.trim().toLowerCase();
  const modeSet = written !== undefined && MODES.includes(written as CpuMode);
  const mode: CpuMode = modeSet
    ? (written as CpuMode)
    : virtType === 'kvm' || virtType === 'qemu'
      ? 'host-model'
      : 'none';
  return {
    mode,
    modeSet,
    virtType,
    models: list(libvirt.cpu_models ?? libvirt.cpu_model),
    extraFlags: list(libvirt.cpu_model_extra_flags).map((flag) => flag.toLowerCase()),
  };
}

/** `virsh capabilities`: the host's CPU model, vendor and listed features; null when there is none. */
export function parseCapabilities(xml: string): CpuModelFacts | null {
  const cpu = child(parseXml(xml), 'host', 'cpu');
  const model = child(cpu, 'model')?.text.trim();
  if (!cpu || !model) return null;
  return {
    model,
    vendor: child(cpu, 'vendor')?.text.trim() || null,
    features: childrenNamed(cpu, 'feature').flatMap((f) => (f.attrs.name ? [f.attrs.name] : [])),
    disabled: [],
  };
}

export interface DomainCpu {
  hostModel: CpuModelFacts | null;
  usable: string[];
  blockers: Record<string, string[]>;
}

/** `virsh domcapabilities`: host-model's CPU (when supported), the custom models usable, and what blocks the others. */
export function parseDomCapabilities(xml: string): DomainCpu | null {
  const cpu = child(parseXml(xml), 'cpu');
  if (!cpu) return null;
  const modes = childrenNamed(cpu, 'mode');
  const hostModelMode = modes.find((m) => m.attrs.name === 'host-model' && m.attrs.supported === 'yes');
  const modelName = child(hostModelMode, 'model')?.text.trim();
  const features = (policy: (p: string | undefined) => boolean) =>
    childrenNamed(hostModelMode, 'feature').flatMap((f) =>
      f.attrs.name && policy(f.attrs.policy) ? [f.attrs.name] : [],
    );
  const custom = modes.find((m) => m.attrs.name === 'custom' && m.attrs.supported === 'yes');
  const blockers: Record<string, string[]> = {};
  for (const blocked of childrenNamed(custom, 'blockers'))
    if (blocked.attrs.model)
      blockers[blocked.attrs.model] = childrenNamed(blocked, 'feature').flatMap((f) =>
        f.attrs.name ? [f.attrs.name] : [],
      );
  return {
    hostModel: modelName
      ? {
          model: modelName,
          vendor: child(hostModelMode, 'vendor')?.text.trim() || null,
          features: features((p) => p === undefined || p === 'require' || p === 'force'),
          disabled: features((p) => p === 'disable' || p === 'forbid'),
        }
      : null,
    usable: childrenNamed(custom, 'model')
      .filter((m) => m.attrs.usable === 'yes')
      .map((m) => m.text.trim()),
    blockers,
  };
}

/** One host's CPU facts from the three answers (null where a command failed). */
export function hostCpuOf(
  host: string,
  nova: Ini,
  capabilities: string | null,
  domCapabilities: string | null,
): SshHostCpu {
  const domain = domCapabilities === null ? null : parseDomCapabilities(domCapabilities);
  return {
    evidence: 'ssh',
    host,
    config: cpuConfig(nova),
    hostCpu: capabilities === null ? null : parseCapabilities(capabilities),
    hostModel: domain?.hostModel ?? null,
    usable: domain ? domain.usable : null,
    blockers: domain?.blockers ?? {},
  };
}

/** The two virsh answers (null where one failed) and nova.conf's [libvirt]. */
export async function readHostCpu(shell: RemoteShell, host: string, nova: Ini): Promise<SshHostCpu> {
  const virtType = cpuConfig(nova).virtType;
  const [capabilities, domCapabilities] = [
    await shell.run(host, REMOTE.capabilities()),
    await shell.run(host, REMOTE.domCapabilities(virtType)),
  ];
  return hostCpuOf(
    host,
    nova,
    capabilities.code === 0 ? capabilities.stdout : null,
    domCapabilities.code === 0 ? domCapabilities.stdout : null,
  );
}
