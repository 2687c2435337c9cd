import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../src/chat/fake-slack.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { type SlackHarness, slackHarness, waitFor } from '../helpers/slack.ts';
import {
  compute4Back,
  conversation,
  drainOf,
  faultFreeDrain,
  finished,
  hostBack,
  startDrain,
} from './drain-run.ts';

let fx: SandboxFixture;
let fake: FakeSlack;
let slack: SlackHarness | undefined;
beforeEach(async () => {
  fx = await sandboxFixture();
  compute4Back(fx);
  fake = new FakeSlack();
  await fake.start();
});
afterEach(async () => {
  await slack?.stop();
  await fake.stop();
  await fx.close();
});

/** The threads as the fault-free run shows them, the restart's own "watching again" lines left out. */
const withoutRestartLines = (threads: string[][]) =>
  threads.map((thread) => thread.filter((text) => !text.startsWith('Ferry restarted')));

/**
 * Each thread's posts, with the servers' outcome lines reduced to which servers ended: under the fake
 * clock every wait advances time, so the retries during the outage move it on, and which server ends
 * first (or a cold move outlasting its watch) is timing, not what Slack was told.
 */
const posts = (threads: string[][]) =>
  withoutRestartLines(threads).map((thread) => {
    const ended = thread
      .filter((text) => text.startsWith('ended: '))
      .map((text) => text.match(/`([^`]+)`/)?.[1] ?? text)
      .sort();
    return [...thread.filter((text) => !text.startsWith('ended: ')), `ended: ${ended.join(', ')}`];
  });

/** Ferry stops without sending what it wrote (a kill: nothing drained, nothing said on the way out). */
async function killAndRestart(file: string) {
  const old = slack as SlackHarness;
  old.ferry.poster.halt?.();
  await old.ferry.stop();
  slack = undefined;
  fake.failWhen(undefined);
  const reopened = await LowdbStore.open(file);
  slack = await slackHarness(fx, { store: reopened, fake });
  return slack;
}

/** Waits until the outbox holds a message with this text, unsent (Slack fails meanwhile). */
async function written(harness: SlackHarness, text: string): Promise<void> {
  const store = harness.store;
  // a Ferry without an outbox (before it) writes nothing to wait for
  if (!('pendingOutbox' in store)) return;
  for (let tries = 0; tries < 400; tries++) {
    if ((await store.pendingOutbox()).some((entry) => entry.text === text)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`"${text}" was never written`);
}

describe('Ferry stopped and started again on the same lowdb file during a drain (issue 24, item 5)', () => {
  let faultFree: string[][];
  beforeAll(async () => {
    faultFree = await faultFreeDrain();
  });

  it('sends after the restart what it had written and not sent, and the drain goes on to its end', {
    timeout: 60_000,
  }, async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-restart-')), 'ferry.json');
    slack = await slackHarness(fx, { store: await LowdbStore.open(file), fake });
    const parent = await startDrain(slack);
    await hostBack(slack, parent, 'compute2');
    // Slack fails everything: compute3's step, its evacuation and the question wait in the outbox
    fake.failWhen(() => ({ status: 503 }));
    const first = slack;
    await waitFor(() => drainOf(first)?.drain.hosts[1]?.phase === 'empty', 'compute3 empty', 30_000);
    await written(first, 'compute3 is empty');
    const again = await killAndRestart(file);
    await hostBack(again, parent, 'compute3');
    await finished(again, parent);
    expect(posts(conversation(again))).toEqual(posts(faultFree));
    expect(drainOf(again)?.drain.hosts.map((host) => host.phase)).toEqual(['done', 'done']);
  });
});
