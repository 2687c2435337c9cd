import { afterEach, beforeEach, expect, it } from 'vitest';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

// A request's checks are said once, in its message, where the operator reads first, each failed one
// with its fix under it (operator trial: a drain's checks were said in its message and again in its
// plan in the thread, a blocked move's failed checks again in its thread)
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

/** the lines of a message that are checks: an icon, a title in bold, its reason */
const checkLinesOf = (text: string) =>
  text.split('\n').filter((line) => /^(✅|⚠️|❌|➖) \*[^*]+\*: /.test(line));

it("says a request's checks once, in its message, each failed one with its fix", async () => {
  // web-2's other hosts: compute1 holds its anti-affinity partner, compute3 runs an older QEMU
  await slack.command('U_ALICE', '/drain', 'compute2');
  const drain = await topMessage('Drain d-');
  await waitFor(() => textOf(drain).includes('Blocked'), 'the drain blocked');
  await waitFor(() => slack.fake.threadOf(CHANNEL, drain.ts).length > 0, 'the plan in the thread');
  const said = drain.blocks.map((block) => textOf({ text: '', blocks: [block] })).join('\n');
  expect(said).toContain('what to do is under each');
  expect(said).toMatch(/❌ \*Room at every step\*: [^\n]*\n {3}➜ Free or add a host/);
  const plan = slack.fake.threadOf(CHANNEL, drain.ts).map(textOf).join('\n');
  // the plan in the thread says the steps, not the checks again
  expect(plan).toContain('Step 1');
  expect(checkLinesOf(plan)).toEqual([]);

  await slack.command('U_ALICE', '/migrate', 'web-2');
  const move = await topMessage('Migration request');
  await waitFor(() => textOf(move).includes('Blocked'), 'the move blocked');
  expect(textOf(move)).toContain('what to do is under each');
  expect(textOf(move)).toMatch(/❌ \*[^*]+\*: [^\n]*\n {3}➜ /);
  // nothing follows in its thread: no reply repeats its failed checks
  await slack.ferry.poster.drain();
  expect(slack.fake.threadOf(CHANNEL, move.ts).map(textOf).flatMap(checkLinesOf)).toEqual([]);
});
