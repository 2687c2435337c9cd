import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shared } from '../../src/core/drain/look-pace.ts';
import { COMPUTE_LOOK_MS, ComputeLook } from '../../src/core/move/compute-look.ts';
import { MigrationRunner } from '../../src/core/move/runner.ts';
import type { CloudApi } from '../../src/core/ports/cloud.ts';
import { cloudApiFrom } from '../../src/openstack/cloud-api.ts';
import { observeRequests } from '../../src/sandbox/http-server.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { recordedStream } from '../helpers/events.ts';
import { harness, until } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/**
 * The moves' look at nova-compute (one list of Nova's services for every watched run, at most every
 * COMPUTE_LOOK_MS) takes a list a drain's look read meanwhile instead of asking Nova again (#31 target
 * 5: a drain reads the services every 20 s at least while it holds hosts out of service).
 */

let fx: SandboxFixture;
let cloud: CloudApi;
let reads: number;
beforeEach(async () => {
  fx = await sandboxFixture();
  cloud = cloudApiFrom(fx.clients);
  reads = 0;
  observeRequests(fx.sandbox.cloud, (method, path) => {
    if (method === 'GET' && path.endsWith('/os-services')) reads += 1;
  });
});
afterEach(async () => {
  await fx.close();
});

describe("the moves' look at nova-compute", () => {
  it("takes the drain's list of the services rather than asking again within its 30 s", async () => {
    const look = new ComputeLook({ cloud, clock: fx.clock });
    const drain = { clock: fx.clock, servicesSeen: look.seen.bind(look) };
    applyFault(fx.sandbox.cloud, { type: 'service-down', host: 'compute2' });
    await shared(drain, cloud.listComputeServices());
    expect(reads).toBe(1);
    // what the drain's answer said, with no request of its own
    const hosts = await look.hosts();
    expect(reads).toBe(1);
    expect(hosts?.get('compute2')?.state).toBe('down');
    expect(hosts?.get('compute1')?.state).toBe('up');
    fx.clock.advance(COMPUTE_LOOK_MS - 1_000);
    await look.hosts();
    expect(reads).toBe(1);
    // the drain read again meanwhile: the look's 30 s count from that answer
    await shared(drain, cloud.listComputeServices());
    fx.clock.advance(2_000);
    await look.hosts();
    expect(reads).toBe(2);
    // no answer asked within 30 s at hand: the look asks Nova itself
    fx.clock.advance(COMPUTE_LOOK_MS);
    await look.hosts();
    expect(reads).toBe(3);
  });

  it('keeps the newer of two answers when the older comes back last', async () => {
    const look = new ComputeLook({ cloud, clock: fx.clock });
    const older = await cloud.listComputeServices();
    const olderAt = fx.clock.monotonic();
    fx.clock.advance(1_000);
    applyFault(fx.sandbox.cloud, { type: 'service-down', host: 'compute2' });
    look.seen(await cloud.listComputeServices(), fx.clock.monotonic());
    look.seen(older, olderAt);
    expect((await look.hosts())?.get('compute2')?.state).toBe('down');
  });

  // operator trial: "nova-compute on compute1 (the source) is down" 6 s after it was up again and a
  // new plan approved, from the list a drain's look had read while it was down
  it("reads the services again before saying a move's host is down: a list kept from before it came up says nothing", async () => {
    const look = new ComputeLook({ cloud, clock: fx.clock });
    const { events, seen } = recordedStream();
    const h = harness(fx);
    const runner = new MigrationRunner({ cloud, clock: fx.clock, store: h.store, events, computeLook: look });
    applyFault(fx.sandbox.cloud, { type: 'service-down', host: 'compute1' });
    look.seen(await cloud.listComputeServices(), fx.clock.monotonic());
    applyFault(fx.sandbox.cloud, { type: 'service-up', host: 'compute1' });
    fx.clock.advance(5_000);
    const run = await runner.start(await h.approved({ server: 'server-x', destination: 'compute2' }));
    await runner.idle();
    expect(h.store.getRun(run.id)?.outcome?.kind).toBe('completed');
    const notices = seen.flatMap((e) => (e.kind === 'run.notice' && e.notice ? [e.notice.code] : []));
    expect(notices.filter((code) => code === 'compute-down' || code === 'compute-up')).toEqual([]);
  });

  it('says a host down that a fresh list says is down, once', async () => {
    const look = new ComputeLook({ cloud, clock: fx.clock });
    const { events, seen } = recordedStream();
    const h = harness(fx);
    const runner = new MigrationRunner({ cloud, clock: fx.clock, store: h.store, events, computeLook: look });
    const run = await runner.start(await h.approved({ server: 'server-x', destination: 'compute2' }));
    const said = (code: string) =>
      seen.flatMap((e) => (e.kind === 'run.notice' && e.notice?.code === code ? [e.notice] : []));
    await until(() => h.store.getRun(run.id)?.state === 'running', 'the move copying');
    applyFault(fx.sandbox.cloud, { type: 'service-down', host: 'compute2' });
    await until(() => said('compute-down').length > 0, 'the host said down');
    applyFault(fx.sandbox.cloud, { type: 'service-up', host: 'compute2' });
    await runner.idle();
    expect(h.store.getRun(run.id)?.outcome?.kind).toBe('completed');
    expect(said('compute-down')).toEqual([
      expect.objectContaining({ host: 'compute2', role: 'destination' }),
    ]);
    expect(said('compute-up')).toHaveLength(1);
  });
});
