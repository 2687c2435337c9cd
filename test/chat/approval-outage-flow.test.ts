import { afterEach, beforeEach, expect, it } from 'vitest';
import { ACTIONS } from '../../src/chat/render.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import {
  buttonValue,
  CHANNEL,
  repliesOf,
  type SlackHarness,
  slackHarness,
  textOf,
  waitFor,
} from '../helpers/slack.ts';

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack.stop();
  await fx.close();
});

/**
 * Nova answers 503 to everything as on-call approves: the re-check before the start gets no answer.
 * The approval stands and the sweep re-checks it until Nova answers (what Ferry did all along, in
 * silence): the thread says so once, the request's message never stays "re-checking…", App Home lists
 * it, the log says it once however many sweeps try, and when Nova answers the thread says why it goes now.
 */
it("says once that an approved move's re-check got no answer, and why it starts once Nova answers", async () => {
  slack = await slackHarness(fx);
  const { fake, ferry } = slack;
  await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
  const parent = await waitFor(() => fake.messages.find((m) => !m.threadTs && !m.ephemeralTo), 'request');
  const thread = () =>
    fake
      .threadOf(CHANNEL, parent.ts)
      .flatMap(repliesOf)
      .map((reply) => reply.text);
  const parentText = () => textOf(fake.messages.find((m) => m.ts === parent.ts) ?? parent);
  await waitFor(() => thread().some((text) => text.startsWith('Waiting for approval')), 'its first reply');
  applyFault(fx.sandbox.cloud, { type: 'outage', seconds: 60, answer: 'error', status: 503 });

  await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
  const noAnswer = (text: string) => text.startsWith('⚠️ The re-check before the start got no answer');
  await waitFor(() => thread().some(noAnswer), 'the thread told');
  expect(thread().find(noAnswer)).toMatch(
    /Nova is not available right now \(503 Service Unavailable.*Nothing was started\. The approval stands: Ferry re-checks every few seconds/,
  );
  await waitFor(() => /got no answer from the cloud at/.test(parentText()), 'the message edited');
  expect(parentText()).not.toMatch(/re-checking/);
  // two times, each saying what it is: when on-call approved, when the re-check got no answer
  expect(parentText()).toMatch(
    /⏳ Approved by <@U_BOB> at \d\d:\d\d:\d\d UTC\. The re-check before the start got no answer from the cloud at \d\d:\d\d:\d\d UTC; Ferry starts the move once/,
  );
  // the thread said it to everyone: the approver gets no private answer that contradicts it
  expect(slack.privately('U_BOB')).not.toMatch(/can be sent again/);
  // what Ferry logged (Bolt's debug lines carry the posts' bodies)
  const told = () => slack.logged.filter((line) => line.level !== 'debug' && /approved move/.test(line.text));
  const home = JSON.stringify((await ferry.home.render('U_BOB')).blocks);
  expect(home).toMatch(/server-x.*approved; its re-check before the start waits for the cloud to answer/);

  // the sweep takes it up again while Nova is away: nothing more is said, nothing repeats in the log
  for (let sweep = 0; sweep < 5; sweep++) {
    await ferry.sweep();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await ferry.poster.drain();
  expect(thread().filter(noAnswer)).toHaveLength(1);
  const logged = told();
  expect(logged).toHaveLength(1);
  expect(logged[0]?.text).toMatch(/got no answer.*: compute GET .*503 Service Unavailable/s);
  expect(slack.store.runs()).toHaveLength(0);

  fx.clock.advance(61_000);
  // the sweep, as its timer runs it, until the approved move has its run
  for (let sweep = 0; sweep < 200 && slack.store.runs().length === 0; sweep++) {
    await ferry.sweep();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await waitFor(() => slack.store.runs()[0]?.state === 'done', 'the move done once Nova answers', 15_000);
  await waitFor(() => /Completed|completed/.test(thread().join('\n')), 'its end told');
  const lines = thread();
  const goes = lines.findIndex((text) =>
    /^▶️ The cloud answers again \(the re-check got no answer from [\d:]+ UTC\): every check passes, so the approved move starts now\./.test(
      text,
    ),
  );
  expect(goes).toBeGreaterThan(lines.findIndex(noAnswer));
  expect(told()).toHaveLength(1);
  expect(JSON.stringify((await ferry.home.render('U_BOB')).blocks)).not.toMatch(/waits for the cloud/);
}, 60_000);
