import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigrationFeed } from '../../src/core/move/migration-feed.ts';
import type { CloudApi } from '../../src/core/ports/cloud.ts';
import { cloudApiFrom } from '../../src/openstack/cloud-api.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { until } from '../helpers/runs.ts';
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
