import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compute4Back } from '../faults/drain-run.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { addRoomyHosts, type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { type SlackHarness, slackHarness, waitFor } from '../helpers/slack.ts';

/**
 * `/drain … --return` over a host with no server of its own when its step comes (as the lab's
 * compute3 started empty): nothing left it, so its done line says nothing moved back, never "its
 * servers are back".
 */

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
  compute4Back(fx);
  // an empty roomy host, in service: compute2's servers may pass through it on their way home
  addRoomyHosts(fx, 'compute5');
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const { drainMessage, threadText, hostBack, approve, serviceOf } = drainFlowHelpers(() => ({ fx, slack }));

describe('/drain --return with a host empty at its step, through the real Bolt listeners', () => {
  it('says no server left it, not that its servers are back', { timeout: 120_000 }, async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/drain', 'compute2 compute5 --return');
    const parent = await drainMessage();
    await waitFor(() => threadText(parent).includes('Step 2'), 'the plan');
    await approve(parent);
    await hostBack(parent, 'compute2');
    await waitFor(() => threadText(parent).includes('`compute2` is done'), 'compute2 done', 60_000);
    const home = [...fx.sandbox.cloud.servers.values()].filter((s) => s.host === 'compute5');
    expect(home).toEqual([]);
    await hostBack(parent, 'compute5');
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 60_000);
    const said = threadText(parent);
    expect(said).toMatch(
      /✅ `compute5` is done and enabled again\. Nothing moved back: No server left compute5 with evacuation e-[0-9a-f]+\./,
    );
    expect(said).toMatch(/✅ `compute5` done in .* — nothing moved back: No server left compute5/);
    expect(said).not.toContain('`compute5` is done and enabled again; its servers are back');
    expect(serviceOf('compute5').status).toBe('enabled');
  });
});
