import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigrationFeed } from '../../src/core/move/migration-feed.ts';
import { MigrationRunner } from '../../src/core/move/runner.ts';
import type { CloudApi } from '../../src/core/ports/cloud.ts';
import { cloudApiFrom } from '../../src/openstack/cloud-api.ts';
import { HeldClock } from '../helpers/held-clock.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { harness, until, watchedCloud } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/**
 * A person's confirm or revert cuts the shared feed's wait short (operator trial: a cold move waiting
 * for a person left the feed asleep for 15 s, and its end was said 12 s after Nova's record).
 */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

describe("the shared feed's wait", () => {
  it('ends when hurried: it asks again at once, not when its 15 s are over', async () => {
    const clock = new ManualClock();
    const halt = new AbortController();
    const asked: number[] = [];
    const real = cloudApiFrom(fx.clients);
    const cloud: CloudApi = {
      ...real,
      listMigrations: (filters) => {
        asked.push(clock.monotonic());
        return real.listMigrations(filters);
      },
    };
    const feed = new MigrationFeed({ cloud, clock, halt: halt.signal, interval: () => 15_000 });
    const server = [...fx.sandbox.cloud.servers.values()].find((s) => s.name === 'server-x');
    if (!server) throw new Error('server-x is seeded');
    feed.watch('m-000001', server.id, clock.now());
    await until(() => asked.length === 1 && clock.sleeping === 1);
    feed.hurry();
    await until(() => asked.length === 2);
    expect(asked).toEqual([0, 0]);
    halt.abort();
  });
});

describe("a person's step on a cold move waiting for them", () => {
  /**
   * A cold move brought to VERIFY_RESIZE with automatic confirmation off, then time held: the shared
   * feed waits its 15 s for a person (feedInterval), and only a hurry can end that wait.
   */
  async function waitingForAPerson() {
    const clock = new HeldClock(fx.clock);
    const h = harness(fx);
    const asked: number[] = [];
    const cloud = watchedCloud(fx, (call, args) => {
      // the feed's question: no filter but changes-since
      const filters = (args[0] ?? {}) as Record<string, unknown>;
      if (call === 'listMigrations' && Object.keys(filters).every((f) => f === 'changesSince'))
        asked.push(clock.now());
    });
    const runner = new MigrationRunner(
      { cloud, clock, store: h.store, events: { emit: () => {} } },
      { autoConfirm: false },
    );
    const run = await runner.start(
      await h.approved({ server: 'legacy-app', destination: 'compute1', mode: 'cold' }),
    );
    await until(() => h.store.getRun(run.id)?.state === 'awaiting-confirmation', 'the move waiting');
    clock.hold();
    await until(() => clock.waiting().includes(15_000), "the feed's wait for a person");
    return { runId: run.id, runner, asked, heldAt: clock.now(), askedBefore: asked.length };
  }

  it('a confirm makes the feed ask again at once, not when its 15 s are over', async () => {
    const waiting = await waitingForAPerson();
    await waiting.runner.confirm(waiting.runId, 'U_BOB');
    await until(() => waiting.asked.length > waiting.askedBefore, 'the feed asking again');
    expect(waiting.asked.slice(waiting.askedBefore)).toEqual([waiting.heldAt]);
    waiting.runner.stop();
  });

  it('a revert makes the feed ask again at once, not when its 15 s are over', async () => {
    const waiting = await waitingForAPerson();
    await waiting.runner.revert(waiting.runId, 'U_BOB');
    await until(() => waiting.asked.length > waiting.askedBefore, 'the feed asking again');
    expect(waiting.asked.slice(waiting.askedBefore)).toEqual([waiting.heldAt]);
    waiting.runner.stop();
  });
});
