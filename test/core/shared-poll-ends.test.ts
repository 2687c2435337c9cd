import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FEED_TICK_MS } from '../../src/core/move/migration-feed.ts';
import { MigrationRunner } from '../../src/core/move/runner.ts';
import { END_SLACK_MS } from '../../src/core/move/watch-pace.ts';
import { plannerFor } from '../helpers/core.ts';
import { harness } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

describe("the shared poll at a move's end (#31)", () => {
  it("asks right after the end the byte counts predict: each end is seen within a second of Nova's record, for at most three asks more per move", async () => {
    const sim = fx.sandbox.cloud;
    // three live moves of different sizes from three hosts: their ends fall anywhere between two ticks
    const moves = [
      { name: 'ends-1', flavor: 'm1.small', host: 'compute1', to: 'compute2' },
      { name: 'ends-2', flavor: 'm1.medium', host: 'compute2', to: 'compute1' },
      { name: 'ends-3', flavor: 'm1.large', host: 'compute4', to: 'compute2' },
    ];
    for (const move of moves)
      sim.addServer({
        name: move.name,
        host: move.host,
        flavor: move.flavor,
        project: 'web',
        user: 'admin',
        sharedStorage: true,
      });
    const h = harness(fx);
    const shared: number[] = [];
    const cloud = plannerFor(fx).cloud;
    const counting = new Proxy(cloud, {
      get: (target, key) => {
        const value = target[key as keyof typeof target];
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          // the feed's question: no filter but changes-since
          const filters = (args[0] ?? {}) as Record<string, unknown>;
          if (key === 'listMigrations' && Object.keys(filters).every((f) => f === 'changesSince'))
            shared.push(fx.clock.now());
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const runner = new MigrationRunner({
      cloud: counting,
      clock: fx.clock,
      store: h.store,
      events: { emit: () => {} },
    });
    for (const move of moves) {
      const requestId = await h.approved({ server: move.name, destination: move.to, mode: 'live' });
      await runner.start(requestId);
    }
    await runner.idle();
    const ended = sim.migrations.filter((m) => m.type === 'live-migration' && m.status === 'completed');
    expect(ended).toHaveLength(3);
    // Nova's record says completed at updatedAt; the first shared answer after it is when Ferry knows
    const lags = ended.map((m) => (shared.find((at) => at >= m.updatedAt) as number) - m.updatedAt);
    expect(Math.max(...lags)).toBeLessThanOrEqual(1_000);
    // what it costs: asks sooner than the usual tick, at most three per move
    const gaps = shared.slice(1).map((at, i) => at - (shared[i] as number));
    // once an answer shows a move ended, its predicted end asks nothing more (the watchers read the
    // answer before the feed chooses when to ask again): the next ask is not the 0.5-s one
    for (const m of ended) {
      const seen = shared.findIndex((at) => at >= m.updatedAt);
      expect((shared[seen + 1] as number) - (shared[seen] as number)).toBeGreaterThan(1_000);
    }
    expect(gaps.filter((gap) => gap < FEED_TICK_MS).length).toBeLessThanOrEqual(3 * moves.length);
    // never sooner than just after a predicted end
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(END_SLACK_MS);
  });
});
