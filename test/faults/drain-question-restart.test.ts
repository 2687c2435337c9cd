import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import { FakeSlack } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, waitFor } from '../helpers/slack.ts';
import { compute4Back, drainMessage, drainOf } from './drain-run.ts';

/**
 * A drain's question asked before a restart loses its buttons once answered after it (issue 24: in
 * kill-9-drain.test.ts compute2's "is empty" kept its Host is back button for ever, found in the file:
 * its place was gone). Every start compacts the store (src/index.ts), and compaction dropped the
 * places of what is not a request or run: a question's place is kept under `<drain ID>:<host>`. (A host
 * still empty is asked again at a start, which remembered its question again; one not empty is not.)
 */

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

it('edits a question asked before a restart once it is answered after it', { timeout: 60_000 }, async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'ferry-question-restart-')), 'ferry.json');
  const first = await slackHarness(fx, { store: await LowdbStore.open(file), fake });
  slack = first;
  // the move fails before the copy: compute2 is not empty, and the thread asks what to do
  applyFault(fx.sandbox.cloud, { type: 'fail-migration', server: 'cache-1', stage: 'pre-live-migration' });
  await first.command('U_ALICE', '/drain', 'compute2 --concurrency 1');
  const parent = await drainMessage(first);
  await waitFor(() => buttonValue(parent, ACTIONS.approve), 'the approve button');
  await first.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
  const asked = await waitFor(
    () => fake.threadOf(CHANNEL, parent.ts).find((m) => m.text === 'compute2 is not empty'),
    'compute2 is not empty, asked',
    30_000,
  );
  await waitFor(() => first.store.placeOf(`${drainOf(first)?.id}:compute2`), 'the question remembered');
  // told and marked so: the next process does not tell it again
  for (let tries = 0; (await first.store.untoldJournal()).length > 0; tries++) {
    if (tries > 600) throw new Error('the journal was not told');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await first.stop();
  slack = undefined;

  // the next process, as src/index.ts starts it: the store compacted first
  const store = await LowdbStore.open(file);
  await store.compact(fx.clock.now());
  const next = await slackHarness(fx, { store, fake });
  slack = next;
  await next.press('U_BOB', asked.ts, DRAIN_ACTIONS.skip, buttonValue(asked, DRAIN_ACTIONS.skip));
  await waitFor(() => drainOf(next)?.drain.phase === 'done', 'the drain done', 30_000);
  const edited = await waitFor(
    () =>
      fake.message(CHANNEL, asked.ts)?.text !== 'compute2 is not empty' && fake.message(CHANNEL, asked.ts),
    'the question edited',
    30_000,
  );
  expect(JSON.stringify(edited.blocks)).not.toContain(DRAIN_ACTIONS.skip);
});
