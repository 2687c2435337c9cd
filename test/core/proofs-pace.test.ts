import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROOF_LOOK_MS, proveMove } from '../../src/core/move/proofs.ts';
import { TAIL_RUNS } from '../../src/core/move/watch-pace.ts';
import type { CloudApi } from '../../src/core/ports/cloud.ts';
import { cloudApiFrom } from '../../src/openstack/cloud-api.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/**
 * How long the proofs after a move take (#31: the tail after an evacuation's last move, and the
 * record's completion to the thread in 2 s on the lab): they ask at once, side by side, and for 4 s
 * after its first reading the console is read again every 250 ms, so a guest printing a line a
 * second (the lab's, the sandbox's) is proven alive soon after its next line, its console read at
 * least twice. With more runs watched than TAIL_RUNS the second reading waits the proofs' usual 2 s:
 * twenty moves at once stay within Nova's request budget.
 */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

/** The proofs of server-x, its guest's next line `nextLineInMs` after they begin: the codes, the reads, the time taken. */
async function prove(nextLineInMs: number, quietForMs = 0, watchedRuns?: number) {
  const sim = [...fx.sandbox.cloud.servers.values()].find((s) => s.name === 'server-x');
  if (!sim) throw new Error('server-x is seeded');
  // the guest has printed for a while (its console holds its last lines already), its next line due
  // `nextLineInMs` from now: it prints one at every whole second since its boot
  const sinceLine = (fx.clock.now() - sim.created) % 1_000;
  fx.clock.advance(30_000 + ((2_000 - nextLineInMs - sinceLine) % 1_000));
  // a guest that prints nothing for a while after the switchover (the lab's TCG guest once did for 3 s)
  if (quietForMs > 0) sim.consoleFrozenAt = fx.clock.now();
  const reads: { method: string; at: number }[] = [];
  const clock = new ManualClock();
  const real = cloudApiFrom(fx.clients);
  const cloud = new Proxy(real, {
    get: (target, key) => {
      const value = target[key as keyof CloudApi];
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        reads.push({ method: String(key), at: clock.monotonic() });
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const server = await real.getServer(sim.id);
  let done = false;
  const proving = proveMove(
    {
      cloud,
      clock,
      halt: new AbortController().signal,
      timeoutMs: 60_000,
      ...(watchedRuns ? { watchedRuns } : {}),
    },
    server,
    sim.host,
    'live',
  ).finally(() => {
    done = true;
  });
  // time moves only while a proof waits, 50 ms at a time, the guest's clock with the proofs'
  while (!done) {
    await new Promise((resolve) => setTimeout(resolve, 2));
    if (clock.sleeping > 0) {
      clock.advance(50);
      fx.clock.advance(50);
      if (quietForMs > 0 && clock.monotonic() >= quietForMs) delete sim.consoleFrozenAt;
    }
  }
  const proofs = await proving;
  return {
    codes: proofs.map((proof) => proof.code),
    reads,
    consoleReads: reads.filter((read) => read.method === 'consoleOutput').map((read) => read.at),
    tookMs: clock.monotonic(),
  };
}

describe('the pace of the proofs after a move', () => {
  it("proves a running guest's console alive within a second of the move's end, reading it again every 250 ms", async () => {
    const { codes, reads, consoleReads, tookMs } = await prove(1_000);
    expect(codes).toEqual(['nova-running', 'ports-bound', 'console-alive', 'agent-unreachable']);
    // asked at once, not spaced; then every 250 ms until the guest's next line shows
    expect(consoleReads).toEqual([0, 250, 500, 750, 1_000]);
    expect(reads.find((read) => read.method === 'portsOf')?.at).toBe(0);
    expect(tookMs).toBeLessThanOrEqual(1_000);
  });

  it("proves it as soon as the guest's next line shows, not a whole second after the first reading", async () => {
    const { codes, consoleReads, tookMs } = await prove(300);
    expect(codes).toContain('console-alive');
    expect(consoleReads).toEqual([0, 250, 500]);
    expect(tookMs).toBe(500);
  });

  it('keeps reading every 250 ms for 4 s: a guest quiet for 3 s after its move is proven soon after it prints', async () => {
    const { codes, consoleReads, tookMs } = await prove(1_000, 3_100);
    expect(codes).toContain('console-alive');
    expect(consoleReads.at(-1)).toBe(3_250);
    expect(tookMs).toBe(3_250);
  });

  it(`reads the console twice, 2 s apart, while more than ${TAIL_RUNS} runs are watched`, async () => {
    const { codes, consoleReads } = await prove(1_000, 0, TAIL_RUNS + 1);
    expect(codes).toContain('console-alive');
    expect(consoleReads).toEqual([0, PROOF_LOOK_MS]);
    // a few runs still get the quick looks
    expect((await prove(300, 0, TAIL_RUNS)).consoleReads).toEqual([0, 250, 500]);
  });
});
