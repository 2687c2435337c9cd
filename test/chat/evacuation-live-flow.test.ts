import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVACUATION_ACTIONS } from '../../src/chat/evacuation-view.ts';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { addRoomyHosts, type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * What an operator trial of main found an evacuation's live message saying wrong, through the Slack
 * listeners: an ETA shorter than its own running move's, an aborted move dropped from the counts and
 * a stopped evacuation said "finished", and moves Nova queues counted as running.
 */

let fx: SandboxFixture;
let slack: SlackHarness | undefined;
beforeEach(async () => {
  fx = await sandboxFixture();
  addRoomyHosts(fx, 'live-src', 'live-dst');
});
afterEach(async () => {
  await slack?.stop();
  slack = undefined;
  await fx.close();
});

function seed(name: string, flavor = 'm1.small') {
  return fx.sandbox.cloud.addServer({
    name,
    host: 'live-src',
    flavor,
    project: 'web',
    user: 'admin',
    sharedStorage: true,
  });
}

/** Asks to evacuate live-src and approves it; `seen` hears every message and thread post it makes. */
async function evacuate(harness: SlackHarness, args: string, seen: (message: StoredMessage) => void) {
  harness.fake.on('event', (event: { message: StoredMessage }) => seen(event.message));
  await harness.command('U_ALICE', '/evacuate', `live-src ${args}`);
  const parent = await waitFor(
    () => harness.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation')),
    'evacuation message',
  );
  await harness.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
  return parent;
}

const threadText = (harness: SlackHarness, parent: StoredMessage) =>
  harness.fake.threadOf(CHANNEL, parent.ts).map(textOf).join('\n');

const report = (harness: SlackHarness, parent: StoredMessage) =>
  waitFor(() => threadText(harness, parent).includes('Evacuation report'), 'report', 30_000);

/** "1h 02m", "1m 45s", "55s" in ms */
function durationOf(text: string): number {
  const [, h, m, s] = /(?:(\d+)h )?(?:(\d+)m ?)?(?:(\d+)s)?$/.exec(text) ?? [];
  return ((Number(h ?? 0) * 60 + Number(m ?? 0)) * 60 + Number(s ?? 0)) * 1000;
}

const parentOf = (message: StoredMessage) => !message.threadTs && message.text.startsWith('Evacuation');

describe("an evacuation's live message through Slack", () => {
  it("never says an ETA shorter than its running move's own, with more to move after it", async () => {
    // eta-1, the largest, moves first; eta-2's guest dirties its memory nearly as fast as it is sent:
    // the mean of the ended moves says far too little of it
    seed('eta-1', 'm1.large');
    for (const name of ['eta-2', 'eta-3']) seed(name);
    fx.sandbox.cloud.resolveServer('eta-2').dirtyRatio = 0.95;
    slack = await slackHarness(fx, { progressIntervalMs: 1 });
    let moveEta: number | null = null;
    const pairs: [number, number][] = [];
    const parent = await evacuate(slack, 'to live-dst --concurrency 1', (message) => {
      const text = textOf(message);
      const eta = / ETA ((?:\d+h )?(?:\d+m )?\d+[sm])/.exec(text)?.[1];
      if (message.threadTs && text.includes('eta-2')) moveEta = eta ? durationOf(eta) : null;
      else if (parentOf(message) && eta && /1 done · 1 running/.test(text) && moveEta !== null)
        pairs.push([durationOf(eta), moveEta]);
    });
    await report(slack, parent);
    expect(pairs.length).toBeGreaterThan(0);
    // eta-3 still waits after eta-2: the evacuation's ETA is at least what eta-2 has left
    for (const [evacuation, move] of pairs) expect(evacuation).toBeGreaterThanOrEqual(move);
  });

  it('counts an aborted move in its live line, as its report does', async () => {
    for (const name of ['ab-1', 'ab-2', 'ab-3']) seed(name);
    applyFault(fx.sandbox.cloud, { type: 'stall', server: 'ab-1' });
    slack = await slackHarness(fx);
    const shown: string[] = [];
    const parent = await evacuate(slack, 'to live-dst --concurrency 1', (message) => {
      if (parentOf(message)) shown.push(textOf(message));
    });
    const stalled = await waitFor(
      () => slack?.fake.threadOf(CHANNEL, parent.ts).find((m) => m.text === 'ab-1 is not converging'),
      'its stall in the thread',
      15_000,
    );
    await slack.press('U_BOB', stalled.ts, ACTIONS.abort, buttonValue(stalled, ACTIONS.abort));
    await report(slack, parent);
    expect(threadText(slack, parent)).toMatch(/2 moved, 0 failed, 1 aborted/);
    // three servers, three counted while the others move: the abort among them
    expect(shown.some((text) => /0 done · 1 running · 0 failed · 1 aborted · 1 left/.test(text))).toBe(true);
    expect(shown.some((text) => /0 moved, 1 running, 0 failed, 1 aborted, 1 left/.test(text))).toBe(true);
  });

  it('ends a stopped evacuation\'s message as its report does: "stopped by", not "finished"', async () => {
    for (const name of ['st-1', 'st-2']) seed(name);
    applyFault(fx.sandbox.cloud, { type: 'stall', server: 'st-1' });
    slack = await slackHarness(fx);
    const parent = await evacuate(slack, 'to live-dst --concurrency 1', () => undefined);
    await waitFor(
      () => /st-1 is not converging/.test(threadText(slack as SlackHarness, parent)),
      'its stall in the thread',
      15_000,
    );
    const evacuationId = slack.store.evacuations()[0]?.id as string;
    await slack.press('U_BOB', parent.ts, EVACUATION_ACTIONS.abort, evacuationId);
    await report(slack, parent);
    expect(threadText(slack, parent)).toContain('stopped by <@U_BOB>');
    // the message is refreshed once the evacuation has ended
    const now = await waitFor(() => {
      const text = textOf(slack?.fake.message(CHANNEL, parent.ts) as StoredMessage);
      return text.includes('Stopping') ? undefined : text;
    }, 'its end line');
    expect(now).toMatch(/⏹️ \*Evacuation stopped\* by <@U_BOB>: 0 moved, 0 failed, 1 aborted, 1 not moved/);
    expect(now).not.toContain('finished');
  });

  it('says a move Nova queues behind max_concurrent_live_migrations apart from the running ones', async () => {
    // the source runs one live migration at once (Nova's default): the second waits queued
    for (const name of ['qu-1', 'qu-2']) seed(name).consoleFrozenAt = 0;
    slack = await slackHarness(fx, { progressIntervalMs: 1 });
    const shown: string[] = [];
    const parent = await evacuate(slack, '--concurrency 2', (message) => {
      if (parentOf(message)) shown.push(textOf(message));
    });
    await report(slack, parent);
    expect(shown.some((text) => /0 done · 1 running · 1 queued by Nova/.test(text))).toBe(true);
    expect(shown.some((text) => /0 moved, 1 running, 1 queued by Nova/.test(text))).toBe(true);
    // every live move passes through Nova's `queued`: only the one behind the other waits for a slot
    const thread = threadText(slack, parent);
    const waiting = thread.match(/`qu-\d` is queued by Nova: it waits for a free live-migration slot/g) ?? [];
    expect(waiting).toHaveLength(1);
  });
});
