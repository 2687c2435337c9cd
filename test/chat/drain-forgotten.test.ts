import { afterEach, expect, it } from 'vitest';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { compute4Back, drainOf, startDrain } from '../faults/drain-run.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

let fx: SandboxFixture;
let slack: SlackHarness;
afterEach(async () => {
  await slack?.stop();
  await fx?.close();
});

/**
 * A drain outlasts the store's retention (it is kept until it ends), its hosts' evacuations do not:
 * a host said to be back whose evacuation records are gone cannot have its servers moved home. Its
 * end is still told in the thread, and says nothing went back, instead of ending without a word.
 */
it('tells the end of a host whose evacuation records are past retention, and that nothing went back', async () => {
  fx = await sandboxFixture();
  compute4Back(fx);
  const store = LowdbStore.memory({ retentionMs: 1 });
  slack = await slackHarness(fx, { store });
  const parent = await startDrain(slack);
  const thread = () => slack.fake.threadOf(CHANNEL, parent.ts);
  const question = await waitFor(
    () => thread().find((m) => m.text === 'compute2 is empty'),
    'compute2 is empty',
    30_000,
  );
  await slack.ferry.reporter.idle();
  await slack.ferry.poster.drain();
  fx.clock.advance(60_000);
  const { droppedRequests } = await store.compact(fx.clock.now());
  expect(droppedRequests).toBeGreaterThan(0);
  expect(store.getEvacuation(drainOf(slack)?.drain.hosts[0]?.evacuationIds[0] ?? '')).toBeUndefined();

  await slack.press(
    'U_BOB',
    question.ts,
    DRAIN_ACTIONS.hostBack,
    buttonValue(question, DRAIN_ACTIONS.hostBack),
  );
  await waitFor(() => drainOf(slack)?.drain.hosts[0]?.phase === 'done', 'compute2 done', 30_000);
  const said = await waitFor(
    () => thread().find((m) => textOf(m).includes('`compute2` is done')),
    'compute2 is done, told',
    10_000,
  );
  expect(textOf(said)).toContain(
    '✅ `compute2` is done and enabled again. Nothing moved back: Ferry no longer has the record of what left compute2',
  );
  expect(fx.sandbox.cloud.hosts.get('compute2')).toMatchObject({ status: 'enabled' });
}, 60_000);
