import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { compute4Back } from '../faults/drain-run.ts';
import { consoleChannel } from '../helpers/console-channel.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * The console's list of buttons once a held drain's Approve new plan was answered (operator trial: it
 * listed the button again, as the parent's Pause appeared before the question lost its buttons). The
 * console shows the channel as Slack does (ChannelView over the same fake Slack): after the answer, no
 * list offers it.
 */

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
  compute4Back(fx);
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const { drainMessage, current, thread, threadText, approve, emptyPost, hostBack } = drainFlowHelpers(() => ({
  fx,
  slack,
}));

describe('the console after Approve new plan', () => {
  it('no longer lists the button once it is answered', async () => {
    slack = await slackHarness(fx);
    const { channel, printed } = consoleChannel(slack);
    const offered = () => channel.board.choices().some((c) => c.button.actionId === DRAIN_ACTIONS.reapprove);

    await slack.command('U_ALICE', '/drain', 'compute2 compute3');
    const parent = await drainMessage();
    await approve(parent);
    await emptyPost(parent, 'compute2');
    applyFault(fx.sandbox.cloud, { type: 'service-down', host: 'compute3' });
    await hostBack(parent, 'compute2');
    const held = await waitFor(
      () => thread(parent).find((m) => m.text.startsWith('The drain is held')),
      'held',
      30_000,
    );
    await waitFor(() => offered(), 'Approve new plan listed');
    // the drain's message shows it held (its Pause gone) before the answer: what follows is the answer's
    await waitFor(() => textOf(current(parent)).includes('✋ *Held*'), 'the drain shown held');
    await slack.ferry.reporter.idle();
    await slack.ferry.poster.drain();
    applyFault(fx.sandbox.cloud, { type: 'service-up', host: 'compute3' });

    const from = printed.length;
    await slack.press('U_BOB', held.ts, DRAIN_ACTIONS.reapprove, buttonValue(held, DRAIN_ACTIONS.reapprove));
    await waitFor(() => threadText(parent).includes('approved the new plan'), 'the approval said');
    // as the console settles after a press: the reports under way told, the posts sent, then the list
    await slack.ferry.reporter.idle();
    await slack.ferry.poster.drain();
    expect(offered()).toBe(false);
    // the step goes on: compute3 is being emptied, its evacuation's buttons listed
    await waitFor(() => threadText(parent).includes('🚚 Step 2: emptying `compute3`'), 'step 2 started');
    await slack.ferry.reporter.idle();
    await slack.ferry.poster.drain();
    expect(offered()).toBe(false);
    const lists = printed.slice(from).filter((line) => line.startsWith('Buttons:'));
    // lists were printed after the answer (the drain's Pause, the evacuation's Stop), none with the button
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.filter((list) => list.includes('Approve new plan'))).toEqual([]);
  }, 60_000);
});
