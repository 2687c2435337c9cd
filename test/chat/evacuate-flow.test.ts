import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseEvacuate } from '../../commands/evacuate.ts';
import { EVACUATION_ACTIONS } from '../../src/chat/evacuation-view.ts';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
  applyFault(fx.sandbox.cloud, { type: 'converge', server: 'ledger' });
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const parentOf = () =>
  waitFor(
    () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation')),
    'evacuation message',
  );
const threadText = (parent: StoredMessage) => slack.fake.threadOf(CHANNEL, parent.ts).map(textOf).join('\n');

describe('/evacuate grammar', () => {
  it('parses hosts and flags and refuses nonsense', () => {
    expect(parseEvacuate('compute1 to compute2 --concurrency 3 --reenable')).toEqual({
      kind: 'evacuate',
      host: 'compute1',
      destination: 'compute2',
      concurrency: 3,
      reenable: true,
      dryRun: false,
    });
    expect(parseEvacuate('help')).toEqual({ kind: 'help' });
    expect(parseEvacuate('compute1 --concurrency 50')).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/from 1 to 10/),
    });
    expect(parseEvacuate('compute1 --concurency 2')).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/Did you mean --concurrency/),
    });
    expect(parseEvacuate('$(reboot)')).toMatchObject({ kind: 'error' });
  });
});

describe('/evacuate through Slack', () => {
  it('moves the servers back once the host is in service again, asked and approved by two on-call people', async () => {
    slack = await slackHarness(fx, { oncallGroup: 'S0ONCALL' });
    await slack.command('U_ALICE', '/evacuate', 'compute1 --concurrency 3');
    const parent = await parentOf();
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    await waitFor(() => threadText(parent).includes('Evacuation report'), 'report', 30_000);
    const report = slack.fake
      .threadOf(CHANNEL, parent.ts)
      .find((m) => m.text.startsWith('Evacuation report')) as StoredMessage;
    expect(textOf(report)).toContain('on-call can move its 5 servers back');
    const evacuationId = buttonValue(report, EVACUATION_ACTIONS.moveBack);
    const moveBacks = () =>
      slack.fake.messages.filter((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Move back'));

    // still disabled for its maintenance: nothing moves, and the presser is told why
    await slack.press('U_BOB', report.ts, EVACUATION_ACTIONS.moveBack, evacuationId);
    await waitFor(() => slack.privately('U_BOB').includes('compute1 is still disabled'), 'refusal');
    // Ferry's own reason in Nova names people by ID: the answer names the evacuation instead
    expect(slack.privately('U_BOB')).toMatch(/compute1 is still disabled since e-[0-9a-f]{6} emptied it\./);
    expect(slack.privately('U_BOB')).not.toMatch(/U_ALICE|U_BOB/);
    const host = fx.sandbox.cloud.hosts.get('compute1') as { status: string; disabledReason: string | null };
    host.status = 'enabled';
    host.disabledReason = null;
    await slack.press('U_ALICE', report.ts, EVACUATION_ACTIONS.moveBack, evacuationId);
    await waitFor(
      () => slack.privately('U_ALICE').includes('Only on-call staff may move servers back'),
      'on-call',
    );
    expect(moveBacks()).toHaveLength(0);

    await slack.press('U_BOB', report.ts, EVACUATION_ACTIONS.moveBack, evacuationId);
    const back = await waitFor(() => moveBacks()[0], 'the move back');
    expect(textOf(back)).toMatch(
      /moves the servers evacuation `e-[0-9a-f]{6}` took off `compute1` back onto it — 5 of 5/,
    );
    // four eyes: the presser asked for it; nothing moves until another on-call person approves
    const moveBackId = /e-[0-9a-f]{6}/.exec(back.text)?.[0] as string;
    expect(slack.store.getEvacuation(moveBackId)).toMatchObject({ status: 'pending', requestedBy: 'U_BOB' });
    // its approval dialog tells what a move back does (it disables nothing)
    const dialog = JSON.stringify(back.blocks);
    expect(dialog).toContain('Approve this move back?');
    expect(dialog).toMatch(/Move 5 servers back onto `compute1`/);
    expect(dialog).not.toContain('Disable nova-compute');
    // the press was taken: the report names the move back asked for, and its button goes
    const reportNow = () => slack.fake.message(CHANNEL, report.ts) as StoredMessage;
    await waitFor(() => textOf(reportNow()).includes(`${moveBackId}\` waits for approval`), 'report edited');
    expect(JSON.stringify(reportNow().blocks)).not.toContain(EVACUATION_ACTIONS.moveBack);
    // a second press (on an old copy of the button) while it waits for approval says so
    await slack.press('U_CAROL', report.ts, EVACUATION_ACTIONS.moveBack, evacuationId);
    await waitFor(() => slack.privately('U_CAROL').includes('waits for approval'), 'already asked');
    expect(slack.privately('U_CAROL')).toContain(`was asked already and waits for approval (${moveBackId})`);
    expect(slack.privately('U_CAROL')).not.toContain('already moving back');
    await slack.press('U_BOB', back.ts, ACTIONS.approve, buttonValue(back, ACTIONS.approve));
    await waitFor(() => slack.privately('U_BOB').includes('someone else must approve'), 'four eyes');
    expect(fx.sandbox.cloud.resolveServer('server-x').host).not.toBe('compute1');
    await slack.press('U_CAROL', back.ts, ACTIONS.approve, buttonValue(back, ACTIONS.approve));
    await waitFor(() => threadText(back).includes('Move-back report'), 'move-back report', 30_000);
    expect(threadText(back)).toMatch(/`server-x` `compute2` → `compute1` · live · .* · completed/);
    expect(threadText(back)).toMatch(/`batch-7` `compute\d` → `compute1` · cold · .* · completed/);
    for (const name of ['server-x', 'db-primary', 'ledger', 'batch-7'])
      expect(fx.sandbox.cloud.resolveServer(name).host).toBe('compute1');
    // a move back has no button of its own, and a second press finds nothing left to move
    expect(threadText(back)).not.toContain('on-call can move');
    await waitFor(
      () => textOf(slack.fake.message(CHANNEL, back.ts) as StoredMessage).includes('Move back finished'),
      'the move back finished',
    );
    expect(textOf(slack.fake.message(CHANNEL, back.ts) as StoredMessage)).not.toContain(
      'Evacuation finished',
    );
    // the evacuation's report tells the move back ended, and offers it no more
    await waitFor(
      () =>
        textOf(slack.fake.message(CHANNEL, report.ts) as StoredMessage).includes(
          `Move back \`${moveBackId}\` ended: 5 moved`,
        ),
      'the report updated',
    );
    expect(JSON.stringify(slack.fake.message(CHANNEL, report.ts)?.blocks)).not.toContain(
      EVACUATION_ACTIONS.moveBack,
    );
    await slack.press('U_BOB', report.ts, EVACUATION_ACTIONS.moveBack, evacuationId);
    await waitFor(() => slack.privately('U_BOB').includes('Nothing moved back'), 'nothing left');
    expect(moveBacks()).toHaveLength(1);
  });

  it('offers no move back when none can go back, and lists each server with why (older QEMU at home)', async () => {
    slack = await slackHarness(fx, { oncallGroup: 'S0ONCALL' });
    // compute3 runs QEMU 6.2, every other host 8.2: what leaves it live cannot come back live
    await slack.command('U_ALICE', '/evacuate', 'compute3 --concurrency 3');
    const parent = await parentOf();
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    await waitFor(() => threadText(parent).includes('Evacuation report'), 'report', 30_000);
    const report = slack.fake
      .threadOf(CHANNEL, parent.ts)
      .find((m) => m.text.startsWith('Evacuation report')) as StoredMessage;
    const said = textOf(report);
    expect(said).not.toContain('can move its');
    expect(said).toContain(
      'None of the 3 servers that left `compute3` can go back, so Ferry offers no move back (listed with the reason):',
    );
    for (const name of ['analytics-1', 'cache-2', 'worker'])
      expect(said).toMatch(
        new RegExp(
          `\`${name}\` cannot go back: QEMU 6\\.2\\.0 on compute3 is older than QEMU 8\\.2\\.0 on compute\\d`,
        ),
      );
    expect(JSON.stringify(report.blocks)).not.toContain(EVACUATION_ACTIONS.moveBack);
    // a Move back pressed anyway (a stale button), the host in service: it says none can, and lists why
    const host = fx.sandbox.cloud.hosts.get('compute3') as { status: string; disabledReason: string | null };
    host.status = 'enabled';
    const evacuationId = /e-[0-9a-f]{6}/.exec(report.text)?.[0] as string;
    await slack.press('U_BOB', report.ts, EVACUATION_ACTIONS.moveBack, evacuationId);
    await waitFor(() => slack.privately('U_BOB').includes('Nothing moved back'), 'the refusal');
    const answer = slack.privately('U_BOB');
    expect(answer).toContain(
      'None of the 3 servers that left compute3 can go back (listed with the reason).',
    );
    for (const name of ['analytics-1', 'cache-2', 'worker'])
      expect(answer).toMatch(new RegExp(`• ${name}: QEMU 6\\.2\\.0 on compute3 is older`));
    expect(slack.fake.messages.some((m) => !m.threadTs && m.text.startsWith('Move back'))).toBe(false);
  });

  it('plans, offers a cold alternative, runs after approval and reports every server', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/evacuate', 'compute1 --concurrency 2');
    let parent = await parentOf();
    expect(textOf(parent)).toMatch(/asks to empty `compute1`/);
    expect(textOf(parent)).toMatch(/`vault` ACTIVE m1.small .* cannot move — locked/);
    const requestId = slack.store.pendingRequests()[0]?.id as string;
    const web1 = fx.sandbox.cloud.resolveServer('web-1').id;
    await slack.press('U_ALICE', parent.ts, `${EVACUATION_ACTIONS.cold}:${web1}`, `${requestId}:${web1}`);
    await waitFor(
      () =>
        textOf(slack.fake.message(CHANNEL, parent.ts) as StoredMessage).includes('cold-migrated by choice'),
      'choice applied',
    );
    const seen = slack.fake.message(CHANNEL, parent.ts) as StoredMessage;
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(seen, ACTIONS.approve));
    await waitFor(() => threadText(parent).includes('Evacuation report'), 'report', 30_000);
    parent = slack.fake.message(CHANNEL, parent.ts) as StoredMessage;
    expect(threadText(parent)).toMatch(/6 moved, 0 failed, 1 not moved/);
    expect(threadText(parent)).toMatch(/`server-x` `compute1` → `compute2` · live · .* · completed/);
    expect(threadText(parent)).toMatch(/Requested by <@U_ALICE>, approved by <@U_BOB>/);
    expect(threadText(parent)).toMatch(/stays \*disabled\*/);
    await waitFor(
      () => textOf(slack.fake.message(CHANNEL, parent.ts) as StoredMessage).includes('Evacuation finished'),
      'status',
    );
    expect(fx.sandbox.cloud.hosts.get('compute1')?.status).toBe('disabled');
    // /migrations lists the five last ended and says how many more there are
    await slack.command('U_ALICE', '/migrations', '');
    await waitFor(
      () =>
        slack.fake.messages.some(
          (m) => m.ephemeralTo === 'U_ALICE' && textOf(m).includes('…and 1 more ended before these'),
        ),
      'the list with its more line',
    );
    // /migrations knows evacuation IDs too
    await slack.command('U_ALICE', '/migrations', requestId);
    await waitFor(
      () =>
        slack.fake.messages.some(
          (m) =>
            m.ephemeralTo === 'U_ALICE' &&
            /\*Evacuation\* `e-[0-9a-f]{6}` of `compute1`: done · 6 moved/.test(textOf(m)),
        ),
      'evacuation summary',
    );
  });

  it('binds the approval to the plan the approver saw: a change after it was shown asks again', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/evacuate', 'compute1 --concurrency 2');
    const parent = await parentOf();
    const requestId = slack.store.pendingRequests()[0]?.id as string;
    const shownToBob = buttonValue(parent, ACTIONS.approve);
    const web1 = fx.sandbox.cloud.resolveServer('web-1').id;
    await slack.press('U_ALICE', parent.ts, `${EVACUATION_ACTIONS.cold}:${web1}`, `${requestId}:${web1}`);
    await waitFor(
      () =>
        textOf(slack.fake.message(CHANNEL, parent.ts) as StoredMessage).includes('cold-migrated by choice'),
      'choice applied',
    );
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, shownToBob);
    await waitFor(
      () =>
        slack.fake.messages.some(
          (m) => m.ephemeralTo === 'U_BOB' && m.text.includes('changed after it was shown'),
        ),
      'refusal',
    );
    expect(slack.store.getRequest(requestId)?.status).toBe('pending');
    // a forged value without the fingerprint is refused the same way
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, requestId);
    await waitFor(
      () =>
        slack.fake.messages.filter(
          (m) => m.ephemeralTo === 'U_BOB' && m.text.includes('changed after it was shown'),
        ).length === 2,
      'second refusal',
    );
    expect(slack.store.getRequest(requestId)?.status).toBe('pending');
    const updated = slack.fake.message(CHANNEL, parent.ts) as StoredMessage;
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(updated, ACTIONS.approve));
    await waitFor(() => slack.store.getRequest(requestId)?.status === 'approved', 'approved');
  });

  it('lets on-call stop it and abort what is running', async () => {
    slack = await slackHarness(fx);
    // every live move stalls, so the abort always finds one running
    for (const server of ['db-primary', 'ledger', 'server-x'])
      applyFault(fx.sandbox.cloud, { type: 'stall', server });
    await slack.command('U_ALICE', '/evacuate', 'compute1 --concurrency 2');
    const parent = await parentOf();
    const requestId = slack.store.pendingRequests()[0]?.id as string;
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    await waitFor(() => slack.store.runs().some((run) => run.state === 'running'), 'a running move');
    await slack.press('U_DAVE', parent.ts, EVACUATION_ACTIONS.abort, requestId);
    await waitFor(
      () => slack.fake.messages.some((m) => m.ephemeralTo === 'U_DAVE' && m.text.includes('Only on-call')),
      'refusal',
    );
    await slack.press('U_BOB', parent.ts, EVACUATION_ACTIONS.abort, requestId);
    await waitFor(() => threadText(parent).includes('Evacuation report'), 'report', 30_000);
    expect(threadText(parent)).toMatch(/Stop and abort requested by <@U_BOB>/);
    // an operator's abort is counted as an abort, not a failure; servers that did not move say where they are
    expect(threadText(parent)).toMatch(
      /\*Evacuation report\* .*: \d+ moved, 0 failed, [1-9]\d* aborted, \d+ not moved/,
    );
    expect(threadText(parent)).toMatch(/`vault` stays on `compute1` · — · — · not moved: locked/);
    expect(threadText(parent)).not.toMatch(/`compute1` → `compute1`/);
    expect(threadText(parent)).toMatch(/stopped by <@U_BOB>/);
  });

  it('says on its message what is running, and in its thread how a move progresses or stalls', async () => {
    slack = await slackHarness(fx);
    for (const server of ['db-primary', 'ledger', 'server-x'])
      applyFault(fx.sandbox.cloud, { type: 'stall', server });
    await slack.command('U_ALICE', '/evacuate', 'compute1 --concurrency 1');
    const parent = await parentOf();
    const requestId = slack.store.pendingRequests()[0]?.id as string;
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    await waitFor(() => slack.store.runs().some((run) => run.state === 'running'), 'a running move');
    const top = () => textOf(slack.fake.message(CHANNEL, parent.ts) as StoredMessage);
    await waitFor(() => /db-primary progress/.test(threadText(parent)), 'its progress in the thread', 15_000);
    await waitFor(() => /is not converging/.test(threadText(parent)), 'its stall in the thread', 15_000);
    // batch-7 (cold) has moved; db-primary runs, stalled: the status line says so
    expect(top()).toMatch(/1 done · 1 running · 0 failed · 3 left/);
    // the stalled move has its own Abort and Force complete: stopping the evacuation is not the only way
    const stalled = slack.fake
      .threadOf(CHANNEL, parent.ts)
      .find((m) => m.text === 'db-primary is not converging') as StoredMessage;
    expect(textOf(stalled)).toMatch(
      /On-call can \*Force complete\* .* or \*Abort\* .* this move, or stop the evacuation/,
    );
    const run = slack.store.runs().find((r) => r.serverName === 'db-primary');
    await slack.press('U_BOB', stalled.ts, ACTIONS.force, buttonValue(stalled, ACTIONS.force));
    await waitFor(
      () => /Force complete requested by <@U_BOB> for `db-primary`\./.test(threadText(parent)),
      'the press said',
    );
    await waitFor(
      () => slack.store.getRun(run?.id as string)?.state === 'done',
      'db-primary forced to its end',
      15_000,
    );
    expect(slack.store.getRun(run?.id as string)?.outcome?.kind).toBe('completed');
    // its end takes the buttons away
    await waitFor(
      () => !JSON.stringify(slack.fake.message(CHANNEL, stalled.ts)?.blocks).includes(ACTIONS.force),
      'the stall post without buttons',
    );
    await slack.press('U_BOB', parent.ts, EVACUATION_ACTIONS.abort, requestId);
    await waitFor(() => threadText(parent).includes('Evacuation report'), 'report', 30_000);
  });

  it('says how many moves can really run at once', async () => {
    slack = await slackHarness(fx);
    // every server goes to compute2, one move at a time per destination: two at once cannot happen
    await slack.command('U_ALICE', '/evacuate', 'compute1 to compute2 --concurrency 2');
    const parent = await parentOf();
    // and why fewer than asked for: one destination, one move at a time each
    const why = 'one move at a time (of 2 asked: 1 destination host, taking at most 1 move at once)';
    expect(textOf(parent)).toContain(`movable, ${why}, at most 1 move per destination`);
    expect(JSON.stringify(parent.blocks)).toMatch(/move \d+ servers?, one move at a time \(of 2 asked/);
    expect(JSON.stringify(parent.blocks)).not.toMatch(/2 moves at a time/);
  });

  it('asks in its thread for Confirm or Revert when a cold move waits for a person, and the press works', async () => {
    slack = await slackHarness(fx, { autoConfirm: false });
    await slack.command('U_ALICE', '/evacuate', 'compute1 --concurrency 2');
    const parent = await parentOf();
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const asking = await waitFor(
      () =>
        slack.fake
          .threadOf(CHANNEL, parent.ts)
          .find(
            (m) => m.text.includes('batch-7 waits in VERIFY_RESIZE') && m.text.includes('confirm or revert'),
          ),
      'the confirm question in the evacuation thread',
      15_000,
    );
    const run = slack.store.runs().find((r) => r.serverName === 'batch-7');
    expect(buttonValue(asking, ACTIONS.confirm)).toBe(run?.id);
    expect(buttonValue(asking, ACTIONS.revert)).toBe(run?.id);
    // four eyes as for a single move: only on-call may press
    await slack.press('U_DAVE', asking.ts, ACTIONS.confirm, run?.id as string);
    await waitFor(
      () => slack.fake.messages.some((m) => m.ephemeralTo === 'U_DAVE' && m.text.includes('Only on-call')),
      'refusal',
    );
    await slack.press('U_BOB', asking.ts, ACTIONS.confirm, run?.id as string);
    await waitFor(
      () => threadText(parent).includes('Confirmation sent by <@U_BOB>'),
      'the press said',
      15_000,
    );
    // the confirm sent, the question loses its buttons before the move ends (operator trial)
    const decided = await waitFor(
      () =>
        slack.fake
          .callsOf('chat.update')
          .find((call) => call.params.ts === asking.ts && String(call.params.text).endsWith('confirming')),
      'the question without its buttons',
    );
    expect(JSON.stringify(decided.params.blocks)).toMatch(/`batch-7` on `compute\d`: confirmation sent/);
    expect(JSON.stringify(decided.params.blocks)).not.toContain('"actions"');
    await waitFor(() => threadText(parent).includes('Evacuation report'), 'report', 30_000);
    expect(threadText(parent)).toMatch(/`batch-7` `compute1` → `compute\d` · cold · .* · completed/);
    await waitFor(
      () =>
        !(slack.fake.message(CHANNEL, asking.ts) as StoredMessage).blocks.some((b) => b.type === 'actions'),
      'its buttons taken away',
    );
  }, 40_000);
});
