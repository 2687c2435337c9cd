import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FEED_BUSY_MS, TAIL_RUNS } from '../../src/core/move/watch-pace.ts';
import { harness, watchedRunner } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

describe('the shared poll with many moves at once (#31 target 5)', () => {
  it(`asks every ${FEED_BUSY_MS / 1000} s while more than ${TAIL_RUNS} moves are watched, sooner only at their predicted ends, and sees every end`, async () => {
    const sim = fx.sandbox.cloud;
    // five long live moves from five hosts onto a spare one, asked together: more than TAIL_RUNS watched
    for (const [name, memoryMb] of [
      ['busy-source', 65_536],
      ['busy-spare', 262_144],
    ] as const)
      sim.addHost({ name, memoryMb, vcpus: 64, diskGb: 4_000, hypervisorVersion: 8_002_000 });
    const moves = ['compute1', 'compute2', 'compute3', 'compute4', 'busy-source'].map((host, i) => ({
      name: `busy-${i + 1}`,
      host,
      to: 'busy-spare',
    }));
    for (const move of moves)
      sim.addServer({
        name: move.name,
        host: move.host,
        flavor: 'm1.xlarge',
        project: 'web',
        user: 'admin',
        sharedStorage: true,
      });
    const h = harness(fx);
    const shared: number[] = [];
    const runner = watchedRunner(fx, h.store, (call, args) => {
      const filters = (args[0] ?? {}) as Record<string, unknown>;
      if (call === 'listMigrations' && Object.keys(filters).every((f) => f === 'changesSince'))
        shared.push(fx.clock.now());
    });
    for (const move of moves) {
      const requestId = await h.approved({ server: move.name, destination: move.to, mode: 'live' });
      await runner.start(requestId);
    }
    await runner.idle();
    const ended = sim.migrations.filter((m) => m.type === 'live-migration' && m.status === 'completed');
    expect(ended).toHaveLength(moves.length);
    // every end is seen, within the busy pace of Nova's record
    const lags = ended.map((m) => (shared.find((at) => at >= m.updatedAt) as number) - m.updatedAt);
    expect(Math.max(...lags)).toBeLessThanOrEqual(FEED_BUSY_MS);
    // while more than TAIL_RUNS moves ran: asks sooner than the busy pace are those at predicted ends
    const moving = (at: number) => ended.filter((m) => m.createdAt <= at && at < m.updatedAt).length;
    const busy = shared.slice(1).filter((_, i) => moving(shared[i] as number) > TAIL_RUNS);
    const sooner = shared
      .slice(1)
      .filter(
        (at, i) => moving(shared[i] as number) > TAIL_RUNS && at - (shared[i] as number) < FEED_BUSY_MS,
      );
    // a long while (every 2 s, as with a few moves, would ask more than twice as often: 49 asks, 48 sooner)
    expect(busy.length).toBeGreaterThan(10);
    expect(sooner.length).toBeLessThanOrEqual(3 * moves.length);
  });
});
