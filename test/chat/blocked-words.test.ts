import { afterEach, beforeEach, expect, it } from 'vitest';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

// "the fixes are in the thread" only when a fix was posted there: a blocked move's thread lists its
// failed checks with their fixes, a blocked drain's the plan and what blocks each step
let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
  slack = await slackHarness(fx);
});
afterEach(async () => {
  await slack.stop();
  await fx.close();
});

const topMessage = (starts: string) =>
  waitFor(
    () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith(starts)),
    starts,
  );

it('says the fixes are in the thread only when the thread has them', async () => {
  // web-2's other hosts: compute1 holds its anti-affinity partner, compute3 runs an older QEMU
  await slack.command('U_ALICE', '/drain', 'compute2');
  const drain = await topMessage('Drain d-');
  await waitFor(() => textOf(drain).includes('Blocked'), 'the drain blocked');
  // the drain's plan in its thread says what to do under each failed check
  expect(textOf(drain)).toContain('the fixes are in the thread');
  await waitFor(() => slack.fake.threadOf(CHANNEL, drain.ts).length > 0, 'the plan in the thread');
  expect(slack.fake.threadOf(CHANNEL, drain.ts).map(textOf).join('\n')).toContain('➜');

  await slack.command('U_ALICE', '/migrate', 'web-2');
  const move = await topMessage('Migration request');
  await waitFor(() => textOf(move).includes('Blocked'), 'the move blocked');
  expect(textOf(move)).toContain('the fixes are in the thread');
  await waitFor(() => slack.fake.threadOf(CHANNEL, move.ts).length > 0, 'the failures in the thread');
  expect(slack.fake.threadOf(CHANNEL, move.ts).map(textOf).join('\n')).toContain('➜');
});
