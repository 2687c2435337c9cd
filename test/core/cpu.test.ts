import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostCpu, SshHostCpu } from '../../src/core/model/cpu.ts';
import { carriedFrom, cpuMismatch, cpuSets, cpuTable } from '../../src/core/move/cpu.ts';
import { parseNovaConf } from '../../src/hostcheck/config-files.ts';
import { cpuConfig, hostCpuOf, parseCapabilities, parseDomCapabilities } from '../../src/hostcheck/cpu.ts';
import { parseXml } from '../../src/hostcheck/xml.ts';
import { cpuMismatchText } from '../../src/messages/cpu.ts';
import type { SandboxHost } from '../../src/sandbox/model.ts';
import { capabilitiesXml, domCapabilitiesXml } from '../../src/sandbox/ssh-cpu.ts';

/** The lab's real answers (evidence recorded in session 16: three QEMU/TCG hosts, cpu_mode = none). */
const lab = (file: string) => readFileSync(join(import.meta.dirname, '../fixtures/lab-cpu', file), 'utf8');
const labTraits = (file: string): string[] =>
  JSON.parse(
    lab(file)
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n'),
  ).traits;

function labHost(n: 1 | 3): SshHostCpu {
  const files = n === 1 ? ['80', '81', '83'] : ['88', '89', '91'];
  const name = `compute${n}`;
  return hostCpuOf(
    name,
    parseNovaConf([lab(`${files[2]}-${name}-nova-conf-libvirt.txt`)]),
    lab(`${files[0]}-${name}-virsh-capabilities.xml`),
    lab(`${files[1]}-${name}-virsh-domcapabilities.xml`),
  );
}

/** A sandbox host of a family, with nova.conf's [libvirt] as given. */
function sandboxHost(
  name: string,
  family: 'cascadelake' | 'broadwell',
  libvirt = 'virt_type = kvm',
): SshHostCpu {
  const host = { name, cpuFamily: family } as SandboxHost;
  return hostCpuOf(
    name,
    parseNovaConf([`[libvirt]\n${libvirt}\n`]),
    capabilitiesXml(host),
    domCapabilitiesXml(host, 'kvm'),
  );
}

describe("reading a host's CPU", () => {
  it("reads the lab's real virsh capabilities and domcapabilities", () => {
    const cpu = labHost(1);
    expect(cpu.config).toEqual({ mode: 'none', modeSet: true, virtType: 'qemu', models: [], extraFlags: [] });
    expect(cpu.hostCpu).toMatchObject({ model: 'kvm64', vendor: 'AMD' });
    expect(cpu.hostCpu?.features).toContain('avx2');
    expect(cpu.hostCpu?.features).toHaveLength(62);
    expect(cpu.hostModel).toMatchObject({ model: 'EPYC', vendor: 'AMD' });
    expect(cpu.hostModel?.features).toContain('pku');
    expect(cpu.hostModel?.disabled).toContain('sha-ni');
    expect(cpu.usable).toContain('qemu64');
    expect(cpu.usable).not.toContain('EPYC');
  });

  it("applies Nova's defaults and reads the legacy cpu_model and the extra flags", () => {
    expect(cpuConfig(parseNovaConf(['[libvirt]\nvirt_type = kvm\n']))).toMatchObject({
      mode: 'host-model',
      modeSet: false,
    });
    expect(cpuConfig(parseNovaConf(['[libvirt]\nvirt_type = lxc\n'])).mode).toBe('none');
    expect(
      cpuConfig(
        parseNovaConf([
          '[libvirt]\ncpu_mode = custom\ncpu_model = IvyBridge\ncpu_model_extra_flags = PCID, -mpx\n',
        ]),
      ),
    ).toMatchObject({ mode: 'custom', models: ['IvyBridge'], extraFlags: ['pcid', '-mpx'] });
  });

  it('reads XML robustly: comments, entities, either quotes, a stray or missing closing tag', () => {
    const root = parseXml(
      `<?xml version="1.0"?><!-- a --><capabilities><host><cpu><model>A&amp;B</model><vendor>X</vendor>` +
        `<feature name="f1"/><feature name='f&#x32;'/></bogus></cpu></host>`,
    );
    expect(root.name).toBe('capabilities');
    expect(
      parseCapabilities(
        '<capabilities><host><cpu><model>A&amp;B</model><feature name="f1"/><feature name=\'f&#x32;\'/></cpu></host></capabilities>',
      ),
    ).toEqual({
      model: 'A&B',
      vendor: null,
      features: ['f1', 'f2'],
      disabled: [],
    });
    expect(parseCapabilities('not xml at all <<<')).toBeNull();
    expect(parseDomCapabilities('')).toBeNull();
  });
});

describe('CPU compatibility rules', () => {
  it("cpu_mode none on QEMU hosts: the lab's hosts form one set", () => {
    const [a, b] = [labHost(1), labHost(3)];
    expect(cpuMismatch(a, b)).toBeNull();
    expect(cpuSets([a, b])).toEqual([{ hosts: ['compute1', 'compute3'], model: 'qemu64', mode: 'none' }]);
  });

  it('cpu_mode none needs the same virt_type', () => {
    const qemu = labHost(1);
    const kvm: SshHostCpu = { ...labHost(3), config: { ...labHost(3).config, virtType: 'kvm' } };
    expect(cpuMismatch(qemu, kvm)).toMatchObject({ virtType: { source: 'qemu', target: 'kvm' } });
  });

  it('host-model: a guest of an older CPU moves onto a newer one, never back', () => {
    const newer = sandboxHost('compute1', 'cascadelake');
    const older = sandboxHost('compute3', 'broadwell');
    expect(cpuMismatch(older, newer)).toBeNull();
    const back = cpuMismatch(newer, older);
    expect(back).toMatchObject({
      evidence: 'ssh',
      mode: 'host-model',
      model: { source: 'Cascadelake-Server', target: 'Broadwell-noTSX-IBRS' },
    });
    expect(cpuMismatchText(back as NonNullable<typeof back>)).toBe(
      'compute3 cannot run CPU model Cascadelake-Server that guests of compute1 have (cpu_mode host-model; compute3 offers Broadwell-noTSX-IBRS)',
    );
    expect(cpuSets([newer, older]).map((set) => set.hosts)).toEqual([['compute1'], ['compute3']]);
  });

  it('host-model: the same model lacking a required feature, or disabling one, is refused', () => {
    const a = sandboxHost('a', 'cascadelake');
    const lacking: SshHostCpu = {
      ...sandboxHost('b', 'cascadelake'),
      hostModel: { ...(a.hostModel as NonNullable<SshHostCpu['hostModel']>), features: ['ss', 'vmx'] },
      hostCpu: { ...(a.hostCpu as NonNullable<SshHostCpu['hostCpu']>), features: [] },
    };
    expect(cpuMismatch(a, lacking)?.missing).toContain('pku');
    const older = sandboxHost('c', 'broadwell');
    const disabling: SshHostCpu = {
      ...sandboxHost('d', 'cascadelake'),
      hostModel: { ...(a.hostModel as NonNullable<SshHostCpu['hostModel']>), disabled: ['f16c'] },
    };
    // a Broadwell guest needs f16c; a Cascadelake host that says it lacks it cannot take it
    expect(cpuMismatch(older, disabling)?.missing).toEqual(['f16c']);
  });

  it('custom: the target must list the model usable and offer the extra flags', () => {
    const custom = sandboxHost(
      'a',
      'cascadelake',
      'virt_type = kvm\ncpu_mode = custom\ncpu_models = Cascadelake-Server\ncpu_model_extra_flags = pcid',
    );
    expect(cpuMismatch(custom, sandboxHost('b', 'broadwell'))).toMatchObject({
      mode: 'custom',
      model: { source: 'Cascadelake-Server' },
    });
    // the same model there: a flag neither host lists comes with the model; one only the source lists is missing
    expect(cpuMismatch(custom, sandboxHost('c', 'cascadelake'))).toBeNull();
    const withPcid: SshHostCpu = {
      ...custom,
      hostCpu: { ...(custom.hostCpu as NonNullable<SshHostCpu['hostCpu']>), features: ['pcid'] },
    };
    expect(cpuMismatch(withPcid, sandboxHost('c', 'cascadelake'))).toMatchObject({ missing: ['pcid'] });
    const older = sandboxHost(
      'd',
      'cascadelake',
      'virt_type = kvm\ncpu_mode = custom\ncpu_models = IvyBridge',
    );
    expect(cpuMismatch(older, sandboxHost('e', 'broadwell'))).toBeNull();
  });

  it('host-passthrough: only an identical CPU', () => {
    const mode = 'virt_type = kvm\ncpu_mode = host-passthrough';
    const a = sandboxHost('a', 'cascadelake', mode);
    expect(cpuMismatch(a, sandboxHost('b', 'cascadelake', mode))).toBeNull();
    expect(cpuMismatch(sandboxHost('c', 'broadwell', mode), a)).toMatchObject({
      mode: 'host-passthrough',
      model: { source: 'Broadwell-noTSX-IBRS', target: 'Cascadelake-Server' },
    });
    const fewer: SshHostCpu = {
      ...sandboxHost('d', 'cascadelake', mode),
      hostCpu: { ...(a.hostCpu as NonNullable<SshHostCpu['hostCpu']>), features: ['ds'] },
    };
    expect(cpuMismatch(a, fewer)?.missing).toContain('vmx');
    expect(cpuMismatch(fewer, a)?.extra).toContain('vmx');
  });

  it("traits: the target must have every HW_CPU_* trait of the source (the lab's hosts agree)", () => {
    const one: HostCpu = {
      evidence: 'traits',
      host: 'compute1',
      traits: labTraits('72-traits-compute1.json'),
    };
    const three: HostCpu = {
      evidence: 'traits',
      host: 'compute3',
      traits: labTraits('74-traits-compute3.json'),
    };
    expect(cpuMismatch(one, three)).toBeNull();
    const poorer: HostCpu = { evidence: 'traits', host: 'x', traits: ['COMPUTE_NODE', 'HW_CPU_X86_SSE'] };
    const found = cpuMismatch(one, poorer);
    expect(found?.missing.sort()).toEqual([
      'HW_CPU_X86_AMD_SVM',
      'HW_CPU_X86_MMX',
      'HW_CPU_X86_SSE2',
      'HW_CPU_X86_SVM',
    ]);
    expect(cpuMismatchText(found as NonNullable<typeof found>)).toMatch(/weaker proof than virsh/);
    // facts of two kinds are never compared
    expect(cpuMismatch(one, sandboxHost('y', 'broadwell'))).toBeNull();
  });

  it('a guest moved live keeps the CPU its first host gave it: it may always go back there', () => {
    const table = cpuTable([sandboxHost('compute1', 'cascadelake'), sandboxHost('compute3', 'broadwell')]);
    expect(table.mismatch('compute1', 'compute3')).not.toBeNull();
    expect(carriedFrom(table, 'compute3').mismatch('compute1', 'compute3')).toBeNull();
    expect(table.sets).toHaveLength(2);
  });
});
