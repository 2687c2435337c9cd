import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { consoleChannel } from '../helpers/console-channel.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { type SlackHarness, slackHarness, waitFor } from '../helpers/slack.ts';

/**
 * The console at a held drain whose step's only host is skipped (operator trial h-report30): the
 * drain's message said "🚚 Draining" while the held question still offered Approve new plan, and the
 * drain's report, posted right after compute4 was said done on the drain's message, left compute4 out.
 * compute4 stays as the sandbox has it: disabled before the drain, with no server, done at once.
 */

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const { drainMessage, thread, threadText, drainOf, approve, hostBack } = drainFlowHelpers(() => ({
  fx,
  slack,
}));

describe("the console at a held drain whose step's only host is skipped", () => {
  it('offers Approve new plan no more once the drain goes on, and prints the whole report', async () => {
    slack = await slackHarness(fx);
    const { channel, printed } = consoleChannel(slack);
    const offered = () => channel.board.choices().some((c) => c.button.actionId === DRAIN_ACTIONS.reapprove);

    await slack.command('U_ALICE', '/drain', 'compute3 compute1 compute4 --skip web-1,vault');
    const parent = await drainMessage();
    await approve(parent);
    await waitFor(() => thread(parent).find((m) => m.text === 'compute3 is empty'), 'compute3 empty', 30_000);
    applyFault(fx.sandbox.cloud, { type: 'service-down', host: 'compute1' });
    await hostBack(parent, 'compute3');
    await waitFor(() => drainOf().drain.phase === 'held', 'held', 30_000);
    await waitFor(() => offered(), 'Approve new plan listed');
    await slack.ferry.reporter.idle();
    await slack.ferry.poster.drain();

    // every line printed from the skip on
    const from = printed.length;
    await slack.command('U_BOB', '/drain', `${drainOf().id} skip compute1`);
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 30_000);
    await slack.ferry.reporter.idle();
    await slack.ferry.poster.drain();
    const after = printed.slice(from);
    // no list of buttons offers it after the skip, and the drain is never shown going on beside it
    expect(after.filter((line) => line.startsWith('Buttons:') && line.includes('Approve new plan'))).toEqual(
      [],
    );
    const draining = after.findIndex((line) => line.includes('🚚 Draining'));
    const answered = after.findIndex((line) => line.includes('⏭️ Answered'));
    expect(answered).toBeGreaterThanOrEqual(0);
    if (draining >= 0) expect(answered).toBeLessThan(draining);
    expect(offered()).toBe(false);
    // the report as posted, every host in it: compute4 too, though the drain's message just said it
    const report = after.slice(after.findIndex((line) => line.includes('Drain report')));
    expect(report.join('\n')).toMatch(/✅ `compute4` done — no server was on it; left disabled as found/);
    expect(report.join('\n')).toMatch(/⏭️ `compute1` skipped/);
  }, 90_000);
});
