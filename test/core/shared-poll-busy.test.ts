import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROOF_LOOK_MS } from '../../src/core/move/proofs.ts';
import { FEED_BUSY_MS, TAIL_RUNS } from '../../src/core/move/watch-pace.ts';
import { liveMovesAtOnce } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

/**
 * Twenty moves at once within 60 Nova requests a minute (#31 target 5): with more than TAIL_RUNS runs
 * watched the shared feed asks every FEED_BUSY_MS (sooner only at a move's predicted end) and the
 * proofs read a console twice, 2 s apart; a few moves keep the quick asks and looks of the lab-latency
 * case (shared-poll-ends, proofs-pace).
 */
describe('the shared poll and the proofs with many moves at once (#31 target 5)', () => {
  it(`asks every ${FEED_BUSY_MS / 1000} s while more than ${TAIL_RUNS} moves are watched, sooner only at their predicted ends, sees every end, and reads each console twice`, async () => {
    // five long live moves from five hosts onto a spare one, asked together: more than TAIL_RUNS watched
    const room = { vcpus: 64, diskGb: 4_000, hypervisorVersion: 8_002_000 };
    const hosts = [
      { name: 'busy-source', memoryMb: 65_536, ...room },
      { name: 'busy-spare', memoryMb: 262_144, ...room },
    ];
    const moves = ['compute1', 'compute2', 'compute3', 'compute4', 'busy-source'].map((host, i) => ({
      name: `busy-${i + 1}`,
      host,
      to: 'busy-spare',
      flavor: 'm1.xlarge',
    }));
    const consoleReads = new Map<string, number[]>();
    const { shared, ended, lags, moving } = await liveMovesAtOnce(fx, { hosts, moves }, (call, args) => {
      if (call === 'consoleOutput')
        consoleReads.set(args[0] as string, [
          ...(consoleReads.get(args[0] as string) ?? []),
          fx.clock.monotonic(),
        ]);
    });
    expect(ended).toHaveLength(moves.length);
    // every end is seen, within the busy pace of Nova's record
    expect(Math.max(...lags)).toBeLessThanOrEqual(FEED_BUSY_MS);
    // while more than TAIL_RUNS moves ran: asks sooner than the busy pace are those at predicted ends
    const busy = shared.slice(1).filter((_, i) => moving(shared[i] as number) > TAIL_RUNS);
    const sooner = shared
      .slice(1)
      .filter(
        (at, i) => moving(shared[i] as number) > TAIL_RUNS && at - (shared[i] as number) < FEED_BUSY_MS,
      );
    // a long while (every 2 s, as with a few moves, would ask more than twice as often: 49 asks, 48 sooner)
    expect(busy.length).toBeGreaterThan(10);
    expect(sooner.length).toBeLessThanOrEqual(3 * moves.length);
    // the proofs of a move that ended while more than TAIL_RUNS were watched read its console twice,
    // the second time 2 s after the first (its guest prints a line a second), not 250 ms after
    const provenBusy = ended.filter((m) => moving(m.updatedAt) + 1 > TAIL_RUNS);
    expect(provenBusy.length).toBeGreaterThan(0);
    for (const m of provenBusy) {
      const [first, second, ...more] = consoleReads.get(m.serverId) ?? [];
      expect(more).toEqual([]);
      expect((second as number) - (first as number)).toBeGreaterThanOrEqual(PROOF_LOOK_MS);
    }
  });
});
