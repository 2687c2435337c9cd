import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../src/chat/fake-slack.ts';
import { outboxClient } from '../../src/chat/outbox-client.ts';
import { SlackPoster } from '../../src/chat/poster.ts';
import { FakeClock } from '../../src/clock.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { silentLogger } from '../helpers/silent-logger.ts';
import { waitFor } from '../helpers/slack.ts';

/**
 * Issue 24 (operator trial): a message went back to an older state ("0 done · 0 running · 3 left"
 * after "2 running"), an older chat.update reaching Slack after a newer one. Slack must end with the
 * newest edit written, and an older edit still waiting is dropped, never sent after a newer one.
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

function poster(store: LowdbStore): SlackPoster {
  const made = new SlackPoster({
    client: outboxClient({ botToken: 'xoxb-test', apiUrl: fake.apiUrl, logger: silentLogger }),
    store,
    clock: new FakeClock(),
    gapMs: 10,
    log: () => undefined,
  });
  posters.push(made);
  return made;
}

const message = (text: string) => ({ text, blocks: [] });
const editsSent = () => fake.callsOf('chat.update').map((call) => call.params.text);

async function waitForPending(store: LowdbStore, count: number): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    if ((await store.pendingOutbox()).length === count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the outbox never held ${count} message(s)`);
}

describe('the edits of one message reach Slack in the order written', () => {
  it('drops an older edit Slack asked to retry (429) once a newer one waits behind it', async () => {
    const store = LowdbStore.memory();
    const sender = poster(store);
    const ts = (await sender.post('C1', message('0 done · 0 running · 3 left'))) as string;
    let newer: Promise<string | undefined> | undefined;
    fake.failWhen((method) => {
      if (method !== 'chat.update' || newer) return undefined;
      // written while the first edit is in flight: it cannot join it, so it waits behind it
      newer = sender.update('C1', ts, message('0 done · 2 running · 1 left'));
      return { status: 429, retryAfterSeconds: 1 };
    });
    await sender.update('C1', ts, message('0 done · 1 running · 2 left'));
    await newer;
    expect(editsSent()).toEqual(['0 done · 1 running · 2 left', '0 done · 2 running · 1 left']);
    expect(fake.message('C1', ts)?.text).toBe('0 done · 2 running · 1 left');
    expect(await store.pendingOutbox()).toEqual([]);
  });

  it('after a restart, sends the newest edit last: a new edit joins the newest waiting one, not an older one', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-edits-')), 'ferry.json');
    const firstStore = await LowdbStore.open(file);
    const first = poster(firstStore);
    const ts = (await first.post('C1', message('queued'))) as string;
    let taken = false;
    fake.failNext('chat.update', {
      lose: 'hold',
      performed: () => {
        taken = true;
      },
    });
    void first.update('C1', ts, message('queued 5%'));
    await waitFor(() => taken, 'Slack to take the first edit');
    void first.update('C1', ts, message('running 40%'));
    await waitForPending(firstStore, 2);
    // killed with both edits written: the first may be in Slack already, the second is not
    first.halt();

    const store = await LowdbStore.open(file);
    const second = poster(store);
    await second.update('C1', ts, message('running 60%'));
    await second.start();
    await waitForPending(store, 0);
    expect(editsSent()).toEqual(['queued 5%', 'running 60%']);
    expect(fake.message('C1', ts)?.text).toBe('running 60%');
  });
});
