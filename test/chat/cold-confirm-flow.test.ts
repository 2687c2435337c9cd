import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/** A cold move's Confirm / Revert question in its thread, asked once, and its buttons gone once answered. */

let fx: SandboxFixture;
let slack: SlackHarness;

beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const requestMessage = () =>
  waitFor(
    () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.includes('request')),
    'request message',
  );
const thread = (parent: StoredMessage) => slack.fake.threadOf(CHANNEL, parent.ts);
const threadText = (parent: StoredMessage) => thread(parent).map(textOf).join('\n');
const hasButtons = (message: StoredMessage) => message.blocks.some((b) => b.type === 'actions');

describe('a cold migration waiting for Confirm or Revert, through the real Bolt listeners', () => {
  it('says once that a cold migration waits for confirmation, and takes the buttons away when it ends', async () => {
    slack = await slackHarness(fx, { autoConfirm: false });
    await slack.command('U_ALICE', '/migrate', 'batch-7 to compute2 --cold');
    const parent = await requestMessage();
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const waiting = await waitFor(
      () => thread(parent).find((m) => m.text.includes('confirm or revert')),
      'confirmation message',
      15_000,
    );
    const run = slack.store.runs()[0];
    // several minutes of polling in VERIFY_RESIZE: nothing new to say
    await waitFor(
      () => fx.clock.now() - (run?.startedAt ?? 0) > 5 * 60_000,
      'five minutes of waiting',
      15_000,
    );
    expect(thread(parent).filter((m) => /VERIFY_RESIZE|verify_resize|finished/i.test(m.text))).toHaveLength(
      1,
    );
    expect(threadText(parent)).not.toMatch(/\] \d+% (finished|awaiting-confirmation)/);
    await slack.press('U_BOB', waiting.ts, ACTIONS.confirm, run?.id as string);
    await slack.press('U_BOB', waiting.ts, ACTIONS.revert, run?.id as string);
    await waitFor(() => slack.privately('U_BOB') !== '', 'the second press answered');
    // (or, on a slow machine, the move ended meanwhile: refused as ended)
    expect(slack.privately('U_BOB')).toMatch(
      /^Nothing was done: the confirmation was sent already, and Nova is confirming the move\.$|has already ended/,
    );
    // once the confirm is sent, its question loses its buttons before the move ends (operator trial: they
    // stayed until then); a press still on its way is refused
    const sent = await waitFor(
      () =>
        slack.fake
          .callsOf('chat.update')
          .findIndex(
            (call) => call.params.ts === waiting.ts && String(call.params.text).endsWith('confirming'),
          ) + 1,
      'the question without its buttons',
    );
    const decided = slack.fake.callsOf('chat.update')[sent - 1];
    expect(JSON.stringify(decided?.params.blocks)).toContain(
      '`batch-7` on `compute2`: confirmation sent; Nova confirms the move, which frees `compute1`.',
    );
    expect(JSON.stringify(decided?.params.blocks)).not.toContain('"actions"');
    const completed = () =>
      slack.fake.calls.findIndex((call) => String(call.params.text ?? '').startsWith('batch-7: completed'));
    expect(
      completed() === -1 || completed() > slack.fake.calls.indexOf(decided as (typeof slack.fake.calls)[0]),
    ).toBe(true);
    await waitFor(() => threadText(parent).includes('Completed'), 'completed', 15_000);
    await waitFor(
      () => !hasButtons(slack.fake.message(CHANNEL, waiting.ts) as StoredMessage),
      'buttons removed',
    );
    // the end is said once, not on every controls message the run had (the question lost its buttons
    // when the confirm was sent: its end comes after)
    await waitFor(
      () => thread(parent).some((m) => m.text.startsWith(`Migration ${run?.id} ended`)),
      'the end said on the question',
    );
    expect(thread(parent).filter((m) => m.text.startsWith(`Migration ${run?.id} ended`))).toHaveLength(1);
  });
});
