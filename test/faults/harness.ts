import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeSlack } from '../../src/chat/fake-slack.ts';
import type { FakeClock } from '../../src/clock.ts';
import type { RunRecord } from '../../src/core/model/records.ts';
import type { Scheduler } from '../../src/core/ports/scheduler.ts';
import { observeRequests } from '../../src/sandbox/http-server.ts';
import { systemScheduler } from '../../src/scheduler.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import type { RealPostgres } from '../helpers/postgres.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { type SlackHarness, slackHarness } from '../helpers/slack.ts';
import { type SmallDisk, smallDisk } from '../helpers/small-disk.ts';
import { compute4Back } from './drain-run.ts';
import { type Recorded, record } from './record.ts';
import { type Phase, SCENARIOS, type ScenarioName, type Trigger } from './scenarios.ts';

/**
 * One Ferry on the sandbox cloud, the fake Slack and the fake clock, on a lowdb file or a database of
 * a real PostgreSQL: what a fault case and its fault-free baseline both run. The world outlives a
 * restart of Ferry (the same file or database, the same Slack, the same cloud).
 */

export type StoreKind = 'lowdb' | 'postgres';

/** How often (real ms) a world that keeps sweeping runs Ferry's sweep (production: every 5 s). */
const SWEEP_EVERY_MS = 1_000;
type AnyStore = LowdbStore | PostgresStore;

export interface World {
  kind: StoreKind;
  fx: SandboxFixture;
  fake: FakeSlack;
  /** the Ferry now running (a new one after `restart`) */
  slack: SlackHarness<AnyStore>;
  postgres?: RealPostgres;
  /** the small disk the lowdb file is on, when the case makes it unwritable */
  disk?: SmallDisk;
  /** Ferry stops without sending what it wrote (its poster halted first) and starts on the same store */
  restart(): Promise<void>;
  /** work a fault began from an event listener (a restart, a remount): waited for by the driver */
  background(work: Promise<unknown>): void;
  settled(): Promise<void>;
  /** `inject` once, at the first event or request the trigger names (a step: never, the driver calls) */
  once(trigger: Trigger, inject: () => void): void;
  /**
   * From now on Ferry's sweep runs as production's timer runs it (every LEASE_RENEW_MS there, here
   * every SWEEP_EVERY_MS of real time, on whichever Ferry runs): what it resumes after a store that
   * could not write (a driver a failed write ended, a message to claim, an event to tell) is resumed
   */
  keepSweeping(): void;
  close(): Promise<void>;
}

export interface WorldOptions {
  kind: StoreKind;
  postgres?: RealPostgres;
  /** the lowdb file on a tmpfs of its own, so a fault can fill it or make it read-only */
  disk?: boolean;
  /** how long Ferry's client waits for Nova (real ms) */
  timeoutMs?: number;
  autoConfirm?: boolean;
}

async function openStore(options: WorldOptions, where: string): Promise<AnyStore> {
  return options.kind === 'postgres' ? PostgresStore.open(where) : LowdbStore.open(where);
}

/**
 * The scheduler of this fake-clock world: a loop's safety wait (a drain's or an evacuation's look
 * every 5 s) passes on the fake clock, as every other wait here does: a short real pause, then the
 * clock is moved on to when the wait is due (never back; two waits due together move it once).
 * Without it the clock stands still while no migration is watched, and a cloud outage (seconds of
 * the fake clock) never ends for a drain that only looks. Recurring jobs are left to the test.
 */
function fakeTimeScheduler(clock: FakeClock, pauseMs = 50): Scheduler {
  const real = systemScheduler({ recurring: false });
  const timers = new Set<NodeJS.Timeout>();
  return {
    ...real,
    after: (ms, task) => {
      const due = clock.monotonic() + ms;
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          const behind = due - clock.monotonic();
          if (behind > 0) clock.advance(behind);
          task();
        },
        Math.min(ms, pauseMs),
      );
      timer.unref();
      timers.add(timer);
      return () => {
        clearTimeout(timer);
        timers.delete(timer);
      };
    },
    stop: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await real.stop();
    },
  };
}

export async function startWorld(options: WorldOptions): Promise<World> {
  const fx = await sandboxFixture(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {});
  compute4Back(fx);
  const fake = new FakeSlack();
  await fake.start();
  const disk = options.disk ? smallDisk() : undefined;
  let where: string;
  if (options.kind === 'postgres') {
    if (!options.postgres) throw new Error('a PostgreSQL world needs a server');
    where = await options.postgres.freshDatabase();
  } else where = join(disk?.dir ?? mkdtempSync(join(tmpdir(), 'ferry-matrix-')), 'ferry.json');

  const stores: AnyStore[] = [];
  const triggers: { trigger: Trigger; inject: () => void; fired: boolean }[] = [];
  const fire = (matches: (trigger: Trigger) => boolean) => {
    for (const armed of triggers)
      if (!armed.fired && matches(armed.trigger)) {
        armed.fired = true;
        armed.inject();
      }
  };
  observeRequests(fx.sandbox.cloud, (method, path) =>
    fire((trigger) => 'request' in trigger && trigger.request(method, path)),
  );
  const pending: Promise<unknown>[] = [];
  let sweeper: NodeJS.Timeout | undefined;
  let sweeping = false;
  const launch = async () => {
    const store = await openStore(options, where);
    stores.push(store);
    const slack = await slackHarness<AnyStore>(fx, {
      store,
      fake,
      autoConfirm: options.autoConfirm ?? true,
      scheduler: fakeTimeScheduler(fx.clock),
      // the fake clock races while a person is awaited: no run may time out meanwhile
      runner: { timeoutMs: 24 * 3_600_000, stallAfterMs: 24 * 3_600_000 },
    });
    slack.ferry.events.subscribe((event) => fire((trigger) => 'event' in trigger && trigger.event(event)));
    return slack;
  };

  const world: World = {
    kind: options.kind,
    fx,
    fake,
    slack: await launch(),
    ...(options.postgres ? { postgres: options.postgres } : {}),
    ...(disk ? { disk } : {}),
    async restart() {
      const old = world.slack;
      old.ferry.poster.halt?.();
      await old.ferry.stop();
      world.slack = await launch();
    },
    background(work) {
      pending.push(work);
    },
    async settled() {
      while (pending.length) await pending.shift();
    },
    once(trigger, inject) {
      triggers.push({ trigger, inject, fired: false });
    },
    keepSweeping() {
      sweeper ??= setInterval(() => {
        if (sweeping) return;
        sweeping = true;
        void world.slack.ferry
          .sweep()
          .catch(() => undefined)
          .finally(() => {
            sweeping = false;
          });
      }, SWEEP_EVERY_MS);
    },
    async close() {
      clearInterval(sweeper);
      await world.settled().catch(() => undefined);
      await world.slack.stop();
      await fake.stop();
      await fx.close();
      for (const store of stores) if (store instanceof PostgresStore) await store.close();
      if (disk) {
        disk.free();
        await disk.writable();
        disk.close();
      }
    },
  };
  return world;
}

/**
 * Runs `scenario` to its end in `world` and records the end; with a fault, `inject` runs once at
 * `phase` (what it returns is waited for before the driver's next step).
 */
export async function runScenario(
  world: World,
  scenario: ScenarioName,
  fault?: { phase: Phase; inject: (world: World) => unknown },
): Promise<Recorded & { injected: boolean }> {
  const { phases, drive } = SCENARIOS[scenario];
  let injected = false;
  const trigger = fault ? phases[fault.phase] : undefined;
  if (fault && !trigger) throw new Error(`${scenario} has no phase ${fault.phase}`);
  const inject = () => {
    injected = true;
    const work = fault?.inject(world);
    if (work instanceof Promise) world.background(work);
  };
  if (trigger && !('step' in trigger)) world.once(trigger, inject);
  await drive(world, (phase) => {
    if (trigger && 'step' in trigger && phase === fault?.phase) inject();
  });
  return { ...record(world), injected };
}

export const runsOf = (world: World): RunRecord[] => world.slack.store.runs();
