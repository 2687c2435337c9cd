import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../src/chat/fake-slack.ts';
import { outboxClient } from '../../src/chat/outbox-client.ts';
import { SlackPoster } from '../../src/chat/poster.ts';
import { POST_EVENT_TYPE } from '../../src/chat/slack-lookup.ts';
import { FakeClock } from '../../src/clock.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { silentLogger } from '../helpers/silent-logger.ts';
import { waitFor } from '../helpers/slack.ts';

/**
 * Issue 24: Slack took a post and its answer never reached the outbox (Ferry killed before writing it
 * sent, or the answer lost on the way). chat.postMessage has no idempotency key: the next try must find
 * the post in Slack by the outbox ID in its metadata instead of posting it twice.
 */

let fake: FakeSlack;
const posters: SlackPoster[] = [];
beforeEach(async () => {
  fake = new FakeSlack();
  await fake.start();
});
afterEach(async () => {
  for (const poster of posters.splice(0)) poster.halt();
  await fake.stop();
});

function poster(store: LowdbStore, extra: Partial<ConstructorParameters<typeof SlackPoster>[0]> = {}) {
  const made = new SlackPoster({
    client: outboxClient({ botToken: 'xoxb-test', apiUrl: fake.apiUrl, logger: silentLogger }),
    store,
    clock: new FakeClock(),
    gapMs: 10,
    log: () => undefined,
    ...extra,
  });
  posters.push(made);
  return made;
}

const message = (text: string) => ({ text, blocks: [] });
const inChannel = (channel: string) => fake.messages.filter((m) => m.channel === channel);

/** Waits until nothing is left to send. */
async function settled(store: LowdbStore): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    if ((await store.pendingOutbox()).length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the outbox never emptied');
}

/** Ferry killed as Slack takes the post: its answer never comes, nothing more is written. */
async function killedAsSlackTakes(file: string, send: (poster: SlackPoster) => void): Promise<void> {
  const first = poster(await LowdbStore.open(file));
  let killed = false;
  fake.failNext('chat.postMessage', {
    lose: 'hold',
    performed: () => {
      first.halt();
      killed = true;
    },
  });
  send(first);
  await waitFor(() => killed, 'Slack to take the post');
}

describe('a post whose answer was lost is looked for in Slack before it is sent again', () => {
  it('finds a top-level post taken before a kill, by the ID in its metadata, and remembers its ts', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-lookup-')), 'ferry.json');
    await killedAsSlackTakes(file, (first) => {
      void first.post('C1', message('Migration request'), { remember: { subject: 'r-1', field: 'ts' } });
    });
    const posted = inChannel('C1');
    expect(posted.map((m) => [m.text, m.metadata?.event_type])).toEqual([
      ['Migration request', POST_EVENT_TYPE],
    ]);

    const store = await LowdbStore.open(file);
    await poster(store).start();
    await settled(store);
    // posted once, and the thread goes on under it
    expect(inChannel('C1').map((m) => m.ts)).toEqual([posted[0]?.ts]);
    expect(store.placeOf('r-1')?.ts).toBe(posted[0]?.ts);
    expect(fake.callsOf('conversations.history')).toHaveLength(1);
    expect(fake.callsOf('conversations.history')[0]?.params.include_all_metadata).toBe(true);
  });

  it('finds a thread reply taken before a kill in the thread (conversations.replies)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-lookup-')), 'ferry.json');
    const root = await poster(LowdbStore.memory()).post('C2', message('Evacuation of compute3'));
    await killedAsSlackTakes(file, (first) => {
      void first.post('C2', message('compute3 is empty'), { threadTs: root });
    });
    const store = await LowdbStore.open(file);
    await poster(store).start();
    await settled(store);
    expect(fake.threadOf('C2', root as string).map((m) => m.text)).toEqual(['compute3 is empty']);
    expect(fake.callsOf('conversations.replies')).toHaveLength(1);
    expect(fake.callsOf('conversations.history')).toHaveLength(0);
  });

  it('finds a post whose answer was cut on the way, and answers its ts to whoever waits for it', async () => {
    const store = LowdbStore.memory();
    fake.failNext('chat.postMessage', { lose: 'cut' });
    const ts = await poster(store).post('C3', message('compute2 is empty'));
    expect(inChannel('C3').map((m) => m.ts)).toEqual([ts]);
  });

  it('waits out a 5xx of the lookup as any call, then finds the post', async () => {
    const store = LowdbStore.memory();
    fake.failNext('chat.postMessage', { lose: 'cut' });
    fake.failNext('conversations.history', { status: 503, error: 'service_unavailable' });
    const ts = await poster(store).post('C4', message('Drain report'));
    expect(inChannel('C4').map((m) => m.ts)).toEqual([ts]);
    expect(fake.callsOf('conversations.history')).toHaveLength(2);
  });

  it('posts again when Slack will not show the channel (missing_scope), saying so, counted and logged', async () => {
    const store = LowdbStore.memory();
    const refused: string[] = [];
    const logged: string[] = [];
    fake.failNext('chat.postMessage', { lose: 'cut' });
    fake.failNext('conversations.history', { error: 'missing_scope' });
    const ts = await poster(store, {
      lookupRefused: (method, error) => refused.push(`${method} ${error}`),
      log: (line) => logged.push(line),
    }).post('C5', message('compute3 is empty'));
    // never dropped: it may carry a button someone must press; the copy says it may be a repeat
    const posted = inChannel('C5');
    expect(posted).toHaveLength(2);
    expect(posted[1]?.ts).toBe(ts);
    expect(JSON.stringify(posted[1]?.blocks)).toContain('may appear twice');
    expect(JSON.stringify(posted[1]?.blocks)).toContain('missing_scope');
    expect(refused).toEqual(['conversations.history missing_scope']);
    expect(logged.some((line) => line.includes('missing_scope'))).toBe(true);
  });

  it('does not look after a 429 (Slack surely did not post), nor for an edit', async () => {
    const store = LowdbStore.memory();
    fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    const sender = poster(store);
    const ts = (await sender.post('C6', message('one'))) as string;
    fake.failNext('chat.update', { status: 503, error: 'service_unavailable' });
    await sender.update('C6', ts, message('one, edited'));
    expect(inChannel('C6').map((m) => m.text)).toEqual(['one, edited']);
    expect(fake.callsOf('conversations.history')).toHaveLength(0);
  });
});
