import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkLines } from '../../src/chat/render.ts';
import { planDrain } from '../../src/core/drain/plan.ts';
import { inLanguage, setChannelLanguage } from '../../src/i18n/index.ts';
import { missingRoomText } from '../../src/messages/drain.ts';
import { CPU_TRAITS } from '../../src/sandbox/api/placement.ts';
import type { SandboxHost } from '../../src/sandbox/model.ts';
import { plan, plannerFor } from '../helpers/core.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/**
 * The CPU facts a plan keeps (the 'cpu' check, the sets, a 'cpu' blocker in a drain's step) were
 * written while the channel spoke English; they read in Chinese to a zh-CN reader.
 */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
  setChannelLanguage('en');
  (fx.sandbox.cloud.hosts.get('compute2') as SandboxHost).cpuTraits = CPU_TRAITS.filter(
    (trait) => !trait.startsWith('HW_CPU_X86_AVX512'),
  );
});
afterEach(async () => {
  setChannelLanguage('en');
  await fx.close();
});

const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const zh = <T>(make: () => T) => inLanguage('zh-CN', make);

describe('CPU facts kept in a record', () => {
  it("/migrate's CPU check reads in Chinese", async () => {
    const checks = stored((await plan(fx, { server: 'server-x', destination: 'compute2' })).checks);
    const cpu = checks.filter((c) => c.id === 'cpu');
    expect(JSON.stringify(cpu)).not.toMatch(/lacks the CPU traits|weaker proof/);
    expect(checkLines(cpu).join('\n')).toMatch(/\*CPU compatibility\*: compute2 lacks the CPU traits/);
    const chinese = zh(() => checkLines(cpu).join('\n'));
    expect(chinese).toMatch(/CPU 兼容性.*compute2 缺少 compute1 的 CPU 特征 HW_CPU_X86_AVX512F/);
    expect(zh(() => checkLines(cpu, true).join('\n'))).toMatch(/请选择 CPU 能运行它的节点/);
  });

  it("a drain step's CPU blocker and the plan's sets read in Chinese", async () => {
    (fx.sandbox.cloud.hosts.get('compute4') as SandboxHost).status = 'disabled';
    const drain = stored(
      await planDrain(plannerFor(fx), {
        hosts: ['compute1'],
        hostsAtOnce: 1,
        concurrency: 2,
        returnHome: false,
        requestedBy: 'U_ALICE',
      }),
    );
    const missing = drain.steps[0]?.missing ?? [];
    expect(missing.map(missingRoomText).join('\n')).toMatch(/compute2 lacks the CPU traits/);
    expect(zh(() => missing.map(missingRoomText).join('\n'))).toMatch(/compute2 缺少 compute1 的 CPU 特征/);
    expect(zh(() => checkLines(drain.checks.filter((c) => c.id === 'cpu')).join('\n'))).toMatch(
      /这些节点分为 2 个 CPU 兼容组/,
    );
  });
});
