import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/chat/render.ts';
import { RunWaiter } from '../../src/console/waiting.ts';
import type { StallPolicySettings } from '../../src/core/model/stall-policy.ts';
import { migrationRequest } from '../helpers/migration-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * The console's /wait at a move that stopped converging (operator trial of #29): it said only on-call
 * ends it, also when a stall policy will act. It says what the policy will do and when, and waits on
 * until it did (session 19: it returned within the grace period); under `ask`, that on-call decides.
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

/** /wait started at a move's stall warning: its answer, and the lines it said while it waited on. */
async function waitedAtStall(action: StallPolicySettings['action']) {
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
  const told: string[] = [];
  let answered = false;
  const answer = waiter
    .untilSettled((line) => told.push(line))
    .then((lines) => {
      answered = true;
      return lines;
    });
  return { answer, told, answered: () => answered };
}

describe('/wait at a stalled move', () => {
  // operator trial of session 19: /wait returned within the grace period, as if nothing went on
  it('waits on while the stall policy will act, says what it will do and when, and returns once it did', async () => {
    const { answer, told, answered } = await waitedAtStall('abort');
    await waitFor(() => told.length > 0, '/wait saying what it waits for');
    const run = slack.store.runs()[0];
    const deadline = new Date(run?.stall?.deadline ?? 0).toISOString().slice(11, 19);
    expect(told.join('\n')).toMatch(
      new RegExp(
        `^/wait waits on: ${run?.id} \\(ledger\\) is not converging \\(its thread says so\\), and the stall policy will abort at ${deadline} UTC \\(in [12]m [0-9]+s\\) unless on-call chooses otherwise in its thread or ends it first`,
      ),
    );
    expect(told.join('\n')).not.toContain('ends only when on-call');
    // within the grace period it has not returned: Ferry acts at the deadline
    expect(slack.store.runs()[0]?.state).toBe('running');
    expect(answered()).toBe(false);
    // the policy aborts the move at its deadline; /wait returns then, with nothing left to say
    expect(await answer).toEqual([]);
    expect(slack.store.runs()[0]?.stall?.state).toBe('acted');
    expect(slack.store.runs()[0]?.state).toBe('done');
    expect(told).toHaveLength(1);
  }, 60_000);

  it('under ask, says on-call must decide and that the policy does nothing by itself', async () => {
    const { answer } = await waitedAtStall('ask');
    const lines = await answer;
    expect(lines[0]).toMatch(
      /ends only when on-call forces or aborts it: .*: Ferry does nothing by itself\.$/,
    );
  });
});
