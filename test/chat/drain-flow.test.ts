import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import { FakeSlack, type StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS, clockTime } from '../../src/chat/render.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { compute4Back } from '../faults/drain-run.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import {
  appHomeOpened,
  buttonValue,
  repliesOf,
  type SlackHarness,
  slackHarness,
  textOf,
  waitFor,
} from '../helpers/slack.ts';

/**
 * /drain end to end: the plan, its steps one after another (or several at once), a step that no
 * longer fits, a maintenance window, a restart.
 */

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
  // compute4's DIMMs were replaced: it is in service again, and takes web-2 when compute2 is drained
  compute4Back(fx);
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const {
  drainMessage,
  current,
  thread,
  threadText,
  drainOf,
  hostsOf,
  serviceOf,
  emptyPost,
  approve,
  hostBack,
} = drainFlowHelpers(() => ({ fx, slack }));

describe('/drain through the real Bolt listeners', () => {
  it('drains three hosts one after the other and brings home every server that can go back', async () => {
    slack = await slackHarness(fx);
    const before = hostsOf();
    const onCompute3 = [...fx.sandbox.cloud.servers.values()].filter((s) => s.host === 'compute3');
    await slack.command('U_ALICE', '/drain', 'compute2 compute3 compute4 --return');
    const parent = await drainMessage();
    expect(textOf(parent)).toContain('asks to drain 3 hosts, one host at a time');
    await waitFor(() => threadText(parent).includes('*Step 1* · `compute2`'), 'the plan in the thread');
    // compute3 runs an older QEMU: what leaves it live cannot come back live, and the plan says so
    expect(threadText(parent)).toMatch(
      /↪️ analytics-1 cannot go back to compute3: QEMU 6\.2\.0 on compute3 is older than QEMU 8\.2\.0 on compute\d/,
    );
    // four eyes: the requester cannot approve their own drain
    await slack.press('U_ALICE', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    await waitFor(() => slack.privately('U_ALICE').includes('someone else must approve'), 'four eyes');
    await approve(parent);
    const id = drainOf().id;

    await emptyPost(parent, 'compute2');
    const disabled = serviceOf('compute2');
    expect(disabled.status).toBe('disabled');
    expect(disabled.disabledReason).toMatch(
      new RegExp(`^Ferry drain ${id} \\(step 1\\): requested by U_ALICE, approved by U_BOB$`),
    );
    // the host waits for the operator: the next host has not started
    expect(serviceOf('compute3').status).toBe('enabled');
    expect(drainOf().drain.hosts.map((h) => h.phase)).toEqual(['empty', 'waiting', 'waiting']);
    // only on-call says a host is back
    const post = await emptyPost(parent, 'compute2');
    await slack.press('U_ALICE', post.ts, DRAIN_ACTIONS.hostBack, buttonValue(post, DRAIN_ACTIONS.hostBack));
    await waitFor(
      () => slack.privately('U_ALICE').includes('Only on-call staff may say a host is back'),
      'on-call',
    );

    await hostBack(parent, 'compute2');
    await hostBack(parent, 'compute3');
    await hostBack(parent, 'compute4');
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 30_000);

    // every server where it started but compute3's, every host in service
    const after = hostsOf();
    const moved = [...before].filter(([key, host]) => after.get(key) !== host).map(([key]) => key);
    expect(moved.sort()).toEqual(onCompute3.map((s) => s.name + s.id).sort());
    for (const host of ['compute2', 'compute3', 'compute4']) expect(serviceOf(host).status).toBe('enabled');
    const drain = drainOf();
    expect(drain.drain.phase).toBe('done');
    expect(drain.drain.hosts.map((h) => h.phase)).toEqual(['done', 'done', 'done']);
    // never two steps at once in Nova: each host started once every move before it had ended there
    // (its proofs may still run: the host before is said done once they end)
    const [a, b, c] = drain.drain.hosts;
    expect(a?.phase).toBe('done');
    for (const next of [b, c]) {
      const before = fx.sandbox.cloud.migrations.filter((m) => m.createdAt < (next?.startedAt as number));
      for (const m of before) expect(m.updatedAt).toBeLessThanOrEqual(next?.startedAt as number);
    }
    // a reply may share its post with others written while the channel's pace held them (repliesOf)
    const report = thread(parent)
      .flatMap(repliesOf)
      .find((m) => m.text.startsWith('Drain report')) as StoredMessage;
    const text = textOf(report);
    expect(text).toMatch(/3 of 3 hosts done, \d+ servers? moved off, \d+ back home/);
    expect(text).toContain(
      'nothing moved back: none of the 3 servers that left compute3 can go back (the drain report says why)',
    );
    expect(text).toContain('Requested by <@U_ALICE>, approved by <@U_BOB>');
    // each server that stayed away says why, as the plan did
    expect(text).toMatch(
      /`analytics-1` → `compute\d` .* · not back: QEMU 6\.2\.0 on compute3 is older than QEMU 8\.2\.0 on compute\d/,
    );
    expect(text).not.toMatch(/· not back(\n|$)/);
    // the host's end is one sentence, not "…(listed with the reason).: enabled again."
    expect(threadText(parent)).toContain(
      '✅ `compute3` is done and enabled again. Nothing moved back: none of the 3 servers that left compute3 can go back (the drain report says why)',
    );
    expect(threadText(parent)).not.toMatch(/\.: enabled again/);
    expect(threadText(parent)).toContain('✅ `compute2` is done and enabled again; its servers are back.');
    // no Host is back or Skip host left to press once each host is back and the drain has finished
    expect(thread(parent).filter((m) => m.blocks.some((b) => b.type === 'actions'))).toEqual([]);
    // each answered question says the answer and who gave it
    expect(threadText(parent)).toContain('🔌 Answered: <@U_BOB> said `compute2` is back.');
    // compute3's step sent nothing to compute4, which the drain empties next, as compute1 and compute2
    // had room (operator trial h-drain29: a server put on a later step's host was moved twice)
    const step2 = slack.store.evacuations().find((e) => e.evacuation.host === 'compute3');
    expect(step2?.evacuation.items.map((item) => item.destination)).not.toContain('compute4');
    expect(threadText(parent)).not.toContain('had only passed through it');
    // a move back within the drain: asked by who asked for the drain, approved by who approved it
    const moveBacks = slack.fake.messages.filter((m) => m.text.startsWith('Move-back report'));
    expect(moveBacks).toHaveLength(1);
    for (const report of moveBacks)
      expect(textOf(report)).toContain('Requested by <@U_ALICE>, approved by <@U_BOB>');
    expect(text).toMatch(/`cache-1` → `compute\d` \(live, \d+s\) · back in \d+s/);
    expect(text).toMatch(/`legacy-app` → `compute\d` \(cold, [\dhms ]+\) · back in [\dhms ]+/);
    // the one message, updated in place, says it is finished; each host had its own evacuation message
    await waitFor(() => textOf(current(parent)).includes('🏁 *Drain finished*'), 'the message finished');
    expect(textOf(current(parent))).toMatch(/3 of 3 hosts finished · \d+ servers? moved off, \d+ back home/);
    const perHost = slack.fake.messages.filter((m) => !m.threadTs && m.text.startsWith('Evacuation e-'));
    expect(perHost.map((m) => m.text.match(/of (compute\d)/)?.[1])).toEqual([
      'compute2',
      'compute3',
      'compute4',
    ]);
    // each step is approved by the drain's approval, then: not when Host is back started it
    const approvedAt = clockTime(drain.decidedAt as number, 'UTC');
    for (const message of perHost)
      expect(textOf(current(message))).toContain(`Approved by <@U_BOB> at ${approvedAt}`);
    // three hosts, each emptied and moved back: 15-21 s at load 6-9, past the 20 s default
  }, 60_000);

  it('names a step that does not fit before anyone approves, and offers no Approve', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/drain', 'compute1 compute2 --hosts-at-once 2');
    const parent = await drainMessage();
    await waitFor(() => threadText(parent).includes('Step 1'), 'the plan');
    expect(textOf(parent)).toContain('❌ *Blocked*');
    expect(threadText(parent)).toMatch(/❌ web-\d \(m1\.medium\): the hosts with room rule it out/);
    expect(() => buttonValue(parent, ACTIONS.approve)).toThrow();
    expect(drainOf().status).toBe('blocked');
    expect(serviceOf('compute1').status).toBe('enabled');
  });

  it('holds before a step the cloud no longer fits, and goes on once on-call approves the new plan', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/drain', 'compute2 compute3 --return');
    const parent = await drainMessage();
    await approve(parent);
    await emptyPost(parent, 'compute2');
    // meanwhile nova-compute on the next host dies: its servers could not leave
    applyFault(fx.sandbox.cloud, { type: 'service-down', host: 'compute3' });
    await hostBack(parent, 'compute2');
    // held because nova-compute is down there: said so, not "its plan no longer fits" (operator trial)
    const held = await waitFor(
      () => thread(parent).find((m) => m.text === 'The drain is held: nova-compute is down on compute3'),
      'held',
      30_000,
    );
    expect(textOf(held)).toContain('nova-compute is down on compute3');
    // Approve new plan works once the fault is mended: the advice names it, not "stop and ask again"
    expect(textOf(held)).toContain(
      'Mend what fails (room, a service), then press Approve new plan: each host of the step is then planned on the cloud as it is at its start.',
    );
    expect(textOf(held)).not.toContain('ask again');
    expect(drainOf().drain.phase).toBe('held');
    expect(drainOf().drain.hosts[1]?.phase).toBe('waiting');
    await waitFor(() => textOf(current(parent)).includes('✋ *Held* before step 2'), 'status held');
    // the drain's status line (its message, /drain d-…) names the cause as the held post does
    expect(textOf(current(parent))).toContain(
      '✋ *Held* before step 2: nova-compute is down on compute3; on-call decides in the thread',
    );
    expect(textOf(current(parent))).not.toContain('no longer fits');
    // the operator trial: App Home did not list the held drain's plan under Waiting for approval
    await appHomeOpened(slack, 'U_BOB', 'EvHeld');
    const home = await waitFor(() => slack.fake.homes.get('U_BOB'), 'Home');
    const homeText = textOf({ text: '', blocks: home.blocks as never });
    expect(homeText).toMatch(
      new RegExp(
        `\\*Waiting for approval\\*\\n\`${drainOf().id}\` drain held before step 2: nova-compute is down on compute3; its new plan waits for on-call approval`,
      ),
    );
    expect(homeText).toContain('Nothing is moving.');

    const value = buttonValue(held, DRAIN_ACTIONS.reapprove);
    // the requester may not approve the new plan either
    await slack.press('U_ALICE', held.ts, DRAIN_ACTIONS.reapprove, value);
    await waitFor(
      () => slack.privately('U_ALICE').includes('someone else must approve its new plan'),
      'four eyes',
    );
    applyFault(fx.sandbox.cloud, { type: 'service-up', host: 'compute3' });
    await slack.press('U_BOB', held.ts, DRAIN_ACTIONS.reapprove, value);
    await hostBack(parent, 'compute3');
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 30_000);
    expect(drainOf().drain.reapprovedBy).toEqual(['U_BOB']);
    expect(drainOf().drain.hosts.map((h) => h.phase)).toEqual(['done', 'done']);
  });

  it('plans only the coming step again: a later step that no longer fits holds the drain when it comes', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/drain', 'compute2 compute3 compute4 --return');
    const parent = await drainMessage();
    await approve(parent);
    await emptyPost(parent, 'compute2');
    // nova-compute dies on the last host: its servers could not leave, but steps 2 and 3 are not its
    applyFault(fx.sandbox.cloud, { type: 'service-down', host: 'compute4' });
    await hostBack(parent, 'compute2');
    await emptyPost(parent, 'compute3');
    expect(drainOf().drain.phase).toBe('running');
    await hostBack(parent, 'compute3');
    const held = await waitFor(
      () => thread(parent).find((m) => m.text === 'The drain is held: nova-compute is down on compute4'),
      'held',
      30_000,
    );
    expect(textOf(held)).toContain('Ferry planned step 3 again before starting it, and a check now fails');
    expect(textOf(held)).toContain('nova-compute is down on compute4');
    // the new plan shown is of that step, under its own number
    expect(textOf(held)).toContain('*Step 3* · `compute4`');
    expect(drainOf().drain.hosts.map((h) => h.phase)).toEqual(['done', 'done', 'waiting']);
  });

  it('waits for its maintenance window, starts with it, and starts no new host after it ends', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/maintenance', 'compute3 2026-11-27T14:00 for 1h firmware');
    const scheduled = await waitFor(
      () => slack.fake.messages.find((m) => m.text.startsWith('Maintenance window w-')),
      'the window',
    );
    const windowId = /w-[0-9a-f]{6}/.exec(scheduled.text)?.[0] as string;
    await slack.command('U_ALICE', '/drain', `compute3 compute4 --return --window ${windowId}`);
    const parent = await drainMessage();
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    await waitFor(() => textOf(current(parent)).includes(`starts with window \`${windowId}\``), 'waits');
    expect(drainOf().drain.phase).toBe('planned');
    expect(serviceOf('compute3').status).toBe('enabled');
    fx.clock.advance(2 * 3_600_000 + 60_000);
    await slack.ferry.maintenance.tick();
    await emptyPost(parent, 'compute3');
    // the window ends while compute3 is under maintenance: compute4 will not start
    fx.clock.advance(3_600_000);
    await hostBack(parent, 'compute3');
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 30_000);
    expect(drainOf().drain.hosts.map((h) => h.phase)).toEqual(['done', 'not-started']);
    expect(drainOf().drain).toMatchObject({ stoppedBy: 'ferry', stoppedAtWindowEnd: windowId });
    expect(threadText(parent)).toContain(`stopped by the end of maintenance window ${windowId}`);
    expect(serviceOf('compute4').status).toBe('enabled');
  });

  it('empties two hosts at once when asked, lists drains and shows one', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/drain', 'compute3 compute4 --hosts-at-once 2');
    const parent = await drainMessage();
    await approve(parent);
    await emptyPost(parent, 'compute3');
    await emptyPost(parent, 'compute4');
    // one step of two hosts: both out of service together
    expect(serviceOf('compute3').status).toBe('disabled');
    expect(serviceOf('compute4').status).toBe('disabled');
    const id = drainOf().id;
    await slack.command('U_CAROL', '/drain', 'list');
    await waitFor(
      () => slack.privately('U_CAROL').includes(`\`${id}\` running [░░░░░░░░░░] 0% · 0/2 hosts`),
      'the list',
    );
    // App Home shows what it waits for, not as moving (operator trial: "running 0%" under Moving now)
    const home = JSON.stringify(await slack.ferry.home.render('U_CAROL'));
    expect(home).toContain(
      `\`${id}\` drain waits for someone to press Host is back for compute3, compute4 in its thread · 0/2 hosts done`,
    );
    expect(home).not.toContain(`\`${id}\` running`);
    await slack.command('U_CAROL', '/drain', id);
    await waitFor(
      () => slack.privately('U_CAROL').includes('🔧 `compute3` empty: under maintenance'),
      'one drain',
    );
    await hostBack(parent, 'compute3');
    await hostBack(parent, 'compute4');
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 30_000);
    expect(drainOf().drain.hosts.map((h) => h.phase)).toEqual(['done', 'done']);
  });

  it('carries on after a restart while emptying, while waiting for the host, and while returning', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-drain-')), 'ferry.json');
    const fake = new FakeSlack();
    await fake.start();
    const restart = async () => {
      await slack.stop();
      slack = await slackHarness(fx, { store: await LowdbStore.open(file), fake });
    };
    try {
      const before = hostsOf();
      slack = await slackHarness(fx, { store: await LowdbStore.open(file), fake });
      await slack.command('U_ALICE', '/drain', 'compute2 compute4 --concurrency 1 --return');
      const parent = await drainMessage();
      await approve(parent);
      // emptying
      await waitFor(() => drainOf().drain.hosts[0]?.phase === 'evacuating', 'evacuating');
      await restart();
      // waiting for the host
      await emptyPost(parent, 'compute2');
      await restart();
      await hostBack(parent, 'compute2');
      // returning
      await waitFor(() => drainOf().drain.hosts[0]?.phase === 'returning', 'returning', 15_000);
      await restart();
      await hostBack(parent, 'compute4');
      await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 30_000);
      expect(hostsOf()).toEqual(before);
      expect(threadText(parent)).toMatch(/↻ Ferry restarted at .* and is watching this drain again\./);
      expect(drainOf().drain.hosts.map((h) => h.phase)).toEqual(['done', 'done']);
      // each host was emptied once, its servers brought back once, and said so once
      expect(drainOf().drain.hosts.map((h) => h.evacuationIds.length)).toEqual([1, 1]);
      const posted = fake.callsOf('chat.postMessage').map((call) => call.params.text);
      expect(posted.filter((text) => text === 'compute2 is empty')).toHaveLength(1);
      expect(
        thread(parent)
          .flatMap(repliesOf)
          .filter((m) => m.text.startsWith('Drain report')),
      ).toHaveLength(1);
    } finally {
      await slack.stop();
      await fake.stop();
      slack = undefined as unknown as SlackHarness;
    }
  });
});
