import type { CpuCheckFact } from '../core/model/checks.ts';
import type { CpuMismatch, CpuSet, SshHostCpu } from '../core/model/cpu.ts';
import { t } from '../i18n/index.ts';
import type { WordsFor } from './check-words.ts';

/** How the CPU facts read: why a host's CPU cannot take a guest, and the sets a plan's hosts form. */

/** At most six features named, then how many more. */
function featuresText(features: string[]): string {
  const shown = features.slice(0, 6).join(t`, `);
  return features.length > 6 ? t`${shown} and ${features.length - 6} more` : shown;
}

/** One mismatch, in one clause, each host named with what it has. */
export function cpuMismatchText(m: CpuMismatch): string {
  if (m.evidence === 'traits')
    return t`${m.target} lacks the CPU traits ${featuresText(m.missing)} of ${m.source} (Placement's HW_CPU_* traits: a weaker proof than virsh)`;
  if (m.virtType)
    return t`virt_type ${m.virtType.target} on ${m.target}, ${m.virtType.source} on ${m.source} (cpu_mode none needs the same)`;
  if (m.mode === 'host-passthrough') {
    if (m.model)
      return t`CPU differs: ${m.model.source} on ${m.source}, ${m.model.target ?? '?'} on ${m.target} (cpu_mode host-passthrough needs identical CPUs)`;
    if (!m.missing.length)
      return t`CPU differs: ${m.target} adds ${featuresText(m.extra ?? [])} (cpu_mode host-passthrough needs identical CPUs)`;
    return m.extra?.length
      ? t`CPU differs: ${m.target} lacks ${featuresText(m.missing)} and adds ${featuresText(m.extra)} (cpu_mode host-passthrough needs identical CPUs)`
      : t`CPU differs: ${m.target} lacks ${featuresText(m.missing)} (cpu_mode host-passthrough needs identical CPUs)`;
  }
  if (m.model)
    return m.missing.length
      ? t`${m.target} cannot run CPU model ${m.model.source} that guests of ${m.source} have (cpu_mode ${m.mode ?? '?'}): it lacks ${featuresText(m.missing)}`
      : t`${m.target} cannot run CPU model ${m.model.source} that guests of ${m.source} have (cpu_mode ${m.mode ?? '?'}; ${m.target} offers ${m.model.target ?? '?'})`;
  return t`${m.target}'s CPU lacks ${featuresText(m.missing)} that guests of ${m.source} have (cpu_mode ${m.mode ?? '?'})`;
}

/**
 * "compute1, compute2 (Cascadelake-Server) · compute3 (Broadwell-noTSX-IBRS)"; `quote` marks a value
 * read from a host (a chat message shows it as code).
 */
export function cpuSetsText(sets: CpuSet[], quote: (value: string) => string = (v) => v): string {
  return sets
    .map((set) => (set.model ? t`${set.hosts.join(t`, `)} (${quote(set.model)})` : set.hosts.join(t`, `)))
    .join(' · ');
}

/** "cpu_mode host-model (Nova's default) → Cascadelake-Server + 18 features; host CPU Cascadelake-Server (Intel), 19 listed features" */
export function hostCpuText(cpu: SshHostCpu, quote: (value: string) => string = (v) => v): string {
  const { config } = cpu;
  const mode = config.modeSet
    ? t`cpu_mode ${quote(config.mode)}`
    : t`cpu_mode ${quote(config.mode)} (Nova's default)`;
  const guest =
    config.mode === 'none'
      ? t`QEMU's default model (virt_type ${quote(config.virtType)})`
      : config.mode === 'custom'
        ? t`cpu_models ${config.models.map(quote).join(t`, `) || '?'}`
        : config.mode === 'host-model'
          ? cpu.hostModel
            ? t`${quote(cpu.hostModel.model)} + ${cpu.hostModel.features.length} features`
            : t`host-model not offered by libvirt here`
          : t`the host's own CPU`;
  const flags = config.extraFlags.length ? t`extra flags ${config.extraFlags.map(quote).join(t`, `)}` : null;
  const host = cpu.hostCpu
    ? cpu.hostCpu.vendor
      ? t`host CPU ${quote(cpu.hostCpu.model)} (${quote(cpu.hostCpu.vendor)}), ${cpu.hostCpu.features.length} listed features`
      : t`host CPU ${quote(cpu.hostCpu.model)}, ${cpu.hostCpu.features.length} listed features`
    : t`virsh capabilities could not be read`;
  return [t`${mode} → ${guest}`, flags, host].filter(Boolean).join(t`; `);
}

export const CPU_CHECK_WORDS: WordsFor<CpuCheckFact> = {
  'cpu-compatible': (f) => ({
    reason:
      f.evidence === 'traits'
        ? t`${f.destination} has every HW_CPU_* trait of ${f.source} (Placement's traits: a weaker proof than virsh, which /hostcheck reads where SSH is set up).`
        : f.mode === 'none'
          ? t`Guests of ${f.source} use QEMU's default CPU model (cpu_mode none), which ${f.destination} runs too.`
          : t`${f.destination} offers the CPU guests of ${f.source} have (cpu_mode ${f.mode ?? '?'}).`,
  }),
  'cpu-incompatible': (f) => ({
    reason: t`${cpuMismatchText(f.mismatch)}.`,
    fix: f.compatible.length
      ? t`Pick a host whose CPU can run it: ${f.compatible.join(t`, `)}; or use --cold (a cold migration boots it with the destination's CPU).`
      : t`No host in service can run its CPU live: use --cold (a cold migration boots it with the destination's CPU).`,
  }),
  'cpu-sets': (f) => ({
    reason:
      f.evidence === 'traits'
        ? t`By Placement's HW_CPU_* traits (a weaker proof than virsh), the hosts form ${f.sets.length} CPU-compatible sets: ${cpuSetsText(f.sets)}. A server moves live only where its CPU can run.`
        : t`The hosts form ${f.sets.length} CPU-compatible sets: ${cpuSetsText(f.sets)}. A server moves live only where its CPU can run.`,
  }),
};
