import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandboxUuid } from '../../src/sandbox/seed.ts';
import { plan, plannerFor } from '../helpers/core.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { countWaves } from '../helpers/waves.ts';

/**
 * Issue #31: a move's preconditions in two waves of requests to the cloud (each wave costs one round
 * trip of the slowest answer in it), on every path a person takes.
 */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
  await fx.clients.session.token();
  await fx.clients.nova.negotiate();
});
afterEach(async () => {
  await fx.close();
});

const wavesOf = async (request: { server: string; destination?: string }) =>
  (await countWaves(fx.sandbox.cloud, () => plan(fx, request))).waves;

describe('waves of requests per evaluation', () => {
  it('takes two waves by ID, by a unique name first seen and known, and one for an ambiguous name', async () => {
    const web2 = fx.sandbox.cloud.resolveServer('web-2').id;
    expect(await wavesOf({ server: web2, destination: 'compute3' })).toBe(2);
    expect(await wavesOf({ server: 'web-1', destination: 'compute3' })).toBe(2);
    expect(await wavesOf({ server: 'web-1', destination: 'compute3' })).toBe(2);
    expect(await wavesOf({ server: 'server-x', destination: 'compute2' })).toBe(2);
    expect(await wavesOf({ server: 'worker', destination: 'compute2' })).toBe(1);
  });

  it("takes two for the scheduler's choice of a server in an anti-affinity group it has seen", async () => {
    await plan(fx, { server: 'web-2', destination: 'compute3' });
    const { result, waves } = await countWaves(fx.sandbox.cloud, () => plan(fx, { server: 'web-2' }));
    expect(waves).toBe(2);
    // the other member's host is still refused: web-1 runs on compute1
    const compute1 = result.candidates.find((c) => c.host === 'compute1');
    expect(compute1?.blockedBy?.map((b) => b.kind)).toContain('anti-affinity');
  });

  it('uses groups read alongside the server only when the server, read then, names exactly them', async () => {
    const cloud = fx.sandbox.cloud;
    await plan(fx, { server: 'web-2', destination: 'compute3' });
    await plan(fx, { server: 'web-2', destination: 'compute3' }); // read by ID: its groups are seen
    // since then, web-2 is in another group (as if rebuilt into it): the one it names now decides
    cloud.addGroup('web-together', 'affinity', 'web');
    cloud.resolveServer('web-2').groups = [sandboxUuid('group', 'web-together')];
    const after = await plan(fx, { server: 'web-2', destination: 'compute3' });
    expect(after.checks.find((c) => c.id === 'server-groups')?.fact).toMatchObject({
      code: 'groups-kept',
      groups: [{ name: 'web-together', policy: 'affinity' }],
    });
    expect(plannerFor(fx).cloud.serverGroupsSeen('web-2')).toEqual([sandboxUuid('group', 'web-together')]);
  });
});
