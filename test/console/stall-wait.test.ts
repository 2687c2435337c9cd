import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/chat/render.ts';
import { RunWaiter } from '../../src/console/waiting.ts';
import type { StallPolicySettings } from '../../src/core/model/stall-policy.ts';
import { migrationRequest } from '../helpers/migration-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * The console's /wait at a move that stopped converging (operator trial of #29): it said only on-call
 * ends it, also when a stall policy will act. It says what the policy will do and when, or that on-call
 * decides under `ask`.
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

async function waitedAtStall(action: StallPolicySettings['action']): Promise<string[]> {
  slack = await slackHarness(fx, {
    runner: { stallAfterMs: 60_000, stallPolicy: { action, overrides: [], graceMs: 120_000 } },
  });
  const waiter = new RunWaiter(slack.ferry, slack.store, true);
  await slack.command('U_ALICE', '/migrate', 'ledger to compute2');
  const parent = await migrationRequest(slack);
  await slack.press('U_BOB', parent.ts, ACTIONS.approve, slack.store.pendingRequests()[0]?.id as string);
  await waitFor(
    () => slack.fake.threadOf(CHANNEL, parent.ts).some((m) => textOf(m).includes('not converging')),
    'stall warning',
    15_000,
  );
  return waiter.untilSettled();
}

describe('/wait at a stalled move', () => {
  it('says what the stall policy will do and when, not that only on-call ends it', async () => {
    const lines = await waitedAtStall('abort');
    const run = slack.store.runs()[0];
    const deadline = new Date(run?.stall?.deadline ?? 0).toISOString().slice(11, 19);
    expect(lines.join('\n')).toMatch(
      new RegExp(
        `^${run?.id} \\(ledger\\) is not converging \\(its thread says so\\): the stall policy will abort at ${deadline} UTC \\(in [12]m [0-9]+s\\) unless on-call chooses otherwise in its thread or ends it first`,
      ),
    );
    expect(lines.join('\n')).not.toContain('ends only when on-call');
  });

  it('under ask, says on-call must decide and that the policy does nothing by itself', async () => {
    const lines = await waitedAtStall('ask');
    expect(lines[0]).toMatch(
      /ends only when on-call forces or aborts it: .*: Ferry does nothing by itself\.$/,
    );
  });
});
