import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evacuationHarness } from '../helpers/evacuations.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/** An evacuation plan's cloud requests (issue #31): as many whatever the cloud's size. */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

describe('evacuation plan', () => {
  it('asks the cloud as many times however many hosts it has: no request per destination', async () => {
    const h = evacuationHarness(fx);
    const cloud = fx.sandbox.cloud;
    const served = async () => {
      const before = cloud.requestsServed;
      await h.plan({ host: 'compute1' });
      return cloud.requestsServed - before;
    };
    await served(); // the first also asks the cloud's versions and a token
    const onFour = await served();
    for (let i = 1; i <= 20; i++)
      cloud.addHost({
        name: `spare${i}`,
        memoryMb: 131_072,
        vcpus: 48,
        diskGb: 3_600,
        hypervisorVersion: 8_002_000,
      });
    expect(await served()).toBe(onFour);
  });
});
