import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.ts';
import { planEvacuation } from '../../src/core/evacuation/plan.ts';
import type { CheckResult } from '../../src/core/model/types.ts';
import { planMove } from '../../src/core/move/plan.ts';
import { wordCheck } from '../../src/messages/checks.ts';
import { noted } from '../helpers/notes.ts';
import { access, clients, cloud, openstack, otherHost, planner, statusOf } from './lab.ts';

/** A plan's check as a reader reads it: its title, reason and fix worded from its fact. */
const readCheck = (checks: CheckResult[], id: string) => {
  const found = checks.find((c) => c.id === id);
  return found ? { ...found, ...wordCheck(found) } : undefined;
};

/** Ferry's checks against the lab's real Keystone and Nova (no guest moves). */

beforeAll(async () => {
  expect(await clients.nova.negotiate()).toBe('2.93');
});

describe('Keystone', () => {
  it("lists the projects, so FERRY_PROJECT_CHANNELS may name a project (the catalog's URL is versioned)", async () => {
    const projects = await clients.identity.listProjects();
    expect(projects.map((p) => p.name)).toContain('admin');
    for (const project of projects) expect(project.id).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('preconditions against real Nova', () => {
  it('reports every check passing for a good request', async () => {
    const { from, to } = await otherHost('server-x');
    const plan = await planMove(planner, {
      server: 'server-x',
      destination: to,
      mode: 'live',
      requestedBy: 'U_ALICE',
    });
    expect(plan.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(plan.ready).toBe(true);
    expect(plan.source).toBe(from);
    expect(plan.checks.map((c) => c.id)).toEqual([
      'permission',
      'parameters',
      'destination',
      'instance-state',
      'impact',
      'compute-services',
      'distinct-hosts',
      'capacity',
      'hypervisor',
      'cpu',
      'storage',
    ]);
    expect(readCheck(plan.checks, 'hypervisor')?.reason).toMatch(/^Both run QEMU [\d.]+\.$/);
  });

  it('fails destination = source and an unknown host', async () => {
    const { from } = await otherHost('server-x');
    expect(
      statusOf(
        await planMove(planner, {
          server: 'server-x',
          destination: from,
          mode: 'live',
          requestedBy: 'U_ALICE',
        }),
        'distinct-hosts',
      ),
    ).toBe('fail');
    expect(
      statusOf(
        await planMove(planner, {
          server: 'server-x',
          destination: 'compute9',
          mode: 'live',
          requestedBy: 'U_ALICE',
        }),
        'destination',
      ),
    ).toBe('fail');
  });

  it('fails a server that is not running', async () => {
    const { to } = await otherHost('web-1');
    // reset-state, not stop: nothing happens to the guest, and Nova's state is back at once
    await openstack('server', 'set', '--state', 'error', 'web-1');
    try {
      const live = await planMove(planner, {
        server: 'web-1',
        destination: to,
        mode: 'live',
        requestedBy: 'U_ALICE',
      });
      expect(live.checks.find((c) => c.id === 'instance-state')).toMatchObject({ status: 'fail' });
      expect(readCheck(live.checks, 'instance-state')?.reason).toMatch(
        /web-1 is ERROR; live migration needs a running/,
      );
      const cold = await planMove(planner, {
        server: 'web-1',
        destination: to,
        mode: 'cold',
        requestedBy: 'U_ALICE',
      });
      expect(readCheck(cold.checks, 'instance-state')?.reason).toMatch(
        /cold migration needs ACTIVE or SHUTOFF/,
      );
    } finally {
      await openstack('server', 'set', '--state', 'active', 'web-1');
    }
  });

  it('fails a disabled destination, naming the reason', async () => {
    const { to } = await otherHost('server-x');
    const service = (await cloud.listComputeServices()).find((s) => s.host === to);
    await cloud.setServiceEnabled(service?.id as string, false, 'Ferry real-cloud test');
    try {
      const plan = await planMove(planner, {
        server: 'server-x',
        destination: to,
        mode: 'live',
        requestedBy: 'U_ALICE',
      });
      expect(readCheck(plan.checks, 'compute-services')?.reason).toMatch(
        new RegExp(`${to} is disabled \\("Ferry real-cloud test"\\)`),
      );
    } finally {
      await cloud.setServiceEnabled(service?.id as string, true);
    }
  });
});

describe('server groups against real Nova (its server list carries no server_groups)', () => {
  const GROUP = 'ferry-anti-affinity';
  // one member on each of the lab's three hosts: no host is left for an evacuated member
  const members = ['ha-1', 'ha-2', 'ha-3'];

  async function removeLeftovers(): Promise<void> {
    for (const name of members) {
      const ids = JSON.parse(
        await openstack('server', 'list', '--all-projects', '--name', `^${name}$`, '-f', 'json'),
      );
      for (const { ID } of ids as { ID: string }[]) await openstack('server', 'delete', '--wait', ID);
    }
    const groups = JSON.parse(await openstack('server', 'group', 'list', '--all-projects', '-f', 'json'));
    for (const group of groups as { ID: string; Name: string }[])
      if (group.Name === GROUP) await openstack('server', 'group', 'delete', group.ID);
  }

  beforeAll(async () => {
    await removeLeftovers();
    const group = JSON.parse(
      await openstack('server', 'group', 'create', '--policy', 'anti-affinity', GROUP, '-f', 'json'),
    ) as { id: string };
    for (const [index, name] of members.entries()) {
      await openstack(
        ...['server', 'create', '--flavor', 'm1.tiny', '--image', 'ferry-lab-quiet', '--nic', 'none'],
        ...['--hint', `group=${group.id}`, '--availability-zone', `nova:compute${index + 1}`, '--wait', name],
      );
    }
  }, 180_000);
  afterAll(removeLeftovers, 180_000);

  it('refuses /migrate of one member onto the host of the other', async () => {
    const other = await cloud.findServer('ha-2');
    const plan = await planMove(planner, {
      server: 'ha-1',
      destination: other.host as string,
      mode: 'live',
      requestedBy: 'U_ALICE',
    });
    expect(plan.ready).toBe(false);
    expect(readCheck(plan.checks, 'server-groups')).toMatchObject({
      status: 'fail',
      reason: expect.stringContaining(`ha-2 of anti-affinity group "${GROUP}" already runs on ${other.host}`),
    });
  });

  it('says an evacuation cannot move a member onto the host of another, and why', async () => {
    const member = await cloud.findServer('ha-1');
    const others = await Promise.all(['ha-2', 'ha-3'].map((name) => cloud.findServer(name)));
    const plan = await planEvacuation(
      { cloud, clock: systemClock, access },
      { host: member.host as string, concurrency: 2, requestedBy: 'U_ALICE' },
    );
    const item = noted(plan.items.find((i) => i.serverName === 'ha-1'));
    expect(item?.mode).toBeNull();
    expect(item?.note).toMatch(/^no host can take it: /);
    for (const other of others)
      expect(item?.note).toContain(
        `${other.host}: ${other.name} of anti-affinity group "${GROUP}" runs there`,
      );
  });
});
