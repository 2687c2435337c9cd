import { type EventSink, isRunEvent, type RunEvent } from '../../src/core/events.ts';
import type { MoveRequest } from '../../src/core/model/types.ts';
import { MigrationRunner } from '../../src/core/move/runner.ts';
import type { RunnerOptions } from '../../src/core/move/runner-deps.ts';
import type { CloudApi } from '../../src/core/ports/cloud.ts';
import { RequestBook } from '../../src/core/requests.ts';
import type { SeedHost } from '../../src/sandbox/seed.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { plan, plannerFor } from './core.ts';
import { recordedStream } from './events.ts';
import type { SandboxFixture } from './sandbox.ts';

export const onCall = new Set(['U_BOB', 'U_CAROL']);

export function harness(
  fx: SandboxFixture,
  options: RunnerOptions = {},
  store: LowdbStore | PostgresStore = LowdbStore.memory(),
) {
  const events: RunEvent[] = [];
  const deps = plannerFor(fx);
  const stream = recordedStream().events;
  stream.subscribe((event) => {
    if (isRunEvent(event)) events.push(event);
  });
  const runner = new MigrationRunner({ cloud: deps.cloud, clock: fx.clock, store, events: stream }, options);
  const book = new RequestBook({
    store,
    clock: fx.clock,
    ttlMs: 1_800_000,
    approvers: { isApprover: async (user) => onCall.has(user), describe: () => 'U_BOB or U_CAROL' },
  });
  /** plan, submit, approve by Bob: the run can start */
  const approved = async (request: Partial<MoveRequest> & { server: string }) => {
    const planned = await plan(fx, request);
    if (!planned.ready)
      throw new Error(`plan not ready: ${JSON.stringify(planned.checks.filter((c) => c.status === 'fail'))}`);
    const record = await book.submit(planned);
    await book.approve(record.id, 'U_BOB');
    return record.id;
  };
  const outcomes = () =>
    events.filter((e) => e.kind === 'run.outcome').map((e) => (e.kind === 'run.outcome' ? e.outcome : null));
  return { events, runner, book, store, approved, outcomes };
}

/** Waits in real time (the runner moves the fake clock itself) until the condition holds. */
export async function until(condition: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 10_000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * The sandbox's cloud port telling `seen` of every call Ferry makes (its name and arguments) before
 * making it, and `answered` of its name once its answer (or error) arrived: for tests that count and
 * time what Ferry asks.
 */
export function watchedCloud(
  fx: SandboxFixture,
  seen: (call: string, args: unknown[]) => void,
  answered?: (call: string) => void,
): CloudApi {
  const cloud = plannerFor(fx).cloud;
  return new Proxy(cloud, {
    get: (target, key) => {
      const value = target[key as keyof typeof target];
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        seen(String(key), args);
        const answer = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (answered && answer instanceof Promise) return answer.finally(() => answered(String(key)));
        return answer;
      };
    },
  });
}

/** A runner over the sandbox's cloud that tells `seen` of every call Ferry makes (watchedCloud). */
export function watchedRunner(
  fx: SandboxFixture,
  store: LowdbStore | PostgresStore,
  seen: (call: string, args: unknown[]) => void,
  events: EventSink = { emit: () => {} },
): MigrationRunner {
  return new MigrationRunner({ cloud: watchedCloud(fx, seen), clock: fx.clock, store, events });
}

/** A live move a test adds: a new server on `host`, moved to `to`. */
export interface LiveMove {
  name: string;
  host: string;
  to: string;
  flavor: string;
}

/**
 * Live moves asked together (their servers, and the hosts given, added to the sandbox first), watched
 * to their ends: when the shared feed asked (Nova's time), Nova's records of the moves that completed,
 * how long after each record's end the feed's next answer came, and how many moves Nova had not ended
 * at a moment. `seen` hears every call besides (watchedRunner).
 */
export async function liveMovesAtOnce(
  fx: SandboxFixture,
  { hosts, moves }: { hosts: SeedHost[]; moves: LiveMove[] },
  seen: (call: string, args: unknown[]) => void = () => {},
) {
  const sim = fx.sandbox.cloud;
  for (const host of hosts) sim.addHost(host);
  for (const move of moves)
    sim.addServer({
      name: move.name,
      host: move.host,
      flavor: move.flavor,
      project: 'web',
      user: 'admin',
      sharedStorage: true,
    });
  const h = harness(fx);
  const shared: number[] = [];
  const runner = watchedRunner(fx, h.store, (call, args) => {
    seen(call, args);
    // the feed's question: no filter but changes-since
    const filters = (args[0] ?? {}) as Record<string, unknown>;
    if (call === 'listMigrations' && Object.keys(filters).every((f) => f === 'changesSince'))
      shared.push(fx.clock.now());
  });
  for (const move of moves) {
    const requestId = await h.approved({ server: move.name, destination: move.to, mode: 'live' });
    await runner.start(requestId);
  }
  await runner.idle();
  const ended = sim.migrations.filter((m) => m.type === 'live-migration' && m.status === 'completed');
  // Nova's record says completed at updatedAt; the first shared answer after it is when Ferry knows
  const lags = ended.map((m) => (shared.find((at) => at >= m.updatedAt) as number) - m.updatedAt);
  const moving = (at: number) => ended.filter((m) => m.createdAt <= at && at < m.updatedAt).length;
  return { shared, ended, lags, moving };
}
