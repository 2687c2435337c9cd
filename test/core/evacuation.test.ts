import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { movesAtOnce } from '../../src/core/evacuation/plan.ts';
import { telling } from '../../src/core/journal.ts';
import type { ItemReason } from '../../src/core/model/evacuation.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { hostUsage } from '../../src/sandbox/placement-and-scheduling.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { worded } from '../helpers/core.ts';
import { evacuationHarness } from '../helpers/evacuations.ts';
import { noted } from '../helpers/notes.ts';
import { until } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

const byName = <T extends { serverName: string; reason?: ItemReason; note?: string }>(
  items: T[],
  name: string,
) => noted(items.find((item) => item.serverName === name));

describe('evacuation plan', () => {
  it('lists every server with its mode, destination, or the reason it cannot move', async () => {
    const h = evacuationHarness(fx);
    const plan = await h.plan({ host: 'compute1' });
    expect(plan.items.map((i) => i.serverName)).toEqual([
      'batch-7',
      'db-primary',
      'ledger',
      'server-x',
      'vault',
      'web-1',
      'worker',
    ]);
    expect(byName(plan.items, 'server-x')).toMatchObject({ mode: 'live', destination: 'compute2' });
    expect(byName(plan.items, 'batch-7')).toMatchObject({
      mode: 'cold',
      note: 'shut off, so it moves by cold migration',
    });
    expect(byName(plan.items, 'vault')).toMatchObject({
      mode: null,
      note: 'locked ("PCI audit until Friday")',
    });
    // web-2 (same anti-affinity group) is on compute2 and compute3 runs an older QEMU: only cold is possible
    expect(byName(plan.items, 'web-1')).toMatchObject({ mode: null, alternative: 'cold' });
    // each host's real blocker, the same words /migrate uses
    expect(byName(plan.items, 'web-1')?.note).toBe(
      'cannot move live: compute2: web-2 of anti-affinity group "web-anti-affinity" runs there; ' +
        'compute3: QEMU 6.2.0 on compute3 is older than QEMU 8.2.0 on compute1 (live migration needs one not older); ' +
        'compute4: disabled',
    );
    expect(plan.checks.map(worded).find((c) => c.id === 'capacity')).toMatchObject({
      status: 'warn',
      reason: '5 of 7 servers can move; 2 cannot (listed with the reason).',
    });
    expect(plan.ready).toBe(true);
  });

  it('never overcommits a destination: placement respects what it already planned', async () => {
    const h = evacuationHarness(fx);
    (fx.sandbox.cloud.hosts.get('compute2') as { memoryMb: number }).memoryMb = 34_000;
    const plan = await h.plan({ host: 'compute1' });
    // compute2 now has 34000 − 512 − 16384 = 17104 MB free: ledger (16384) fits, then nothing else does
    const onCompute2 = plan.items.filter((i) => i.destination === 'compute2');
    expect(onCompute2.reduce((sum, i) => sum + i.ramMb, 0)).toBeLessThanOrEqual(17_104);
    expect(byName(plan.items, 'ledger')).toMatchObject({ destination: 'compute2' });
    expect(byName(plan.items, 'server-x')).toMatchObject({
      mode: null,
      note: expect.stringMatching(
        /^cannot move live: compute2: memory: needs 8192 MB, \d+ MB free; compute3: QEMU 6\.2\.0 on compute3 is older/,
      ),
      alternative: 'cold',
    });
    expect(byName(plan.items, 'batch-7')).toMatchObject({ mode: 'cold', destination: 'compute3' });
  });

  // the operator trial: "compute4 runs no servers: only its service would be disabled" of a host disabled already
  it('says an empty host whose service is disabled already changes nothing, not that it would be disabled', async () => {
    const h = evacuationHarness(fx);
    const plan = await h.plan({ host: 'compute4' });
    expect(plan.items).toEqual([]);
    expect(plan.checks.map(worded).find((c) => c.id === 'capacity')?.reason).toBe(
      'compute4 runs no servers and its service is disabled already: nothing would change.',
    );
  });

  it('says a destination equal to the host is the host being emptied, not that it is down', async () => {
    const h = evacuationHarness(fx);
    const plan = await h.plan({ host: 'compute1', destination: 'compute1' });
    const failed = plan.checks.map(worded).filter((c) => c.status === 'fail');
    expect(failed.map((c) => c.reason)).toEqual(['compute1 cannot be evacuated onto itself.']);
  });

  it('refuses a host whose nova-compute is down (that needs a rebuild, not a migration)', async () => {
    const h = evacuationHarness(fx);
    applyFault(fx.sandbox.cloud, { type: 'service-down', host: 'compute1' });
    const plan = await h.plan({ host: 'compute1' });
    expect(plan.ready).toBe(false);
    expect(plan.checks.map(worded).find((c) => c.status === 'fail')?.reason).toMatch(
      /nova-compute on compute1 is down/,
    );
  });
});

describe('running an evacuation', () => {
  // ledger's seeded dirty rate never converges; here it behaves, so outcomes are about the evacuation
  beforeEach(() => {
    applyFault(fx.sandbox.cloud, { type: 'converge', server: 'ledger' });
  });

  it('disables the service, keeps the window, never two onto one host, and moves everything', async () => {
    const h = evacuationHarness(fx);
    const inFlight: { count: number; destinations: string[] }[] = [];
    const id = await h.approved({ host: 'compute1', concurrency: 2 }, { chooseCold: ['web-1'] });
    const watcher = setInterval(() => {
      const active = fx.sandbox.cloud.migrations.filter(
        (m) => !['completed', 'confirmed', 'error', 'failed', 'cancelled', 'reverted'].includes(m.status),
      );
      inFlight.push({
        count: active.length,
        destinations: active.map((m) => m.dest ?? m.requestedHost ?? '?'),
      });
    }, 1);
    try {
      await h.evacuator.start(id);
      expect(fx.sandbox.cloud.hosts.get('compute1')).toMatchObject({ status: 'disabled' });
      expect(fx.sandbox.cloud.hosts.get('compute1')?.disabledReason).toMatch(
        new RegExp(`Ferry evacuation ${id}: requested by U_ALICE, approved by U_BOB`),
      );
      await h.evacuator.idle();
      await h.runner.idle();
    } finally {
      clearInterval(watcher);
    }
    const state = h.store.getEvacuation(id)?.evacuation;
    expect(state?.phase).toBe('done');
    expect(
      state?.items
        .filter((i) => i.outcome?.kind === 'completed')
        .map((i) => i.serverName)
        .sort(),
    ).toEqual(['batch-7', 'db-primary', 'ledger', 'server-x', 'web-1', 'worker']);
    expect(state?.items.find((i) => i.serverName === 'vault')?.state).toBe('skipped');
    expect(Math.max(...inFlight.map((sample) => sample.count))).toBeLessThanOrEqual(2);
    for (const sample of inFlight) {
      const named = sample.destinations.filter((d) => d !== '?');
      expect(new Set(named).size).toBe(named.length);
    }
    expect(fx.sandbox.cloud.servers.size).toBe(14);
    expect(
      [...fx.sandbox.cloud.servers.values()].filter((s) => s.host === 'compute1').map((s) => s.name),
    ).toEqual(['vault']);
  });

  it('drops a destination that goes down mid-way, leaves its servers in place and says so', async () => {
    const h = evacuationHarness(fx);
    const id = await h.approved({ host: 'compute1', concurrency: 1 });
    await h.evacuator.start(id);
    await until(() => fx.sandbox.cloud.migrations.length === 1, 'the first move');
    applyFault(fx.sandbox.cloud, { type: 'service-down', host: 'compute2' });
    const first = fx.sandbox.cloud.migrations[0]?.serverId;
    const planned = h.store.getEvacuation(id)?.evacuation.items ?? [];
    const ontoCompute2 = planned.filter((i) => i.destination === 'compute2' && i.serverId !== first);
    expect(ontoCompute2.length).toBeGreaterThan(0);
    await h.evacuator.idle();
    await h.runner.idle();
    const onto = fx.sandbox.cloud.migrations
      .slice(1)
      .filter((m) => (m.dest ?? m.requestedHost) === 'compute2');
    expect(onto).toEqual([]);
    const items = h.store.getEvacuation(id)?.evacuation.items ?? [];
    for (const item of ontoCompute2) {
      expect(noted(items.find((i) => i.serverId === item.serverId))).toMatchObject({
        state: 'not-started',
        note: 'compute2 became unusable during the evacuation, as its nova-compute went down',
      });
    }
    const dropped = h.events.find((e) => e.kind === 'evacuation.destination-dropped');
    expect(dropped).toMatchObject({ host: 'compute2', servers: ontoCompute2.map((i) => i.serverName) });
  });

  it('plans the servers of a destination that goes down mid-way again onto the other destinations, and says so', async () => {
    const h = evacuationHarness(fx);
    // compute3's servers go to compute2 and compute1, one move at a time
    const id = await h.approved({ host: 'compute3', concurrency: 1 });
    await h.evacuator.start(id);
    await until(() => fx.sandbox.cloud.migrations.length === 1, 'the first move');
    applyFault(fx.sandbox.cloud, { type: 'service-down', host: 'compute2' });
    const first = fx.sandbox.cloud.migrations[0]?.serverId;
    const planned = h.store.getEvacuation(id)?.evacuation.items ?? [];
    const ontoCompute2 = planned.filter((i) => i.destination === 'compute2' && i.serverId !== first);
    expect(ontoCompute2.map((i) => i.serverName)).toEqual(['worker']);
    await h.evacuator.idle();
    await h.runner.idle();
    const worker = h.store.getEvacuation(id)?.evacuation.items.find((i) => i.serverName === 'worker');
    expect(noted(worker)).toMatchObject({
      destination: 'compute1',
      state: 'done',
      outcome: { kind: 'completed' },
      note: 'planned again onto compute1: compute2 became unusable, as its nova-compute went down',
    });
    expect(fx.sandbox.cloud.servers.get(worker?.serverId as string)?.host).toBe('compute1');
    const dropped = h.events.find((e) => e.kind === 'evacuation.destination-dropped');
    expect(dropped).toMatchObject({
      host: 'compute2',
      servers: [],
      replanned: [{ server: 'worker', host: 'compute1' }],
    });
  });

  it('keeps an approval when only the suggested destinations shifted, and sends each server where there is room now', async () => {
    const h = evacuationHarness(fx);
    // both planned and approved before either starts, as when two hosts are emptied at once
    const first = await h.approved({ host: 'compute3' });
    const second = await h.approved({ host: 'compute2' });
    const planned = new Map(
      (h.store.getEvacuation(second)?.evacuation.items ?? []).map((item) => [
        item.serverId,
        item.destination,
      ]),
    );
    await h.evacuator.start(first);
    const started = await h.evacuator.start(second);
    expect(started.evacuation.phase).toBe('running');
    const items = h.store.getEvacuation(second)?.evacuation.items ?? [];
    // compute3 is now disabled by the first evacuation: nothing of the second goes there
    expect(items.some((item) => planned.get(item.serverId) === 'compute3')).toBe(true);
    expect(items.filter((item) => item.destination === 'compute3')).toEqual([]);
    await h.evacuator.idle();
    await h.runner.idle();
    expect(h.store.getEvacuation(second)?.evacuation.phase).toBe('done');
  });

  it("lets Nova choose when the planned destination has no room left at the server's turn", async () => {
    const h = evacuationHarness(fx);
    const id = await h.approved({ host: 'compute3', concurrency: 1 });
    await h.evacuator.start(id);
    const items = () => h.store.getEvacuation(id)?.evacuation.items ?? [];
    await until(() => items().some((item) => item.state === 'running'), 'the first move');
    const second = items().find((item) => item.state === 'waiting');
    const planned = second?.destination as string;
    // someone else's moves fill the planned host meanwhile
    const host = fx.sandbox.cloud.hostOrThrow(planned);
    host.memoryMb = hostUsage(fx.sandbox.cloud, planned).MEMORY_MB + host.reservedMemoryMb;
    await h.evacuator.idle();
    await h.runner.idle();
    const moved = items().find((item) => item.serverId === second?.serverId);
    expect(noted(moved)?.note).toBe(
      `${planned} had no room left when its turn came; Nova's scheduler chooses the host`,
    );
    expect(moved?.outcome?.kind).toBe('completed');
    expect(moved?.outcome?.host).not.toBe(planned);
  });

  it('asks again when the cloud changed after approval', async () => {
    const h = evacuationHarness(fx);
    const id = await h.approved({ host: 'compute1' });
    fx.sandbox.cloud.resolveServer('ledger').locked = true;
    const result = await h.evacuator.start(id);
    expect(result.evacuation?.phase).toBe('superseded');
    expect(h.events.find((e) => e.kind === 'evacuation.superseded')).toBeDefined();
    // journaled with the write: a restart before it is told still asks again (issue 24)
    const journal = await h.store.untoldJournal(fx.clock.now());
    expect(journal.map((entry) => entry.event.kind)).toContain('evacuation.superseded');
    expect(fx.sandbox.cloud.migrations).toHaveLength(0);
    expect(fx.sandbox.cloud.hosts.get('compute1')?.status).toBe('enabled');
  });

  it('asks again once, not refused for its own claims, when Ferry stopped between superseding and letting go', async () => {
    const h = evacuationHarness(fx);
    const id = await h.approved({ host: 'compute1' });
    expect(h.store.heldClaims().some((claim) => claim.holder === id)).toBe(true);
    fx.sandbox.cloud.resolveServer('ledger').locked = true;
    const fresh = await h.plan({ host: 'compute1' });
    // the superseding written and journaled, then the process stops: its claims were never let go
    const quiet = { emit: () => undefined };
    const superseded = await h.store.setEvacuationPhase(
      id,
      'superseded',
      {},
      telling(quiet, fx.clock.now(), (request) => [{ kind: 'evacuation.superseded', request, plan: fresh }]),
    );
    // told after the restart, and again by another replica
    const asked = await h.book.submitSuperseding(superseded, fresh);
    const again = await h.book.submitSuperseding(superseded, fresh);
    expect(asked.status).toBe('pending');
    expect(again.id).toBe(asked.id);
    expect(h.store.evacuations().filter((e) => e.id !== id)).toHaveLength(1);
  });

  it('carries on past a failure and reports it', async () => {
    const h = evacuationHarness(fx);
    applyFault(fx.sandbox.cloud, {
      type: 'fail-migration',
      server: 'db-primary',
      stage: 'pre-live-migration',
      message: 'volume attach timed out',
    });
    const id = await h.approved({ host: 'compute1', concurrency: 3 });
    await h.evacuator.start(id);
    await h.evacuator.idle();
    const items = h.store.getEvacuation(id)?.evacuation.items ?? [];
    expect(items.find((i) => i.serverName === 'db-primary')?.outcome?.kind).toBe('rolled-back');
    expect(items.filter((i) => i.outcome?.kind === 'completed')).toHaveLength(4);
  });

  it('stops starting new moves and aborts the running ones on request', async () => {
    const h = evacuationHarness(fx);
    applyFault(fx.sandbox.cloud, { type: 'stall', server: 'server-x' });
    applyFault(fx.sandbox.cloud, { type: 'stall', server: 'db-primary' });
    const id = await h.approved({ host: 'compute1', concurrency: 2 });
    await h.evacuator.start(id);
    await until(
      () =>
        (h.store.getEvacuation(id)?.evacuation.items ?? []).some(
          (i) => i.runId && h.store.getRun(i.runId)?.state === 'running',
        ),
      'a running move',
    );
    await h.evacuator.stop(id, 'U_CAROL', true);
    await h.evacuator.idle();
    await h.runner.idle();
    const state = h.store.getEvacuation(id)?.evacuation;
    expect(state?.phase).toBe('done');
    expect(state?.items.some((i) => i.outcome?.kind === 'aborted')).toBe(true);
    expect(state?.items.some((i) => i.state === 'not-started')).toBe(true);
  });

  it('continues where it was after a restart', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-evac-')), 'ferry.json');
    const first = evacuationHarness(fx, {}, await LowdbStore.open(file));
    const id = await first.approved({ host: 'compute1', concurrency: 2 });
    await first.evacuator.start(id);
    await until(
      () => (first.store.getEvacuation(id)?.evacuation.items ?? []).some((i) => i.state === 'done'),
      'one server moved',
    );
    first.evacuator.shutdown();
    first.runner.stop();
    await first.evacuator.idle();
    await first.runner.idle();
    await first.store.flush();
    const second = evacuationHarness(fx, {}, await LowdbStore.open(file));
    await second.evacuator.resumeAll();
    await second.runner.resumeAll();
    await second.evacuator.idle();
    await second.runner.idle();
    const state = second.store.getEvacuation(id)?.evacuation;
    expect(state?.phase).toBe('done');
    expect(state?.items.filter((i) => i.outcome?.kind === 'completed')).toHaveLength(5);
  });
});

describe('moves at once', () => {
  it("is the concurrency asked for, bounded per named destination, not for the scheduler's choice", () => {
    const to = (destination: string | null) => ({ mode: 'live' as const, destination });
    const stuck = { mode: null, destination: null };
    expect(movesAtOnce([to('compute2'), to('compute2'), to('compute2')], 2, 1)).toBe(1);
    expect(movesAtOnce([to('compute2'), to('compute3'), to('compute2')], 3, 1)).toBe(2);
    expect(movesAtOnce([to('compute2'), to(null), to(null)], 5, 1)).toBe(3);
    expect(movesAtOnce([to('compute2'), to('compute2')], 4, 2)).toBe(2);
    expect(movesAtOnce([stuck], 2, 1)).toBe(1);
  });
});

describe('a host someone else disabled before the evacuation', () => {
  it('stays disabled with their reason, and the evacuation says so (never "enabled again")', async () => {
    const h = evacuationHarness(fx);
    const record = await h.book.submitEvacuation(await h.plan({ host: 'compute4' }), {
      perDestination: 1,
      reenable: true,
    });
    await h.book.approve(record.id, 'U_BOB', h.store.getEvacuation(record.id)?.evacuation.fingerprint);
    await h.evacuator.start(record.id);
    await h.evacuator.idle();
    await h.runner.idle();
    const compute4 = fx.sandbox.cloud.hosts.get('compute4') as {
      status: string;
      disabledReason: string | null;
    };
    expect(compute4.status).toBe('disabled');
    expect(compute4.disabledReason).toMatch(/DIMM/);
    expect(h.store.getEvacuation(record.id)?.evacuation).toMatchObject({
      phase: 'done',
      serviceDisabled: false,
      serviceAtEnd: 'disabled-before',
    });
  });
});
