import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalNews } from '../../src/core/approvals.ts';
import type { Core } from '../../src/core/create-core.ts';
import type { CloudApi } from '../../src/core/ports/cloud.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { coreOver } from '../helpers/core.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { waitFor } from '../helpers/slack.ts';

/**
 * A normal stop (SIGTERM, the console's stop) that interrupts the drive of an evacuation is no
 * failure: the evacuation stays in the store and the next Ferry takes it up, so nothing is logged as
 * an error. A look that fails while Ferry runs is still logged.
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

/**
 * An approved evacuation of two servers whose look, about to start its first move, waits on its read
 * of the hypervisors until `answer` lets it go on (or fails it).
 */
async function heldAtItsFirstStart(log: string[]) {
  const sim = fx.sandbox.cloud;
  for (const name of ['held-src', 'held-dst'])
    sim.addHost({ name, memoryMb: 65_536, vcpus: 32, diskGb: 2_000, hypervisorVersion: 8_002_000 });
  for (let i = 1; i <= 2; i++)
    sim.addServer({
      name: `held-${i}`,
      host: 'held-src',
      flavor: 'm1.small',
      project: 'web',
      user: 'admin',
      sharedStorage: true,
    });
  let release: ((failure?: Error) => void) | undefined;
  const holding = (cloud: CloudApi): CloudApi =>
    new Proxy(cloud, {
      get(target, key) {
        const value = Reflect.get(target, key);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          // the read a look makes just before it starts a move (src/core/evacuation/hypervisor-reads.ts)
          if (key === 'listHypervisors' && !release && /hypervisor-reads\.ts/.test(new Error().stack ?? ''))
            return new Promise<void>((resolve, reject) => {
              release = (failure) => (failure ? reject(failure) : resolve());
            }).then(() => (value as (...a: unknown[]) => unknown).apply(target, args));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const c = coreOver(fx, { store, log, cloud: holding });
  core = c;
  const { request } = await c.evacuations.ask({
    user: 'U_ALICE',
    host: 'held-src',
    destination: 'held-dst',
    concurrency: 1,
    reenable: false,
    dryRun: false,
  });
  await c.approvals.approve(`${request.id}@${request.evacuation.fingerprint}`, 'U_BOB', news);
  await waitFor(() => release !== undefined, 'the look held before its first start', 20_000);
  return { id: request.id, answer: (failure?: Error) => release?.(failure) };
}

describe('a drive interrupted by a stop', () => {
  it('is not logged as an error: the evacuation waits in the store for the next Ferry', {
    timeout: 30_000,
  }, async () => {
    const log: string[] = [];
    const { id, answer } = await heldAtItsFirstStart(log);
    const c = core as Core;
    core = undefined;
    // Ferry stops while the look is under way; the look then goes on to start a move the runner refuses
    const stopped = c.stop();
    answer();
    await stopped;
    expect(log.filter((line) => line.includes(id))).toEqual([]);
    // nothing moved, and the evacuation is still running for the next Ferry to take up
    expect(fx.sandbox.cloud.migrations).toEqual([]);
    expect(store.getEvacuation(id)?.evacuation.phase).toBe('running');
  });

  it('a look that fails while Ferry runs is still logged', { timeout: 30_000 }, async () => {
    const log: string[] = [];
    const { id, answer } = await heldAtItsFirstStart(log);
    answer(new Error('Nova did not answer'));
    await waitFor(() => log.some((line) => line.includes(id)), 'the failure logged', 10_000);
    expect(log.filter((line) => line.includes(id))).toEqual([`driving ${id} failed; looking again shortly`]);
  });
});
