import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * Disruption budgets from server groups (#28, part 3), through the Slack listeners: what is in flight
 * is read from the sandbox's own migration records, never from Ferry's.
 */

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
  // new hosts and groups only: the default servers and hosts other tests count stay as they are
  for (const name of ['rack9-1', 'rack9-2', 'rack9-3', 'rack9-4'])
    fx.sandbox.cloud.addHost({
      name,
      memoryMb: 65_536,
      vcpus: 32,
      diskGb: 1_800,
      hypervisorVersion: 8_002_000,
    });
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const {
  drainMessage,
  threadText: drainThread,
  approve,
  emptyPost,
  current,
} = drainFlowHelpers(() => ({ fx, slack }));

/** one server on `host`, in `group` if given */
function seedServer(name: string, host: string, group?: string): string {
  fx.sandbox.cloud.addServer({
    name,
    host,
    flavor: 'm1.small',
    project: 'data',
    user: 'admin',
    ...(group ? { group } : {}),
  });
  return name;
}

/** a group of `size` members, all on `host` (as a cluster booted before its group was enforced) */
function seedGroup(name: string, policy: string, host: string, size: number): string[] {
  fx.sandbox.cloud.addGroup(name, policy, 'data');
  return Array.from({ length: size }, (_, i) => {
    fx.sandbox.cloud.addServer({
      name: `${name}-${i + 1}`,
      host,
      flavor: 'm1.small',
      project: 'data',
      user: 'admin',
      group: name,
    });
    return `${name}-${i + 1}`;
  });
}

const DONE = new Set(['completed', 'error', 'failed', 'cancelled', 'done', 'confirmed', 'reverted']);

/** Samples the sandbox's migrations: the most members of one group ever in flight together. */
function sampler(groups: Record<string, string[]>): { most: () => number; stop: () => void } {
  let most = 0;
  const byId = () => {
    const ids = new Map<string, string>();
    for (const [group, names] of Object.entries(groups))
      for (const name of names) ids.set(fx.sandbox.cloud.resolveServer(name).id, group);
    return ids;
  };
  const groupOf = byId();
  const timer = setInterval(() => {
    const counts = new Map<string, number>();
    for (const migration of fx.sandbox.cloud.migrations) {
      const group = groupOf.get(migration.serverId);
      if (!group || DONE.has(migration.status)) continue;
      counts.set(group, (counts.get(group) ?? 0) + 1);
    }
    most = Math.max(most, ...counts.values(), 0);
  }, 2);
  return { most: () => most, stop: () => clearInterval(timer) };
}

const parentOf = () =>
  waitFor(
    () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation')),
    'evacuation message',
  );
const threadText = (parent: StoredMessage) => slack.fake.threadOf(CHANNEL, parent.ts).map(textOf).join('\n');

describe('disruption budgets through Slack', () => {
  it('never has two members of an anti-affinity group in flight, names the pace before approval', async () => {
    const groups = {
      'db-a': seedGroup('db-a', 'anti-affinity', 'rack9-1', 3),
      'db-b': seedGroup('db-b', 'anti-affinity', 'rack9-1', 3),
    };
    slack = await slackHarness(fx, { oncallGroup: 'S0ONCALL' });
    const sample = sampler(groups);
    await slack.command('U_ALICE', '/evacuate', 'rack9-1 --concurrency 4');
    const plan = textOf(await parentOf());
    expect(plan).toContain('db-a: 3 members on rack9-1, moved one at a time');
    expect(plan).toContain('db-b: 3 members on rack9-1, moved one at a time');
    const parent = await evacuateApproved();
    sample.stop();
    expect(threadText(parent)).toMatch(/6 of 6|moved 6|6 moved/);
    for (const names of Object.values(groups))
      for (const name of names) expect(fx.sandbox.cloud.resolveServer(name).host).not.toBe('rack9-1');
    expect(sample.most()).toBe(1);
    // two groups, one member each at a time: the evacuation ran two moves at once, not one
    expect(parallelism(Object.values(groups).flat())).toBeGreaterThanOrEqual(2);
  });

  it('lets FERRY_GROUP_BUDGETS allow two members of a group at once', async () => {
    const groups = { 'db-a': seedGroup('db-a', 'anti-affinity', 'rack9-1', 3) };
    slack = await slackHarness(fx, { oncallGroup: 'S0ONCALL', groupBudgets: new Map([['db-a', 2]]) });
    const sample = sampler(groups);
    await slack.command('U_ALICE', '/evacuate', 'rack9-1 --concurrency 3');
    expect(textOf(await parentOf())).toContain(
      'db-a: 3 members on rack9-1, at most 2 moved at a time (FERRY_GROUP_BUDGETS)',
    );
    await evacuateApproved();
    sample.stop();
    expect(sample.most()).toBe(2);
  });

  it('moves a soft-affinity group together to one host, and keeps a hard affinity group where it is', async () => {
    const soft = seedGroup('web-pair', 'soft-affinity', 'rack9-1', 2);
    const hard = seedGroup('cache-pair', 'affinity', 'rack9-1', 2);
    slack = await slackHarness(fx, { oncallGroup: 'S0ONCALL' });
    await slack.command('U_ALICE', '/evacuate', 'rack9-1 --concurrency 1');
    const plan = textOf(await parentOf());
    expect(plan).toMatch(/web-pair: 2 members on rack9-1 move together to (\S+), in one wave/);
    expect(plan).toContain('cache-pair: 2 members on rack9-1 stay there');
    await evacuateApproved();
    const hosts = soft.map((name) => fx.sandbox.cloud.resolveServer(name).host);
    expect(hosts[0]).not.toBe('rack9-1');
    expect(hosts[1]).toBe(hosts[0]);
    for (const name of hard) expect(fx.sandbox.cloud.resolveServer(name).host).toBe('rack9-1');
    // one wave: both members were in flight together although the concurrency is 1
    expect(parallelism(soft)).toBe(2);
  });

  it('reorders a drain of two hosts at once: a group spread over both moves one member at a time', async () => {
    fx.sandbox.cloud.addGroup('db-c', 'anti-affinity', 'data');
    const members = [seedServer('db-c-1', 'rack9-1', 'db-c'), seedServer('db-c-2', 'rack9-2', 'db-c')];
    seedServer('filler-1', 'rack9-1');
    seedServer('filler-2', 'rack9-2');
    slack = await slackHarness(fx, { oncallGroup: 'S0ONCALL' });
    const sample = sampler({ 'db-c': members });
    await slack.command('U_ALICE', '/drain', 'rack9-1 rack9-2 --hosts-at-once 2 --concurrency 1');
    const parent = await drainMessage();
    await waitFor(() => drainThread(parent).includes('Step 1'), 'the plan');
    // the budget check, on the drain's message
    expect(textOf(current(parent))).toContain(
      'step 1: db-c has 2 members on rack9-1, rack9-2, moved one at a time across these hosts',
    );
    await approve(parent);
    await emptyPost(parent, 'rack9-1');
    await emptyPost(parent, 'rack9-2');
    sample.stop();
    expect(sample.most()).toBe(1);
    // rack9-2's plan lists db-c-2 first (by name); its budget held it, so filler-2 went first
    const started = (name: string) =>
      fx.sandbox.cloud.migrations.find((m) => m.serverId === fx.sandbox.cloud.resolveServer(name).id)
        ?.createdAt;
    expect(started('filler-2')).toBeLessThan(started('db-c-2') as number);
  });

  it('refuses /migrate of a member while another member of its group moves, and says which and why', async () => {
    fx.sandbox.cloud.addGroup('db-m', 'anti-affinity', 'data');
    seedServer('db-m-1', 'rack9-1', 'db-m');
    seedServer('db-m-2', 'rack9-2', 'db-m');
    // its guest dirties memory as fast as it copies: the move stays in flight until on-call acts
    fx.sandbox.cloud.resolveServer('db-m-1').dirtyRatio = 1;
    slack = await slackHarness(fx, { oncallGroup: 'S0ONCALL' });
    await slack.command('U_ALICE', '/migrate', 'db-m-1 to rack9-3');
    const first = await waitFor(() => slack.store.pendingRequests()[0], 'the first request');
    const asked = await waitFor(
      () => slack.fake.messages.find((m) => !m.threadTs && m.text.includes(first.id)),
      'its message',
    );
    await slack.press('U_BOB', asked.ts, ACTIONS.approve, buttonValue(asked, ACTIONS.approve));
    await waitFor(() => slack.store.activeRuns().length === 1, 'the first move in flight');

    await slack.command('U_ALICE', '/migrate', 'db-m-2 to rack9-4');
    const otherId = (text: string) => text.match(/r-[0-9a-f]{6}/g)?.find((id) => id !== first.id);
    const said = await waitFor(
      () =>
        slack.fake.messages.find((m) => !m.threadTs && textOf(m).includes('db-m-2') && otherId(textOf(m))),
      'the second request told',
    );
    const secondId = otherId(textOf(said)) as string;
    expect(slack.store.getMove(secondId)?.status).toBe('blocked');
    expect(textOf(said)).toContain(
      `db-m-1 is being moved by ${first.id}, and the server group db-m lets 1 of its members move or stay stopped at once.`,
    );
    expect(
      fx.sandbox.cloud.migrations.filter((m) => m.serverId === fx.sandbox.cloud.resolveServer('db-m-2').id),
    ).toEqual([]);
  });

  it('starts nothing when a member of its group began moving between the request and its approval', async () => {
    fx.sandbox.cloud.addGroup('db-n', 'anti-affinity', 'data');
    seedServer('db-n-1', 'rack9-1', 'db-n');
    seedServer('db-n-2', 'rack9-2', 'db-n');
    fx.sandbox.cloud.resolveServer('db-n-1').dirtyRatio = 1;
    slack = await slackHarness(fx, { oncallGroup: 'S0ONCALL' });
    const asked = async (server: string, to: string) => {
      await slack.command('U_ALICE', '/migrate', `${server} to ${to}`);
      return waitFor(
        () =>
          slack.fake.messages.find(
            (m) => !m.threadTs && m.text.includes(server) && /r-[0-9a-f]{6}/.test(m.text),
          ),
        `the request of ${server}`,
      );
    };
    // both asked while nothing moves: both pass
    const second = await asked('db-n-2', 'rack9-4');
    const first = await asked('db-n-1', 'rack9-3');
    await slack.press('U_BOB', first.ts, ACTIONS.approve, buttonValue(first, ACTIONS.approve));
    await waitFor(() => slack.store.activeRuns().length === 1, 'db-n-1 in flight');
    await slack.press('U_BOB', second.ts, ACTIONS.approve, buttonValue(second, ACTIONS.approve));
    const secondId = /r-[0-9a-f]{6}/.exec(second.text)?.[0] as string;
    const firstId = /r-[0-9a-f]{6}/.exec(first.text)?.[0] as string;
    // the re-check's failed check, on the request's message (its thread is told it failed)
    const said = () => textOf(slack.fake.message(CHANNEL, second.ts) as StoredMessage);
    await waitFor(() => said().includes('db-n-1 is being moved by'), `the re-check's refusal: ${said()}`);
    expect(said()).toContain(
      `db-n-1 is being moved by ${firstId}, and the server group db-n lets 1 of its members move or stay stopped at once.`,
    );
    expect(slack.store.activeRuns().map((run) => run.requestId)).toEqual([firstId]);
    expect(
      fx.sandbox.cloud.migrations.filter((m) => m.serverId === fx.sandbox.cloud.resolveServer('db-n-2').id),
    ).toEqual([]);
    expect(slack.store.getMove(secondId)?.plan.ready).toBe(false);
  });
});

/** Approves the evacuation shown and waits for its report. */
async function evacuateApproved(): Promise<StoredMessage> {
  const parent = await parentOf();
  await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
  await waitFor(() => threadText(parent).includes('Evacuation report'), 'report', 60_000);
  return parent;
}

/** The most migrations of these servers that overlapped in the sandbox's records (created → last update). */
function parallelism(names: string[]): number {
  const ids = new Set(names.map((name) => fx.sandbox.cloud.resolveServer(name).id));
  const spans = fx.sandbox.cloud.migrations
    .filter((m) => ids.has(m.serverId))
    .map((m) => [m.createdAt, m.updatedAt] as const);
  return Math.max(0, ...spans.map(([start]) => spans.filter(([s, e]) => s <= start && start < e).length));
}
