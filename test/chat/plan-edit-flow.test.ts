import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDrain } from '../../commands/drain.ts';
import { parseEvacuate } from '../../commands/evacuate.ts';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { PLAN_EDIT_ACTIONS, PLAN_EDIT_VIEW } from '../../src/chat/plan-edit-view.ts';
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
const current = (parent: StoredMessage) => slack.fake.message(CHANNEL, parent.ts) as StoredMessage;
const threadText = (parent: StoredMessage) => slack.fake.threadOf(CHANNEL, parent.ts).map(textOf).join('\n');
/** the server of that name on compute1 (there is a second "worker" on compute3) */
const serverId = (name: string) =>
  (
    [...fx.sandbox.cloud.servers.values()].find((s) => s.name === name && s.host === 'compute1') ??
    fx.sandbox.cloud.resolveServer(name)
  ).id;

const projectId = (name: string) => (fx.sandbox.cloud.projects.get(name) as { id: string }).id;
const picked = (value: string) => ({ type: 'static_select', selected_option: { value } });

/** The dialogs Ferry opened, newest last. */
function viewsOpened(): Record<string, unknown>[] {
  const views: Record<string, unknown>[] = [];
  slack.fake.on('event', (event: { kind: string; view?: Record<string, unknown> }) => {
    if (event.kind === 'view' && event.view) views.push(event.view);
  });
  return views;
}

describe('--skip and --skip-project in the one grammar', () => {
  it('parses comma-separated names on /evacuate and /drain, and refuses bad input whole', () => {
    expect(parseEvacuate('compute1 --skip worker,vault --skip-project analytics')).toMatchObject({
      kind: 'evacuate',
      skip: ['worker', 'vault'],
      skipProjects: ['analytics'],
    });
    expect(parseDrain('compute1 compute2 --skip worker --skip-project=data')).toMatchObject({
      kind: 'plan',
      skip: ['worker'],
      skipProjects: ['data'],
    });
    expect(parseEvacuate('compute1 --skip')).toMatchObject({ kind: 'error' });
    expect(parseEvacuate('compute1 --skip a,$(reboot)')).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('after --skip'),
    });
    expect(parseDrain('compute1 --skip-project')).toMatchObject({ kind: 'error' });
  });

  it('answers an unknown server with the closest name and requests nothing', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/evacuate', 'compute1 --skip workr');
    await waitFor(() => slack.privately('U_ALICE').includes('No server "workr"'), 'the refusal');
    expect(slack.privately('U_ALICE')).toContain('Did you mean worker?');
    expect(slack.store.evacuations()).toHaveLength(0);
  });
});

describe('an evacuation plan edited before approval', () => {
  it('is approved and carried out exactly as edited: skipped, project excluded, forced cold, pinned', async () => {
    slack = await slackHarness(fx);
    const views = viewsOpened();
    await slack.command('U_ALICE', '/evacuate', 'compute1 --skip worker');
    const parent = await parentOf();
    const id = /e-[0-9a-f]{6}/.exec(parent.text)?.[0] as string;
    expect(textOf(parent)).toMatch(/`worker` .* · stays — skipped by <@U_ALICE>/);
    expect(textOf(parent)).toContain('worker skipped: it stays where it is — <@U_ALICE>');
    const approveBefore = buttonValue(parent, ACTIONS.approve);

    // someone else's Edit is refused, worded as a permission refusal, and opens nothing
    await slack.press('U_BOB', parent.ts, PLAN_EDIT_ACTIONS.edit, id);
    await waitFor(() => slack.privately('U_BOB').includes('Only the requester'), 'refused');
    expect(slack.privately('U_BOB')).toContain('Only the requester (<@U_ALICE>) may edit the plan');
    expect(views).toHaveLength(0);

    await slack.press('U_ALICE', parent.ts, PLAN_EDIT_ACTIONS.edit, id);
    const modal = await waitFor(() => views[0], 'the Edit plan dialog');
    expect(modal.callback_id).toBe(PLAN_EDIT_VIEW);
    expect((modal.blocks as unknown[]).length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(modal)).toContain('compute2');

    // a bad pin (onto older QEMU, live) and a cold move of a locked server: errors under each, nothing changes
    const bad = await slack.submitView('U_ALICE', PLAN_EDIT_VIEW, `${id}:0`, {
      [`choice:${serverId('vault')}`]: { choice: picked('cold') },
      [`pin:${serverId('db-primary')}`]: { pin: picked('compute3') },
    });
    const errors = (await bad.json()) as { response_action: string; errors: Record<string, string> };
    expect(errors.response_action).toBe('errors');
    expect(errors.errors[`choice:${serverId('vault')}`]).toContain('vault cannot move at all');
    expect(errors.errors[`pin:${serverId('db-primary')}`]).toContain('db-primary cannot go to compute3');
    expect(slack.store.getEvacuation(id)?.evacuation.fingerprint).toBe(approveBefore.split('@')[1]);

    const good = await slack.submitView('U_ALICE', PLAN_EDIT_VIEW, `${id}:0`, {
      projects: {
        projects: { type: 'multi_static_select', selected_options: [{ value: projectId('analytics') }] },
      },
      [`choice:${serverId('worker')}`]: { choice: picked('skip') },
      [`choice:${serverId('server-x')}`]: { choice: picked('cold') },
      [`choice:${serverId('ledger')}`]: { choice: picked('skip') },
      [`pin:${serverId('db-primary')}`]: { pin: picked('compute2') },
    });
    expect(good.status).toBe(200);
    const edited = slack.store.getEvacuation(id);
    expect(edited?.evacuation.edits?.map((e) => e.code).sort()).toEqual([
      'force-cold',
      'pin',
      'skip',
      'skip',
      'skip-project',
    ]);
    // the message is updated in place: every edit with who made it, and a new Approve
    await waitFor(() => textOf(current(parent)).includes('db-primary pinned to compute2'), 'plan updated');
    const message = textOf(current(parent));
    expect(message).toMatch(/`batch-7` .* · stays — skipped with its project `[0-9a-f]+` by <@U_ALICE>/);
    expect(message).toMatch(/`server-x` .* · cold → /);
    expect(message).toMatch(/`db-primary` .* · live → `compute2`/);
    expect(message).toContain('server-x moved cold: it is stopped, moved and started again — <@U_ALICE>');
    // the checks are made again, and the request's own (no other operation holds them) kept
    expect(message).toContain('No other operation holds them');
    const approveAfter = buttonValue(current(parent), ACTIONS.approve);
    // the audit trail keeps who edited the plan into which fingerprint
    const audited = slack.store.auditLog().filter((entry) => entry.action === 'plan-edited');
    expect(audited).toMatchObject([{ actor: 'U_ALICE', subject: id }]);
    expect(audited[0]?.detail).toContain(approveAfter.split('@')[1]);
    expect(approveAfter).not.toBe(approveBefore);

    // an approval pressed on the plan as it was before the edit is refused: nothing starts
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, approveBefore);
    await waitFor(
      () => slack.privately('U_BOB').includes('changed after it was shown to you'),
      'stale approval refused',
    );
    expect(slack.store.getEvacuation(id)?.status).toBe('pending');

    await slack.press('U_BOB', parent.ts, ACTIONS.approve, approveAfter);
    await waitFor(() => threadText(parent).includes('Evacuation report'), 'report', 30_000);
    // where the servers ended, from the sandbox's own records
    const cloud = fx.sandbox.cloud;
    const serverIds = new Map(
      ['worker', 'batch-7', 'ledger', 'vault', 'db-primary', 'server-x', 'web-1'].map((n) => [
        n,
        serverId(n),
      ]),
    );
    const where = (name: string) =>
      [...cloud.servers.values()].find((s) => s.id === serverIds.get(name))?.host;
    for (const name of ['worker', 'batch-7', 'ledger', 'vault']) expect(where(name)).toBe('compute1');
    expect(where('db-primary')).toBe('compute2');
    expect(where('server-x')).not.toBe('compute1');
    const moves = (name: string) => cloud.migrations.filter((m) => m.serverId === serverIds.get(name));
    expect(moves('server-x').map((m) => m.type)).toEqual(['migration']);
    expect(moves('db-primary').map((m) => m.type)).toEqual(['live-migration']);
    for (const name of ['worker', 'batch-7', 'ledger']) expect(moves(name)).toHaveLength(0);
    // the report names who skipped each server left behind
    const report = threadText(parent);
    expect(report).toMatch(/`worker` stays on `compute1` · — · — · not moved: skipped by <@U_ALICE>/);
    expect(report).toMatch(/`batch-7` stays on `compute1` · — · — · not moved: skipped with its project/);

    // once decided, the plan is edited no more
    await slack.press('U_ALICE', parent.ts, PLAN_EDIT_ACTIONS.edit, id);
    await waitFor(() => slack.privately('U_ALICE').includes('is not edited any more'), 'decided');
  });
});

describe('a drain with --skip', () => {
  it('leaves the skipped server on its host, which is then not declared empty: the drain stops there', async () => {
    slack = await slackHarness(fx);
    const worker = [...fx.sandbox.cloud.servers.values()].find(
      (s) => s.name === 'worker' && s.host === 'compute3',
    );
    await slack.command('U_ALICE', '/drain', `compute3 --skip ${worker?.id}`);
    const parent = await waitFor(
      () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Drain d-')),
      'the drain message',
    );
    await waitFor(() => threadText(parent).includes('*Step 1*'), 'the plan');
    const plan = threadText(parent);
    expect(plan).toMatch(/\*Step 1\* · `compute3` · 3 servers: 2 live, 1 skipped · ⚠️ fits, but not empty/);
    expect(plan).toContain('⏭️ worker on `compute3`: skipped by <@U_ALICE>, it stays');
    expect(plan).toContain('1 skipped server stays on its host: that host is not declared empty');
    expect(plan).toContain('worker skipped: it stays where it is — <@U_ALICE>');
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    await waitFor(() => threadText(parent).includes('compute3` is *not empty*'), 'not empty', 30_000);
    expect(threadText(parent)).toContain('only servers skipped in the plan stay on it (worker)');
    // from the sandbox's own records: the skipped server never moved, the others left
    expect(worker?.host).toBe('compute3');
    expect(fx.sandbox.cloud.migrations.filter((m) => m.serverId === worker?.id)).toHaveLength(0);
    expect(fx.sandbox.cloud.resolveServer('cache-2').host).not.toBe('compute3');
    expect(fx.sandbox.cloud.resolveServer('analytics-1').host).not.toBe('compute3');
  });
});

describe('the Edit plan dialog of a large plan', () => {
  it('is paged within Slack’s 100 blocks; saving a page opens the next and keeps the other pages’ edits', async () => {
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
    const views = viewsOpened();
    await slack.command('U_ALICE', '/evacuate', 'compute9');
    const parent = await parentOf();
    const id = /e-[0-9a-f]{6}/.exec(parent.text)?.[0] as string;
    await slack.press('U_ALICE', parent.ts, PLAN_EDIT_ACTIONS.edit, id);
    const first = await waitFor(() => views[0], 'page 1');
    const blocks = first.blocks as { block_id?: string }[];
    expect(blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(first)).toContain('page 1 of 2');
    expect(JSON.stringify(first.submit)).toContain('Save, next page');
    const idOf = (name: string) =>
      [...fx.sandbox.cloud.servers.values()].find((s) => s.name === name)?.id as string;
    const next = await slack.submitView('U_ALICE', PLAN_EDIT_VIEW, `${id}:0`, {
      [`choice:${idOf('bulk-01')}`]: { choice: picked('skip') },
    });
    const answer = (await next.json()) as { response_action: string; view: Record<string, unknown> };
    expect(answer.response_action).toBe('update');
    expect(answer.view.private_metadata).toBe(`${id}:1`);
    expect(JSON.stringify(answer.view)).toContain('page 2 of 2');
    expect(JSON.stringify(answer.view)).toContain('bulk-45');
    expect(JSON.stringify(answer.view)).not.toContain('bulk-01');
    const last = await slack.submitView('U_ALICE', PLAN_EDIT_VIEW, `${id}:1`, {
      [`choice:${idOf('bulk-45')}`]: { choice: picked('skip') },
    });
    expect(await last.text()).toBe('');
    const skipped = slack.store
      .getEvacuation(id)
      ?.evacuation.edits?.map((e) => (e.code === 'skip' ? e.serverId : ''));
    expect(skipped?.sort()).toEqual([idOf('bulk-01'), idOf('bulk-45')].sort());
  });
});

describe('a pin alone', () => {
  it('changes what the approval covers, though every server moves the same way', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/evacuate', 'compute1');
    const parent = await parentOf();
    const id = /e-[0-9a-f]{6}/.exec(parent.text)?.[0] as string;
    const before = buttonValue(parent, ACTIONS.approve);
    // db-primary is planned onto compute2 already: pinned there, no move changes, the plan does
    expect(textOf(parent)).toMatch(/`db-primary` .* · live → `compute2`/);
    await slack.submitView('U_ALICE', PLAN_EDIT_VIEW, `${id}:0`, {
      [`pin:${serverId('db-primary')}`]: { pin: picked('compute2') },
    });
    await waitFor(() => textOf(current(parent)).includes('db-primary pinned to compute2'), 'edited');
    expect(buttonValue(current(parent), ACTIONS.approve)).not.toBe(before);
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, before);
    await waitFor(() => slack.privately('U_BOB').includes('changed after it was shown to you'), 'refused');
    expect(slack.store.getEvacuation(id)?.status).toBe('pending');
  });
});
