import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { compute4Back } from '../faults/drain-run.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * A drain's step approved again while nova-compute on its host is down (operator trial h-fix28: its
 * line said "6 of 8 can move" beside "nova-compute down": nothing leaves a host whose nova-compute is down).
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

const { drainMessage, thread, threadText, emptyPost, approve, hostBack } = drainFlowHelpers(() => ({
  fx,
  slack,
}));

describe('a drain host whose nova-compute is down', () => {
  it('is not said to have servers that can move', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/drain', 'compute2 compute1');
    const parent = await drainMessage();
    await approve(parent);
    await emptyPost(parent, 'compute2');
    applyFault(fx.sandbox.cloud, { type: 'service-down', host: 'compute1' });
    await hostBack(parent, 'compute2');
    const held = await waitFor(
      () => thread(parent).find((m) => m.text === 'The drain is held: nova-compute is down on compute1'),
      'held',
      30_000,
    );
    // the held post's new plan (operator trial h-drain29: "✅ Room at every step: every step fits" and
    // "⚠️ fits, but not empty" beside "nova-compute is down on compute1")
    const newPlan = textOf(held);
    // compute1 holds its own 7: step 1 sent none of compute2's servers to it, the drain's next host
    expect(newPlan).toContain('nova-compute is down on compute1: its servers cannot be migrated away.');
    expect(newPlan).not.toMatch(/Every step fits|fits, but not empty|✅ fits|\d+ live/);
    expect(newPlan).toContain(
      '*Step 2* · `compute1` · 7 servers: 7 cannot move while nova-compute is down · ❌ nova-compute down on `compute1`',
    );
    expect(newPlan).toContain(
      '❌ *Room at every step*: None of the 7 servers on compute1 can move while nova-compute there is down, whatever the room.',
    );
    // no server of it is shown moving anywhere
    expect(newPlan).not.toMatch(/`compute1` → /);
    await slack.press('U_BOB', held.ts, DRAIN_ACTIONS.reapprove, buttonValue(held, DRAIN_ACTIONS.reapprove));
    const notEmpty = await waitFor(
      () => thread(parent).find((m) => m.text === 'compute1 is not empty'),
      'compute1 not empty',
    );
    expect(textOf(notEmpty)).toContain(
      '`compute1` is *not empty*: none of the 7 servers on it can move. nova-compute on compute1 is down: a live or cold migration needs it running.',
    );
    expect(threadText(parent)).not.toMatch(/\d+ of \d+ servers? on it can move/);
  }, 60_000);

  it("is not said to have room for its servers in an evacuation's plan either", async () => {
    slack = await slackHarness(fx);
    applyFault(fx.sandbox.cloud, { type: 'service-down', host: 'compute1' });
    await slack.command('U_ALICE', '/evacuate', 'compute1');
    const plan = await waitFor(
      () => slack.fake.messages.find((m) => !m.threadTs && m.text.startsWith('Evacuation')),
      'the plan',
    );
    expect(textOf(plan)).toContain(
      '❌ *Room for everything*: None of the 7 servers can move while nova-compute on compute1 is down, whatever the room (6 would have it).',
    );
    expect(textOf(plan)).not.toMatch(/\d+ of \d+ servers? can move/);
  });

  // operator trial h-report30: "Every other server that can move has room." when the others were skipped
  it('does not say the other servers have room when every other one is skipped', async () => {
    slack = await slackHarness(fx);
    applyFault(fx.sandbox.cloud, { type: 'service-down', host: 'compute1' });
    await slack.command('U_ALICE', '/drain', 'compute1 --skip web-1,vault');
    const parent = await drainMessage();
    // the drain's message: its plan's checks
    const checks = textOf(parent);
    expect(checks).toContain(
      '❌ *Room at every step*: None of the 5 servers on compute1 can move while nova-compute there is down, whatever the room.\n',
    );
    expect(checks).not.toContain('Every other server that can move has room');
  });
});
