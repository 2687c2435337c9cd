import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import { FakeSlack, type StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import type { DrainRecord } from '../../src/core/model/records.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
  const compute4 = fx.sandbox.cloud.hosts.get('compute4') as {
    status: string;
    disabledReason: string | null;
  };
  compute4.status = 'enabled';
  compute4.disabledReason = null;
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const drainMessage = () =>
  waitFor(
    () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Drain d-')),
    'the drain message',
  );
const thread = (parent: StoredMessage) => slack.fake.threadOf(CHANNEL, parent.ts);
const drainOf = () => slack.store.drains().find((d) => d.status !== 'dry-run') as DrainRecord;
const emptyPost = (parent: StoredMessage, host: string) =>
  waitFor(() => thread(parent).find((m) => m.text === `${host} is empty`), `${host} is empty`, 30_000);
/** Someone puts `name` on `host` behind Ferry's back (a boot, a manual migration). */
const placeOn = (name: string, host: string) => {
  (fx.sandbox.cloud.resolveServer(name) as { host: string }).host = host;
};

describe('/drain checks what it was told against the cloud', () => {
  it('refuses a window of a host the drain does not empty, and asks nobody to approve', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/maintenance', 'compute4 2026-11-28T14:00 for 1h firmware');
    const scheduled = await waitFor(
      () => slack.fake.messages.find((m) => m.text.startsWith('Maintenance window w-')),
      'the window',
    );
    const windowId = /w-[0-9a-f]{6}/.exec(scheduled.text)?.[0] as string;
    await slack.command('U_ALICE', '/drain', `compute2 compute3 --window ${windowId}`);
    await waitFor(
      () => slack.privately('U_ALICE').includes(`Window ${windowId} is for compute4`),
      'the refusal',
    );
    expect(slack.store.drains()).toEqual([]);
    // a window of one of its hosts is fine
    await slack.command('U_ALICE', '/drain', `compute3 compute4 --window ${windowId}`);
    await drainMessage();
    expect(drainOf().drain.windowId).toBe(windowId);
  });

  it('reads an empty host again after a restart and says it is not empty when servers are on it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-drain-')), 'ferry.json');
    const fake = new FakeSlack();
    await fake.start();
    try {
      slack = await slackHarness(fx, { store: await LowdbStore.open(file), fake });
      await slack.command('U_ALICE', '/drain', 'compute4');
      const parent = await drainMessage();
      await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
      await emptyPost(parent, 'compute4');
      await slack.stop();
      placeOn('server-x', 'compute4');
      slack = await slackHarness(fx, { store: await LowdbStore.open(file), fake });
      const notEmpty = await waitFor(
        () => thread(parent).find((m) => m.text === 'compute4 is not empty'),
        'not empty after the restart',
        15_000,
      );
      expect(textOf(notEmpty)).toContain('after a restart and found 1 server on it');
      expect(textOf(notEmpty)).toContain('`server-x`');
      expect(drainOf().drain.hosts[0]?.phase).toBe('not-empty');
      // its Host is back button no longer applies: the host is not empty
      const empty = thread(parent).find((m) => m.text === 'compute4 is empty') as StoredMessage;
      await slack.press(
        'U_BOB',
        empty.ts,
        DRAIN_ACTIONS.hostBack,
        buttonValue(empty, DRAIN_ACTIONS.hostBack),
      );
      await waitFor(() => /compute4 is not.empty in drain/.test(slack.privately('U_BOB')), 'refused');
    } finally {
      await slack.stop();
      await fake.stop();
      slack = undefined as unknown as SlackHarness;
    }
  });

  it('notices a server that came onto an empty host while it waits for its maintenance', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/drain', 'compute4');
    const parent = await drainMessage();
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const empty = await emptyPost(parent, 'compute4');
    placeOn('server-x', 'compute4');
    const notEmpty = await waitFor(
      () => thread(parent).find((m) => m.text === 'compute4 is not empty'),
      'not empty',
      15_000,
    );
    expect(textOf(notEmpty)).toContain('1 server came onto compute4 while it waited');
    // the new question replaces the old one: Host is back no longer offered on a host not empty
    const answered = await waitFor(
      () => (slack.fake.message(CHANNEL, empty.ts)?.blocks.some((b) => b.type === 'actions') ? null : empty),
      'the Host is back question closed',
    );
    expect(textOf(answered)).toContain('`compute4` waits for no answer here any more: ⚠️ not empty');
  });
});
