import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import type { FerryEvent } from '../../src/core/events.ts';
import type { DrainRecord } from '../../src/core/model/records.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

let fx: SandboxFixture;
let slack: SlackHarness | undefined;
beforeEach(async () => {
  fx = await sandboxFixture();
  // compute4 in service again: the drain has room (as in drain-flow.test.ts)
  const compute4 = fx.sandbox.cloud.hosts.get('compute4') as {
    status: string;
    disabledReason: string | null;
  };
  compute4.status = 'enabled';
  compute4.disabledReason = null;
});
afterEach(async () => {
  await slack?.stop();
  slack = undefined;
  await fx.close();
});

describe("a drain's stop, journaled (issue 24: never false, never silent)", () => {
  it('is journaled with the write, and told again changes nothing already said', async () => {
    const h = await slackHarness(fx);
    slack = h;
    const current = (m: StoredMessage) => h.fake.message(CHANNEL, m.ts) as StoredMessage;
    const thread = (m: StoredMessage) => h.fake.threadOf(CHANNEL, m.ts);
    const drainOf = () => h.store.drains().find((d) => d.status !== 'dry-run') as DrainRecord;
    const told: [FerryEvent, string][] = [];
    h.ferry.events.subscribe((event, journalId) => {
      if (event.kind === 'drain.changed' && event.request.drain.phase === 'stopping' && journalId)
        told.push([event, journalId]);
    });
    await h.command('U_ALICE', '/drain', 'compute2 compute3');
    const parent = await waitFor(
      () => h.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Drain d-')),
      'the drain message',
    );
    await h.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    await waitFor(() => drainOf()?.drain.phase === 'running', 'the drain running');
    const stopValue = await waitFor(() => {
      try {
        return buttonValue(current(parent), DRAIN_ACTIONS.stop);
      } catch {
        return undefined;
      }
    }, 'the Stop button');
    await h.press('U_BOB', parent.ts, DRAIN_ACTIONS.stop, stopValue);
    // the stop's news is in the journal, so a Ferry that stops before telling it tells it after its restart
    const [event, journalId] = await waitFor(() => told[0], 'the stop, journaled');
    await waitFor(() => drainOf().drain.phase === 'done', 'the drain over');
    await h.ferry.reporter.idle();
    await h.ferry.poster.drain();
    const posts = thread(parent).length;
    const shown = textOf(current(parent));
    // told again from the journal, as when the process stopped before marking it told
    await h.ferry.reporter.report(JSON.parse(JSON.stringify(event)) as FerryEvent, journalId);
    await h.ferry.sweep();
    await h.ferry.reporter.idle();
    await h.ferry.poster.drain();
    expect(thread(parent)).toHaveLength(posts);
    expect(textOf(current(parent))).toBe(shown);
    expect(thread(parent).filter((m) => m.text.startsWith('Drain report'))).toHaveLength(1);
    expect(await h.store.untoldJournal()).toEqual([]);
  });
});
