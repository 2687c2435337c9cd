import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/chat/render.ts';
import { planMoveBack } from '../../src/core/evacuation/move-back.ts';
import type { EvacuationRecord } from '../../src/core/model/records.ts';
import { setChannelLanguage } from '../../src/i18n/index.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { contradictionsWithNova } from '../helpers/consistency.ts';
import { plannerFor } from '../helpers/core.ts';
import { evacuationHarness } from '../helpers/evacuations.ts';
import { noted } from '../helpers/notes.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * The cell database of one server does not answer during an evacuation: Nova answers 500 (its text
 * ending in a Python class line) for that server, and answers for everything else.
 */

let fx: SandboxFixture;
let slack: SlackHarness | undefined;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack?.stop();
  slack = undefined;
  // a Ferry in zh-CN set the process's language: the tests without a Ferry read English
  setChannelLanguage('en');
  await fx.close();
});

/** The evacuation's message once Ferry posted it. */
const evacuationMessage = () =>
  waitFor(
    () => slack?.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation')),
    'evacuation message',
  );

const onCompute3 = () => [...fx.sandbox.cloud.servers.values()].filter((s) => s.host === 'compute3');

describe('an evacuation while the cell of one of its servers is down', () => {
  it('moves the others, says which server Nova could not read and what to do, and moves it once Nova answers', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/evacuate', 'compute3 --concurrency 1');
    const parent = await evacuationMessage();
    // analytics-1 is first in the plan: without the fix the evacuation stops at it
    applyFault(fx.sandbox.cloud, { type: 'cell-down', servers: ['analytics-1'], seconds: 86_000 });
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const thread = () => (slack as SlackHarness).fake.threadOf(CHANNEL, parent.ts).map(textOf);
    await waitFor(
      () =>
        onCompute3()
          .map((s) => s.name)
          .join() === 'analytics-1',
      'the other servers moved',
      30_000,
    );
    const told = await waitFor(
      () => thread().find((text) => text.includes('Nova could not read `analytics-1`')),
      'the server Nova could not read',
    );
    expect(told).toMatch(/answered 500, an error inside Nova/);
    expect(told).toMatch(/Stop starting new moves/);
    expect(thread().filter((text) => text.includes('could not read')).length).toBe(1);

    applyFault(fx.sandbox.cloud, { type: 'clear' });
    await waitFor(() => thread().some((text) => text.includes('Evacuation report')), 'report', 30_000);
    expect(onCompute3()).toEqual([]);
    const everything = [...thread(), ...slack.logged.map((line) => line.text)].join('\n');
    expect(everything).not.toMatch(/<class|oslo_db|Traceback/);
    expect(contradictionsWithNova(slack.store.runs(), fx.sandbox.cloud, thread())).toEqual([]);
  }, 60_000);
});

describe('an evacuation planned while the cell of a server on its host is down', () => {
  it('does not let the host pass for empty: its report names the server Placement still holds it for', async () => {
    slack = await slackHarness(fx);
    // down before the plan: Nova's list of compute3 skips analytics-1, so the plan never has it
    applyFault(fx.sandbox.cloud, { type: 'cell-down', servers: ['analytics-1'], seconds: 86_000 });
    await slack.command('U_ALICE', '/evacuate', 'compute3');
    const parent = await evacuationMessage();
    // the approver is told before approving, in the plan's checks
    const hidden = (onCompute3().find((s) => s.name === 'analytics-1') as { id: string }).id;
    expect(textOf(parent)).toContain(
      `Nova's list of the servers on compute3 leaves out ${hidden}, which Placement still holds there and Nova could not read (it answered 500: the database of their cell may not answer). The plan cannot move them`,
    );
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const thread = () => (slack as SlackHarness).fake.threadOf(CHANNEL, parent.ts).map(textOf);
    const report = await waitFor(
      () => thread().find((text) => text.includes('Evacuation report')),
      'report',
      30_000,
    );
    const id = (onCompute3()[0] as { id: string }).id;
    expect(onCompute3().map((s) => s.name)).toEqual(['analytics-1']);
    // its message's status line too, which is read before the thread
    await waitFor(
      () =>
        textOf((slack as SlackHarness).fake.message(CHANNEL, parent.ts) as never).includes(
          'is not empty (the report says why)',
        ),
      'the status line saying the host is not empty',
    );
    expect(report).toContain(
      `⚠️ \`compute3\` is not empty: Placement still holds room on it for ${id}, which Nova's list of its servers leaves out and Nova could not read (it answered 500: the database of their cell may not answer). Do not start its maintenance while they are on it.`,
    );
  }, 60_000);
});

describe('an evacuation whose end cannot be checked against Placement', () => {
  it('says the host could not be checked, rather than let it pass for empty', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/evacuate', 'compute3');
    const parent = await evacuationMessage();
    // every read of a provider's consumers loses its answer: the end's check cannot be made
    applyFault(fx.sandbox.cloud, {
      type: 'lose-answer',
      method: 'GET',
      path: '/allocations',
      how: 'drop',
      ms: 0,
      count: 1_000,
    });
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const thread = () => (slack as SlackHarness).fake.threadOf(CHANNEL, parent.ts).map(textOf);
    const report = await waitFor(
      () => thread().find((text) => text.includes('Evacuation report')),
      'report',
      30_000,
    );
    expect(report).toContain(
      "⚠️ Ferry could not check whether Nova's list of the servers on `compute3` leaves some out (Nova or Placement did not answer that check): make sure it is empty before its maintenance.",
    );
  }, 60_000);
});

describe('the same in Simplified Chinese (FERRY_LANG=zh-CN)', () => {
  it('says in Chinese which server Nova could not read, and moves it once Nova answers', async () => {
    slack = await slackHarness(fx, { language: 'zh-CN' });
    await slack.command('U_ALICE', '/evacuate', 'compute3 --concurrency 1');
    const parent = await waitFor(
      () => slack?.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.blocks?.length),
      'evacuation message',
    );
    applyFault(fx.sandbox.cloud, { type: 'cell-down', servers: ['analytics-1'], seconds: 86_000 });
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const thread = () => (slack as SlackHarness).fake.threadOf(CHANNEL, parent.ts).map(textOf);
    await waitFor(
      () =>
        onCompute3()
          .map((s) => s.name)
          .join() === 'analytics-1',
      'the other servers moved',
      30_000,
    );
    const told = await waitFor(
      () => thread().find((text) => text.includes('Nova 无法读取 `analytics-1`')),
      'the server Nova could not read, in Chinese',
    );
    expect(told).toMatch(/它返回 500，是 Nova 内部错误/);
    expect(thread().filter((text) => text.includes('无法读取')).length).toBe(1);
    applyFault(fx.sandbox.cloud, { type: 'clear' });
    await waitFor(() => thread().some((text) => text.includes('疏散报告')), 'report', 30_000);
    expect(onCompute3()).toEqual([]);
    expect(slack.logged.filter((line) => line.level === 'error')).toEqual([]);
  }, 60_000);
});

describe('moving back while the cell of one of the servers is down', () => {
  it('says Nova could not read it, never that it no longer exists, and judges the others', async () => {
    const h = evacuationHarness(fx);
    const id = await h.approved({ host: 'compute3', concurrency: 1 });
    await h.evacuator.start(id);
    await h.evacuator.idle();
    await h.runner.idle();
    const done = h.store.getEvacuation(id) as EvacuationRecord;
    const { cloud } = plannerFor(fx);
    await cloud.setServiceEnabled(done.evacuation.serviceId ?? '', true);
    applyFault(fx.sandbox.cloud, { type: 'cell-down', servers: ['analytics-1'], seconds: 600 });
    const plan = await planMoveBack(cloud, done);
    const item = (name: string) => noted(plan.items.find((i) => i.serverName === name));
    expect(item('analytics-1')).toMatchObject({ state: 'skipped' });
    expect(item('analytics-1')?.note).toBe(
      'Nova could not read it (it answered 500); it stays where it is: move it back with /migrate once Nova answers for it',
    );
    // the others are judged as ever (compute3's older QEMU keeps them away): read, not set aside
    expect(item('worker')?.note).toMatch(/^QEMU 6\.2\.0 on compute3 is older than QEMU 8\.2\.0 on compute\d/);
    expect(JSON.stringify({ ...plan, items: plan.items.map(noted) })).not.toMatch(/no longer exists|<class/);
  });
});
