import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../src/chat/fake-slack.ts';
import { outboxClient } from '../../src/chat/outbox-client.ts';
import { SlackPoster } from '../../src/chat/poster.ts';
import { ACTIONS, button, type Rendered, section } from '../../src/chat/render.ts';
import { outcomeMessage, progressPost } from '../../src/chat/run-view.ts';
import { systemClock } from '../../src/clock.ts';
import type { ProgressSnapshot, RunRecord } from '../../src/core/model/records.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { silentLogger } from '../helpers/silent-logger.ts';

const CHANNEL = 'C0PROGRESS';
const THREAD = '1700000000.000100';
const run = { id: 'r-0001', requestId: 'e-0001', serverName: 'web-1' } as RunRecord;

function progress(phase: ProgressSnapshot['phase'], percent: number): ProgressSnapshot {
  return {
    at: 0,
    phase,
    migrationStatus: null,
    percent,
    bytesRemaining: null,
    bytesTotal: null,
    rate: null,
    etaMs: null,
    elapsedMs: percent * 1_000,
  } as ProgressSnapshot;
}

const question: Rendered = {
  text: 'dr-01 is empty',
  blocks: [
    section('`dr-01` is empty: press *Host is back* once it is.'),
    { type: 'actions', elements: [button('Host is back', ACTIONS.abort, 'd-1:dr-01')] },
  ],
};

let fake: FakeSlack;
let store: LowdbStore;
const posters: SlackPoster[] = [];

function poster(): SlackPoster {
  const made = new SlackPoster({
    client: outboxClient({ botToken: 'xoxb-test', apiUrl: fake.apiUrl, logger: silentLogger }),
    store,
    clock: systemClock,
    gapMs: 1,
    log: () => undefined,
  });
  posters.push(made);
  return made;
}

beforeEach(async () => {
  fake = new FakeSlack();
  await fake.start();
  store = LowdbStore.memory();
});
afterEach(async () => {
  for (const made of posters.splice(0)) made.halt();
  await fake.stop();
});

/**
 * Writes `lines` while nothing is sent (a poster that halted: they wait in the outbox, as behind a
 * Slack outage), then lets a fresh poster send what waits: what Slack shows in the thread.
 */
async function shownAfterBacklog(lines: (Rendered | ProgressSnapshot)[]): Promise<string[]> {
  const writer = poster();
  writer.halt();
  for (const line of lines) {
    if ('blocks' in line) await writer.post(CHANNEL, line, { threadTs: THREAD });
    else {
      const { message, group } = progressPost(run, line);
      await writer.post(CHANNEL, message, { threadTs: THREAD, group });
    }
  }
  const sender = poster();
  await sender.start();
  const waiting = (await store.pendingOutbox()).length;
  const deadline = Date.now() + 5_000;
  while (fake.messages.length < waiting && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 10));
  await new Promise((resolve) => setTimeout(resolve, 50));
  return fake.messages.map((m) => JSON.stringify(m.blocks));
}

describe('progress lines waiting in the outbox (issue 24, Measured)', () => {
  it('a newer line of the same run and phase takes the place of one still waiting', async () => {
    const shown = await shownAfterBacklog([
      progress('running', 20),
      progress('running', 50),
      progress('running', 80),
    ]);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toContain('80%');
    expect(shown[0]).not.toContain('20%');
  });

  it('a new phase gets a line of its own, after what was said in between', async () => {
    const phase = { text: 'web-1: post-copy', blocks: [section('`web-1` → *post-copy*')] };
    const shown = await shownAfterBacklog([progress('running', 40), phase, progress('post-copy', 10)]);
    expect(shown).toHaveLength(3);
    expect(shown[0]).toContain('40%');
    expect(shown[1]).toContain('post-copy*');
    expect(shown[2]).toContain('10%');
  });

  it('never collapses away a question with buttons or an outcome between progress lines', async () => {
    const outcome = outcomeMessage(run, {
      kind: 'completed',
      message: 'web-1 is on cmp-2',
      host: 'cmp-2',
      durationMs: 61_000,
      forced: false,
    });
    const expected = [JSON.stringify(question.blocks), JSON.stringify(outcome.blocks)];
    const shown = await shownAfterBacklog([
      progress('running', 30),
      question,
      progress('running', 60),
      outcome,
      progress('running', 90),
    ]);
    expect(shown).toEqual([expect.stringContaining('90%'), ...expected]);
  });

  it('heads an end Ferry did not see as unknown, with no duration', () => {
    const unknown = outcomeMessage(run, {
      kind: 'unknown',
      message: 'Nova no longer has the record of migration m-1, so how it ended is unknown.',
      host: 'cmp-1',
      forced: false,
    });
    const head = JSON.stringify(unknown.blocks);
    expect(head).toContain('❓ *How it ended is unknown*');
    expect(head).not.toMatch(/Failed|❌| after /);
  });
});
