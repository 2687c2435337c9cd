import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planDrain } from '../../src/core/drain/plan.ts';
import { planEvacuation } from '../../src/core/evacuation/plan.ts';
import { CPU_TRAITS } from '../../src/sandbox/api/placement.ts';
import type { SandboxHost } from '../../src/sandbox/model.ts';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import { compute4Back } from '../faults/drain-run.ts';
import { plan, plannerFor, worded } from '../helpers/core.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { sandboxHostChecker } from '../helpers/sandbox-ssh.ts';

/** The CPU rule in the plans: read once per plan, whatever the cloud's size; a guest goes where its CPU runs. */

let fx: SandboxFixture;
let ssh: SandboxSsh | undefined;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await ssh?.close();
  ssh = undefined;
  await fx.close();
});

const host = (name: string) => fx.sandbox.cloud.hosts.get(name) as SandboxHost;
const olderTraits = () => CPU_TRAITS.filter((trait) => !trait.startsWith('HW_CPU_X86_AVX512'));
const addHosts = () => {
  for (let i = 1; i <= 40; i++)
    fx.sandbox.cloud.addHost({
      name: `extra${i}`,
      memoryMb: 65_536,
      vcpus: 32,
      diskGb: 1_800,
      hypervisorVersion: 8_002_000,
    });
};
const drainRequest = {
  hosts: ['compute1'],
  hostsAtOnce: 1,
  concurrency: 2,
  returnHome: false,
  requestedBy: 'U_ALICE',
};

describe('CPU compatibility in the plans', () => {
  it("reads the hosts' traits in bulk: a /migrate and a drain plan cost the same on any size of cloud", async () => {
    const served = async (run: () => Promise<unknown>) => {
      const before = fx.sandbox.cloud.requestsServed;
      await run();
      return fx.sandbox.cloud.requestsServed - before;
    };
    const migrate = () => plan(fx, { server: 'server-x', destination: 'compute2' });
    const drain = () => planDrain(plannerFor(fx), drainRequest);
    await served(migrate); // the first also authenticates and negotiates the microversion
    const [migrateSmall, drainSmall] = [await served(migrate), await served(drain)];
    addHosts();
    expect(await served(migrate)).toBe(migrateSmall);
    expect(await served(drain)).toBe(drainSmall);
  });

  it('an evacuation plan sends no server live onto a host its CPU cannot run on, and names the sets', async () => {
    compute4Back(fx);
    host('compute2').cpuTraits = olderTraits();
    const evacuation = await planEvacuation(plannerFor(fx), {
      host: 'compute1',
      concurrency: 2,
      requestedBy: 'U_ALICE',
    });
    const live = evacuation.items.filter((i) => i.mode === 'live');
    expect(live.length).toBeGreaterThan(0);
    expect(live.map((i) => i.destination)).not.toContain('compute2');
    expect(evacuation.checks.filter((c) => c.id === 'cpu').map(worded)).toMatchObject([
      {
        status: 'pass',
        reason:
          "By Placement's HW_CPU_* traits (a weaker proof than virsh), the hosts form 2 CPU-compatible sets: compute1, compute3, compute4 · compute2. A server moves live only where its CPU can run.",
      },
    ]);
  });

  it('by virsh over SSH, guests of the older CPU move live onto the newer hosts, and the sets are named', async () => {
    const started = await sandboxHostChecker(fx);
    ssh = started.ssh;
    const evacuation = await planEvacuation(
      { ...plannerFor(fx), hostConfig: started.checker },
      { host: 'compute3', concurrency: 2, requestedBy: 'U_ALICE' },
    );
    const live = evacuation.items.filter((i) => i.mode === 'live');
    expect(live.length).toBeGreaterThan(0);
    expect(live.every((i) => i.destination === 'compute1' || i.destination === 'compute2')).toBe(true);
    expect(evacuation.checks.filter((c) => c.id === 'cpu').map((c) => worded(c).reason)).toEqual([
      'The hosts form 2 CPU-compatible sets: compute3 (Broadwell-noTSX-IBRS) · compute1, compute2 (Cascadelake-Server). A server moves live only where its CPU can run.',
    ]);
  }, 60_000);
});
