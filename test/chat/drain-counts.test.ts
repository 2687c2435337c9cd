import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import { compute4Back } from '../faults/drain-run.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * A drain's counts agree with what they count (console trial, session 22): a host whose plan fails
 * after Continue counts every server on it and names each that stays with why; once a host is
 * skipped, the live line says how the hosts finished and what its bar is a share of.
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

const { drainMessage, current, thread, threadText, drainOf, approve } = drainFlowHelpers(() => ({
  fx,
  slack,
}));

describe('a drain with --skip, a server that cannot move, Continue and Skip host', () => {
  it('counts every server on the host with why each stays, and says the hosts finished as skipped', {
    timeout: 120_000,
  }, async () => {
    slack = await slackHarness(fx, { oncallGroup: 'S0ONCALL' });
    const servers = [...fx.sandbox.cloud.servers.values()];
    const worker = servers.find((s) => s.name === 'worker' && s.host === 'compute3');
    if (!worker) throw new Error('the sandbox has no worker on compute3');
    // cache-2 cannot move (locked): compute3 keeps it and the worker the plan skips
    fx.sandbox.cloud.resolveServer('cache-2').locked = true;
    await slack.command('U_ALICE', '/drain', `compute3 --skip ${worker.id}`);
    const parent = await drainMessage();
    await waitFor(() => threadText(parent).includes('Edits before approval'), 'the plan');
    await approve(parent);
    const first = await waitFor(
      () => thread(parent).find((m) => m.text === 'compute3 is not empty'),
      'compute3 not empty',
      30_000,
    );
    const value = buttonValue(first, DRAIN_ACTIONS.continueHost);
    await slack.press('U_BOB', first.ts, DRAIN_ACTIONS.continueHost, value);
    await waitFor(() => threadText(parent).includes('<@U_BOB> asks to go on with `compute3`'), 'the ask');
    await slack.press('U_CAROL', first.ts, DRAIN_ACTIONS.continueHost, value);
    // the plan for emptying it again fails: nothing on it can move
    const again = await waitFor(
      () => thread(parent).filter((m) => m.text === 'compute3 is not empty')[1],
      'compute3 not empty again',
      30_000,
    );
    const said = textOf(again);
    expect(said).toContain(
      '0 of 2 servers on it can move; 1 cannot: cache-2 (locked); 1 stays as the plan skipped it: worker. Still on it: `cache-2`, `worker`.',
    );
    expect(said).not.toContain('listed with the reason');

    // on-call skips it: the drain ends, its one host finished as skipped, none drained
    await slack.press('U_CAROL', again.ts, DRAIN_ACTIONS.skip, buttonValue(again, DRAIN_ACTIONS.skip));
    await waitFor(() => drainOf()?.drain.phase === 'done', 'the drain ended', 30_000);
    const line = await waitFor(() => {
      const text = textOf(current(parent));
      return text.includes('host finished') && text.includes('took') ? text : undefined;
    }, 'the ended progress line');
    expect(line).toContain('0% of hosts drained · step 1 of 1 · 1 of 1 host finished (1 host skipped) ·');
  });
});
