import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compute4Back } from '../faults/drain-run.ts';
import { evacuationHarness } from '../helpers/evacuations.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
  compute4Back(fx);
});
afterEach(async () => {
  await fx.close();
});

/** A drain step's evacuation (`later`: the hosts the drain empties after it) and where it sends servers. */
describe("a drain step's evacuation plan", () => {
  it('sends a server to a host emptied later only when no other host takes it', async () => {
    const h = evacuationHarness(fx);
    const destinations = async (later?: string[]) =>
      (await h.plan({ host: 'compute3', ...(later ? { later } : {}) })).items.map((i) => i.destination);
    // alone, compute3's evacuation spreads its 3 servers: the roomiest, compute2, takes one
    expect(await destinations()).toContain('compute2');
    // compute2 emptied later: compute1 and compute4 take them all
    const avoiding = await destinations(['compute2']);
    expect(avoiding).toHaveLength(3);
    expect(avoiding).not.toContain('compute2');
    expect(avoiding).not.toContain(null);
    // every host emptied later: they still go, as no other host takes them
    expect(await destinations(['compute1', 'compute2', 'compute4'])).not.toContain(null);
  });
});
