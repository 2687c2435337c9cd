import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { proveMove } from '../../src/core/move/proofs.ts';
import type { CloudApi } from '../../src/core/ports/cloud.ts';
import { cloudApiFrom } from '../../src/openstack/cloud-api.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/**
 * How long the proofs after a move take (#31: the tail after an evacuation's last move): they ask at
 * once, side by side, and the console is read again one second after its first reading, so a guest
 * printing a line a second (the lab's, the sandbox's) is proven alive about a second after the move's
 * end, its console still read twice.
 */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

describe('the pace of the proofs after a move', () => {
  it("proves a running guest's console alive one second after the move's end, reading it twice", async () => {
    const sim = [...fx.sandbox.cloud.servers.values()].find((s) => s.name === 'server-x');
    if (!sim) throw new Error('server-x is seeded');
    // the guest has printed for a while: its console holds its last lines already
    fx.clock.advance(30_000);
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
      { cloud, clock, halt: new AbortController().signal, timeoutMs: 60_000 },
      server,
      sim.host,
      'live',
    ).finally(() => {
      done = true;
    });
    // time moves only while a proof waits, 100 ms at a time, the guest's clock with the proofs'
    while (!done) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      if (clock.sleeping > 0) {
        clock.advance(100);
        fx.clock.advance(100);
      }
    }
    const proofs = await proving;
    expect(proofs.map((proof) => proof.code)).toEqual([
      'nova-running',
      'ports-bound',
      'console-alive',
      'agent-unreachable',
    ]);
    const consoleReads = reads.filter((read) => read.method === 'consoleOutput');
    expect(consoleReads).toHaveLength(2);
    // asked at once, not spaced; read again a second later
    expect(consoleReads[0]?.at).toBe(0);
    expect(reads.find((read) => read.method === 'portsOf')?.at).toBe(0);
    expect(clock.monotonic()).toBeLessThanOrEqual(1_000);
  });
});
