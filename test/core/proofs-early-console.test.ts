import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigrationRunner } from '../../src/core/move/runner.ts';
import { harness, watchedCloud } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/**
 * Once Nova recorded a live move completed, the guest runs on its destination: the console's first
 * reading for the proof that it runs on is asked beside Nova's server read, not after its answer
 * (#31: on the lab that read took 0.06-0.74 s, added to the wait for the guest's next line).
 */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

describe("a live move's end", () => {
  it("asks the console's first reading before Nova's server read is back", async () => {
    const h = harness(fx);
    // every call Ferry makes, as it begins and as its answer arrives, in order
    const log: string[] = [];
    const cloud = watchedCloud(
      fx,
      (call) => log.push(`${call} asked`),
      (call) => log.push(`${call} answered`),
    );
    const runner = new MigrationRunner({
      cloud,
      clock: fx.clock,
      store: h.store,
      events: { emit: () => {} },
    });
    const requestId = await h.approved({ server: 'server-x', destination: 'compute2', mode: 'live' });
    await runner.start(requestId);
    await runner.idle();
    const run = h.store.runs().find((r) => r.requestId === requestId);
    expect(run?.outcome?.kind).toBe('completed');
    expect(run?.outcome?.fact?.code === 'moved' && run.outcome.fact.proofs?.map((p) => p.code)).toContain(
      'console-alive',
    );
    // the first console reading follows the feed's answer that showed the end with no server read
    // answered in between: Nova's read is under way beside it, not waited for
    const firstConsole = log.indexOf('consoleOutput asked');
    expect(firstConsole).toBeGreaterThan(0);
    const feedAnswer = log.lastIndexOf('listMigrations answered', firstConsole);
    const between = log.slice(feedAnswer + 1, firstConsole);
    expect(between).not.toContain('getServer answered');
    expect(log.slice(firstConsole)).toContain('getServer answered');
  }, 30_000);
});
