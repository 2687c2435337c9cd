import { applyFault } from '../../src/sandbox/index.ts';
import type { StoreKind, World, WorldOptions } from './harness.ts';

/**
 * The faults of issue 24, each injected into a running world at one moment. What a fault starts and
 * has to finish (a remount, a database restart, a restart of Ferry) is returned as a promise: the
 * driver waits for it before its next step, as a person would find Ferry back before pressing on.
 */
export interface FaultKind {
  /** the stores it applies to */
  stores: StoreKind[];
  /** what the world needs for it (a short client timeout, a disk that can turn read-only) */
  world?: Omit<WorldOptions, 'kind' | 'postgres'>;
  inject(world: World): unknown;
}

/** The replica's sweep, as its timer runs it in production: notices a store that writes (again). */
async function sweepUntil(world: World, healthy: () => boolean): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    await world.slack.ferry.sweep().catch(() => undefined);
    if (healthy()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the store did not write again');
}

/** Waits (real ms) for a write to fail while the store cannot write, or for the moment to pass. */
async function aWriteFails(world: World): Promise<void> {
  // 2 s exactly, not helpers/slack.ts waitFor's patient bound: the fake clock runs on while the disk stays full
  const until = Date.now() + 2_000;
  while (!world.slack.store.writeFailure() && Date.now() < until)
    await new Promise((resolve) => setTimeout(resolve, 5));
}

const slackFails =
  (failure: Parameters<World['fake']['failNext']>[1], times: number) =>
  (world: World): void =>
    world.fake.failNext('chat.postMessage', failure, times);

const both: StoreKind[] = ['lowdb', 'postgres'];

export const FAULTS = {
  /** Nova carries out the next server action and its answer never arrives (connection reset) */
  'nova-answer-dropped': {
    stores: both,
    inject: (world) =>
      applyFault(world.fx.sandbox.cloud, {
        type: 'lose-answer',
        method: 'POST',
        path: '/action',
        how: 'drop',
      }),
  },
  /** Nova carries out the next server action and answers past the client's timeout */
  'nova-answer-late': {
    stores: both,
    world: { timeoutMs: 1_000 },
    inject: (world) =>
      applyFault(world.fx.sandbox.cloud, {
        type: 'lose-answer',
        method: 'POST',
        path: '/action',
        how: 'delay',
        ms: 1_500,
      }),
  },
  /** the compute API answers 503 to everything for 30 s of the cloud's clock */
  'nova-outage': {
    stores: both,
    inject: (world) =>
      applyFault(world.fx.sandbox.cloud, { type: 'outage', seconds: 30, answer: 'error', status: 503 }),
  },
  'slack-5xx': { stores: both, inject: slackFails({ status: 503, error: 'service_unavailable' }, 2) },
  'slack-429': { stores: both, inject: slackFails({ status: 429, retryAfterSeconds: 2 }, 3) },
  /** Slack does not answer: the connection is cut */
  'slack-cut': { stores: both, inject: slackFails({ network: true }, 2) },
  /** the lowdb file's disk turns read-only, then writable again */
  'store-unwritable': {
    stores: ['lowdb'],
    world: { disk: true },
    inject: async (world) => {
      const disk = world.disk;
      if (!disk) throw new Error('no disk to make read-only');
      await disk.readOnly();
      await aWriteFails(world);
      await world.slack.ferry.sweep().catch(() => undefined);
      await disk.writable();
      await sweepUntil(world, () => !world.slack.store.writeFailure());
    },
  },
  /** PostgreSQL shuts down (fast) and starts again with its data */
  'database-restart': {
    stores: ['postgres'],
    inject: async (world) => {
      const postgres = world.postgres;
      if (!postgres) throw new Error('no PostgreSQL to restart');
      await postgres.down();
      await aWriteFails(world);
      await postgres.up();
      await sweepUntil(world, () => !world.slack.store.writeFailure());
      // a write in flight as the database went down may fail after the store writes again (its
      // driver then ends): production's next sweep resumes it, and so do these
      world.keepSweeping();
    },
  },
  /** Ferry stops with what it wrote unsent (its poster halted: a kill) and starts again on the same store */
  restart: { stores: both, inject: (world) => world.restart() },
  /**
   * Ferry is killed just after Slack carried out its next post, before the answer reached it (the
   * fake Slack holds the answer): the next Ferry finds the post unsettled and may not post it again
   */
  'killed-mid-post': {
    stores: both,
    inject: (world) =>
      world.fake.failNext('chat.postMessage', {
        lose: 'hold',
        performed: () => world.background(world.restart()),
      }),
  },
  /** the wall clock is set back an hour (NTP, an operator) */
  'clock-back': { stores: both, inject: (world) => world.fx.clock.step(-3_600_000) },
  /** the wall clock jumps half an hour ahead (a host that ran slow corrected at once) */
  'clock-forward': { stores: both, inject: (world) => world.fx.clock.step(30 * 60_000) },
} satisfies Record<string, FaultKind>;

export type FaultName = keyof typeof FAULTS;

export const faultKind = (name: FaultName): FaultKind => FAULTS[name];
