import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.ts';
import { planEvacuation } from '../../src/core/evacuation/plan.ts';
import type { Migration } from '../../src/core/model/cloud.ts';
import { checkReason } from '../../src/messages/checks.ts';
import { access, cloud, computesInService, evacuatorOf, HOSTS, harness, openstack } from './lab.ts';

/**
 * Disruption budgets (#28, part 3) on the lab's real Nova: a soft-anti-affinity group of three
 * throwaway servers booted onto ONE host (soft anti-affinity is only a weigher: Nova lets them share a
 * host, and has no late check that would refuse it), that host evacuated by Ferry's core planner and
 * engine with room for three moves at once. The plan names the group's pace (one at a time) and
 * Nova's own migration records (os-migrations created_at → updated_at) never show two members moving
 * at once, while the other servers of the host may move beside them.
 */

const PREFIX = 'ferry-28-g';
const GROUP = `${PREFIX}roup`;
const MEMBERS = [`${PREFIX}1`, `${PREFIX}2`, `${PREFIX}3`];
const json = async (...args: string[]) => JSON.parse(await openstack(...args, '-f', 'json'));
/** server groups with soft policies need compute 2.15; `--policy` is the 2.64 form */
const nova = (...args: string[]) => openstack('--os-compute-api-version', '2.64', ...args);

async function removeLeftovers(): Promise<void> {
  const servers = (await json('server', 'list', '--all-projects', '--name', `^${PREFIX}`)) as {
    ID: string;
  }[];
  await Promise.all(servers.map((server) => openstack('server', 'delete', '--wait', server.ID)));
  for (const group of JSON.parse(await nova('server', 'group', 'list', '--all-projects', '-f', 'json')) as {
    ID: string;
    Name: string;
  }[])
    if (group.Name === GROUP) await nova('server', 'group', 'delete', group.ID);
}

const at = (stamp: string) => Date.parse(stamp.endsWith('Z') ? stamp : `${stamp}Z`);

/** the host to empty: not busy-1's (it never converges) nor stopped-1's (a cold move), fewest servers */
async function hostToEmpty(): Promise<string> {
  const [busy, stopped] = await Promise.all([cloud.findServer('busy-1'), cloud.findServer('stopped-1')]);
  const loads = await Promise.all(
    HOSTS.filter((h) => h !== busy.host).map(async (h) => ({
      h,
      n: (await cloud.serversOnHost(h)).length + (h === stopped.host ? 10 : 0),
    })),
  );
  return loads.sort((a, b) => a.n - b.n)[0]?.h as string;
}

beforeAll(async () => {
  await removeLeftovers();
  await computesInService(HOSTS);
}, 300_000);
afterAll(removeLeftovers, 300_000);

describe('disruption budgets with a real server group', () => {
  it('/evacuate of the host of three soft-anti-affinity members moves them one at a time, named in the plan', async () => {
    const began = Date.now();
    const host = await hostToEmpty();
    const group = JSON.parse(
      await nova('server', 'group', 'create', '--policy', 'soft-anti-affinity', GROUP, '-f', 'json'),
    ) as { id: string };
    await Promise.all(
      MEMBERS.map((name) =>
        openstack(
          ...['server', 'create', '--flavor', 'm1.tiny', '--image', 'ferry-lab-quiet', '--nic', 'none'],
          ...['--hint', `group=${group.id}`, '--availability-zone', `nova:${host}`, '--wait', name],
        ),
      ),
    );
    const members = await Promise.all(MEMBERS.map((name) => cloud.findServer(name)));
    expect(members.map((m) => [m.host, m.status])).toEqual(MEMBERS.map(() => [host, 'ACTIVE']));
    const ids = new Set(members.map((m) => m.id));
    const booted = Date.now();

    const plan = await planEvacuation(
      { cloud, clock: systemClock, access },
      { host, concurrency: 3, requestedBy: 'U_ALICE' },
    );
    expect(plan.ready).toBe(true);
    const paced = plan.checks.find((c) => c.id === 'server-groups');
    expect(paced?.fact).toMatchObject({
      code: 'group-budgets',
      groups: [expect.objectContaining({ name: GROUP, policy: 'soft-anti-affinity', members: 3, budget: 1 })],
    });
    expect(checkReason(paced as NonNullable<typeof paced>)).toContain(
      `${GROUP}: 3 members on ${host}, moved one at a time`,
    );
    expect(plan.items.filter((i) => ids.has(i.serverId)).map((i) => i.mode)).toEqual([
      'live',
      'live',
      'live',
    ]);
    const others = plan.items.filter((i) => !ids.has(i.serverId)).map((i) => i.serverName);
    console.log(
      `evacuating ${host}: ${MEMBERS.join(', ')} (group ${GROUP}) and ${others.join(', ') || 'nothing else'}`,
    );

    const engines = harness();
    const { store, runner, book } = engines;
    const evacuator = evacuatorOf(engines);
    const record = await book.submitEvacuation(plan, { reenable: true });
    await book.approve(record.id, 'U_BOB', plan.fingerprint);
    // Ferry's own view, sampled every 100 ms: members with a run not ended
    let most = 0;
    const sampler = setInterval(() => {
      const inFlight = store.activeRuns().filter((run) => ids.has(run.serverId)).length;
      most = Math.max(most, inFlight);
    }, 100);
    try {
      await evacuator.start(record.id);
      await evacuator.idle();
      await runner.idle();
    } finally {
      clearInterval(sampler);
    }
    const state = store.getEvacuation(record.id)?.evacuation;
    expect(state?.items.map((i) => [i.serverName, i.outcome?.kind])).toEqual(
      state?.items.map((i) => [i.serverName, 'completed']),
    );
    expect(await cloud.serversOnHost(host)).toEqual([]);
    expect(most).toBe(1);

    // Nova's own records: each member's live migration of this evacuation, none overlapping another's
    const moves = await Promise.all(
      members.map(async (m) => {
        const [last] = await cloud.listMigrations({ serverId: m.id, type: 'live-migration', limit: 1 });
        return last as Migration;
      }),
    );
    const spans = moves
      .map((m) => ({
        server: m.serverId,
        status: m.status,
        from: at(m.createdAt),
        to: at(m.updatedAt ?? m.createdAt),
      }))
      .sort((a, b) => a.from - b.from);
    for (const span of spans) {
      expect(span.status).toBe('completed');
      expect(span.from).toBeGreaterThanOrEqual(booted - 5_000);
    }
    for (let i = 1; i < spans.length; i++)
      expect(spans[i]?.from, 'a member began before the previous one ended').toBeGreaterThanOrEqual(
        spans[i - 1]?.to as number,
      );
    console.log(
      `members' migrations (Nova): ${spans.map((s) => `${new Date(s.from).toISOString().slice(11, 19)}–${new Date(s.to).toISOString().slice(11, 19)}`).join(', ')}; test ${((Date.now() - began) / 1000).toFixed(0)} s (evacuation ${((Date.now() - booted) / 1000).toFixed(0)} s)`,
    );
  }, 1_200_000);
});
