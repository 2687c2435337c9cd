import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evacuationProgressLine } from '../../src/chat/evacuation-progress.ts';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/** A cold move the on-call person reverts is their choice, not a failure (operator trial h-fix28). */

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
  applyFault(fx.sandbox.cloud, { type: 'converge', server: 'ledger' });
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const threadText = (parent: StoredMessage) => slack.fake.threadOf(CHANNEL, parent.ts).map(textOf).join('\n');

describe('an evacuation move reverted by a person', () => {
  it('is counted and said as reverted, not failed', async () => {
    slack = await slackHarness(fx, { autoConfirm: false });
    await slack.command('U_ALICE', '/evacuate', 'compute1 --concurrency 2');
    const parent = await waitFor(
      () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation')),
      'evacuation message',
    );
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const asking = await waitFor(
      () =>
        slack.fake
          .threadOf(CHANNEL, parent.ts)
          .find(
            (m) => m.text.includes('batch-7 waits in VERIFY_RESIZE') && m.text.includes('confirm or revert'),
          ),
      'the confirm question in the evacuation thread',
      15_000,
    );
    const run = slack.store.runs().find((r) => r.serverName === 'batch-7');
    await slack.press('U_BOB', asking.ts, ACTIONS.revert, run?.id as string);
    await waitFor(() => threadText(parent).includes('Evacuation report'), 'report', 30_000);
    expect(slack.store.getRun(run?.id as string)?.outcome?.kind).toBe('reverted');
    const report = threadText(parent);
    expect(report).toMatch(/`batch-7` stays on `compute1` · cold · .* · reverted/);
    // the tally: no move failed, one was reverted
    expect(report).toMatch(/\*Evacuation report\* `[^`]+` of `compute1`: \d+ moved, 0 failed, 1 reverted,/);
    // its line with an icon of its own, not ❌ and a failure's reason
    const top = textOf(slack.fake.message(CHANNEL, parent.ts) as StoredMessage);
    expect(top).toMatch(/↩️ `batch-7` .* — reverted/);
    expect(top).toMatch(/\d+ moved, 0 running, 0 failed, 1 reverted, 0 left/);
    expect(top).not.toMatch(/[1-9] failed/);
    // the progress line of its last moment before the end: the message itself may already say "finished"
    const evacuation = slack.store.evacuations().find((e) => e.evacuation.host === 'compute1');
    if (!evacuation) throw new Error('no evacuation stored');
    const lastRunning = {
      ...evacuation,
      evacuation: { ...evacuation.evacuation, phase: 'running' as const },
    };
    const seen = { runOf: (id: string) => slack.store.getRun(id), now: fx.clock.now() };
    expect(evacuationProgressLine(lastRunning, undefined, seen)).toMatch(/0 failed · 1 reverted · 0 left/);
  }, 40_000);
});
