import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outcomeText, transitionNoteText } from '../../src/messages/runs.ts';
import { cloudApiFrom } from '../../src/openstack/cloud-api.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { harness, watchedRunner } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/**
 * Nova's own limits on live migrations, in the sandbox as nova-compute applies them, and Ferry telling
 * the truth about each: the per-host slot limit, the shared migration network, the completion timeout
 * and its two actions, and post-copy.
 */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

/** Nova-side start (leaving `queued`) and end of a migration, from the sandbox's own records. */
function novaTimes(server: string) {
  const id = fx.sandbox.cloud.resolveServer(server).id;
  const migration = fx.sandbox.cloud.migrations.find((m) => m.serverId === id);
  if (!migration) throw new Error(`no migration of ${server}`);
  return { status: migration.status, runningSince: migration.runningSince, endedAt: migration.updatedAt };
}

describe("Nova's limits on live migrations", () => {
  it("queues a second live migration from a host until the first ends, and names Ferry's move it waits behind without a read of its own", async () => {
    const h = harness(fx);
    const queueReads: unknown[] = [];
    const runner = watchedRunner(fx, h.store, (call, args) => {
      if (call === 'listMigrations' && (args[0] as { host?: string } | undefined)?.host)
        queueReads.push(args[0]);
    });
    const first = await runner.start(await h.approved({ server: 'server-x', destination: 'compute2' }));
    const second = await runner.start(await h.approved({ server: 'db-primary', destination: 'compute2' }));
    await runner.idle();
    expect(h.store.getRun(first.id)?.outcome?.kind).toBe('completed');
    expect(h.store.getRun(second.id)?.outcome?.kind).toBe('completed');
    const a = novaTimes('server-x');
    const b = novaTimes('db-primary');
    // max_concurrent_live_migrations = 1: the second transfer starts only once the first has ended
    expect(b.runningSince).toBeGreaterThanOrEqual(a.endedAt);
    const queued = h.store.getRun(second.id)?.transitions.find((t) => t.state === 'queued');
    expect(queued?.note && transitionNoteText(queued.note)).toMatch(
      /behind Ferry's move of server-x from compute1: nova-compute runs max_concurrent_live_migrations/,
    );
    // the shared feed showed server-x's migration holding compute1's slot: the source's list is not
    // read (#31 target 5; the first move left queued before the feed saw it so)
    expect(queueReads).toEqual([]);
  });

  it("counts the live migrations ahead from Nova's list when what holds the slot is not a move of Ferry's", async () => {
    // someone else's migration from compute1 (the CLI, another tool): Ferry does not watch it
    const outside = cloudApiFrom(fx.clients);
    await outside.liveMigrate(fx.sandbox.cloud.resolveServer('server-x').id, {
      host: 'compute2',
      blockMigration: 'auto',
    });
    const h = harness(fx);
    const run = await h.runner.start(await h.approved({ server: 'db-primary', destination: 'compute2' }));
    await h.runner.idle();
    expect(h.store.getRun(run.id)?.outcome?.kind).toBe('completed');
    const queued = h.store.getRun(run.id)?.transitions.find((t) => t.state === 'queued');
    expect(queued?.note && transitionNoteText(queued.note)).toMatch(
      /behind 1 other live migration from compute1: nova-compute runs max_concurrent_live_migrations/,
    );
  });

  it('shares the source host network between its transfers', async () => {
    applyFault(fx.sandbox.cloud, {
      type: 'nova-conf',
      host: 'compute1',
      max_concurrent_live_migrations: 2,
      migration_network_gbps: 1,
    });
    const h = harness(fx);
    await h.runner.start(await h.approved({ server: 'server-x', destination: 'compute2' }));
    await h.runner.start(await h.approved({ server: 'db-primary', destination: 'compute2' }));
    await h.runner.idle();
    const shared = novaTimes('db-primary');
    const alone = await sandboxFixture();
    try {
      applyFault(alone.sandbox.cloud, { type: 'nova-conf', host: 'compute1', migration_network_gbps: 1 });
      const single = harness(alone);
      await single.runner.start(await single.approved({ server: 'db-primary', destination: 'compute2' }));
      await single.runner.idle();
      const id = alone.sandbox.cloud.resolveServer('db-primary').id;
      const own = alone.sandbox.cloud.migrations.find((m) => m.serverId === id);
      const aloneMs = (own?.updatedAt ?? 0) - (own?.runningSince ?? 0);
      const sharedMs = shared.endedAt - (shared.runningSince ?? 0);
      // 4 GiB of memory at 125 MB/s alone; with server-x copying at the same time, each gets half
      expect(aloneMs).toBeGreaterThan(30_000);
      expect(sharedMs).toBeGreaterThan(aloneMs * 1.5);
    } finally {
      await alone.close();
    }
  });

  it('reports a migration Nova cancelled at its completion timeout as rolled back by Nova, not by anyone in Ferry', async () => {
    applyFault(fx.sandbox.cloud, {
      type: 'nova-conf',
      host: 'compute1',
      live_migration_completion_timeout: 1,
    });
    const h = harness(fx);
    const run = await h.runner.start(await h.approved({ server: 'server-x', destination: 'compute2' }));
    await h.runner.idle();
    expect(novaTimes('server-x').status).toBe('cancelled');
    expect(h.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'rolled-back', host: 'compute1' });
    expect(outcomeText(h.store.getRun(run.id)?.outcome)).toMatch(
      /Nova cancelled the migration itself, not through Ferry: live_migration_completion_timeout ran out/,
    );
  });

  it('follows a migration that Nova switches to post-copy at its timeout to completion', async () => {
    applyFault(fx.sandbox.cloud, {
      type: 'nova-conf',
      host: 'compute1',
      live_migration_completion_timeout: 5,
      live_migration_timeout_action: 'force_complete',
      live_migration_permit_post_copy: true,
    });
    const h = harness(fx);
    // ledger dirties memory faster than it can be copied: it would never converge on its own
    const run = await h.runner.start(await h.approved({ server: 'ledger', destination: 'compute2' }));
    await h.runner.idle();
    const states = h.store.getRun(run.id)?.transitions.map((t) => t.state);
    expect(states).toContain('post-copy');
    expect(h.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'completed', host: 'compute2' });
  });
});
