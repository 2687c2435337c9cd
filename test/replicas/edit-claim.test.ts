import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../src/chat/fake-slack.ts';
import { outboxClient } from '../../src/chat/outbox-client.ts';
import { SlackPoster } from '../../src/chat/poster.ts';
import { EDITS_PER_MINUTE } from '../../src/chat/slack-pace.ts';
import { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { hasPostgres, type RealPostgres, startPostgres } from '../helpers/postgres.ts';
import { silentLogger } from '../helpers/silent-logger.ts';
import { waitFor } from '../helpers/slack.ts';

// CI sets FERRY_REQUIRE_POSTGRES so that a missing PostgreSQL fails loudly instead of skipping.
if (process.env.FERRY_REQUIRE_POSTGRES && !hasPostgres)
  throw new Error(
    'FERRY_REQUIRE_POSTGRES is set but PostgreSQL is not installed (apt-get install postgresql)',
  );

/**
 * Two replicas' posters on one real PostgreSQL, time moved by the test. Replica A has spent the
 * minute's chat.update budget, so its next edit of a message waits up to a minute for its turn, far
 * longer than its 15 s claim. Replica B meanwhile writes a newer edit of the same message. Slack must
 * never be left showing the older one: A's claim is held while it waits (so B can neither send A's
 * edit nor the newer one before it), and the newer edit is the last Slack is given.
 */
describe.skipIf(!hasPostgres)('an edit waiting for the minute’s edit budget among replicas', () => {
  let postgres: RealPostgres;
  let fake: FakeSlack;
  const stores: PostgresStore[] = [];
  const posters: SlackPoster[] = [];

  beforeAll(async () => {
    postgres = await startPostgres();
    fake = new FakeSlack();
    await fake.start();
  }, 120_000);

  afterAll(async () => {
    for (const poster of posters) poster.halt();
    for (const store of stores) await store.close();
    await fake?.stop();
    await postgres?.stop();
  });

  const message = (text: string) => ({ text, blocks: [] });
  const pause = (ms = 40) => new Promise((resolve) => setTimeout(resolve, ms));
  const untilPending = async (store: PostgresStore, count: number, what: string) => {
    for (let tries = 0; (await store.pendingOutbox()).length !== count; tries++) {
      if (tries > 500) throw new Error(`timed out waiting for ${what}`);
      await pause(10);
    }
  };

  it('is held while it waits: the newer edit of the same message is never overtaken', async () => {
    const url = await postgres.freshDatabase();
    const clock = new ManualClock();
    const replica = async () => {
      const store = await PostgresStore.open(url);
      stores.push(store);
      const poster = new SlackPoster({
        client: outboxClient({ botToken: 'xoxb-test', apiUrl: fake.apiUrl, logger: silentLogger }),
        store,
        clock,
        gapMs: 0,
        log: () => undefined,
      });
      posters.push(poster);
      return { store, poster };
    };
    const a = await replica();
    const b = await replica();

    const ts = (await a.poster.post('C1', message('0 running'))) as string;
    // A spends the minute's budget on other messages (one a channel: no channel's gap to wait)
    for (let i = 0; i < EDITS_PER_MINUTE; i++) {
      const other = (await a.poster.post(`C-other-${i}`, message('queued'))) as string;
      await a.poster.update(`C-other-${i}`, other, message('running'));
    }
    const older = a.poster.update('C1', ts, message('1 running'));
    await waitFor(() => clock.sleeping > 0, 'A’s edit waiting for the budget');
    const newer = b.poster.update('C1', ts, message('2 running'));
    await untilPending(b.store, 2, 'both edits written');

    // past A's 15 s claim and the 10 s a replica leaves another's message to it, B looking every
    // second; then the minute ends, and A (whose turn it is) sends what waits, B's edit too
    for (let second = 1; second <= 70; second++) {
      clock.advance(1_000);
      await pause();
      if (second <= 20) b.poster.kick();
      await pause();
    }
    await untilPending(b.store, 0, 'both edits ended');
    // B's sweep looks again
    b.poster.kick();
    // each replica's caller is answered, whichever replica sent its edit
    const answered = await Promise.race([
      Promise.all([older, newer]).then(() => true),
      pause(10_000).then(() => false),
    ]);
    expect(answered, 'both callers answered').toBe(true);

    const edits = fake
      .callsOf('chat.update')
      .filter((call) => call.params.channel === 'C1')
      .map((call) => call.params.text);
    expect(fake.message('C1', ts)?.text).toBe('2 running');
    expect(edits.at(-1)).toBe('2 running');
    expect(edits.slice(edits.indexOf('2 running'))).toEqual(['2 running']);
  }, 120_000);
});
