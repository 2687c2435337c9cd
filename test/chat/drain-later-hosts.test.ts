import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compute4Back } from '../faults/drain-run.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import type { SlackHarness } from '../helpers/slack.ts';
import { slackHarness } from '../helpers/slack.ts';

/**
 * A drain's step sends its servers to hosts the drain does not empty later, when those have room
 * (operator trial h-drain29: cache-2 was moved onto step 2's host during step 1, then moved again).
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

const { drainMessage, drainOf, emptyPost, approve } = drainFlowHelpers(() => ({ fx, slack }));

describe('a drain step', () => {
  it('moves nothing onto a host a later step empties while others have room', async () => {
    slack = await slackHarness(fx);
    const leaving = [...fx.sandbox.cloud.servers.values()]
      .filter((s) => s.host === 'compute3')
      .map((s) => s.id);
    // compute2, the roomiest host, is step 2: compute1 and compute4 have room for compute3's servers
    await slack.command('U_ALICE', '/drain', 'compute3 compute2');
    const parent = await drainMessage();
    await approve(parent);
    await emptyPost(parent, 'compute3');
    const step1 = slack.store.getEvacuation(drainOf().drain.hosts[0]?.evacuationIds[0] ?? '');
    const destinations = step1?.evacuation.items.map((item) => item.destination);
    expect(destinations?.length).toBeGreaterThan(0);
    expect(destinations).not.toContain('compute2');
    const landed = leaving.map((id) => fx.sandbox.cloud.servers.get(id)?.host);
    expect(landed).not.toContain('compute2');
    expect(landed).not.toContain('compute3');
  }, 60_000);
});
