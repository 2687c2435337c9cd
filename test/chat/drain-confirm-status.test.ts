import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyFault } from '../../src/sandbox/index.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * A drain whose step's cold move waits in VERIFY_RESIZE for a person's Confirm or Revert (auto-confirm
 * off): the drain's own status line says so, and of which server, as its step's evacuation says it
 * (operator trial: the drain said only "Draining").
 */

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
  applyFault(fx.sandbox.cloud, { type: 'converge', server: 'ledger' });
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const { drainMessage, current, approve } = drainFlowHelpers(() => ({ fx, slack }));

describe('a drain whose cold move waits for Confirm or Revert', () => {
  it('says so in its status line, naming the server', async () => {
    slack = await slackHarness(fx, { autoConfirm: false });
    // web-1 has nowhere to go live: left on compute1, so the plan can be approved
    await slack.command('U_ALICE', '/drain', 'compute1 --skip web-1 --concurrency 2');
    const parent = await drainMessage();
    await approve(parent);
    await waitFor(
      () => textOf(current(parent)).includes('waiting for a person to press Confirm or Revert: `batch-7`'),
      "the drain's status line naming batch-7",
      30_000,
    );
    expect(textOf(current(parent))).toMatch(
      /🚚 \*Draining\* · Approved by .* · ⏳ waiting for a person to press Confirm or Revert: `batch-7`/,
    );
    // said of the server whose move waits, not of the ones Ferry still moves
    expect(textOf(current(parent))).not.toMatch(/Confirm or Revert: [^\n]*`ledger`/);
  }, 60_000);
});
