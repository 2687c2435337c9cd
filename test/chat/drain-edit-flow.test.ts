import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRAIN_EDIT_ACTIONS, DRAIN_EDIT_VIEW } from '../../src/chat/drain-edit-view.ts';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/** A drain's plan edited in its Edit plan dialog before approval, then carried out as edited (#28 part 4). */

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const current = (parent: StoredMessage) => slack.fake.message(CHANNEL, parent.ts) as StoredMessage;
const thread = (parent: StoredMessage) => slack.fake.threadOf(CHANNEL, parent.ts);
const threadText = (parent: StoredMessage) => thread(parent).map(textOf).join('\n');
const picked = (value: string) => ({ type: 'static_select', selected_option: { value } });

/** The dialogs Ferry opened or updated, newest last. */
function views(): { view: Record<string, unknown>; updates?: string }[] {
  const seen: { view: Record<string, unknown>; updates?: string }[] = [];
  slack.fake.on('event', (event: { kind: string; view?: Record<string, unknown>; updates?: string }) => {
    if (event.kind === 'view' && event.view)
      seen.push({ view: event.view, ...(event.updates ? { updates: event.updates } : {}) });
  });
  return seen;
}

describe('a drain plan edited before approval', () => {
  it('skips a server and excludes a project in the dialog; approved and carried out as edited', async () => {
    slack = await slackHarness(fx);
    const opened = views();
    const cloud = fx.sandbox.cloud;
    const onCompute3 = (name: string) =>
      [...cloud.servers.values()].find((s) => s.name === name && s.host === 'compute3')?.id as string;
    const worker = onCompute3('worker');
    const cache = onCompute3('cache-2');
    const analytics = onCompute3('analytics-1');
    const web = (cloud.projects.get('web') as { id: string }).id;

    await slack.command('U_ALICE', '/drain', 'compute3');
    const parent = await waitFor(
      () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Drain d-')),
      'the drain message',
    );
    const id = /d-[0-9a-f]{6}/.exec(parent.text)?.[0] as string;
    await waitFor(() => threadText(parent).includes('*Step 1*'), 'the plan');
    const approveBefore = buttonValue(parent, ACTIONS.approve);
    expect(buttonValue(parent, DRAIN_EDIT_ACTIONS.edit)).toBe(id);

    // someone else's Edit is refused with the evacuation's words, and opens nothing
    await slack.press('U_BOB', parent.ts, DRAIN_EDIT_ACTIONS.edit, id);
    await waitFor(() => slack.privately('U_BOB').includes('Only the requester'), 'refused');
    expect(slack.privately('U_BOB')).toContain('Only the requester (<@U_ALICE>) may edit the plan');
    expect(opened).toHaveLength(0);

    // the dialog opens at once, then shows the plan read again, in the same view
    await slack.press('U_ALICE', parent.ts, DRAIN_EDIT_ACTIONS.edit, id);
    const shown = await waitFor(() => opened[1], 'the dialog with the servers');
    expect(JSON.stringify(opened[0]?.view)).toContain('Reading the drain');
    expect(opened[0]?.updates).toBeUndefined();
    expect(shown.updates).toMatch(/^V/);
    const modal = shown.view;
    expect(modal.callback_id).toBe(DRAIN_EDIT_VIEW);
    expect((modal.blocks as unknown[]).length).toBeLessThanOrEqual(100);
    const said = JSON.stringify(modal);
    expect(said).toContain('page 1 of 1');
    expect(said).toContain('worker (m1.small) on compute3');
    // skips only: a drain places each step again, so nothing is forced cold or pinned here
    expect(said).toContain('never forced cold or pinned');
    expect(said).not.toContain('Move cold');
    expect(said).not.toContain(`pin:${worker}`);

    const saved = await slack.submitView('U_ALICE', DRAIN_EDIT_VIEW, modal.private_metadata as string, {
      projects: { projects: { type: 'multi_static_select', selected_options: [{ value: web }] } },
      [`choice:${worker}`]: { choice: picked('skip') },
    });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toBe('');
    const edited = slack.store.getDrain(id);
    expect(edited?.drain.edits).toEqual([
      { code: 'skip-project', projectId: web, by: 'U_ALICE' },
      { code: 'skip', serverId: worker, by: 'U_ALICE' },
    ]);
    // the message is updated in place with a new Approve; the thread says who edited, and the plan
    await waitFor(() => buttonValue(current(parent), ACTIONS.approve) !== approveBefore, 'new Approve');
    const approveAfter = buttonValue(current(parent), ACTIONS.approve);
    expect(approveAfter.split('@')[1]).toBe(edited?.drain.fingerprint);
    await waitFor(() => threadText(parent).includes('edited the plan'), 'the edit told');
    const told = threadText(parent);
    expect(told).toContain('✏️ <@U_ALICE> edited the plan: approving now approves the plan as edited.');
    expect(told).toContain('worker skipped: it stays where it is — <@U_ALICE>');
    await waitFor(() => threadText(parent).includes('1 live, 2 skipped'), 'the plan as edited');
    expect(threadText(parent)).toContain('⏭️ cache-2 on `compute3`: skipped with its project');
    const audited = slack.store.auditLog().filter((entry) => entry.action === 'plan-edited');
    expect(audited).toMatchObject([{ actor: 'U_ALICE', subject: id }]);

    // an approval of the plan as it was before the edit is refused: nothing starts
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, approveBefore);
    await waitFor(() => slack.privately('U_BOB').includes('changed after it was shown to you'), 'stale');
    expect(slack.store.getDrain(id)?.status).toBe('pending');

    await slack.press('U_BOB', parent.ts, ACTIONS.approve, approveAfter);
    const notEmpty = await waitFor(
      () => thread(parent).find((m) => textOf(m).includes('compute3` is *not empty*')),
      'not empty',
      30_000,
    );
    expect(threadText(parent)).toContain('only servers skipped in the plan stay on it');
    // from the sandbox's own records: the skipped servers never moved, the other one left
    expect(cloud.servers.get(worker)?.host).toBe('compute3');
    expect(cloud.servers.get(cache)?.host).toBe('compute3');
    for (const serverId of [worker, cache])
      expect(cloud.migrations.filter((m) => m.serverId === serverId)).toHaveLength(0);
    expect(cloud.servers.get(analytics)?.host).not.toBe('compute3');

    // on-call leaves the host out: the report names who skipped each server left behind
    await slack.press('U_BOB', notEmpty.ts, DRAIN_ACTIONS.skip, buttonValue(notEmpty, DRAIN_ACTIONS.skip));
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 30_000);
    const report = threadText(parent);
    expect(report).toMatch(/`worker` not moved: skipped by <@U_ALICE>/);
    expect(report).toMatch(/`cache-2` not moved: skipped with its project `[0-9a-f]+` by <@U_ALICE>/);

    // once decided, the plan is edited no more
    await slack.press('U_ALICE', parent.ts, DRAIN_EDIT_ACTIONS.edit, id);
    await waitFor(() => slack.privately('U_ALICE').includes('is not edited any more'), 'decided');
  });
});

describe('the Edit plan dialog of a large drain', () => {
  it('is paged within Slack’s 100 blocks; each page answers for its own servers, the others’ edits kept', async () => {
    // a host of its own with 45 small servers (the default ones stay as they are)
    fx.sandbox.cloud.addHost({
      name: 'compute9',
      memoryMb: 262_144,
      vcpus: 128,
      diskGb: 4_000,
      hypervisorVersion: 8_002_000,
    });
    for (let i = 1; i <= 45; i++)
      fx.sandbox.cloud.addServer({
        name: `bulk-${String(i).padStart(2, '0')}`,
        host: 'compute9',
        flavor: 'm1.small',
        project: 'web',
        user: 'admin',
      });
    slack = await slackHarness(fx);
    const opened = views();
    await slack.command('U_ALICE', '/drain', 'compute9');
    const parent = await waitFor(
      () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Drain d-')),
      'the drain message',
    );
    const id = /d-[0-9a-f]{6}/.exec(parent.text)?.[0] as string;
    await slack.press('U_ALICE', parent.ts, DRAIN_EDIT_ACTIONS.edit, id);
    const first = (await waitFor(() => opened[1], 'page 1')).view;
    expect((first.blocks as unknown[]).length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(first)).toContain('page 1 of 2');
    expect(JSON.stringify(first.submit)).toContain('Save, next page');
    expect((first.private_metadata as string).length).toBeLessThanOrEqual(3000);
    const idOf = (name: string) =>
      [...fx.sandbox.cloud.servers.values()].find((s) => s.name === name)?.id as string;
    const next = await slack.submitView('U_ALICE', DRAIN_EDIT_VIEW, first.private_metadata as string, {
      [`choice:${idOf('bulk-01')}`]: { choice: picked('skip') },
    });
    const answer = (await next.json()) as { response_action: string; view: Record<string, unknown> };
    expect(answer.response_action).toBe('update');
    expect(answer.view.private_metadata).toMatch(new RegExp(`^${id}:1:`));
    expect(JSON.stringify(answer.view)).toContain('page 2 of 2');
    expect(JSON.stringify(answer.view)).toContain('bulk-45');
    expect(JSON.stringify(answer.view)).not.toContain('bulk-01');
    const last = await slack.submitView('U_ALICE', DRAIN_EDIT_VIEW, answer.view.private_metadata as string, {
      [`choice:${idOf('bulk-45')}`]: { choice: picked('skip') },
    });
    expect(await last.text()).toBe('');
    const skipped = slack.store.getDrain(id)?.drain.edits?.map((e) => (e.code === 'skip' ? e.serverId : ''));
    expect(skipped?.sort()).toEqual([idOf('bulk-01'), idOf('bulk-45')].sort());
  });
});
