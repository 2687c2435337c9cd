import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evacuationHarness } from '../helpers/evacuations.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

const ENDED = ['completed', 'confirmed', 'error', 'failed', 'cancelled', 'reverted'];

describe('an evacuation at Nova pace', () => {
  it('starts the next move once Nova records the last completed, while Ferry still proves it, and never runs more than its concurrency in Nova', async () => {
    const sim = fx.sandbox.cloud;
    for (const name of ['pace-src', 'pace-dst'])
      sim.addHost({ name, memoryMb: 65_536, vcpus: 32, diskGb: 2_000, hypervisorVersion: 8_002_000 });
    for (let i = 1; i <= 3; i++) {
      const server = sim.addServer({
        name: `pace-${i}`,
        host: 'pace-src',
        flavor: 'm1.small',
        project: 'web',
        user: 'admin',
        sharedStorage: true,
      });
      // a guest that prints nothing: its console proof looks until its deadline, so a move's outcome
      // comes long after Nova recorded its end
      server.consoleFrozenAt = 0;
    }
    const h = evacuationHarness(fx);
    const id = await h.approved({ host: 'pace-src', concurrency: 1, destination: 'pace-dst' });
    let most = 0;
    // as each move reaches Nova: whether the move before it had its outcome written already
    const outcomeBefore: boolean[] = [];
    const watcher = setInterval(() => {
      const active = sim.migrations.filter((m) => !ENDED.includes(m.status));
      most = Math.max(most, active.length);
      while (outcomeBefore.length < sim.migrations.length - 1) {
        const before = sim.migrations[outcomeBefore.length] as (typeof sim.migrations)[number];
        outcomeBefore.push(h.store.runs().some((r) => r.migrationUuid === before.uuid && r.outcome));
      }
    }, 1);
    try {
      await h.evacuator.start(id);
      await h.evacuator.idle();
      await h.runner.idle();
    } finally {
      clearInterval(watcher);
    }
    const state = h.store.getEvacuation(id)?.evacuation;
    expect(state?.phase).toBe('done');
    const live = sim.migrations.filter((m) => m.type === 'live-migration' && m.status === 'completed');
    expect(live.length).toBe(3);
    // each next move went to Nova while Ferry still proved the one before, and after Nova ended it
    expect(outcomeBefore).toEqual([false, false]);
    for (const [i, next] of live.slice(1).entries())
      expect(next.createdAt).toBeGreaterThanOrEqual((live[i] as (typeof live)[number]).updatedAt);
    expect(most).toBe(1);
  });
});
