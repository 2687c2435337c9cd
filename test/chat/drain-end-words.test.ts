import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import { compute4Back } from '../faults/drain-run.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * How a drain's end reads (operator trial, session 19): "finished" only when every host is done; a
 * stopped drain says so and counts its hosts, and a host nobody is asked about any more is not said
 * to wait for a decision.
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

const { drainMessage, current, thread, threadText, approve, hostBack, drainOf } = drainFlowHelpers(() => ({
  fx,
  slack,
}));

describe("a drain's end", () => {
  it('stopped before any host was done: says stopped, counts the hosts, and the host left is not waiting', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/drain', 'compute3 compute4');
    const parent = await drainMessage();
    await approve(parent);
    await waitFor(() => JSON.stringify(current(parent)).includes(DRAIN_ACTIONS.stop), 'the Stop button');
    await slack.press(
      'U_BOB',
      parent.ts,
      DRAIN_ACTIONS.stop,
      buttonValue(current(parent), DRAIN_ACTIONS.stop),
    );
    await waitFor(() => drainOf()?.drain.phase === 'done', 'the drain ended', 30_000);
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 30_000);
    const said = await waitFor(() => {
      const text = textOf(current(parent));
      return text.includes('Drain stopped') ? text : undefined;
    }, 'the stopped message');
    expect(said).not.toContain('Drain finished');
    expect(said).toMatch(
      /⏹️ \*Drain stopped\* at [\d:]+ UTC by <@U_BOB>: 0 of 2 hosts done; 1 not started, 1 (empty|not emptied), still disabled · Approved/,
    );
    // compute3 was emptied, or not, as far as its moves got: either way nobody is asked about it now
    expect(said).toMatch(/`compute3` (empty|not emptied): left disabled when the drain ended/);
    expect(said).not.toContain('under maintenance');
    const report = threadText(parent).slice(threadText(parent).indexOf('Drain report'));
    expect(report).not.toContain('waiting for a decision');
  });

  it('while a host waits for its maintenance, says it waits for a person instead of a time left', async () => {
    compute4Back(fx);
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/drain', 'compute2 compute3 compute4 --return');
    const parent = await drainMessage();
    await approve(parent);
    const first = await waitFor(
      () => thread(parent).find((m) => / is empty$/.test(m.text)),
      'a host empty',
      30_000,
    );
    const host = first.text.replace(/ is empty$/, '');
    await hostBack(parent, host);
    const second = await waitFor(
      () => thread(parent).find((m) => / is empty$/.test(m.text) && m.ts !== first.ts),
      'the next host empty',
      60_000,
    );
    const next = second.text.replace(/ is empty$/, '');
    const said = await waitFor(() => {
      const text = textOf(current(parent));
      return text.includes(`🔧 \`${next}\``) ? text : undefined;
    }, 'the next host empty in the message');
    expect(said).toContain(`waits for a person: Host is back for \`${next}\``);
    expect(said).not.toMatch(/about [\dhms ]+ left/);
  });
});
