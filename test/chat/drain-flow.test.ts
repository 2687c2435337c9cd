import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRAIN_ACTIONS } from '../../src/chat/drain-view.ts';
import { FakeSlack, type StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS, clockTime } from '../../src/chat/render.ts';
import type { DrainRecord } from '../../src/core/model.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { Store } from '../../src/store/store.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
  // compute4's DIMMs were replaced: it is in service again, and takes web-2 when compute2 is drained
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
const current = (parent: StoredMessage) => slack.fake.message(CHANNEL, parent.ts) as StoredMessage;
const thread = (parent: StoredMessage) => slack.fake.threadOf(CHANNEL, parent.ts);
const threadText = (parent: StoredMessage) => thread(parent).map(textOf).join('\n');
const drainOf = () => slack.store.drains().find((d) => d.status !== 'dry-run') as DrainRecord;
const hostsOf = () => new Map([...fx.sandbox.cloud.servers.values()].map((s) => [s.name + s.id, s.host]));
const serviceOf = (host: string) =>
  fx.sandbox.cloud.hosts.get(host) as { status: string; disabledReason: string | null };

/** The thread post that says `host` is empty, with its Host is back button. */
const emptyPost = (parent: StoredMessage, host: string, timeoutMs = 30_000) =>
  waitFor(() => thread(parent).find((m) => m.text === `${host} is empty`), `${host} is empty`, timeoutMs);

async function approve(parent: StoredMessage) {
  await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
  await waitFor(() => drainOf()?.drain.phase === 'running', 'the drain running');
}

async function hostBack(parent: StoredMessage, host: string) {
  const post = await emptyPost(parent, host);
  await slack.press('U_BOB', post.ts, DRAIN_ACTIONS.hostBack, buttonValue(post, DRAIN_ACTIONS.hostBack));
}

describe('/drain through the real Bolt listeners', () => {
  it('drains three hosts one after the other and brings home every server that can go back', async () => {
    slack = await slackHarness(fx);
    const before = hostsOf();
    const onCompute3 = [...fx.sandbox.cloud.servers.values()].filter((s) => s.host === 'compute3');
    await slack.command('U_ALICE', '/drain', 'compute2 compute3 compute4 --return');
    const parent = await drainMessage();
    expect(textOf(parent)).toContain('asks to drain 3 host(s), 1 at a time');
    await waitFor(() => threadText(parent).includes('*Step 1* · `compute2`'), 'the plan in the thread');
    // compute3 runs an older QEMU: what leaves it live cannot come back live, and the plan says so
    expect(threadText(parent)).toMatch(
      /↪️ analytics-1 cannot go back to compute3: runs QEMU 6\.2\.0, older than compute\d's 8\.2\.0/,
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
    // never two steps at once: each host started after the one before had ended
    const [a, b, c] = drain.drain.hosts;
    expect(a?.phase).toBe('done');
    expect(b?.startedAt).toBeGreaterThanOrEqual(a?.endedAt as number);
    expect(c?.startedAt).toBeGreaterThanOrEqual(b?.endedAt as number);
    const report = thread(parent).find((m) => m.text.startsWith('Drain report')) as StoredMessage;
    const text = textOf(report);
    expect(text).toMatch(/3 of 3 host\(s\) done, \d+ server\(s\) moved off, \d+ back home/);
    expect(text).toContain('nothing moved back: None of the 3 server(s) that left compute3 can go back');
    expect(text).toContain('Requested by <@U_ALICE>, approved by <@U_BOB>');
    // each server that stayed away says why, as the plan did
    expect(text).toMatch(/`analytics-1` → `compute\d` .* · not back: cannot go back: runs QEMU 6\.2\.0/);
    expect(text).not.toMatch(/· not back(\n|$)/);
    // the host's end is one sentence, not "…(listed with the reason).: enabled again."
    expect(threadText(parent)).toContain(
      '✅ `compute3` is done and enabled again. Nothing moved back: None of the 3 server(s) that left compute3 can go back',
    );
    expect(threadText(parent)).not.toMatch(/\.: enabled again/);
    expect(threadText(parent)).toContain('✅ `compute2` is done and enabled again; its servers are back.');
    // no Host is back or Skip host left to press once each host is back and the drain has finished
    expect(thread(parent).filter((m) => m.blocks.some((b) => b.type === 'actions'))).toEqual([]);
    expect(threadText(parent)).toContain(
      '`compute2` waits for no answer here any more: 🔌 back: waiting for nova-compute.',
    );
    // a move back within the drain: asked by who asked for the drain, approved by who approved it
    const moveBacks = slack.fake.messages.filter((m) => m.text.startsWith('Move-back report'));
    expect(moveBacks).toHaveLength(2);
    for (const report of moveBacks)
      expect(textOf(report)).toContain('Requested by <@U_ALICE>, approved by <@U_BOB>');
    expect(text).toMatch(/`cache-1` → `compute\d` \(live, \d+s\) · back in \d+s/);
    expect(text).toMatch(/`legacy-app` → `compute\d` \(cold, [\dhms ]+\) · back in [\dhms ]+/);
    // the one message, updated in place, says it is finished; each host had its own evacuation message
    await waitFor(() => textOf(current(parent)).includes('🏁 *Drain finished*'), 'the message finished');
    expect(textOf(current(parent))).toMatch(
      /3 of 3 host\(s\) finished · \d+ server\(s\) moved off, \d+ back home/,
    );
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
  });

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
    const held = await waitFor(
      () => thread(parent).find((m) => m.text === 'The drain is held: its plan no longer fits'),
      'held',
      30_000,
    );
    expect(textOf(held)).toContain('nova-compute is down on compute3');
    expect(drainOf().drain.phase).toBe('held');
    expect(drainOf().drain.hosts[1]?.phase).toBe('waiting');
    await waitFor(() => textOf(current(parent)).includes('✋ *Held* before step 2'), 'status held');

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

  it('leaves out a host whose turn has not come, on-call only', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/drain', 'compute3 compute4');
    const parent = await drainMessage();
    await approve(parent);
    await emptyPost(parent, 'compute3');
    const id = drainOf().id;
    await slack.command('U_ALICE', '/drain', `${id} skip compute4`);
    await waitFor(() => slack.privately('U_ALICE').includes('Only on-call staff may skip a host'), 'on-call');
    await slack.command('U_BOB', '/drain', `${id} skip compute4`);
    await waitFor(() => slack.privately('U_BOB').includes(`Skipped compute4 in drain ${id}.`), 'skipped');
    await hostBack(parent, 'compute3');
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 30_000);
    expect(drainOf().drain.hosts.map((h) => `${h.host}:${h.phase}`)).toEqual([
      'compute3:done',
      'compute4:skipped',
    ]);
    expect(drainOf().drain.hosts[1]?.evacuationIds).toEqual([]);
    expect(serviceOf('compute4').status).toBe('enabled');
    expect(threadText(parent)).toContain('⏭️ <@U_BOB> skipped `compute4`.');
  });

  it('stops: no new host starts, and an empty host stays disabled for its work', async () => {
    slack = await slackHarness(fx);
    const onCompute3 = [...fx.sandbox.cloud.servers.values()].filter((s) => s.host === 'compute3');
    await slack.command('U_ALICE', '/drain', 'compute2 compute3 --return');
    const parent = await drainMessage();
    await approve(parent);
    await emptyPost(parent, 'compute2');
    const metrics = async () => (await fetch(`${slack.statusUrl}/metrics`)).text();
    expect(await metrics()).toMatch(/^ferry_drains_running 1$/m);
    await slack.press(
      'U_BOB',
      parent.ts,
      DRAIN_ACTIONS.stop,
      buttonValue(current(parent), DRAIN_ACTIONS.stop),
    );
    const report = await waitFor(
      () => thread(parent).find((m) => m.text.startsWith('Drain report')),
      'the report',
    );
    expect(textOf(report)).toContain('stopped by <@U_BOB>');
    expect(await metrics()).toMatch(/^ferry_drains_running 0$/m);
    expect(textOf(report)).toContain('Still disabled: `compute2`');
    expect(drainOf().drain.hosts.map((h) => h.phase)).toEqual(['empty', 'not-started']);
    expect(serviceOf('compute2').status).toBe('disabled');
    expect(serviceOf('compute3').status).toBe('enabled');
    for (const server of onCompute3) expect(fx.sandbox.cloud.servers.get(server.id)?.host).toBe('compute3');
  });

  it('pauses: moves in flight finish and nothing new starts until it resumes', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/drain', 'compute2 --concurrency 1 --return');
    const parent = await drainMessage();
    await approve(parent);
    await slack.press('U_BOB', parent.ts, DRAIN_ACTIONS.pause, drainOf().id);
    await waitFor(() => drainOf().drain.phase === 'paused', 'paused');
    const evacuation = () => slack.store.getEvacuation(drainOf().drain.hosts[0]?.evacuationIds[0] ?? '');
    await waitFor(
      () => evacuation() && !evacuation()?.evacuation.items.some((i) => i.state === 'running'),
      'moves in flight to finish',
      30_000,
    );
    const started = fx.sandbox.cloud.migrations.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fx.sandbox.cloud.migrations.length).toBe(started);
    expect(evacuation()?.evacuation.items.filter((i) => i.state === 'waiting').length).toBeGreaterThan(0);
    await waitFor(() => textOf(current(parent)).includes('⏸️ *Paused* by <@U_BOB>'), 'paused status');
    await slack.press('U_BOB', parent.ts, DRAIN_ACTIONS.resume, drainOf().id);
    await hostBack(parent, 'compute2');
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 30_000);
    expect(threadText(parent)).toContain('⏸️ Paused by <@U_BOB>');
    expect(threadText(parent)).toContain('▶️ Resumed by <@U_BOB>');
    expect(drainOf().drain.hosts[0]?.phase).toBe('done');
  });

  it('a failed move leaves the host not empty and waits for the operator; Continue (two people) empties it', async () => {
    slack = await slackHarness(fx, { oncallGroup: 'S0ONCALL' });
    // the move fails before the copy: the server stays ACTIVE on compute2, so it can be tried again
    applyFault(fx.sandbox.cloud, { type: 'fail-migration', server: 'cache-1', stage: 'pre-live-migration' });
    await slack.command('U_ALICE', '/drain', 'compute2 compute3 --concurrency 1 --return');
    const parent = await drainMessage();
    await approve(parent);
    const notEmpty = await waitFor(
      () => thread(parent).find((m) => m.text === 'compute2 is not empty'),
      'not empty',
      30_000,
    );
    expect(textOf(notEmpty)).toContain('`cache-1`');
    expect(textOf(notEmpty)).toContain('Do not reboot it.');
    // after the failure no other server of the host was moved: that is the operator's call
    const first = slack.store.getEvacuation(drainOf().drain.hosts[0]?.evacuationIds[0] ?? '');
    expect(first?.evacuation.items.map((i) => `${i.serverName}:${i.state}`)).toEqual([
      'cache-1:done',
      'db-replica:not-started',
      'legacy-app:not-started',
      'web-2:not-started',
    ]);
    // the drain waits: the next host is untouched, compute2 stays disabled
    expect(drainOf().drain.hosts.map((h) => h.phase)).toEqual(['not-empty', 'waiting']);
    expect(serviceOf('compute2').status).toBe('disabled');
    expect(serviceOf('compute3').status).toBe('enabled');
    applyFault(fx.sandbox.cloud, { type: 'clear' });
    // four eyes: U_BOB asks to go on, U_CAROL approves
    for (const user of ['U_BOB', 'U_CAROL'])
      await slack.press(
        user,
        notEmpty.ts,
        DRAIN_ACTIONS.continueHost,
        buttonValue(notEmpty, DRAIN_ACTIONS.continueHost),
      );
    await hostBack(parent, 'compute2');
    await hostBack(parent, 'compute3');
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 30_000);
    expect(drainOf().drain.hosts[0]?.evacuationIds).toHaveLength(2);
    // both of compute2's evacuations are steps of Alice's drain; Ferry stopped the first (no raw <@ferry>),
    // Carol's approval started the second
    const reports = slack.fake.messages.filter((m) => m.text.startsWith('Evacuation report'));
    expect(reports.map((m) => textOf(m).match(/Requested by .*\./)?.[0])).toEqual([
      'Requested by <@U_ALICE>, approved by <@U_BOB>, stopped by Ferry.',
      'Requested by <@U_ALICE>, approved by <@U_CAROL>.',
      'Requested by <@U_ALICE>, approved by <@U_BOB>.',
    ]);
    const cache1 = [...fx.sandbox.cloud.servers.values()].find((s) => s.name === 'cache-1');
    expect(cache1?.host).toBe('compute2');
  });

  it('notices a host that went down and came back up, without the button', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/drain', 'compute4');
    const parent = await drainMessage();
    await approve(parent);
    await emptyPost(parent, 'compute4');
    applyFault(fx.sandbox.cloud, { type: 'service-down', host: 'compute4' });
    await waitFor(() => drainOf().drain.hosts[0]?.sawDown, 'the host seen down', 15_000);
    applyFault(fx.sandbox.cloud, { type: 'service-up', host: 'compute4' });
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 15_000);
    expect(threadText(parent)).toContain('nova-compute on `compute4` went down and came back up');
    expect(drainOf().drain.hosts[0]?.backBy).toBe('ferry');
    expect(serviceOf('compute4').status).toBe('enabled');
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
    expect(drainOf().drain.stoppedBy).toBe(`the end of maintenance window ${windowId}`);
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
      () => slack.privately('U_CAROL').includes(`\`${id}\` running [░░░░░░░░░░] 0% · 0/2 host(s)`),
      'the list',
    );
    // App Home shows it among what moves now, with its bar
    const home = JSON.stringify(await slack.ferry.home.render('U_CAROL'));
    expect(home).toContain(`\`${id}\` running [░░░░░░░░░░] 0% · 0/2 host(s)`);
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

  it('leaves a host that someone else disabled disabled, with their reason', async () => {
    const compute4 = serviceOf('compute4');
    compute4.status = 'disabled';
    compute4.disabledReason = 'DIMM replacement, ticket OPS-4121';
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/drain', 'compute4');
    const parent = await drainMessage();
    await waitFor(() => threadText(parent).includes('Hosts already disabled'), 'the warning');
    expect(threadText(parent)).toContain('compute4 ("DIMM replacement, ticket OPS-4121")');
    await approve(parent);
    await hostBack(parent, 'compute4');
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report');
    expect(serviceOf('compute4')).toMatchObject({
      status: 'disabled',
      disabledReason: 'DIMM replacement, ticket OPS-4121',
    });
    // the end says what Ferry did: it left the host disabled, never "enabled again"
    expect(threadText(parent)).toContain(
      '✅ `compute4` is done and stays disabled, as it was before the drain.',
    );
    expect(threadText(parent)).not.toContain('enabled again');
  });

  it('carries on after a restart while emptying, while waiting for the host, and while returning', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-drain-')), 'ferry.json');
    const fake = new FakeSlack();
    await fake.start();
    const restart = async () => {
      await slack.stop();
      slack = await slackHarness(fx, { store: await Store.open(file), fake });
    };
    try {
      const before = hostsOf();
      slack = await slackHarness(fx, { store: await Store.open(file), fake });
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
      expect(thread(parent).filter((m) => m.text.startsWith('Drain report'))).toHaveLength(1);
    } finally {
      await slack.stop();
      await fake.stop();
      slack = undefined as unknown as SlackHarness;
    }
  });
});
