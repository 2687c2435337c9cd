import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import type { FerryEvent } from '../../src/core/events.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

let fx: SandboxFixture;
let slack: SlackHarness | undefined;
beforeEach(async () => {
  fx = await sandboxFixture();
  applyFault(fx.sandbox.cloud, { type: 'converge', server: 'ledger' });
});
afterEach(async () => {
  await slack?.stop();
  slack = undefined;
  await fx.close();
});

const isParent = (m: StoredMessage) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation');

describe("a superseded evacuation's journaled news (issue 24: never false, never silent)", () => {
  it('asks again once when the superseding is told again, as after a restart or by another replica', async () => {
    const h = await slackHarness(fx);
    slack = h;
    await h.command('U_ALICE', '/evacuate', 'compute1');
    const parent = await waitFor(() => h.fake.messages.find(isParent), 'evacuation message');
    const requestId = h.store.pendingRequests()[0]?.id as string;
    const told: [FerryEvent, string][] = [];
    h.ferry.events.subscribe((event, journalId) => {
      if (event.kind === 'evacuation.superseded' && journalId) told.push([event, journalId]);
    });
    // the cloud changes after the plan was shown: the approval no longer holds at the start
    fx.sandbox.cloud.resolveServer('ledger').locked = true;
    await h.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const [event, journalId] = await waitFor(() => told[0], 'the superseding, journaled');
    const asked = () => h.store.evacuations().filter((e) => e.id !== requestId);
    await waitFor(() => asked().length === 1, 'the new request');
    await h.ferry.reporter.idle();
    await h.ferry.poster.drain();
    // told again from the journal (the entry as written), as when the process stopped before marking it told
    await h.ferry.reporter.report(JSON.parse(JSON.stringify(event)) as FerryEvent, journalId);
    await h.ferry.sweep();
    await h.ferry.reporter.idle();
    await h.ferry.poster.drain();
    expect(asked()).toHaveLength(1);
    expect(asked()[0]?.status).toBe('pending');
    expect(h.fake.messages.filter(isParent)).toHaveLength(2);
    expect(h.fake.messages.filter((m) => textOf(m).includes('approval needed again'))).toHaveLength(1);
    expect(await h.store.untoldJournal()).toEqual([]);
  });
});
