import type { CpuMismatch, CpuModelFacts, CpuSet, HostCpu, SshHostCpu, TraitsHostCpu } from '../model/cpu.ts';

/**
 * Whether a guest running on one host can be moved live onto another, by their CPUs. The guest's CPU
 * was defined by its source's nova.conf, so the source's cpu_mode decides the rule:
 * - host-passthrough: the guest sees the source's very CPU, so the target's must be identical (same
 *   model, vendor and features);
 * - host-model, custom: the target must offer the guest's model (libvirt lists it usable there) and
 *   every feature added to it (host-model's required features, cpu_model_extra_flags);
 * - none: QEMU's default model, the same on every host of one virt_type (both qemu: emulated anyway).
 * Where only Placement's traits are known, the target must have every HW_CPU_* trait of the source: a
 * weaker proof (traits name some features, never the model or the mode).
 * Pure: it judges facts read elsewhere.
 */

const HW_CPU = /^HW_CPU_/;

/** cpu_model_extra_flags: "+pcid" and "pcid" add a feature, "-mpx" removes one. */
function flagsWanted(flags: string[]): string[] {
  return flags.filter((flag) => !flag.startsWith('-')).map((flag) => flag.replace(/^\+/, ''));
}

/** Every feature a host's CPU offers, as libvirt lists them (beside its model name). */
function offered(cpu: SshHostCpu): Set<string> {
  const disabled = new Set(cpu.hostModel?.disabled ?? []);
  return new Set(
    [...(cpu.hostModel?.features ?? []), ...(cpu.hostCpu?.features ?? [])].filter((f) => !disabled.has(f)),
  );
}

/** The CPU a guest defined on `source` has: a model and the features added to it; null when unknown. */
export function guestCpu(source: SshHostCpu): { model: string; features: string[] } | null {
  const extra = flagsWanted(source.config.extraFlags);
  switch (source.config.mode) {
    case 'host-model': {
      const model = source.hostModel?.model ?? source.hostCpu?.model;
      if (!model) return null;
      return { model, features: [...new Set([...(source.hostModel?.features ?? []), ...extra])] };
    }
    case 'custom': {
      const model = source.config.models[0];
      return model ? { model, features: extra } : null;
    }
    case 'host-passthrough':
      return source.hostCpu ? { model: source.hostCpu.model, features: source.hostCpu.features } : null;
    case 'none':
      return null;
  }
}

function usableOn(target: SshHostCpu, model: string): boolean | null {
  if (target.hostModel?.model === model || target.hostCpu?.model === model) return true;
  if (target.usable === null) return null;
  return target.usable.includes(model);
}

function bySsh(source: SshHostCpu, target: SshHostCpu): CpuMismatch | null {
  const base = {
    source: source.host,
    target: target.host,
    evidence: 'ssh' as const,
    mode: source.config.mode,
  };
  const { mode } = source.config;
  if (mode === 'none') {
    if (source.config.virtType === target.config.virtType) return null;
    return {
      ...base,
      virtType: { source: source.config.virtType, target: target.config.virtType },
      missing: [],
    };
  }
  if (mode === 'host-passthrough') {
    const a = source.hostCpu;
    const b = target.hostCpu;
    if (!a || !b) return null;
    const has = new Set(b.features);
    const had = new Set(a.features);
    const missing = a.features.filter((f) => !has.has(f));
    const extra = b.features.filter((f) => !had.has(f));
    if (a.model === b.model && a.vendor === b.vendor && missing.length === 0 && extra.length === 0)
      return null;
    return {
      ...base,
      ...(a.model !== b.model || a.vendor !== b.vendor
        ? { model: { source: a.model, target: b.model } }
        : {}),
      missing,
      ...(extra.length ? { extra } : {}),
    };
  }
  const guest = guestCpu(source);
  if (!guest) return null;
  const usable = usableOn(target, guest.model);
  if (usable === null) return null;
  const reference: CpuModelFacts | null = target.hostModel ?? target.hostCpu;
  if (!usable)
    return {
      ...base,
      model: { source: guest.model, target: reference?.model ?? null },
      missing: target.blockers[guest.model] ?? [],
    };
  // libvirt lists only the features a model's name does not imply: a feature is missing when the
  // target names it as one it lacks, or when both are of the guest's model and the source lists it
  // beyond the model while the target does not (a feature neither lists comes with the model)
  const has = offered(target);
  const listed = offered(source);
  const lacks = new Set(target.hostModel?.disabled ?? []);
  const sameModel = reference?.model === guest.model;
  const missing = guest.features.filter((f) => lacks.has(f) || (sameModel && listed.has(f) && !has.has(f)));
  return missing.length ? { ...base, missing } : null;
}

function byTraits(source: TraitsHostCpu, target: TraitsHostCpu): CpuMismatch | null {
  const has = new Set(target.traits);
  const missing = source.traits.filter((trait) => HW_CPU.test(trait) && !has.has(trait));
  return missing.length
    ? { source: source.host, target: target.host, evidence: 'traits', mode: null, missing }
    : null;
}

/** Why a guest on `source` cannot move live onto `target` by their CPUs; null when it can or no one can tell. */
export function cpuMismatch(source: HostCpu, target: HostCpu): CpuMismatch | null {
  if (source.host === target.host) return null;
  if (source.evidence === 'ssh' && target.evidence === 'ssh') return bySsh(source, target);
  if (source.evidence === 'traits' && target.evidence === 'traits') return byTraits(source, target);
  return null;
}

/** The name a set goes by: the model its first host gives its guests. */
function modelOf(cpu: HostCpu): { model: string | null; mode: CpuSet['mode'] } {
  if (cpu.evidence === 'traits') return { model: null, mode: null };
  const { mode } = cpu.config;
  if (mode === 'none') return { model: cpu.config.virtType === 'qemu' ? 'qemu64' : null, mode };
  return { model: guestCpu(cpu)?.model ?? cpu.hostCpu?.model ?? null, mode };
}

/** Everything a host's CPU facts say but its name, in a stable order. */
function signatureOf(cpu: HostCpu): string {
  if (cpu.evidence === 'traits') return `traits:${[...cpu.traits].sort().join(',')}`;
  const { host: _host, ...facts } = cpu;
  const sorted = (model: CpuModelFacts | null) =>
    model && { ...model, features: [...model.features].sort(), disabled: [...model.disabled].sort() };
  return `ssh:${JSON.stringify({ ...facts, hostCpu: sorted(facts.hostCpu), hostModel: sorted(facts.hostModel), usable: facts.usable && [...facts.usable].sort() })}`;
}

/** What a plan knows of its hosts' CPUs: the mismatch of any pair, and the sets they form. */
export interface CpuTable {
  evidence: 'ssh' | 'traits';
  cpus: Map<string, HostCpu>;
  mismatch(source: string, target: string): CpuMismatch | null;
  sets: CpuSet[];
}

/**
 * Groups hosts into sets between which a server moves live both ways (as vSphere's EVC does), in the
 * order given: a host joins the first set whose every member it can swap with, or starts its own.
 */
export function cpuSets(cpus: HostCpu[], mismatch = cpuMismatch): CpuSet[] {
  const sets: { hosts: HostCpu[]; signatures: Set<string> }[] = [];
  for (const cpu of cpus) {
    // a host reporting exactly what a member reports joins its set unasked: a large cloud of few CPU
    // kinds is grouped in a pass, not in a comparison of every pair
    const signature = signatureOf(cpu);
    const home =
      sets.find((set) => set.signatures.has(signature)) ??
      sets.find((set) => set.hosts.every((other) => !mismatch(cpu, other) && !mismatch(other, cpu)));
    if (home) {
      home.hosts.push(cpu);
      home.signatures.add(signature);
    } else sets.push({ hosts: [cpu], signatures: new Set([signature]) });
  }
  return sets.map((set) => ({
    hosts: set.hosts.map((cpu) => cpu.host),
    ...modelOf(set.hosts[0] as HostCpu),
  }));
}

export function cpuTable(cpus: HostCpu[]): CpuTable {
  const byHost = new Map(cpus.map((cpu) => [cpu.host, cpu]));
  const memo = new Map<string, CpuMismatch | null>();
  const judged = (a: HostCpu, b: HostCpu) => {
    const key = `${a.host}|${b.host}`;
    if (!memo.has(key)) memo.set(key, cpuMismatch(a, b));
    return memo.get(key) ?? null;
  };
  return {
    evidence: cpus.some((cpu) => cpu.evidence === 'ssh') ? 'ssh' : 'traits',
    cpus: byHost,
    mismatch: (source, target) => {
      const a = byHost.get(source);
      const b = byHost.get(target);
      return a && b ? judged(a, b) : null;
    },
    sets: cpuSets(cpus, judged),
  };
}

/**
 * The table as a guest defined on `origin` sees it: a live migration carries the guest's CPU along
 * unchanged (libvirt sends the expanded definition), so wherever it runs now, the host that defined it
 * decides where it can go next, and it can always go back there.
 */
export function carriedFrom(table: CpuTable, origin: string | undefined): CpuTable {
  if (!origin) return table;
  return { ...table, mismatch: (_source, target) => table.mismatch(origin, target) };
}
