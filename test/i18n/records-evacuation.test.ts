import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRAIN_ACTIONS, hostNote } from '../../src/chat/drain-host-view.ts';
import { drainPlanMessage } from '../../src/chat/drain-plan-view.ts';
import { hostDoneLine } from '../../src/chat/drain-report-view.ts';
import { itemLine } from '../../src/chat/evacuation-view.ts';
import { planDrain } from '../../src/core/drain/plan.ts';
import type { DrainHostState } from '../../src/core/model/records.ts';
import { inLanguage, setChannelLanguage } from '../../src/i18n/index.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { compute4Back, drainOf, startDrain } from '../faults/drain-run.ts';
import { plannerFor } from '../helpers/core.ts';
import { evacuationHarness } from '../helpers/evacuations.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * Evacuations and drains keep why a server cannot move, and why a host stands as it does, as facts:
 * a record written while the channel spoke English reads in Chinese to a zh-CN reader. Records written
 * by an earlier Ferry hold sentences; those are shown as stored.
 */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
  setChannelLanguage('en');
});
let slack: SlackHarness | undefined;
afterEach(async () => {
  setChannelLanguage('en');
  await slack?.stop();
  slack = undefined;
  await fx.close();
});

describe('an evacuation record written in English', () => {
  it("reads in Chinese to a zh-CN reader: each server's reason is worded when it is shown", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-records-')), 'ferry.json');
    const h = evacuationHarness(fx, {}, await LowdbStore.open(file));
    const id = await h.approved({ host: 'compute1' });
    // read back from the file, as another process (or a restart) would
    const stored = (await LowdbStore.open(file)).getEvacuation(id);
    const item = (name: string) => {
      const found = stored?.evacuation.items.find((i) => i.serverName === name);
      if (!found) throw new Error(`no ${name}`);
      return found;
    };
    const vault = item('vault');
    const web1 = item('web-1');
    expect(itemLine(vault)).toContain('locked ("PCI audit until Friday")');
    expect(itemLine(web1)).toContain(
      'cannot move live: compute2: web-2 of anti-affinity group "web-anti-affinity" runs there',
    );

    setChannelLanguage('zh-CN');
    const vaultZh = itemLine(vault);
    expect(vaultZh).toContain('已锁定（“PCI audit until Friday”）');
    expect(vaultZh).not.toContain('locked');
    const web1Zh = inLanguage('zh-CN', () => itemLine(web1));
    expect(web1Zh).toContain('不能热迁移：compute2：反亲和组“web-anti-affinity”的 web-2 在那里运行');
    expect(web1Zh).not.toContain('cannot move live');
  });

  it('shows a note an earlier Ferry stored as a sentence as it was stored', async () => {
    const h = evacuationHarness(fx);
    const plan = await h.plan({ host: 'compute1' });
    const vault = plan.items.find((i) => i.serverName === 'vault');
    if (!vault) throw new Error('no vault');
    const { reason: _, ...legacy } = {
      ...vault,
      state: 'skipped' as const,
      note: 'locked ("PCI audit until Friday")',
    };
    expect(inLanguage('zh-CN', () => itemLine(legacy))).toContain('locked ("PCI audit until Friday")');
  });
});

describe('a drain written in English', () => {
  it("reads in Chinese to a zh-CN reader: a step's servers without room and a host's note", async () => {
    const plan = await planDrain(plannerFor(fx), {
      hosts: ['compute1'],
      hostsAtOnce: 1,
      concurrency: 2,
      returnHome: false,
      requestedBy: 'U_ALICE',
    });
    // as stored: JSON, written while the channel spoke English
    const stored = JSON.parse(JSON.stringify(plan)) as typeof plan;
    const english = textOf(drainPlanMessage(stored, 'U_ALICE'));
    expect(english).toContain('web-1 (m1.medium): the hosts with room rule it out');
    const chinese = inLanguage('zh-CN', () => textOf(drainPlanMessage(stored, 'U_ALICE')));
    expect(chinese).toContain('web-1（m1.medium）：有空间的节点都不适合它：compute2：反亲和组');
    expect(chinese).not.toContain('the hosts with room rule it out');

    const host: DrainHostState = JSON.parse(
      JSON.stringify({
        host: 'compute1',
        serviceId: 's1',
        phase: 'not-empty',
        evacuationIds: [],
        reason: { code: 'servers-came', host: 'compute1', count: 2, afterRestart: false },
      }),
    );
    expect(hostNote(host)).toBe(' — 2 servers came onto compute1 while it waited for its maintenance');
    const zh = inLanguage('zh-CN', () => hostNote(host));
    expect(zh).not.toContain('came onto');
    expect(zh).toContain('compute1');
    // written before facts: the sentence as stored
    const legacy = { ...host, reason: undefined, note: '2 server(s) came onto compute1' };
    expect(inLanguage('zh-CN', () => hostNote(legacy))).toBe(' — 2 server(s) came onto compute1');
  });
});

describe("a drain host's note written by Ferry in English", () => {
  it('reads in Chinese to a zh-CN reader', async () => {
    // the host's evacuation records are past retention when it is back: "nothing moved back", as a fact
    compute4Back(fx);
    const store = LowdbStore.memory({ retentionMs: 1 });
    const harness = await slackHarness(fx, { store });
    slack = harness;
    const parent = await startDrain(harness);
    const thread = () => harness.fake.threadOf(CHANNEL, parent.ts);
    const question = await waitFor(
      () => thread().find((m) => m.text === 'compute2 is empty'),
      'compute2 is empty',
      30_000,
    );
    await harness.ferry.reporter.idle();
    await harness.ferry.poster.drain();
    fx.clock.advance(60_000);
    await store.compact(fx.clock.now());
    await harness.press(
      'U_BOB',
      question.ts,
      DRAIN_ACTIONS.hostBack,
      buttonValue(question, DRAIN_ACTIONS.hostBack),
    );
    await waitFor(() => drainOf(harness)?.drain.hosts[0]?.phase === 'done', 'compute2 done', 30_000);
    const drain = drainOf(harness);
    if (!drain) throw new Error('no drain');
    expect(hostDoneLine(drain, 'compute2')).toContain(
      'Nothing moved back: Ferry no longer has the record of what left compute2',
    );
    const zh = inLanguage('zh-CN', () => hostDoneLine(drain, 'compute2'));
    expect(zh).not.toContain('Ferry no longer has the record');
    expect(zh).toContain('compute2');
  }, 60_000);
});
