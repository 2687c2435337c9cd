import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../src/chat/fake-slack.ts';
import { outboxClient } from '../../src/chat/outbox-client.ts';
import { SlackPoster } from '../../src/chat/poster.ts';
import { FakeClock } from '../../src/clock.ts';
import type { OutboxEntry } from '../../src/core/ports/outbox.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { silentLogger } from '../helpers/silent-logger.ts';
import { waitFor } from '../helpers/slack.ts';
import { canMount, type SmallDisk, smallDisk } from '../helpers/small-disk.ts';

/**
 * Issue 24 (operator trial): Slack refused a post for good while the lowdb file's disk could not be
 * written (a real tmpfs remounted read-only), so the refusal was written later, from the poster's
 * `unsettled` answers. It must then be logged and counted (ferry_slack_messages_refused_total) and
 * told to whoever asked to know, exactly once, as when it is written at once.
 */
describe.skipIf(!canMount)('a refusal Slack gave while the store could not write it', () => {
  let fake: FakeSlack;
  let disk: SmallDisk;
  let poster: SlackPoster | undefined;
  beforeEach(async () => {
    fake = new FakeSlack();
    await fake.start();
    disk = smallDisk();
  });
  afterEach(async () => {
    poster?.halt();
    await disk.writable();
    await fake.stop();
    disk.close();
  });

  it('is counted and told once the store writes it, and only once', async () => {
    const store = await LowdbStore.open(join(disk.dir, 'ferry.json'));
    const counted: OutboxEntry[] = [];
    const told: string[] = [];
    const sender = new SlackPoster({
      client: outboxClient({ botToken: 'xoxb-test', apiUrl: fake.apiUrl, logger: silentLogger }),
      store,
      clock: new FakeClock(),
      gapMs: 10,
      log: () => undefined,
      refused: (entry) => counted.push(entry),
    });
    poster = sender;
    let refused = false;
    fake.failWhen((method) => {
      if (method !== 'chat.postMessage' || refused) return undefined;
      refused = true;
      // the disk turns read-only while Slack answers: its no cannot be written now
      void disk.readOnly();
      return { error: 'channel_not_found' };
    });
    const ts = await sender.post(
      'C1',
      { text: 'nowhere to go', blocks: [] },
      { failed: (code) => told.push(code) },
    );
    expect(ts).toBeUndefined();
    expect((await store.pendingOutbox()).map((entry) => entry.text)).toEqual(['nowhere to go']);
    expect([counted.length, told]).toEqual([0, []]);

    await disk.writable();
    sender.kick();
    await waitFor(() => counted.length > 0, 'the refusal written and counted');
    expect(counted.map((entry) => [entry.text, entry.error])).toEqual([
      ['nowhere to go', 'channel_not_found'],
    ]);
    expect(told).toEqual(['channel_not_found']);
    expect(await store.pendingOutbox()).toEqual([]);
    // later rounds tell it no more
    sender.kick();
    await sender.post('C2', { text: 'next one', blocks: [] });
    expect([counted.length, told.length]).toEqual([1, 1]);
  });
});
