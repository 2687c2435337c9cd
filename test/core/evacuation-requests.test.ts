import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HYPERVISORS_SHARED_MS, HypervisorReads } from '../../src/core/evacuation/hypervisor-reads.ts';
import { COMPUTE_LOOK_MS } from '../../src/core/move/compute-look.ts';
import { cloudApiFrom } from '../../src/openstack/cloud-api.ts';
import { observeRequests } from '../../src/sandbox/http-server.ts';
import { evacuationHarness } from '../helpers/evacuations.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/**
 * An evacuation's cloud requests (issue #31): its plan asks as many times whatever the cloud's size;
 * each move's start reads the destination's state and its Placement provider in one answer.
 */

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

/** A host compute9 with `count` small servers named `<prefix>-1`… on shared storage, to evacuate. */
function seedCompute9(prefix: string, count: number): void {
  const cloud = fx.sandbox.cloud;
  cloud.addHost({
    name: 'compute9',
    memoryMb: 131_072,
    vcpus: 48,
    diskGb: 3_600,
    hypervisorVersion: 8_002_000,
  });
  for (let i = 1; i <= count; i++)
    cloud.addServer({
      name: `${prefix}-${i}`,
      host: 'compute9',
      flavor: 'm1.small',
      project: 'web',
      user: 'admin',
      sharedStorage: true,
    });
}

describe("an evacuation's moves", () => {
  it("read the destination's state and provider in one hypervisors answer per start, not the services as well", async () => {
    seedCompute9('mover', 4);
    const h = evacuationHarness(fx);
    const id = await h.approved({ host: 'compute9', concurrency: 2 });
    const items = h.store.getEvacuation(id)?.evacuation.items ?? [];
    const moving = items.filter((item) => item.destination).length;
    expect(moving).toBe(4);
    const reads = { services: 0, hypervisors: 0 };
    observeRequests(fx.sandbox.cloud, (method, path) => {
      if (method === 'GET' && path.endsWith('/os-services')) reads.services += 1;
      if (method === 'GET' && path.endsWith('/os-hypervisors/detail')) reads.hypervisors += 1;
    });
    const from = fx.clock.monotonic();
    await h.evacuator.start(id);
    await h.evacuator.idle();
    await h.runner.idle();
    // the watch's look at its hosts' nova-compute: one for all moves, every COMPUTE_LOOK_MS
    const looks = Math.ceil((fx.clock.monotonic() - from) / COMPUTE_LOOK_MS) + 1;
    expect(
      h.store.getEvacuation(id)?.evacuation.items.every((item) => item.outcome?.kind === 'completed'),
    ).toBe(true);
    // one per start (and the start's check that the plan holds, and the end's check of the host
    // against Placement); the services at the evacuation's start and end (its host held out of
    // service) and the watch's looks, never per move
    expect(reads.hypervisors).toBeLessThanOrEqual(moving + 3);
    expect(reads.services).toBeLessThanOrEqual(3 + looks);
  });

  it("starting together, read the destinations' state and providers in one hypervisors answer", async () => {
    seedCompute9('pair', 2);
    const h = evacuationHarness(fx);
    const id = await h.approved({ host: 'compute9', concurrency: 2 });
    expect(h.store.getEvacuation(id)?.evacuation.items.filter((item) => item.destination)).toHaveLength(2);
    // each hypervisors read, by how many of its moves had started then
    const reads: number[] = [];
    observeRequests(fx.sandbox.cloud, (method, path) => {
      if (method === 'GET' && path.endsWith('/os-hypervisors/detail')) reads.push(h.store.runs().length);
    });
    await h.evacuator.start(id);
    await h.evacuator.idle();
    await h.runner.idle();
    expect(
      h.store.getEvacuation(id)?.evacuation.items.every((item) => item.outcome?.kind === 'completed'),
    ).toBe(true);
    // the start's check that the plan holds, then one answer for both starts: none between them
    expect(reads.filter((started) => started === 0)).toHaveLength(2);
    expect(reads.filter((started) => started === 1)).toHaveLength(0);
  });

  it('never take a hypervisors answer asked before their look began, nor one older than 5 s', async () => {
    let reads = 0;
    observeRequests(fx.sandbox.cloud, (method, path) => {
      if (method === 'GET' && path.endsWith('/os-hypervisors/detail')) reads += 1;
    });
    const hypervisors = new HypervisorReads({ cloud: cloudApiFrom(fx.clients), clock: fx.clock });
    const first = fx.clock.monotonic();
    await Promise.all([hypervisors.since(first), hypervisors.since(first)]);
    expect(reads).toBe(1);
    fx.clock.advance(1_000);
    // a look that began after the answer was asked: it asks Nova itself, and shares that answer
    const second = fx.clock.monotonic();
    await hypervisors.since(second);
    expect(reads).toBe(2);
    await hypervisors.since(first);
    expect(reads).toBe(2);
    fx.clock.advance(HYPERVISORS_SHARED_MS);
    await hypervisors.since(first);
    expect(reads).toBe(3);
  });
});
