import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { addRoomyHosts, type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

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

const { drainMessage, threadText, hostBack, approve, serviceOf, drainOf } = drainFlowHelpers(() => ({
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

  // operator trial: /drain of it alone asked on-call to approve a drain that changes nothing, where
  // /evacuate of it refuses
  it('alone: refused, nothing to approve and nothing requested; its dry run shows why', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/drain', 'compute4');
    await waitFor(
      () =>
        slack
          .privately('U_ALICE')
          .includes(
            'compute4 runs no servers and nova-compute there is disabled already: a drain would have nothing to do (Ferry neither empties, enables nor reboots a host someone else disabled). Nothing was requested (--dry-run shows the plan).',
          ),
      'the refusal',
    );
    expect(slack.fake.messages.filter((m) => !m.ephemeralTo)).toEqual([]);
    expect(slack.store.pendingRequests()).toEqual([]);
    expect(slack.store.drains()).toEqual([]);
    // the dry run still shows the plan, and what it says of the host
    await slack.command('U_ALICE', '/drain', 'compute4 --dry-run');
    const plan = await waitFor(
      () => slack.fake.messages.find((m) => m.text.startsWith('Drain plan')),
      'the dry run',
    );
    expect(textOf(plan)).toContain(
      'Already disabled before the drain, with no server on it: compute4 ("DIMM replacement, ticket OPS-4121"). There is nothing to empty there; it is left disabled as found and takes no servers.',
    );
    // one host is "it" (operator trial h-grammar28: "no server on them" said of one host)
    expect(textOf(plan)).toContain('*Step 1* · `compute4` · no server on it: nothing to move');
    expect(textOf(plan)).not.toMatch(/no server on them|all 1 host/);
    expect(textOf(plan)).not.toContain('0 servers: 0 live');
    // and it says the request would be refused, not that it goes to on-call (operator trial)
    expect(textOf(plan)).toContain(
      'Without `--dry-run` this drain is refused: no host of it runs a server, and each was disabled before',
    );
    expect(textOf(plan)).not.toContain('goes to on-call');
  });
});
