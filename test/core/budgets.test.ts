import { describe, expect, it } from 'vitest';
import { keepTogether } from '../../src/core/evacuation/groups.ts';
import type { Hypervisor, Server, ServerGroup } from '../../src/core/model/cloud.ts';
import type { EvacuationItem } from '../../src/core/model/evacuation.ts';
import { budgetOf, budgetsFor, type GroupBudget, heldBy, nextToStart } from '../../src/core/move/budgets.ts';
import { blockersOn, recentDepartures, SCHEDULER_SYNC_MS } from '../../src/core/move/fit.ts';
import { blockerText } from '../../src/messages/fit.ts';

const group = (name: string, policy: string, members: string[]): ServerGroup => ({
  id: `id-${name}`,
  name,
  policy,
  members,
});

describe('a server group budget', () => {
  it('is 1 for anti-affinity and soft-anti-affinity, together for soft-affinity, none for affinity', () => {
    expect(budgetOf(group('db', 'anti-affinity', ['a']))?.budget).toBe(1);
    expect(budgetOf(group('db', 'soft-anti-affinity', ['a']))?.budget).toBe(1);
    expect(budgetOf(group('web', 'soft-affinity', ['a']))?.budget).toBe('together');
    expect(budgetOf(group('web', 'affinity', ['a']))).toBeNull();
  });

  it('takes FERRY_GROUP_BUDGETS by ID before name', () => {
    const db = group('db', 'anti-affinity', ['a']);
    expect(budgetOf(db, new Map([['db', 2]]))).toMatchObject({ budget: 2, overridden: true });
    expect(
      budgetOf(
        db,
        new Map([
          ['id-db', 3],
          ['db', 2],
        ]),
      )?.budget,
    ).toBe(3);
    expect(budgetOf(group('web', 'affinity', ['a']), new Map([['web', 2]]))).toBeNull();
  });

  it('lists only the groups that hold one of the servers', () => {
    const groups = [group('db', 'anti-affinity', ['a', 'b']), group('x', 'anti-affinity', ['c'])];
    expect(budgetsFor(groups, ['a']).map((g) => g.name)).toEqual(['db']);
  });
});

describe('which waiting move may start now', () => {
  const db: GroupBudget = {
    id: 'g',
    name: 'db',
    policy: 'anti-affinity',
    members: ['a', 'b', 'c'],
    budget: 1,
  };
  const queued = (...ids: string[]) => ids.map((serverId) => ({ serverId }));

  it('passes over a member whose group is at its budget and starts the next instead (reordered)', () => {
    const next = nextToStart({
      queued: queued('b', 'x'),
      busy: new Set(['a']),
      groups: [db],
      slots: 2,
      idle: false,
    });
    expect(next).toEqual({ serverId: 'x' });
    expect(heldBy(db, new Set(['a']))).toEqual({ code: 'budget', group: 'db', busy: 1, budget: 1 });
  });

  it('counts what is in flight anywhere, and lets a larger budget start more', () => {
    expect(
      nextToStart({ queued: queued('b', 'c'), busy: new Set(['a']), groups: [db], slots: 3, idle: true }),
    ).toBeNull();
    const two = { ...db, budget: 2 };
    expect(
      nextToStart({ queued: queued('b', 'c'), busy: new Set(['a']), groups: [two], slots: 3, idle: true }),
    ).toEqual({ serverId: 'b' });
  });

  it('starts nothing without a free slot', () => {
    expect(
      nextToStart({ queued: queued('x'), busy: new Set(), groups: [db], slots: 0, idle: false }),
    ).toBeNull();
  });

  it('starts a soft-affinity wave only when all of it can start, then carries it on past the slots', () => {
    const web: GroupBudget = {
      id: 'w',
      name: 'web',
      policy: 'soft-affinity',
      members: ['p', 'q', 'r'],
      budget: 'together',
    };
    // three members, two slots, something else running: the wave waits, another move goes
    expect(
      nextToStart({
        queued: queued('p', 'q', 'r', 'x'),
        busy: new Set(['y']),
        groups: [web],
        slots: 2,
        idle: false,
      }),
    ).toEqual({ serverId: 'x' });
    // nothing of the operation in flight: the wave starts although larger than its concurrency
    expect(
      nextToStart({ queued: queued('p', 'q', 'r'), busy: new Set(), groups: [web], slots: 2, idle: true }),
    ).toEqual({
      serverId: 'p',
    });
    // begun: its other members follow with no slot left
    expect(
      nextToStart({ queued: queued('q', 'r'), busy: new Set(['p']), groups: [web], slots: 0, idle: false }),
    ).toEqual({ serverId: 'q' });
  });
});

describe('a soft-affinity group moves together or not at all', () => {
  const item = (serverId: string, destination: string | null): EvacuationItem => ({
    serverId,
    serverName: serverId,
    status: 'ACTIVE',
    flavor: 'm1.small',
    ramMb: 512,
    mode: destination ? 'live' : null,
    destination,
  });
  const web: GroupBudget = {
    id: 'w',
    name: 'web',
    policy: 'soft-affinity',
    members: ['p', 'q'],
    budget: 'together',
  };

  it('keeps a group that all goes to one host, and stops every member when one cannot move', () => {
    expect(keepTogether([item('p', 'c2'), item('q', 'c2')], [web]).map((i) => i.mode)).toEqual([
      'live',
      'live',
    ]);
    const kept = keepTogether([item('p', 'c2'), item('q', null), item('x', 'c3')], [web]);
    expect(kept.map((i) => i.mode)).toEqual([null, null, 'live']);
    expect(kept[0]?.reason).toEqual({ code: 'together', group: 'web', blocker: 'q' });
  });
});

describe("anti-affinity as Nova's scheduler sees it", () => {
  const hypervisor = (host: string): Hypervisor =>
    ({ serviceHost: host, type: 'QEMU', version: 8002000, status: 'enabled', state: 'up' }) as Hypervisor;
  const server = {
    id: 'b',
    name: 'db-2',
    flavor: { ramMb: 0, vcpus: 0, diskGb: 0, ephemeralGb: 0, swapMb: 0 },
  } as Server;
  const groups = [group('db', 'anti-affinity', ['a', 'b'])];
  const capacity = {
    MEMORY_MB: {
      total: 8192,
      reserved: 0,
      allocationRatio: 1,
      used: 0,
      minUnit: 1,
      maxUnit: 8192,
      stepSize: 1,
    },
  };
  const run = (endedAt: number) => ({
    serverId: 'a',
    serverName: 'db-1',
    source: 'compute2',
    endedAt,
    outcome: { kind: 'completed' },
  });
  const onto = (now: number, endedAt: number) =>
    blockersOn({
      server,
      source: hypervisor('compute1'),
      target: hypervisor('compute2'),
      capacity,
      live: true,
      groups,
      residents: new Map(),
      departed: recentDepartures([run(endedAt)], now),
      now,
    });

  it('counts a member that left the host less than scheduler_instance_sync_interval ago as still there', () => {
    const blockers = onto(1_000_000, 1_000_000 - 30_000);
    expect(blockers).toEqual([{ kind: 'anti-affinity', member: 'db-1', group: 'db', leftAgoMs: 30_000 }]);
    expect(blockerText(blockers[0] as never)).toBe(
      `db-1 of anti-affinity group "db" left it 30 s ago: Nova's scheduler counts it there for up to 2 minutes`,
    );
    expect(onto(1_000_000, 1_000_000 - SCHEDULER_SYNC_MS)).toEqual([]);
  });
});
