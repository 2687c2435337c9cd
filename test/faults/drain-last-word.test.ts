import { expect, it } from 'vitest';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { buttonValue, CHANNEL, textOf, waitFor } from '../helpers/slack.ts';
import { startWorld } from './harness.ts';

/**
 * The drain's report is its last word: a Nova outage as the last host is said to be back fails the
 * looks until Nova answers again, and the look that goes through then enables the host and ends the
 * drain. "The drain goes on" after the report would be false: the report says it all.
 */
it('says nothing about a drain after its report, even when its looks failed just before', async () => {
  const world = await startWorld({ kind: 'lowdb', autoConfirm: true });
  try {
    const { slack, fake, fx } = world;
    await slack.command('U_ALICE', '/drain', 'compute2');
    const parent = await waitFor(
      () => fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Drain d-')),
      'the drain',
    );
    const thread = () => fake.threadOf(CHANNEL, parent.ts);
    await waitFor(() => thread().some((m) => textOf(m).includes('Step 1')), 'the plan');
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const empty = await waitFor(
      () => thread().find((m) => m.text === 'compute2 is empty'),
      'compute2 is empty',
      45_000,
    );
    applyFault(fx.sandbox.cloud, { type: 'outage', seconds: 30, answer: 'error', status: 503 });
    await slack.press('U_BOB', empty.ts, DRAIN_ACTIONS.hostBack, buttonValue(empty, DRAIN_ACTIONS.hostBack));
    await waitFor(
      () => {
        fx.clock.advance(1_000);
        return slack.store.drains().some((d) => d.drain.phase === 'done');
      },
      'the drain done',
      45_000,
    );
    await slack.ferry.reporter.idle();
    await slack.ferry.poster.drain();
    const texts = thread().map((m) => m.text);
    expect(texts.some((text) => text.startsWith('⚠️ The drain could not go on for a moment'))).toBe(true);
    expect(texts.at(-1)).toMatch(/^Drain report/);
  } finally {
    await world.close();
  }
}, 90_000);
