import { afterEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { formatDuration } from '../../src/messages/units.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { contradictionsWithNova } from '../helpers/consistency.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/** Nova out for a few seconds mid-migration: said once, said back once, not counted in the duration. */

let fx: SandboxFixture;
let slack: SlackHarness;
/** a test without Slack leaves the previous test's harness here: stop each once */
const stopped = new WeakSet<SlackHarness>();
afterEach(async () => {
  if (slack && !stopped.has(slack)) {
    stopped.add(slack);
    await slack.stop();
  }
  await fx?.close();
});

async function migrateThroughOutage(outage: {
  answer: 'error' | 'late';
  seconds: number;
}): Promise<{ posts: StoredMessage[]; texts: string[] }> {
  slack = await slackHarness(fx);
  await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
  const parent = await waitFor(
    () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.includes('request')),
    'request message',
  );
  await slack.press('U_BOB', parent.ts, ACTIONS.approve, slack.store.pendingRequests()[0]?.id as string);
  await waitFor(() => slack.store.runs()[0]?.state === 'running', 'running', 15_000);
  // late answers come well after Ferry stops waiting (1 s), however loaded the machine
  applyFault(fx.sandbox.cloud, { type: 'outage', ...outage, lateMs: 2_000 });
  const posts = () => slack.fake.threadOf(CHANNEL, parent.ts);
  await waitFor(() => posts().some((m) => /Completed|Failed/.test(textOf(m))), 'outcome', 60_000);
  return { posts: posts(), texts: posts().map(textOf) };
}

/** the outage as it was: a 503 is Nova answering that it is not available, no answer is out of reach */
/**
 * An approved evacuation of compute1, `concurrency` moves at a time, and a 503 outage of `seconds`
 * begun at the first event after which `when` holds.
 */
async function evacuationWithOutage(concurrency: number, seconds: number, when: () => boolean) {
  fx = await sandboxFixture();
  slack = await slackHarness(fx);
  await slack.command('U_ALICE', '/evacuate', `compute1 --concurrency ${concurrency}`);
  const parent = await waitFor(
    () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation')),
    'the evacuation',
  );
  await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
  let injected = false;
  slack.ferry.events.subscribe(() => {
    if (injected || !when()) return;
    injected = true;
    applyFault(fx.sandbox.cloud, { type: 'outage', seconds, answer: 'error', status: 503 });
  });
  return { parent, injected: () => injected };
}

const OUTAGE_LINE = {
  error: /Nova is not available since \d\d:\d\d:\d\d UTC \(it answers 503\); still watching/,
  late: /Cannot reach Nova since \d\d:\d\d:\d\d UTC; still watching/,
};

function expectOutageSaidOnceEach(posts: StoredMessage[], answer: keyof typeof OUTAGE_LINE): void {
  const lost = posts.filter((m) => OUTAGE_LINE[answer].test(m.text));
  const back = posts.filter((m) =>
    /Nova answers again \(failing since \d\d:\d\d:\d\d UTC, for .*\); still watching/.test(m.text),
  );
  expect(lost).toHaveLength(1);
  expect(back).toHaveLength(1);
  expect(posts.indexOf(lost[0] as StoredMessage)).toBeLessThan(posts.indexOf(back[0] as StoredMessage));
}

/** the outcome's duration is Nova's: its record's created_at → updated_at */
function expectNovaDuration(texts: string[]): void {
  const record = fx.sandbox.cloud.migrations[0];
  if (!record) throw new Error('no migration record');
  const took = formatDuration(record.updatedAt - record.createdAt);
  expect(texts.join('\n')).toContain(`Completed* after ${took}:`);
}

describe('a Nova outage mid-migration', () => {
  it('says once that Nova is not available (503s), once that it is back, and counts by Nova', async () => {
    fx = await sandboxFixture();
    const { posts, texts } = await migrateThroughOutage({ answer: 'error', seconds: 10 });
    expectOutageSaidOnceEach(posts, 'error');
    expectNovaDuration(texts);
    expect(contradictionsWithNova(slack.store.runs(), fx.sandbox.cloud, texts)).toEqual([]);
  });

  // the trial: "✅ Completed after 30s" and then "Nova answers again …; still watching" of the same move
  it('says Nova answers again before the outcome when the move ended during the outage', async () => {
    fx = await sandboxFixture();
    const { texts } = await migrateThroughOutage({ answer: 'error', seconds: 900 });
    const outcome = texts.findIndex((text) => /Completed|Failed/.test(text));
    const back = texts.findIndex((text) => text.includes('Nova answers again'));
    expect(back).toBeGreaterThanOrEqual(0);
    expect(back).toBeLessThan(outcome);
  }, 90_000);

  it('says the same when Nova answers past the timeout for a while', async () => {
    fx = await sandboxFixture({ timeoutMs: 1_000 });
    const { posts, texts } = await migrateThroughOutage({ answer: 'late', seconds: 15 });
    expectOutageSaidOnceEach(posts, 'late');
    expectNovaDuration(texts);
    expect(contradictionsWithNova(slack.store.runs(), fx.sandbox.cloud, texts)).toEqual([]);
  }, 90_000);
});

/**
 * App Home and /migrations listed a move as plain "running" while its thread said Nova was not
 * available (operator trial). They show what the thread was told, while it lasts, and no longer once
 * Nova answers.
 */
describe('the lists during a Nova outage', () => {
  it('show a running move as waiting for Nova while its thread says Nova is not available', async () => {
    fx = await sandboxFixture();
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    const parent = await waitFor(
      () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.includes('request')),
      'request message',
    );
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, slack.store.pendingRequests()[0]?.id as string);
    await waitFor(() => slack.store.runs()[0]?.state === 'running', 'running', 15_000);
    applyFault(fx.sandbox.cloud, { type: 'outage', seconds: 3_600, answer: 'error', status: 503 });
    const thread = () => slack.fake.threadOf(CHANNEL, parent.ts).map(textOf);
    await waitFor(() => thread().some((text) => OUTAGE_LINE.error.test(text)), 'the outage told', 15_000);
    const said = /Nova is not available since (\d\d:\d\d:\d\d) UTC/.exec(thread().join('\n'))?.[1];
    const runId = slack.store.runs()[0]?.id as string;
    // the same outage as the thread's, to the second
    const listed = new RegExp(
      `\`${runId}\` \`server-x\` .* · \\*running\\*.* · Nova not available since ${said} UTC \\(it answers 503\\)`,
    );
    const home = async () => JSON.stringify((await slack.ferry.home.render('U_BOB')).blocks);
    expect(await home()).toMatch(listed);
    const listsFor = (user: string) => async () => {
      const before = slack.fake.messages.filter((m) => m.ephemeralTo === user).length;
      await slack.command(user, '/migrations', '');
      const answer = await waitFor(
        () => slack.fake.messages.filter((m) => m.ephemeralTo === user)[before],
        '/migrations answered',
      );
      return textOf(answer);
    };
    expect(await listsFor('U_ALICE')()).toMatch(listed);
    await slack.command('U_ALICE', '/migrations', runId);
    await waitFor(
      () => slack.fake.messages.some((m) => m.ephemeralTo === 'U_ALICE' && listed.test(textOf(m))),
      '/migrations <id>',
    );

    applyFault(fx.sandbox.cloud, { type: 'clear' });
    await waitFor(
      () => thread().some((text) => text.includes('Nova answers again')),
      'Nova back told',
      15_000,
    );
    expect(await home()).not.toMatch(/Nova not available/);
    expect(await listsFor('U_CAROL')()).not.toMatch(/Nova not available/);
  }, 60_000);
});

/**
 * Every move of an evacuation said the same outage on its own line in the evacuation's thread, then
 * each said "answers again" (operator trial). One line says it for the evacuation, naming how many of
 * its moves are watched, and one line says Nova is back.
 */
describe('a Nova outage while an evacuation runs several moves', () => {
  it("says the outage once in the evacuation's thread, and its end once", async () => {
    // Nova goes as soon as two of its moves are under way at once
    const { parent, injected } = await evacuationWithOutage(
      3,
      20,
      () => slack.store.activeRuns().length >= 2,
    );
    await waitFor(
      () => slack.store.evacuations()[0]?.evacuation.phase === 'done' || undefined,
      'the evacuation done',
      60_000,
    );
    await slack.ferry.poster.drain();
    expect(injected()).toBe(true);
    // each post once, by its text (its blocks say it again)
    const thread = slack.fake.threadOf(CHANNEL, parent.ts).map((m) => m.text);
    const out = thread.filter((text) => /Nova is not available since/.test(text));
    const back = thread.filter((text) => /Nova answers again/.test(text));
    expect(out).toEqual([
      expect.stringMatching(
        /^Nova is not available since \d\d:\d\d:\d\d UTC \(it answers 503\); still watching the [2-9] moves under way$/,
      ),
    ]);
    expect(back).toEqual([
      expect.stringMatching(
        /^Nova answers again \(failing since \d\d:\d\d:\d\d UTC, for .*\); still watching the (\d moves|move) under way$/,
      ),
    ]);
    expect(thread.indexOf(out[0] as string)).toBeLessThan(thread.indexOf(back[0] as string));
  }, 90_000);
});

/**
 * App Home and /migrations e-… showed an evacuation as running with its ETA from before the outage
 * through two minutes of 503s (operator trial), while its thread said Nova was not available. They
 * show the outage its thread was told of, with no ETA, while it lasts, and no longer once Nova answers.
 */
describe("an evacuation's lines during a Nova outage", () => {
  it('say Nova is not available, with no ETA, while its thread says so', async () => {
    // Nova goes once a move has ended (so there is an ETA to go stale) while another is under way
    const { parent } = await evacuationWithOutage(2, 3_600, () => {
      const items = slack.store.evacuations()[0]?.evacuation.items ?? [];
      return items.some((item) => item.outcome) && slack.store.activeRuns().length > 0;
    });
    const thread = () => slack.fake.threadOf(CHANNEL, parent.ts).map((m) => m.text);
    await waitFor(() => thread().some((text) => OUTAGE_LINE.error.test(text)), 'the outage told', 60_000);
    const said = /Nova is not available since (\d\d:\d\d:\d\d) UTC/.exec(thread().join('\n'))?.[1];
    const evacuation = slack.store.evacuations()[0];
    if (!evacuation) throw new Error('no evacuation');
    const outage = `Nova not available since ${said} UTC \\(it answers 503\\)`;
    const home = async () =>
      ((await slack.ferry.home.render('U_BOB')).blocks as { text?: { text: string } }[])
        .map((block) => block.text?.text ?? '')
        .find((text) => text.startsWith(`\`${evacuation.id}\` \`compute1\` 🚚 *Evacuating*`)) ?? '';
    // the line a done move gave an ETA: the outage in its place
    expect(await home()).toMatch(new RegExp(` · ${outage}$`));
    expect(await home()).not.toContain('ETA');
    const shown = async (user: string) => {
      const before = slack.fake.messages.filter((m) => m.ephemeralTo === user).length;
      await slack.command(user, '/migrations', evacuation.id);
      return textOf(
        await waitFor(
          () => slack.fake.messages.filter((m) => m.ephemeralTo === user)[before],
          '/migrations e-… answered',
        ),
      );
    };
    expect(await shown('U_ALICE')).toMatch(
      new RegExp(`Evacuation\\* \`${evacuation.id}\` of \`compute1\`: running · ${outage} · \\d+ moved`),
    );

    applyFault(fx.sandbox.cloud, { type: 'clear' });
    await waitFor(
      () => thread().some((text) => text.includes('Nova answers again')),
      'Nova back told',
      15_000,
    );
    expect(await home()).not.toMatch(/Nova not available/);
    expect(await shown('U_CAROL')).not.toMatch(/Nova not available/);
  }, 90_000);
});
