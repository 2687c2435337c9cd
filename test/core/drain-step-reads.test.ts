import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalNews } from '../../src/core/approvals.ts';
import type { Core } from '../../src/core/create-core.ts';
import { StepReads } from '../../src/core/drain/step-reads.ts';
import type { DrainRecord } from '../../src/core/model/records.ts';
import type { CloudApi } from '../../src/core/ports/cloud.ts';
import { cloudApiFrom } from '../../src/openstack/cloud-api.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { coreOver } from '../helpers/core.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { waitFor } from '../helpers/slack.ts';

/**
 * One step of a drain (issue #31): the step planned again, then each of its hosts' evacuations, read
 * what nothing between them changes once (what each host holds, the groups' members elsewhere, the
 * server groups), and Nova's services and hypervisors once on each side of the step's disable.
 */

let fx: SandboxFixture;
let core: Core | undefined;
let store: LowdbStore;
beforeEach(async () => {
  fx = await sandboxFixture();
  store = LowdbStore.memory();
});
afterEach(async () => {
  await core?.stop();
  core = undefined;
  await fx.close();
});

const news: ApprovalNews = {
  approved: async () => undefined,
  slow: async () => undefined,
  unanswered: async () => undefined,
  answered: async () => undefined,
  recheckFailed: async () => undefined,
};

const STEP = ['step-1', 'step-2', 'step-3', 'step-4', 'step-5'];

/**
 * The step's hosts, each with two servers, the first in an anti-affinity group with a member on a
 * host of its own (read by ID by every plan); they are the roomiest hosts, so a plan that saw them
 * still enabled would send servers there. And the hosts they go to.
 */
function fleet(): void {
  const sim = fx.sandbox.cloud;
  for (const name of STEP)
    sim.addHost({ name, memoryMb: 1_048_576, vcpus: 256, diskGb: 20_000, hypervisorVersion: 8_002_000 });
  for (let k = 1; k <= 5; k++) {
    sim.addHost({
      name: `far-${k}`,
      memoryMb: 65_536,
      vcpus: 32,
      diskGb: 2_000,
      hypervisorVersion: 8_002_000,
    });
    sim.addGroup(`ring-${k}`, 'anti-affinity', 'web');
    const seed = { flavor: 'm1.small', project: 'web', user: 'admin', sharedStorage: true };
    sim.addServer({ ...seed, name: `ring-${k}-far`, host: `far-${k}`, group: `ring-${k}` });
    sim.addServer({ ...seed, name: `step-${k}-vm1`, host: `step-${k}`, group: `ring-${k}` });
    sim.addServer({ ...seed, name: `step-${k}-vm2`, host: `step-${k}` });
  }
}

/** A planning read: asked by a plan (or the look at idle hosts), not by a move. */
const PLANNING = /core\/(drain\/(plan|emptying)|evacuation\/(plan|unlisted)|move\/(impact|cpu-read))\.ts/;

/**
 * The cloud reads of the drain's first step, from its start to the submission of its hosts'
 * evacuations (while one of them still waits), by the plans: `method(argument)` → how many.
 */
async function firstStepReads(): Promise<{ reads: Map<string, number>; drain: () => DrainRecord }> {
  const reads = new Map<string, number>();
  const drain = () => store.drains().find((d) => d.status !== 'dry-run') as DrainRecord;
  const stepping = () =>
    drain()?.drain.phase === 'running' && drain().drain.hosts.some((h) => h.phase === 'waiting');
  const counting = (cloud: CloudApi): CloudApi =>
    new Proxy(cloud, {
      get(target, key) {
        const value = Reflect.get(target, key);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (stepping() && PLANNING.test(new Error().stack ?? '')) {
            const name = `${String(key)}(${typeof args[0] === 'string' ? args[0] : ''})`;
            reads.set(name, (reads.get(name) ?? 0) + 1);
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const c = coreOver(fx, { store, cloud: counting });
  core = c;
  const { request } = await c.drains.ask({
    user: 'U_ALICE',
    hosts: STEP,
    hostsAtOnce: 5,
    concurrency: 1,
    returnHome: false,
    dryRun: false,
  });
  await c.approvals.approve(`${request.id}@${request.drain.fingerprint}`, 'U_BOB', news);
  await waitFor(() => drain().drain.hosts.every((h) => h.phase === 'evacuating'), 'the step started', 30_000);
  return { reads, drain };
}

const count = (reads: Map<string, number>, method: string) =>
  [...reads].filter(([name]) => name.startsWith(`${method}(`)).reduce((sum, [, n]) => sum + n, 0);

describe("a drain step's plans", () => {
  it('read what each host holds, the members elsewhere and the server groups once for the step', {
    timeout: 40_000,
  }, async () => {
    fleet();
    const { reads } = await firstStepReads();
    // the step's plan, then five evacuations' plans: each host's servers once, not twice
    for (const host of STEP) expect(reads.get(`serversOnHost(${host})`)).toBe(1);
    // each group's member on a host of its own, read by ID once, not by the step's plan and again by its host's
    for (let k = 1; k <= 5; k++) {
      const far = fx.sandbox.cloud.resolveServer(`ring-${k}-far`);
      expect(reads.get(`getServer(${far.id})`)).toBe(1);
    }
    expect(count(reads, 'listServerGroups')).toBe(1);
  });

  it("read Nova's services and hypervisors once before the step's disable and once after: no server planned onto a host of the step", {
    timeout: 40_000,
  }, async () => {
    fleet();
    const { reads, drain } = await firstStepReads();
    // the evacuations' plans saw the step's hosts disabled: none of its servers goes to another of them
    const destinations = drain().drain.hosts.flatMap(
      (h) =>
        store
          .getEvacuation(h.evacuationIds[0] ?? '')
          ?.evacuation.items.map((item) => item.destination ?? '') ?? ['none'],
    );
    expect(destinations).toHaveLength(10);
    expect(destinations.filter((host) => STEP.includes(host) || host === '')).toEqual([]);
    expect(count(reads, 'listComputeServices')).toBe(2);
    expect(count(reads, 'listHypervisors')).toBe(2);
  });
});

describe("a step's shared reads", () => {
  /** StepReads over the sandbox's cloud, and the calls that reached the cloud, by `method(argument)` */
  function stepReads(hosts: string[]) {
    const asked: string[] = [];
    const cloud = cloudApiFrom(fx.clients);
    const counted = new Proxy(cloud, {
      get: (target, key) => {
        const value = Reflect.get(target, key) as (...a: unknown[]) => unknown;
        return (...args: unknown[]) => {
          asked.push(`${String(key)}(${typeof args[0] === 'string' ? args[0] : ''})`);
          return value.apply(target, args);
        };
      },
    });
    return {
      reads: new StepReads(
        counted,
        hosts.map((host) => ({ host })),
      ),
      asked,
    };
  }

  it('keep no failed answer: the next plan asks again, and the one after shares its answer', async () => {
    fleet();
    const { reads, asked } = stepReads(STEP);
    // every attempt of Ferry's client fails (it tries again twice)
    applyFault(fx.sandbox.cloud, { type: 'api-error', status: 503, count: 3, path: 'os-server-groups' });
    await expect(reads.beforeDisable.listServerGroups()).rejects.toThrow();
    expect((await reads.afterDisable.listServerGroups()).length).toBeGreaterThan(0);
    await reads.beforeDisable.listServerGroups();
    expect(asked.filter((call) => call === 'listServerGroups()')).toHaveLength(2);
  });

  it("share no read of a server on one of the step's hosts, nor another host's servers", async () => {
    fleet();
    const { reads, asked } = stepReads(STEP);
    const moved = fx.sandbox.cloud.resolveServer('step-1-vm1').id;
    const far = fx.sandbox.cloud.resolveServer('ring-1-far').id;
    for (const view of [reads.beforeDisable, reads.afterDisable, reads.afterDisable]) {
      await view.getServer(moved);
      await view.getServer(far);
      await view.serversOnHost('far-1');
      await view.serversOnHost('step-1');
    }
    expect(asked.filter((call) => call === `getServer(${moved})`)).toHaveLength(3);
    expect(asked.filter((call) => call === `getServer(${far})`)).toHaveLength(1);
    expect(asked.filter((call) => call === 'serversOnHost(far-1)')).toHaveLength(3);
    expect(asked.filter((call) => call === 'serversOnHost(step-1)')).toHaveLength(1);
  });
});
