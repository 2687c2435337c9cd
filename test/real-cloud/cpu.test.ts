import { describe, expect, it } from 'vitest';
import { cpuTable } from '../../src/core/move/cpu.ts';
import { readCpuTable } from '../../src/core/move/cpu-read.ts';
import { planMove } from '../../src/core/move/plan.ts';
import { wordCheck } from '../../src/messages/checks.ts';
import { textOf, waitFor } from '../helpers/slack.ts';
import { cloud, otherHost, planner } from './lab.ts';
import { labFerry, labHostChecker, onHost } from './lab-guest.ts';

/**
 * CPU compatibility against the lab's real hosts (#28 part 2): their nova.conf says cpu_mode = none,
 * virt_type = qemu (QEMU/TCG), and they share one CPU, so virsh's answers and Placement's traits both
 * make them one CPU-compatible set. Read-only: no guest moves.
 */

const HOSTS = ['compute1', 'compute2', 'compute3'];

/**
 * The yardstick: the CPU libvirt itself names on `host` (read by the test with virsh, not by Ferry's
 * parser). It is the machine's, so it differs between machines (kvm64/AMD on one, Broadwell/Intel on another).
 */
async function libvirtCpu(host: string): Promise<{ model?: string; vendor?: string; hostModel?: string }> {
  const caps = await onHost(host, 'virsh', '-r', '-c', 'qemu:///system', 'capabilities');
  const hostCpu = /<host>[\s\S]*?<cpu>([\s\S]*?)<\/cpu>/.exec(caps)?.[1] ?? '';
  const domCaps = await onHost(
    host,
    'virsh',
    '-c',
    'qemu:///system',
    'domcapabilities',
    '--virttype',
    'qemu',
  );
  return {
    model: /<model>([^<]+)<\/model>/.exec(hostCpu)?.[1],
    vendor: /<vendor>([^<]+)<\/vendor>/.exec(hostCpu)?.[1],
    hostModel: /<mode name='host-model' supported='yes'>[\s\S]*?<model[^>]*>([^<]+)<\/model>/.exec(
      domCaps,
    )?.[1],
  };
}

describe('CPU compatibility in the lab', () => {
  it("reads each host's [libvirt] and virsh over SSH: one set, QEMU's default model", async () => {
    const checker = labHostChecker();
    const report = await checker.check('compute1', 'compute3');
    for (const host of report.hosts) {
      expect(host.cpu?.config).toEqual({
        mode: 'none',
        modeSet: true,
        virtType: 'qemu',
        models: [],
        extraFlags: [],
      });
      const libvirt = await libvirtCpu(host.host);
      expect(libvirt.model).toBeTruthy();
      expect(host.cpu?.hostCpu).toMatchObject({ model: libvirt.model, vendor: libvirt.vendor });
      expect(host.cpu?.hostModel?.model).toBe(libvirt.hostModel);
      expect(host.cpu?.usable).toContain('qemu64');
    }
    expect(report.cpuSets).toEqual([{ hosts: ['compute1', 'compute3'], model: 'qemu64', mode: 'none' }]);
    const cpus = await checker.hostCpus(HOSTS);
    expect(cpus.map((cpu) => cpu.host)).toEqual(HOSTS);
    expect(cpuTable(cpus).sets).toHaveLength(1);
  }, 120_000);

  it("reads Placement's HW_CPU_* traits in bulk: the same on every host (TCG reports SSE, SSE2, MMX, SVM)", async () => {
    const hypervisors = (await cloud.listHypervisors()).filter((h) => HOSTS.includes(h.serviceHost));
    const table = await readCpuTable({ cloud }, hypervisors);
    expect(table?.evidence).toBe('traits');
    expect(table?.sets).toHaveLength(1);
    for (const cpu of table?.cpus.values() ?? [])
      expect(cpu.evidence === 'traits' && cpu.traits.filter((t) => t.startsWith('HW_CPU_')).sort()).toEqual([
        'HW_CPU_X86_AMD_SVM',
        'HW_CPU_X86_MMX',
        'HW_CPU_X86_SSE',
        'HW_CPU_X86_SSE2',
        'HW_CPU_X86_SVM',
      ]);
  }, 60_000);

  it("/migrate's CPU check passes by virsh: cpu_mode none on QEMU", async () => {
    const { from, to } = await otherHost('server-x');
    const plan = await planMove(
      { ...planner, hostConfig: labHostChecker() },
      { server: 'server-x', destination: to, mode: 'live', requestedBy: 'U_ALICE' },
    );
    const cpu = plan.checks.find((c) => c.id === 'cpu');
    expect(cpu?.status).toBe('pass');
    expect(cpu && wordCheck(cpu).reason).toBe(
      `Guests of ${from} use QEMU's default CPU model (cpu_mode none), which ${to} runs too.`,
    );
  }, 120_000);

  it('/hostcheck says the hosts form one CPU-compatible set', async () => {
    const slack = await labFerry({ hostChecker: labHostChecker() });
    try {
      await slack.command('U_ALICE', '/hostcheck', 'compute1 compute2');
      const message = await waitFor(
        () => slack.fake.messages.find((m) => m.text.startsWith('Host check of compute1 and compute2')),
        'host check message',
        90_000,
      );
      const text = textOf(message);
      const { model, vendor } = await libvirtCpu('compute1');
      expect(text).toContain(
        `• compute1: cpu_mode \`none\` → QEMU's default model (virt_type \`qemu\`); host CPU \`${model}\` (\`${vendor}\`)`,
      );
      expect(text).toContain('✅ One CPU-compatible set');
    } finally {
      await slack.stop();
    }
  }, 120_000);
});
