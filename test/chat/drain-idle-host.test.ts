import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { addRoomyHosts, type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * `/drain` of a host someone else disabled before the drain that runs no server: Ferry has nothing to
 * do on it (nothing to empty, never enabled by Ferry, no server to bring home), so it is done at its
 * step without an evacuation or a wait for its maintenance, left disabled with their reason, and the
 * next step goes on.
 */

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
  addRoomyHosts(fx, 'compute5');
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const { drainMessage, current, threadText, hostBack, approve, serviceOf, drainOf } = drainFlowHelpers(() => ({
  fx,
  slack,
}));

describe('/drain of a host disabled before it and empty, through the real Bolt listeners', () => {
  it('leaves it disabled as found, says there was nothing to do, and goes on to the next host', {
    timeout: 120_000,
  }, async () => {
    slack = await slackHarness(fx);
    // compute4 is disabled for its DIMMs (reason "DIMM replacement, ticket OPS-4121") and runs no server
    const reason = serviceOf('compute4').disabledReason;
    expect(serviceOf('compute4').status).toBe('disabled');
    await slack.command('U_ALICE', '/drain', 'compute4 compute5');
    const parent = await drainMessage();
    await waitFor(() => threadText(parent).includes('Step 2'), 'the plan');
    await approve(parent);
    await waitFor(() => threadText(parent).includes('`compute4` is done'), 'compute4 done');
    expect(threadText(parent)).toContain(
      `✅ \`compute4\` is done and stays disabled, as it was before the drain ("${reason}"). Nothing to do on compute4: no server was on it, so Ferry did not empty it or wait for its maintenance`,
    );
    // no evacuation of it, no "empty, do the maintenance" question: the next step is under way
    expect(threadText(parent)).not.toContain('emptying `compute4`');
    expect(threadText(parent)).not.toContain('compute4 is empty');
    expect(slack.store.evacuations().filter((e) => e.evacuation.host === 'compute4')).toEqual([]);
    await hostBack(parent, 'compute5');
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 60_000);
    expect(threadText(parent)).toMatch(/✅ `compute4` done — no server was on it; left disabled as found/);
    expect(serviceOf('compute4')).toMatchObject({ status: 'disabled', disabledReason: reason });
    expect(serviceOf('compute5').status).toBe('enabled');
    expect(drainOf().drain.hosts.map((h) => h.phase)).toEqual(['done', 'done']);
  });

  it('alone: its plan says nothing is emptied there, and "nothing to do" is said once', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/drain', 'compute4');
    const parent = await drainMessage();
    await waitFor(() => threadText(parent).includes('Step 1'), 'the plan');
    // the checks in the drain's message, the steps in its thread
    const plan = `${textOf(current(parent))}\n${threadText(parent)}`;
    expect(plan).toContain(
      'Already disabled before the drain, with no server on them: compute4 ("DIMM replacement, ticket OPS-4121"). There is nothing to empty there; they are left disabled as found and take no servers.',
    );
    expect(plan).not.toContain('emptied in their turn');
    expect(plan).toContain('*Step 1* · `compute4` · no server on them: nothing to move');
    expect(plan).not.toContain('0 server(s): 0 live');
    await approve(parent);
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 60_000);
    await waitFor(() => drainOf()?.drain.phase === 'done', 'the drain done');
    // each post once (its text and its blocks say the same): the thread's done line alone says it
    const posts = [current(parent), ...slack.fake.threadOf(CHANNEL, parent.ts)].map((m) =>
      m.blocks.length ? textOf({ ...m, text: '' }) : textOf(m),
    );
    const said = posts.join('\n').toLowerCase();
    expect(said.split('nothing to do on compute4').length - 1).toBe(1);
  });
});
