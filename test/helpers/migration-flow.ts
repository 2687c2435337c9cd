import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { buttonValue, CHANNEL, type SlackHarness, textOf, waitFor } from './slack.ts';

/** What the flow tests of one /migrate share: its request message, its approval, its outcome line. */

/** A /migrate request's message in the channel, once posted (the first one). */
export function migrationRequest(slack: SlackHarness): Promise<StoredMessage> {
  return waitFor(
    () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.includes('request')),
    'request message',
  );
}

/** `/migrate <args>` asked by U_ALICE and approved by U_BOB: its request message. */
export async function approvedMigration(slack: SlackHarness, args: string): Promise<StoredMessage> {
  await slack.command('U_ALICE', '/migrate', args);
  const parent = await migrationRequest(slack);
  await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
  return parent;
}

/** The run's outcome line in the request's thread, once posted. */
export function migrationOutcome(slack: SlackHarness, parent: StoredMessage, timeoutMs = 20_000) {
  return waitFor(
    () =>
      slack.fake
        .threadOf(CHANNEL, parent.ts)
        .find((m) => /(Completed|Moved, not proven|Reverted|Failed)\*( after|:| \(moved in)/.test(textOf(m))),
    'the outcome',
    timeoutMs,
  );
}
