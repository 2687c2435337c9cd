import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { itemLine } from '../../src/chat/evacuation-view.ts';
import { planEvacuation } from '../../src/core/evacuation/plan.ts';
import { setChannelLanguage } from '../../src/i18n/index.ts';
import { impactSummaryText } from '../../src/messages/impact.ts';
import { IMPACT_FLAVORS } from '../../src/sandbox/seed.ts';
import { plannerFor } from '../helpers/core.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/**
 * A plan keeps what a move will do to each server as facts (#28): written while the channel spoke
 * English, it reads in Chinese to a zh-CN reader; a port's name is the project's, never markup.
 */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
  setChannelLanguage('en');
  const cloud = fx.sandbox.cloud;
  for (const flavor of IMPACT_FLAVORS) cloud.addFlavor(flavor);
  cloud.addHost({
    name: 'impact1',
    memoryMb: 131_072,
    vcpus: 48,
    diskGb: 3_600,
    hypervisorVersion: 8_002_000,
  });
  const on = { host: 'impact1', project: 'web', user: 'admin' };
  cloud.addServer({ ...on, name: 'gpu-pass-1', flavor: 'g1.passthrough' });
  cloud.addServer({
    ...on,
    name: 'sriov-1',
    flavor: 'm1.small',
    ports: [{ name: '<!channel> *bold*', vnicType: 'direct' }],
  });
});
afterEach(async () => {
  setChannelLanguage('en');
  await fx.close();
});

describe('an evacuation plan written in English, with what its moves will do', () => {
  it('reads in Chinese to a zh-CN reader, and a port name stays text', async () => {
    const plan = await planEvacuation(plannerFor(fx), {
      host: 'impact1',
      concurrency: 1,
      requestedBy: 'U_ALICE',
    });
    const stored = JSON.parse(JSON.stringify(plan.items)) as typeof plan.items;
    const line = (name: string) =>
      itemLine({
        ...(stored.find((i) => i.serverName === name) as (typeof stored)[number]),
        state: 'waiting',
      });
    expect(line('gpu-pass-1')).toContain(
      'cannot move live: only a cold move, which stops it, can move it — PCI device by flavor alias a100:1',
    );
    expect(line('sriov-1')).toContain('moves live, brief network loss');
    expect(line('sriov-1')).toContain('&lt;!channel&gt;');
    expect(line('sriov-1')).not.toContain('<!channel>');
    expect(impactSummaryText(stored)).toContain('1 brief network loss');

    setChannelLanguage('zh-CN');
    expect(line('gpu-pass-1')).toContain(
      '无法热迁移：只能冷迁移（会关机）——按规格别名 a100:1 直通的 PCI 设备',
    );
    expect(line('gpu-pass-1')).not.toContain('cannot move live');
    expect(line('sriov-1')).toContain('热迁移，短暂断网');
    expect(impactSummaryText(stored)).toContain('1 台短暂断网');
  });
});
