import { afterEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { outcomeText, runNoticeText } from '../../src/messages/runs.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { contradictionsWithNova } from '../helpers/consistency.ts';
import { harness } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * A move's start whose answer is lost: Nova carried it out (or not), Ferry did not hear. Ferry looks in
 * Nova before it says anything, and sends again only when Nova's records show nothing started.
 */

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

const parentOf = () =>
  waitFor(
    () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.includes('request')),
    'request message',
  );
const threadTexts = (parent: StoredMessage) => slack.fake.threadOf(CHANNEL, parent.ts).map(textOf);

/** /migrate server-x to compute2, approved by Bob; resolves with the request message */
async function migrateApproved(): Promise<StoredMessage> {
  await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
  const parent = await parentOf();
  await slack.press('U_BOB', parent.ts, ACTIONS.approve, slack.store.pendingRequests()[0]?.id as string);
  return parent;
}

const liveMigrationsOf = (name: string) => {
  const server = fx.sandbox.cloud.resolveServer(name);
  return fx.sandbox.cloud.actions.filter((a) => a.serverId === server.id && a.action === 'live-migration');
};

describe('a move whose start was not answered', () => {
  it('looks in Nova, finds the migration its lost answer started, and follows it to completion', async () => {
    // Ferry waits 1 s for an answer; Nova carries out os-migrateLive and answers 2.5 s later
    fx = await sandboxFixture({ timeoutMs: 1_000 });
    slack = await slackHarness(fx);
    applyFault(fx.sandbox.cloud, {
      type: 'lose-answer',
      method: 'POST',
      path: '/action',
      how: 'delay',
      ms: 1_000,
    });
    const parent = await migrateApproved();
    await waitFor(() => threadTexts(parent).some((text) => /Completed|Failed/.test(text)), 'outcome', 15_000);
    const texts = threadTexts(parent);
    const joined = texts.join('\n');
    expect(joined).toMatch(
      /Nova did not answer \(no answer within 1 s\), so whether the migration started is unknown until Nova's records say; checking whether it started/,
    );
    expect(joined).toMatch(/Nova did not answer, but its records show the migration started/);
    expect(joined).toMatch(/Completed\* after .*server-x now runs on compute2/);
    expect(joined).not.toMatch(/Failed/);
    // one request reached Nova: Ferry never sent the move a second time
    expect(liveMigrationsOf('server-x')).toHaveLength(1);
    expect(fx.sandbox.cloud.resolveServer('server-x').host).toBe('compute2');
    expect(contradictionsWithNova(slack.store.runs(), fx.sandbox.cloud, texts)).toEqual([]);
  });

  it('never sends again when the connection dropped after Nova carried the request out', async () => {
    fx = await sandboxFixture();
    slack = await slackHarness(fx);
    applyFault(fx.sandbox.cloud, { type: 'lose-answer', method: 'POST', path: '/action', how: 'drop' });
    const parent = await migrateApproved();
    await waitFor(() => threadTexts(parent).some((text) => /Completed|Failed/.test(text)), 'outcome', 15_000);
    const texts = threadTexts(parent);
    expect(texts.join('\n')).toMatch(/checking whether it started[\s\S]*Completed/);
    expect(liveMigrationsOf('server-x')).toHaveLength(1);
    expect(contradictionsWithNova(slack.store.runs(), fx.sandbox.cloud, texts)).toEqual([]);
  });

  it('sends again after Nova answered 503 and shows nothing started, and says how many tries it took', async () => {
    fx = await sandboxFixture();
    slack = await slackHarness(fx);
    applyFault(fx.sandbox.cloud, { type: 'api-error', status: 503, count: 2, path: '/action' });
    const parent = await migrateApproved();
    await waitFor(() => threadTexts(parent).some((text) => /Completed|Failed/.test(text)), 'outcome', 15_000);
    const texts = threadTexts(parent);
    const joined = texts.join('\n');
    expect(
      slack.fake.threadOf(CHANNEL, parent.ts).filter((m) => m.text.includes('checking whether it started')),
    ).toHaveLength(2);
    expect(joined).toMatch(/Nova accepted the migration on try 3/);
    expect(joined).toMatch(/Completed\*/);
    expect(liveMigrationsOf('server-x')).toHaveLength(1);
    expect(contradictionsWithNova(slack.store.runs(), fx.sandbox.cloud, texts)).toEqual([]);
  });

  it('says nothing started, with the tries, only once Nova has shown it for the whole window', async () => {
    fx = await sandboxFixture();
    slack = await slackHarness(fx, { runner: { startWindowMs: 3 * 60_000 } });
    applyFault(fx.sandbox.cloud, { type: 'api-error', status: 503, count: 1_000, path: '/action' });
    const parent = await migrateApproved();
    await waitFor(() => threadTexts(parent).some((text) => /Completed|Failed/.test(text)), 'outcome', 15_000);
    const run = slack.store.runs()[0];
    expect(run?.outcome?.kind).toBe('failed');
    expect(outcomeText(run?.outcome)).toMatch(
      /^Nova did not start the migration: [3-9] tries, none answered .*\(last: 503 Service Unavailable No server is available to handle this request\.\), and Nova shows no migration of server-x since\. Nothing was started/,
    );
    expect(liveMigrationsOf('server-x')).toHaveLength(0);
    expect(fx.sandbox.cloud.resolveServer('server-x').host).toBe('compute1');
  });
});

describe('a move that should start while Nova is out', () => {
  it('keeps trying within the window and starts it once Nova is back', async () => {
    fx = await sandboxFixture();
    const h = harness(fx);
    const requestId = await h.approved({ server: 'server-x', destination: 'compute2' });
    // approved and re-checked; then Nova answers 503 to everything for 20 s
    applyFault(fx.sandbox.cloud, { type: 'outage', seconds: 20, answer: 'error', status: 503 });
    const run = await h.runner.start(requestId);
    await h.runner.idle();
    expect(h.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'completed', host: 'compute2' });
    const notes = h.events.flatMap((e) => (e.kind === 'run.notice' ? [runNoticeText(e)] : []));
    expect(notes.at(-1)).toMatch(/^Nova accepted the migration on try [2-9]$/);
    expect(liveMigrationsOf('server-x')).toHaveLength(1);
    expect(contradictionsWithNova(h.store.runs(), fx.sandbox.cloud, notes)).toEqual([]);
  });
});
