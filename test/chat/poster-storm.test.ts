import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../src/chat/fake-slack.ts';
import { outboxClient } from '../../src/chat/outbox-client.ts';
import { SlackPoster } from '../../src/chat/poster.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { silentLogger } from '../helpers/silent-logger.ts';
import { waitFor } from '../helpers/slack.ts';

/**
 * Issue 24, measured: after a Slack fault storm the backlog should go out at Slack's pace, with none
 * of Ferry's own waste on top (bench/outbox.ts measures it). Time moves only when the test says.
 */

let fake: FakeSlack;
let clock: ManualClock;
let poster: SlackPoster;
let store: LowdbStore;
beforeEach(async () => {
  fake = new FakeSlack();
  await fake.start();
  clock = new ManualClock();
  store = LowdbStore.memory();
  poster = new SlackPoster({
    client: outboxClient({ botToken: 'xoxb-test', apiUrl: fake.apiUrl, logger: silentLogger }),
    store,
    clock,
    gapMs: 1_000,
    log: () => undefined,
  });
});
afterEach(async () => {
  poster.halt();
  await fake.stop();
});

const message = (text: string) => ({ text, blocks: [] });

describe('the poster after a fault storm', () => {
  it('does not send an edit that a newer edit of the same message superseded while it waited its turn', async () => {
    const ts = (await poster.post('C1', message('0 of 3 moved'))) as string;
    await poster.update('C1', ts, message('1 of 3 moved'));
    // the next edit waits out the channel's edit gap, claimed (so the newer one cannot merge into it)
    const second = poster.update('C1', ts, message('2 of 3 moved'));
    await waitFor(() => clock.sleeping > 0, 'the second edit to wait for its turn');
    const third = poster.update('C1', ts, message('3 of 3 moved'));
    while ((await store.pendingOutbox()).length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    clock.advance(1_000);
    await waitFor(() => fake.callsOf('chat.update').length >= 2, 'an edit after the wait');
    // time for one more edit, were one still to go
    clock.advance(1_000);
    await Promise.all([second, third]);
    expect(fake.callsOf('chat.update').map((call) => call.params.text)).toEqual([
      '1 of 3 moved',
      '3 of 3 moved',
    ]);
    expect(fake.messages.find((m) => m.ts === ts)?.text).toBe('3 of 3 moved');
  });

  it('sends a message waiting out its backoff as soon as Slack takes a call again, not when the backoff ends', async () => {
    // three 5xx in a row: channel C1's post then waits 4 s before its fourth try
    fake.failNext('chat.postMessage', { status: 503 }, 3);
    const first = poster.post('C1', message('waited out the storm'));
    for (const tries of [1, 2, 3]) {
      await waitFor(() => fake.callsOf('chat.postMessage').length === tries, `try ${tries}`);
      await waitFor(() => clock.sleeping > 0, `the wait after try ${tries}`);
      if (tries < 3) clock.advance(1_000 * 2 ** (tries - 1));
    }
    // the storm is over: another channel's post is taken, so C1's need not wait out the 4 s
    await poster.post('C2', message('the storm is over'));
    // no time passes: it goes at once
    await waitFor(() => fake.messages.length === 2, 'the post that waited out the storm', 2_000);
    expect(await first).toBeTruthy();
    expect(fake.messages.map((m) => m.text)).toEqual(['the storm is over', 'waited out the storm']);
  });
});
