import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../src/chat/fake-slack.ts';
import { outboxClient } from '../../src/chat/outbox-client.ts';
import { SlackPoster } from '../../src/chat/poster.ts';
import { systemClock } from '../../src/clock.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { sandboxFixture } from '../helpers/sandbox.ts';
import { silentLogger } from '../helpers/silent-logger.ts';
import { slackHarness, waitFor } from '../helpers/slack.ts';

let child: ChildProcess | undefined;
const fake = new FakeSlack();
afterEach(async () => {
  child?.kill('SIGKILL');
  await fake.stop();
});

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
      client: outboxClient({ botToken: 'xoxb-next', apiUrl: fake.apiUrl, logger: silentLogger }),
      store: await LowdbStore.open(file),
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

describe('kill -9 between a state write and its messages (issue 24: the same write)', () => {
  it("says a move's outcome and its progress after the restart, exactly once", {
    timeout: 60_000,
  }, async () => {
    await fake.start();
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-kill-')), 'ferry.json');
    const root = await new WebClient('xoxb-root', { slackApiUrl: fake.apiUrl }).chat.postMessage({
      channel: 'C0KILL',
      text: 'the move of db-kill',
    });
    child = spawn(
      process.execPath,
      ['--import', 'tsx', new URL('./journal-child.ts', import.meta.url).pathname],
      {
        env: { ...process.env, FERRY_DB: file, FERRY_THREAD_TS: root.ts as string },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const running = child;
    await new Promise<void>((resolve, reject) => {
      running.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('written')) resolve();
      });
      running.once('exit', (code) => reject(new Error(`the child ended (${code}) before writing`)));
    });
    running.kill('SIGKILL');
    await new Promise((resolve) => running.once('exit', resolve));
    const killed = JSON.parse(readFileSync(file, 'utf8')) as {
      runs: { state: string }[];
      outbox?: unknown[];
    };
    // the state is written, and no message about it
    expect(killed.runs[0]?.state).toBe('done');
    expect(killed.outbox ?? []).toEqual([]);

    const thread = () => fake.threadOf('C0KILL', root.ts as string).map((m) => m.blocks);
    const said = (what: RegExp) => thread().filter((blocks) => what.test(JSON.stringify(blocks))).length;
    for (const round of [1, 2]) {
      const fx = await sandboxFixture();
      const slack = await slackHarness(fx, { store: await LowdbStore.open(file), fake });
      await waitFor(() => said(/Completed/) > 0 && said(/62%/) > 0, 'the outcome and the progress', 20_000);
      await slack.ferry.reporter.idle();
      await slack.ferry.poster.drain();
      await slack.stop();
      await fx.close();
      // said once, and not again by the next start
      expect([round, said(/Completed/), said(/62%/)]).toEqual([round, 1, 1]);
    }
  });
});
