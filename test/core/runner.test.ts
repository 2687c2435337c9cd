import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { progressText } from '../../src/chat/run-view.ts';
import type { ProgressSnapshot } from '../../src/core/model/records.ts';
import { RunActionError } from '../../src/core/move/run-errors.ts';
import { MigrationRunner } from '../../src/core/move/runner.ts';
import { END_SLACK_MS } from '../../src/core/move/watch-pace.ts';
import { outcomeText } from '../../src/messages/runs.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { plannerFor } from '../helpers/core.ts';
import { harness, until, watchedRunner } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

describe('running a move to a truthful end', () => {
  it('completes a live block migration with progress, ETA and the new host', async () => {
    const h = harness(fx);
    const requestId = await h.approved({ server: 'server-x', destination: 'compute2' });
    const run = await h.runner.start(requestId);
    await h.runner.idle();
    const done = h.store.getRun(run.id);
    expect(done?.outcome).toMatchObject({ kind: 'completed', host: 'compute2', forced: false });
    const states = done?.transitions.map((t) => t.state) ?? [];
    expect(states.slice(0, 2)).toEqual(['starting', 'accepted']);
    expect(states.slice(-2)).toEqual(['running', 'done']);
    const progress = h.events.flatMap((e) =>
      e.kind === 'run.progress' && e.progress.bytesTotal ? [e.progress] : [],
    );
    expect(progress.length).toBeGreaterThan(5);
    expect(progress.at(-1)?.percent).toBeGreaterThan(90);
    expect(progress.some((p) => p.etaMs !== null && p.rate !== null)).toBe(true);
    // 80 GiB disk + 8 GiB memory at the sandbox's 150 MiB/s: about ten minutes, measured honestly
    expect(done?.outcome?.durationMs).toBeGreaterThan(9 * 60_000);
    expect((await fx.clients.nova.findServer('server-x')).host).toBe('compute2');
  });

  it('lets the scheduler choose and records where the server went', async () => {
    const h = harness(fx);
    const run = await h.runner.start(await h.approved({ server: 'cache-1' }));
    await h.runner.idle();
    expect(h.store.getRun(run.id)).toMatchObject({
      destination: 'compute1',
      outcome: { kind: 'completed', host: 'compute1' },
    });
  });

  it('starts a run only once, however often and however concurrently start is asked', async () => {
    const h = harness(fx);
    const requestId = await h.approved({ server: 'db-primary', destination: 'compute2' });
    const [a, b, c] = await Promise.all([
      h.runner.start(requestId),
      h.runner.start(requestId),
      h.runner.start(requestId),
    ]);
    expect(new Set([a.id, b.id, c.id]).size).toBe(1);
    await h.runner.idle();
    expect(fx.sandbox.cloud.migrations).toHaveLength(1);
  });

  it('counts a run whose start waits for a late answer as watched: a sweep does not pick it up beside its start', async () => {
    const h = harness(fx);
    const requestId = await h.approved({ server: 'server-x', destination: 'compute2' });
    // Nova carries the start out but answers late (well inside the client's timeout)
    applyFault(fx.sandbox.cloud, {
      type: 'lose-answer',
      method: 'POST',
      path: 'action',
      how: 'delay',
      ms: 300,
    });
    const starting = h.runner.start(requestId);
    await until(() => h.store.activeRuns().length === 1, 'the run recorded');
    const [run] = h.store.activeRuns();
    // what the replica's sweep asks: it renews this run's lease and does not resume it
    expect(h.runner.watching()).toEqual([run?.id]);
    // and the console's /wait and end of input wait for it
    expect(h.runner.busy()).toBe(true);
    expect(await h.runner.resume(run?.id ?? '')).toBe(false);
    await starting;
    await h.runner.idle();
    expect(h.outcomes()).toEqual([expect.objectContaining({ kind: 'completed', host: 'compute2' })]);
    expect(h.events.filter((e) => e.kind === 'run.phase' && e.phase === 'accepted')).toHaveLength(1);
  });

  it('cold-migrates and confirms automatically once the server looks healthy', async () => {
    const h = harness(fx);
    const run = await h.runner.start(
      await h.approved({ server: 'batch-7', destination: 'compute2', mode: 'cold' }),
    );
    await h.runner.idle();
    expect(h.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'completed', host: 'compute2' });
    expect(h.store.getRun(run.id)?.transitions.map((t) => t.state)).toContain('confirming');
    expect((await fx.clients.nova.findServer('batch-7')).status).toBe('SHUTOFF');
  });

  it('waits for a person to confirm or revert when auto-confirm is off', async () => {
    const h = harness(fx, { autoConfirm: false });
    const run = await h.runner.start(
      await h.approved({ server: 'legacy-app', destination: 'compute1', mode: 'cold' }),
    );
    await until(() => h.store.getRun(run.id)?.state === 'awaiting-confirmation');
    await expect(h.runner.forceComplete(run.id, 'U_BOB')).rejects.toThrow(RunActionError);
    await h.runner.abort(run.id, 'U_BOB');
    await h.runner.idle();
    expect(h.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'reverted', host: 'compute2' });
  });

  it('warns when a live migration stops converging, then force-completes it', async () => {
    const h = harness(fx, { stallAfterMs: 60_000 });
    const run = await h.runner.start(await h.approved({ server: 'ledger', destination: 'compute2' }));
    await until(() => h.events.some((e) => e.kind === 'run.not-converging'));
    const warning = h.events.find((e) => e.kind === 'run.not-converging');
    expect(warning?.kind === 'run.not-converging' && warning.stalledForMs).toBeGreaterThanOrEqual(60_000);
    // meanwhile progress showed bytes sent but no ETA: what is left did not shrink
    const stalled = h.events.flatMap((e) =>
      e.kind === 'run.progress' && e.progress.at >= (warning?.run.lastProgress?.at ?? 0) ? [e.progress] : [],
    );
    expect(stalled.length).toBeGreaterThan(0);
    for (const progress of stalled) expect(progress).toMatchObject({ stalled: true, etaMs: null });
    expect(progressText(run, stalled[0] as ProgressSnapshot)).toMatch(
      /sent, but what is left does not shrink · ETA unknown/,
    );
    expect(h.events.filter((e) => e.kind === 'run.not-converging')).toHaveLength(1);
    await h.runner.forceComplete(run.id, 'U_BOB');
    await h.runner.idle();
    // post-copy is off: Nova pauses the guest, which its records do not show (force-disk.test.ts)
    expect(h.store.getRun(run.id)?.outcome).toMatchObject({
      kind: 'completed',
      forced: false,
      host: 'compute2',
      fact: { force: 'unseen' },
    });
    expect(outcomeText(h.store.getRun(run.id)?.outcome)).toMatch(
      /Force complete was requested; Nova's records/,
    );
  });

  it('aborts a running live migration and says the server stayed put', async () => {
    const h = harness(fx);
    applyFault(fx.sandbox.cloud, { type: 'stall', server: 'cache-2' });
    const run = await h.runner.start(await h.approved({ server: 'cache-2', destination: 'compute2' }));
    await until(() => h.store.getRun(run.id)?.state === 'running');
    await h.runner.abort(run.id, 'U_CAROL');
    await h.runner.idle();
    const done = h.store.getRun(run.id);
    expect(done?.outcome?.kind).toBe('aborted');
    expect(done?.outcome?.host).toBe(done?.source);
    // the kind is said once, by whoever shows it ("Aborted after 2m: cache-2 stays on …")
    expect(outcomeText(done?.outcome)).toMatch(/^cache-2 stays on compute3 and is ACTIVE\.$/);
    expect(h.store.auditLog().some((entry) => entry.action === 'abort' && entry.actor === 'U_CAROL')).toBe(
      true,
    );
  });

  it('times out after the configured limit and leaves the migration as it is', async () => {
    const h = harness(fx, { timeoutMs: 5 * 60_000, stallAfterMs: 10 * 60_000 });
    const run = await h.runner.start(await h.approved({ server: 'ledger', destination: 'compute2' }));
    await h.runner.idle();
    expect(h.store.getRun(run.id)?.outcome?.kind).toBe('timed-out');
    expect(outcomeText(h.store.getRun(run.id)?.outcome)).toMatch(/left the migration as it is/);
    expect((await fx.clients.nova.findServer('ledger')).status).toBe('MIGRATING');
  });

  it('says the end Nova recorded when the answer showing it comes after the limit, not "timed out"', async () => {
    const h = harness(fx);
    const cloud = plannerFor(fx).cloud;
    let late = false;
    // a slow Nova: the one answer that first shows the record completed comes back past the run's limit
    const slowNova = new Proxy(cloud, {
      get: (target, key) => {
        if (key !== 'listMigrations') return target[key as keyof typeof target];
        return async (...args: Parameters<typeof cloud.listMigrations>) => {
          const answer = await target.listMigrations(...args);
          if (!late && answer.some((m) => m.status === 'completed')) {
            late = true;
            fx.clock.advance(60 * 60_000);
          }
          return answer;
        };
      },
    });
    const runner = new MigrationRunner({
      cloud: slowNova,
      clock: fx.clock,
      store: h.store,
      events: { emit: () => {} },
    });
    const run = await runner.start(await h.approved({ server: 'db-primary', destination: 'compute2' }));
    await runner.idle();
    expect(late).toBe(true);
    expect(h.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'completed', host: 'compute2' });
  });

  it("asks for every run's record in one shared poll, and watches one run with at most one request a second", async () => {
    const h = harness(fx);
    const calls: number[] = [];
    /** when the proofs began: their few reads once per move ask at once and pace themselves (proofs-pace.test.ts) */
    let proofsAt = Number.POSITIVE_INFINITY;
    const shared: number[] = [];
    const runner = watchedRunner(fx, h.store, (call, args) => {
      // the feed's question has no server ID: it is for every run at once
      const filters = args[0] as { serverId?: string } | undefined;
      if (call === 'portsOf' || call === 'consoleOutput') proofsAt = Math.min(proofsAt, fx.clock.now());
      else (call === 'listMigrations' && !filters?.serverId ? shared : calls).push(fx.clock.now());
    });
    const requestId = await h.approved({ server: 'db-primary', destination: 'compute2' });
    await runner.start(requestId);
    await runner.idle();
    const gapsOf = (times: number[]) => times.slice(1).map((at, i) => at - (times[i] as number));
    // the start's two calls, then the watch up to its end (the conclusion's read of the server included)
    const watchCalls = calls.slice(2).filter((at) => at <= proofsAt);
    expect(watchCalls.length).toBeGreaterThan(3);
    expect(Math.min(...gapsOf(watchCalls))).toBeGreaterThanOrEqual(1_000);
    expect(shared.length).toBeGreaterThan(5);
    // every 2 s or slower, quicker (every 500 ms, one run watched) only while Nova's record says it
    // copies, and for its predicted end's few asks after (watch-pace, shared-poll-ends tests)
    const quick = shared.slice(1).filter((at, i) => at - (shared[i] as number) < 2_000);
    expect(Math.min(...gapsOf(shared))).toBeGreaterThanOrEqual(END_SLACK_MS);
    const copy = fx.sandbox.cloud.migrations.find((m) => m.type === 'live-migration');
    if (!copy) throw new Error('no live migration recorded');
    expect(quick.length).toBeGreaterThan(5);
    for (const at of quick) {
      expect(at).toBeGreaterThan(copy.createdAt);
      expect(at).toBeLessThanOrEqual(copy.updatedAt + 2_500);
    }
  });

  it('resumes a run after a restart and finishes its story', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-db-')), 'ferry.json');
    const first = harness(fx, {}, await LowdbStore.open(file));
    const run = await first.runner.start(
      await first.approved({ server: 'server-x', destination: 'compute2' }),
    );
    await until(() => first.store.getRun(run.id)?.state === 'running');
    first.runner.stop();
    await first.runner.idle();
    await first.store.flush();
    fx.clock.advance(20 * 60_000); // Ferry is down while the migration finishes

    const second = harness(fx, {}, await LowdbStore.open(file));
    const resumed = await second.runner.resumeAll();
    expect(resumed.map((r) => r.id)).toEqual([run.id]);
    await second.runner.idle();
    expect(second.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'completed', host: 'compute2' });
    expect(second.outcomes()).toHaveLength(1);
  });

  it('does not call a migration gone when the first shared poll after a restart fails', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-db-')), 'ferry.json');
    const first = harness(fx, {}, await LowdbStore.open(file));
    const run = await first.runner.start(
      await first.approved({ server: 'server-x', destination: 'compute2' }),
    );
    await until(() => first.store.getRun(run.id)?.state === 'running');
    first.runner.stop();
    await first.runner.idle();
    await first.store.flush();
    // the cloud answers the migration list with errors for a while, retries included
    applyFault(fx.sandbox.cloud, { type: 'api-error', status: 503, count: 9, path: '/os-migrations' });

    const second = harness(fx, {}, await LowdbStore.open(file));
    await second.runner.resumeAll();
    await second.runner.idle();
    expect(second.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'completed', host: 'compute2' });
  });

  it('never adopts a migration by a reused integer ID: a run knows its migration by UUID', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-db-')), 'ferry.json');
    const first = harness(fx, {}, await LowdbStore.open(file));
    const old = await first.runner.start(
      await first.approved({ server: 'server-x', destination: 'compute2' }),
    );
    await until(() => first.store.getRun(old.id)?.state === 'running');
    first.runner.stop();
    await first.runner.idle();
    await first.store.flush();
    expect(first.store.getRun(old.id)?.migrationId).toBe(1);

    // the built-in sandbox after a restart: a fresh cloud, the same server UUIDs, migration IDs from 1 again
    const fresh = await sandboxFixture();
    try {
      const second = harness(fresh, {}, await LowdbStore.open(file));
      // a /migrate of server-x is refused while its first run is unresolved (it holds the server); a
      // move of an evacuation takes no claim of its own, so the case stands: let go of it here
      await second.store.releaseClaims(old.requestId);
      const now = await second.runner.start(
        await second.approved({ server: 'server-x', destination: 'compute2' }),
      );
      await second.runner.resumeAll();
      await second.runner.idle();
      expect(second.store.getRun(now.id)?.outcome).toMatchObject({ kind: 'completed', host: 'compute2' });
      // an end Ferry did not see is neither a failure nor timed by Ferry's clock
      expect(second.store.getRun(old.id)?.outcome?.durationMs).toBeUndefined();
      expect(second.store.getRun(old.id)?.outcome).toMatchObject({ kind: 'unknown' });
      expect(outcomeText(second.store.getRun(old.id)?.outcome)).toMatch(
        /^Nova no longer has the record of migration [0-9a-f-]{36} \(was the cloud reset/,
      );
      expect(second.outcomes().filter((o) => o?.kind === 'completed')).toHaveLength(1);
    } finally {
      await fresh.close();
    }
  });
});
