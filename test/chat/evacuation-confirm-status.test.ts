import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import type { Block } from '../../src/chat/render.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import {
  appHomeOpened,
  buttonValue,
  CHANNEL,
  type SlackHarness,
  slackHarness,
  textOf,
  waitFor,
} from '../helpers/slack.ts';

/**
 * A cold move of an evacuation in VERIFY_RESIZE waits for a person's Confirm or Revert (auto-confirm
 * off): the evacuation's status line and App Home say so, and for which server (operator trial: both
 * said "1 running", as if Ferry were still at work).
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

const homeText = (user: string) =>
  textOf({ text: '', blocks: (slack.fake.homes.get(user)?.blocks ?? []) as Block[] });

describe('an evacuation whose cold move waits in VERIFY_RESIZE', () => {
  it('says in its status and on App Home that it waits for Confirm or Revert, of which server', async () => {
    slack = await slackHarness(fx, { autoConfirm: false });
    await slack.command('U_ALICE', '/evacuate', 'compute1 --concurrency 2');
    const parent = await waitFor(
      () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation')),
      'evacuation message',
    );
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const top = () => textOf(slack.fake.message(CHANNEL, parent.ts) as StoredMessage);
    await waitFor(
      () => top().includes('waiting for a person to press Confirm or Revert: `batch-7`'),
      'the status line naming batch-7',
      20_000,
    );
    // said of the server whose move waits, not of the ones Ferry still moves
    expect(top()).not.toMatch(/Confirm or Revert: [^\n]*`ledger`/);
    await appHomeOpened(slack, 'U_BOB', 'EvConfirm1');
    await waitFor(
      () => homeText('U_BOB').includes('waiting for a person to press Confirm or Revert: `batch-7`'),
      'App Home naming batch-7',
    );
  }, 40_000);
});
