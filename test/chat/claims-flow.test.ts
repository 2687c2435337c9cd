import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import { EVACUATION_ACTIONS } from '../../src/chat/evacuation-view.ts';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import type { DrainRecord } from '../../src/core/model/records.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const parents = (prefix: string) =>
  slack.fake.messages.filter((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith(prefix));
const nth = (prefix: string, n: number) =>
  waitFor(() => parents(prefix)[n], `message ${n + 1} starting "${prefix}"`);
const thread = (parent: StoredMessage) => slack.fake.threadOf(CHANNEL, parent.ts);
const threadText = (parent: StoredMessage) => thread(parent).map(textOf).join('\n');
const current = (parent: StoredMessage) => slack.fake.message(CHANNEL, parent.ts) as StoredMessage;
const hasApprove = (message: StoredMessage) =>
  message.blocks.some((block) =>
    ((block.elements as { action_id?: string }[] | undefined) ?? []).some(
      (element) => element.action_id === ACTIONS.approve,
    ),
  );

/** A maintenance window of `host` a day ahead: what is approved for it holds its host until then. */
async function windowOf(host: string): Promise<string> {
  await slack.command('U_ALICE', '/maintenance', `${host} 2026-11-28T14:00 for 1h firmware`);
  const scheduled = await waitFor(
    () =>
      slack.fake.messages.find((m) => m.text.startsWith('Maintenance window w-') && m.text.includes(host)),
    'the window',
  );
  return /w-[0-9a-f]{6}/.exec(scheduled.text)?.[0] as string;
}

describe('claims: one operation at a time on a host or server', () => {
  it('refuses a move, an evacuation and a drain that touch a host an approved evacuation holds, naming it', async () => {
    slack = await slackHarness(fx);
    const windowId = await windowOf('compute1');
    await slack.command('U_ALICE', '/evacuate', `compute1 --window ${windowId}`);
    const evacuation = await nth('Evacuation', 0);
    await slack.press('U_BOB', evacuation.ts, ACTIONS.approve, buttonValue(evacuation, ACTIONS.approve));
    await waitFor(() => textOf(current(evacuation)).includes(`starts with window`), 'approved, waiting');
    const holder = slack.store.evacuations()[0]?.id as string;
    const held = `compute1 is being evacuated by ${holder}`;

    await slack.command('U_CAROL', '/migrate', 'server-x to compute2');
    const move = await nth('Migration request', 0);
    const moveId = /r-[0-9a-f]{6}/.exec(move.text)?.[0] as string;
    expect(slack.store.getMove(moveId)?.status).toBe('blocked');
    expect(slack.store.getMove(moveId)?.plan.checks.find((c) => c.id === 'claims')?.status).toBe('fail');
    await waitFor(() => textOf(current(move)).includes(held), 'the claim named on the move');
    expect(hasApprove(current(move))).toBe(false);

    await slack.command('U_CAROL', '/evacuate', 'compute1');
    const second = await nth('Evacuation', 1);
    await waitFor(() => textOf(current(second)).includes(held), 'the claim named on the evacuation');
    expect(hasApprove(current(second))).toBe(false);

    await slack.command('U_CAROL', '/drain', 'compute1 compute3');
    const drain = await nth('Drain d-', 0);
    await waitFor(() => textOf(current(drain)).includes(held), 'the claim named on the drain');
    expect(slack.store.drains()[0]?.status).toBe('blocked');
    // nothing of it moved: server-x is where it was
    expect(fx.sandbox.cloud.resolveServer('server-x').host).toBe('compute1');
    // the window is cancelled: the evacuation will never start, and compute1 is free again
    await slack.command('U_ALICE', '/maintenance', `cancel ${windowId}`);
    await waitFor(() => slack.store.getWindow(windowId)?.status === 'cancelled', 'the window cancelled');
    await waitFor(() => slack.store.heldClaims().length === 0, 'the claims let go');
    await slack.command('U_CAROL', '/migrate', 'server-x to compute2');
    const again = await nth('Migration request', 1);
    expect(slack.store.getMove(/r-[0-9a-f]{6}/.exec(again.text)?.[0] as string)?.status).toBe('pending');
  });

  it('approves one of two drains of one host; the second approval is refused, naming the first', async () => {
    slack = await slackHarness(fx);
    const windowId = await windowOf('compute3');
    await slack.command('U_ALICE', '/drain', `compute3 --window ${windowId}`);
    await slack.command('U_ALICE', '/drain', `compute3 --window ${windowId}`);
    const [first, second] = [await nth('Drain d-', 0), await nth('Drain d-', 1)];
    await slack.press('U_BOB', first.ts, ACTIONS.approve, buttonValue(first, ACTIONS.approve));
    const firstId = /d-[0-9a-f]{6}/.exec(first.text)?.[0] as string;
    await waitFor(() => slack.store.getDrain(firstId)?.status === 'approved', 'the first approved');
    await slack.press('U_BOB', second.ts, ACTIONS.approve, buttonValue(second, ACTIONS.approve));
    await waitFor(
      () => slack.privately('U_BOB').includes(`compute3 is being drained by ${firstId}`),
      'the refusal naming the holder',
    );
    const secondId = /d-[0-9a-f]{6}/.exec(second.text)?.[0] as string;
    expect(slack.store.getDrain(secondId)?.status).toBe('pending');
  });

  it('moves back once when two on-call people press Move back at the same moment; the other is told who won', async () => {
    slack = await slackHarness(fx, { oncallGroup: 'S0ONCALL' });
    await slack.command('U_ALICE', '/evacuate', 'compute1 --concurrency 3');
    const parent = await nth('Evacuation', 0);
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    await waitFor(() => threadText(parent).includes('Evacuation report'), 'report', 60_000);
    const report = thread(parent).find((m) => m.text.startsWith('Evacuation report')) as StoredMessage;
    const host = fx.sandbox.cloud.hosts.get('compute1') as { status: string; disabledReason: string | null };
    host.status = 'enabled';
    host.disabledReason = null;
    const evacuationId = buttonValue(report, EVACUATION_ACTIONS.moveBack);
    await Promise.all(
      ['U_BOB', 'U_CAROL'].map((user) =>
        slack.press(user, report.ts, EVACUATION_ACTIONS.moveBack, evacuationId),
      ),
    );
    const refused = await waitFor(
      () => ['U_BOB', 'U_CAROL'].find((user) => slack.privately(user).includes('Nothing started')),
      'the second press refused',
    );
    const moveBacks = slack.store.evacuations().filter((e) => e.evacuation.returnOf === evacuationId);
    expect(moveBacks).toHaveLength(1);
    expect(slack.privately(refused)).toContain(moveBacks[0]?.id);
    // the presser who won asked for it; the other on-call person approves it
    const back = moveBacks[0] as NonNullable<(typeof moveBacks)[0]>;
    const approver = back.requestedBy === 'U_BOB' ? 'U_CAROL' : 'U_BOB';
    const message = await waitFor(() => parents('Move back')[0], 'the move back message');
    await slack.press(approver, message.ts, ACTIONS.approve, buttonValue(message, ACTIONS.approve));
    await waitFor(
      () => slack.store.getEvacuation(back.id)?.evacuation.phase === 'done',
      'the move back',
      30_000,
    );
    expect(fx.sandbox.cloud.resolveServer('server-x').host).toBe('compute1');
  }, 90_000);

  it('goes on with a host not empty once, asked by one on-call person and approved by another, whoever presses at once', async () => {
    slack = await slackHarness(fx, { oncallGroup: 'S0ONCALL' });
    const compute4 = fx.sandbox.cloud.hosts.get('compute4') as {
      status: string;
      disabledReason: string | null;
    };
    compute4.status = 'enabled';
    compute4.disabledReason = null;
    applyFault(fx.sandbox.cloud, { type: 'fail-migration', server: 'cache-1', stage: 'pre-live-migration' });
    await slack.command('U_ALICE', '/drain', 'compute2 --concurrency 1');
    const parent = await nth('Drain d-', 0);
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const notEmpty = await waitFor(
      () => thread(parent).find((m) => m.text === 'compute2 is not empty'),
      'not empty',
      30_000,
    );
    applyFault(fx.sandbox.cloud, { type: 'clear' });
    const value = buttonValue(notEmpty, DRAIN_ACTIONS.continueHost);
    const drain = () => slack.store.drains()[0] as DrainRecord;
    const ofCompute2 = () =>
      slack.store
        .evacuations()
        .filter((e) => e.evacuation.drainId === drain().id && e.evacuation.host === 'compute2');
    // the first press asks; the same person cannot approve it
    await slack.press('U_BOB', notEmpty.ts, DRAIN_ACTIONS.continueHost, value);
    await waitFor(() => threadText(parent).includes('asks to go on with'), 'the ask');
    await slack.press('U_BOB', notEmpty.ts, DRAIN_ACTIONS.continueHost, value);
    await waitFor(() => slack.privately('U_BOB').includes('someone else on call must approve'), 'four eyes');
    expect(ofCompute2()).toHaveLength(1);
    // the approver's press arrives twice at once (a double click, two replicas): one emptying starts
    await Promise.all(
      [1, 2].map(() => slack.press('U_CAROL', notEmpty.ts, DRAIN_ACTIONS.continueHost, value)),
    );
    await waitFor(
      () =>
        /already approved by U_CAROL|not waiting for a decision|Nothing started/.test(
          slack.privately('U_CAROL'),
        ),
      'the second press refused',
    );
    await waitFor(() => drain().drain.hosts[0]?.phase !== 'not-empty', 'emptying again');
    expect(ofCompute2()).toHaveLength(2);
    expect(drain().drain.hosts[0]?.evacuationIds).toEqual(ofCompute2().map((e) => e.id));
    // a step of Alice's drain, approved by Carol's Continue
    expect(ofCompute2()[1]).toMatchObject({ requestedBy: 'U_ALICE', decidedBy: 'U_CAROL' });
  });

  it('reports where each server is at the end as Nova says, not as the plan left it', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/evacuate', 'compute1 --concurrency 3');
    const parent = await nth('Evacuation', 0);
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    await waitFor(() => slack.store.evacuations()[0]?.evacuation.phase === 'running', 'running');
    // vault cannot move (locked) and is not Ferry's to move; someone moves it themselves meanwhile
    (fx.sandbox.cloud.resolveServer('vault') as { host: string }).host = 'compute2';
    await waitFor(() => threadText(parent).includes('Evacuation report'), 'report', 60_000);
    const report = textOf(
      thread(parent).find((m) => m.text.startsWith('Evacuation report')) as StoredMessage,
    );
    expect(report).toMatch(/`vault` `compute1` → `compute2` · — · — · not moved/);
    expect(report).not.toContain('`vault` stays on');
  }, 90_000);
});
