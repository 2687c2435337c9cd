import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Block } from '../../src/chat/render.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { compute4Back } from '../faults/drain-run.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { appHomeOpened, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * App Home and a drain that waits for a person (operator trial: listed under *Moving now* as
 * "running 0%" while it waited for Host is back, or for a cold move's Confirm or Revert): listed with
 * what it waits for, not as moving.
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

const { drainMessage, drainOf, emptyPost, approve, evacuation } = drainFlowHelpers(() => ({ fx, slack }));

/** Bob's App Home once it says `expected`, as text. */
async function home(eventId: string, expected: string): Promise<string> {
  await appHomeOpened(slack, 'U_BOB', eventId);
  const text = () => textOf({ text: '', blocks: (slack.fake.homes.get('U_BOB')?.blocks ?? []) as Block[] });
  await waitFor(() => text().includes(expected), `App Home saying ${expected}`);
  return text();
}

/** What App Home lists under *Moving now*, up to the next heading. */
const movingNow = (text: string) => {
  const from = text.slice(text.indexOf('*Moving now*'));
  return from.slice(0, from.indexOf('\n*', 1));
};

describe('App Home and a drain waiting for a person', () => {
  it('lists one waiting for Host is back with what it waits for, not under Moving now', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/drain', 'compute3 compute4');
    const parent = await drainMessage();
    await approve(parent);
    await emptyPost(parent, 'compute3');
    const id = drainOf().id;
    const text = await home('EvHostBack', '*Waiting for a person*');
    expect(movingNow(text)).toBe('*Moving now*\nNothing is moving.');
    expect(text).toContain(
      `*Waiting for a person*\n\`${id}\` drain waits for someone to press Host is back for compute3 in its thread · 0/2 hosts done · asked by <@U_ALICE>`,
    );
  }, 40_000);

  it("lists one whose step's cold move waits for Confirm or Revert with that, not as a drain running", async () => {
    applyFault(fx.sandbox.cloud, { type: 'converge', server: 'ledger' });
    slack = await slackHarness(fx, { autoConfirm: false });
    await slack.command('U_ALICE', '/drain', 'compute1');
    const parent = await drainMessage();
    await approve(parent);
    // every other move of the step has ended: only batch-7's waits, for a person
    await waitFor(
      () => {
        const items = evacuation()?.evacuation.items ?? [];
        const running = items.filter((item) => item.state === 'running');
        return (
          running.length === 1 &&
          running[0]?.serverName === 'batch-7' &&
          !items.some((item) => item.state === 'waiting') &&
          slack.store.getRun(running[0]?.runId ?? '')?.state === 'awaiting-confirmation'
        );
      },
      "batch-7's move alone, waiting for Confirm or Revert",
      30_000,
    );
    const id = drainOf().id;
    const text = await home('EvConfirm', '*Waiting for a person*');
    expect(text).toContain(
      `*Waiting for a person*\n\`${id}\` drain waits for someone to press Confirm or Revert for batch-7 in its thread`,
    );
    expect(movingNow(text)).not.toContain(`\`${id}\``);
  }, 60_000);
});
