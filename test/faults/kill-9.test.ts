import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../src/chat/fake-slack.ts';
import { outboxClient, SlackPoster } from '../../src/chat/poster.ts';
import { systemClock } from '../../src/clock.ts';
import { Store } from '../../src/store/store.ts';
import { waitFor } from '../helpers/slack.ts';

let child: ChildProcess | undefined;
const fake = new FakeSlack();
afterEach(async () => {
  child?.kill('SIGKILL');
  await fake.stop();
});

const silent = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => 'error' as never,
  setName() {},
};

describe('kill -9 with Slack posts written and not sent (issue 24, item 5)', () => {
  it('sends them, in order, from the next process on the same lowdb file', { timeout: 30_000 }, async () => {
    await fake.start();
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-kill-')), 'ferry.json');
    // Slack answers 503 to everything while the first process runs
    fake.failWhen(() => ({ status: 503 }));
    child = spawn(
      process.execPath,
      ['--import', 'tsx', new URL('./poster-child.ts', import.meta.url).pathname],
      {
        env: { ...process.env, FERRY_DB: file, SLACK_API_URL: fake.apiUrl },
        stdio: 'ignore',
      },
    );
    const written = () => {
      try {
        const data = JSON.parse(readFileSync(file, 'utf8')) as { outbox?: { state: string }[] };
        return (data.outbox ?? []).filter((entry) => entry.state === 'pending').length;
      } catch {
        return 0;
      }
    };
    await waitFor(() => written() === 5 && fake.calls.length > 0, 'five messages written', 20_000);
    child.kill('SIGKILL');
    await new Promise((resolve) => child?.once('exit', resolve));
    expect(fake.messages).toHaveLength(0);

    fake.failWhen(undefined);
    const poster = new SlackPoster({
      client: outboxClient({ botToken: 'xoxb-next', apiUrl: fake.apiUrl, logger: silent }),
      store: await Store.open(file),
      clock: systemClock,
      gapMs: 10,
      log: () => undefined,
    });
    await poster.start();
    await waitFor(() => fake.messages.length === 5, 'the five messages', 10_000);
    expect(fake.messages.map((m) => m.text)).toEqual([1, 2, 3, 4, 5].map((i) => `message ${i}`));
    poster.halt();
  });
});
