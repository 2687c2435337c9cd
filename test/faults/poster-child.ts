import { outboxClient } from '../../src/chat/outbox-client.ts';
import { SlackPoster } from '../../src/chat/poster.ts';
import { systemClock } from '../../src/clock.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { silentLogger } from '../helpers/silent-logger.ts';

/**
 * A Ferry poster in a process of its own, on a lowdb file, told to post five messages while Slack
 * fails: the kill -9 test (kill-9.test.ts) kills it with the messages written and not sent.
 */
const store = await LowdbStore.open(process.env.FERRY_DB as string);
const poster = new SlackPoster({
  client: outboxClient({
    botToken: 'xoxb-child',
    apiUrl: process.env.SLACK_API_URL as string,
    logger: silentLogger,
  }),
  store,
  clock: systemClock,
  gapMs: 1_000,
  log: () => undefined,
});
await poster.start();
for (let i = 1; i <= 5; i++) void poster.post('C0KILL', { text: `message ${i}`, blocks: [] });
// killed before it ends
setInterval(() => undefined, 1_000);
