import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { telling } from '../../src/core/journal.ts';
import type { WindowRecord } from '../../src/core/model/records.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

let fx: SandboxFixture;
let slack: SlackHarness | undefined;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack?.stop();
  slack = undefined;
  await fx.close();
});

describe("a window's journaled reminder (issue 24: never false, never silent)", () => {
  it('is posted once when a Ferry wrote its post and stopped before marking it told', async () => {
    const h = await slackHarness(fx);
    slack = h;
    const when = new Date(fx.clock.now() + 20 * 60_000).toISOString().slice(0, 16);
    await h.command('U_ALICE', '/maintenance', `compute3 ${when} for 1h firmware`);
    const window = await waitFor(() => h.store.windows()[0], 'the window');
    // the core's write, its event journaled and heard by nobody (the process stops right after)
    const quiet = { emit: () => undefined };
    await h.store.recordReminders(
      window.id,
      { '10m': { at: fx.clock.now(), late: false } },
      telling(quiet, fx.clock.now(), (updated: WindowRecord) => [
        {
          kind: 'window.reminder',
          window: updated,
          reminder: { label: '10m', beforeMs: 600_000 },
          late: false,
          servers: 3,
          cannotLive: 0,
        },
      ]),
    );
    const [entry] = await h.store.untoldJournal();
    if (!entry) throw new Error('the reminder was not journaled');
    // its post written (with the entry as its cause), the entry not yet marked told…
    await h.ferry.reporter.report(entry.event, entry.id);
    // …and told again from the journal, as after a restart: the post written before answers
    await h.ferry.sweep();
    await h.ferry.reporter.idle();
    await h.ferry.poster.drain();
    const reminders = h.fake.messages.filter((m) => textOf(m).includes('in 10m'));
    expect(reminders).toHaveLength(1);
    expect(await h.store.untoldJournal()).toEqual([]);
  });
});
