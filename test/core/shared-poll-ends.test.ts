import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FEED_TICK_MS } from '../../src/core/move/migration-feed.ts';
import { END_SLACK_MS, FEED_BUSY_MS, TAIL_RUNS } from '../../src/core/move/watch-pace.ts';
import { liveMovesAtOnce } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

describe("the shared poll at a move's end (#31)", () => {
  it("asks right after the end the byte counts predict: most ends are seen within a second of Nova's record, every one within the busy pace, for at most three asks more per move", async () => {
    // five live moves of different sizes from five hosts: their ends fall anywhere between two ticks;
    // more than TAIL_RUNS, so the feed's tail (watch-pace.test.ts) is off until only a few are left
    const hosts = [
      { name: 'compute5', memoryMb: 65_536, vcpus: 32, diskGb: 1_800, hypervisorVersion: 8_002_000 },
    ];
    const moves = [
      { name: 'ends-1', flavor: 'm1.small', host: 'compute1', to: 'compute2' },
      { name: 'ends-2', flavor: 'm1.medium', host: 'compute2', to: 'compute1' },
      { name: 'ends-3', flavor: 'm1.large', host: 'compute4', to: 'compute2' },
      { name: 'ends-4', flavor: 'm1.small', host: 'compute3', to: 'compute1' },
      { name: 'ends-5', flavor: 'm1.medium', host: 'compute5', to: 'compute2' },
    ];
    const { shared, ended, lags, moving } = await liveMovesAtOnce(fx, { hosts, moves });
    expect(ended).toHaveLength(moves.length);
    // the first moves end before their byte counts predicted it: seen at the busy pace (more than
    // TAIL_RUNS watched), the others at their predicted ends
    // (the fake clock adds every sleeper's time: a watcher's 2-s wait can fall inside the feed's)
    expect(Math.max(...lags)).toBeLessThanOrEqual(FEED_BUSY_MS + FEED_TICK_MS);
    expect(lags.filter((lag) => lag <= 1_000).length).toBeGreaterThanOrEqual(3);
    // what it costs while the tail is off (more than TAIL_RUNS moves Nova had not ended): asks sooner
    // than the usual tick, at most three per move
    const quick = shared.slice(1).filter((at, i) => at - (shared[i] as number) < FEED_TICK_MS);
    expect(quick.filter((at) => moving(at) > TAIL_RUNS).length).toBeLessThanOrEqual(3 * moves.length);
    // once an answer shows a move ended, its predicted end asks nothing more (the watchers read the
    // answer before the feed chooses when to ask again): the next ask is not the 0.5-s one
    for (const m of ended) {
      const seen = shared.findIndex((at) => at >= m.updatedAt);
      if (moving(shared[seen] as number) <= TAIL_RUNS) continue;
      expect((shared[seen + 1] as number) - (shared[seen] as number)).toBeGreaterThan(1_000);
    }
    // never sooner than just after a predicted end
    const gaps = shared.slice(1).map((at, i) => at - (shared[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(END_SLACK_MS);
  });
});
