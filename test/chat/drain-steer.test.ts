import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import type { Block } from '../../src/chat/render.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { compute4Back } from '../faults/drain-run.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import {
  appHomeOpened,
  buttonValue,
  type SlackHarness,
  slackHarness,
  textOf,
  waitFor,
} from '../helpers/slack.ts';

/**
 * /drain as on-call steers it: leaving a host out, stop, pause, a host not empty and its Continue,
 * hosts back on their own, a host someone else disabled.
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
  serviceOf,
  emptyPost,
  approve,
  hostBack,
  evacuation,
  pauseUntilIdle,
} = drainFlowHelpers(() => ({ fx, slack }));

describe('/drain steered by on-call through the real Bolt listeners', () => {
  it('leaves out a host whose turn has not come, on-call only', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/drain', 'compute3 compute4');
    const parent = await drainMessage();
    await approve(parent);
    await emptyPost(parent, 'compute3');
    const id = drainOf().id;
    // a mistyped ID is said so, never planned as a drain of hosts named "skip"
    await slack.command('U_BOB', '/drain', 'd-zzzzzz skip compute4');
    await waitFor(
      () =>
        slack
          .privately('U_BOB')
          .includes('d-zzzzzz is not a drain ID (d- and 6 hex digits; /drain list shows them)'),
      'the mistyped ID refused',
    );
    expect(slack.store.drains()).toHaveLength(1);
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
    await pauseUntilIdle(parent);
    const started = fx.sandbox.cloud.migrations.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fx.sandbox.cloud.migrations.length).toBe(started);
    expect(evacuation()?.evacuation.items.filter((i) => i.state === 'waiting').length).toBeGreaterThan(0);
    await waitFor(() => textOf(current(parent)).includes('⏸️ *Paused* by <@U_BOB>'), 'paused status');
    // its step's evacuation says so too, with no ETA (operator trial: "ETA 30s" for 9 minutes of pause)
    const step = slack.fake.messages.find((m) => !m.threadTs && m.text.startsWith('Evacuation e-'));
    const status = () =>
      textOf(current(step ?? parent))
        .split('\n')
        .find((line) => line.includes(' done · ')) ?? '';
    await waitFor(() => status().startsWith('⏸️ *Paused*'), 'the step paused');
    expect(status()).toContain(`drain \`${drainOf().id}\` is paused: moves in flight finish`);
    expect(status()).not.toContain('ETA');
    // App Home lists it as paused, not under Moving now (operator trial), nor its idle evacuation
    await appHomeOpened(slack, 'U_BOB', 'EvPaused');
    const home = await waitFor(() => slack.fake.homes.get('U_BOB'), 'Home');
    const homeText = textOf({ text: '', blocks: home.blocks as Block[] });
    const moving = homeText.slice(homeText.indexOf('*Moving now*'));
    expect(moving.slice(0, moving.indexOf('\n*', 1))).toBe('*Moving now*\nNothing is moving.');
    expect(homeText).toMatch(new RegExp(`\\*Paused\\*\\n\`${drainOf().id}\` paused`));
    await slack.press('U_BOB', parent.ts, DRAIN_ACTIONS.resume, drainOf().id);
    await waitFor(() => !status().startsWith('⏸️'), 'the step no longer paused');
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

  it('leaves a host that someone else disabled disabled, with their reason', async () => {
    const compute4 = serviceOf('compute4');
    compute4.status = 'disabled';
    compute4.disabledReason = 'DIMM replacement, ticket OPS-4121';
    // a server on it: an empty one has nothing to do and is done at its step (drain-idle-host.test.ts)
    fx.sandbox.cloud.addServer({
      name: 'batch-1',
      host: 'compute4',
      flavor: 'm1.small',
      project: 'web',
      user: 'admin',
    });
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/drain', 'compute4');
    const parent = await drainMessage();
    // the checks are said in the drain's message, the steps in its thread
    const plan = () => `${textOf(current(parent))}\n${threadText(parent)}`;
    await waitFor(() => plan().includes('Hosts already disabled'), 'the warning');
    expect(plan()).toContain('compute4 ("DIMM replacement, ticket OPS-4121")');
    await approve(parent);
    await hostBack(parent, 'compute4');
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report');
    expect(serviceOf('compute4')).toMatchObject({
      status: 'disabled',
      disabledReason: 'DIMM replacement, ticket OPS-4121',
    });
    // the end says what Ferry did: it left the host disabled, never "enabled again"
    expect(threadText(parent)).toContain(
      '✅ `compute4` is done and stays disabled, as it was before the drain ("DIMM replacement, ticket OPS-4121").',
    );
    expect(threadText(parent)).not.toContain('enabled again');
  });
});
