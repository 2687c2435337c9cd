import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRunEvent } from '../../src/core/events.ts';
import type { RunRecord } from '../../src/core/model/records.ts';
import { SCHEDULER_SYNC_MS } from '../../src/core/move/room-release.ts';
import { runNoticeText } from '../../src/messages/runs.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { allocationsOf } from '../../src/sandbox/placement-and-scheduling.ts';
import { harness, watchedRunner } from '../helpers/runs.ts';
import { addRoomyHosts, type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
  addRoomyHosts(fx, 'compute5');
});
afterEach(async () => {
  await fx.close();
});

/**
 * A move started the moment Ferry sees another end (a drain's next step, a move home) asks Nova for
 * what that end freed. Nova frees it in two steps after its record says `completed`, and each is
 * modelled by the sandbox as the lab showed it; Ferry waits for both before it asks.
 */
/** when a host's nova-compute next sends the scheduler its list after `at` (every 120 s from the epoch here) */
const synced = (at: number) => Math.ceil(at / SCHEDULER_SYNC_MS) * SCHEDULER_SYNC_MS;

describe('a start right after a move ended', () => {
  /**
   * `first` moves; the moment Ferry sees Nova complete it (`after` 'landed'), or once Ferry has proven
   * it and said its outcome ('done'), `second` is planned, approved and started.
   */
  async function oneAfterTheOther(
    first: { server: string; destination: string },
    second: { server: string; destination: string },
    after: 'landed' | 'done',
    seen: (call: string) => void = () => {},
  ) {
    const h = harness(fx);
    let next: Promise<RunRecord> | undefined;
    let seenAt = 0;
    const go = () => {
      if (next) return;
      seenAt = fx.clock.now();
      next = h.approved({ ...second, mode: 'live' }).then((id) => runner.start(id));
    };
    const runner = watchedRunner(fx, h.store, seen, {
      emit: (event) => {
        if (!isRunEvent(event)) return;
        h.events.push(event);
        if (after === 'done' && event.kind === 'run.outcome' && event.run.serverName === first.server) go();
      },
    });
    if (after === 'landed') runner.onLanded(go);
    await runner.start(await h.approved({ ...first, mode: 'live' }));
    await runner.idle();
    const started = await (next as Promise<RunRecord>);
    await runner.idle();
    const nova = fx.sandbox.cloud.migrations.filter((m) => m.type === 'live-migration');
    return { h, run: h.store.getRun(started.id) as RunRecord, seenAt, nova };
  }

  it("waits out Nova's scheduler listing an anti-affinity peer on the host it just left, and says so", async () => {
    // web-1 leaves compute1 (for compute5); its group peer web-2 is sent there as soon as Ferry sees that end (the lab,
    // 6 December: refused by ServerGroupAntiAffinityFilter 8 s after, compute1's list made again 91 s after)
    const { h, run, seenAt, nova } = await oneAfterTheOther(
      { server: 'web-1', destination: 'compute5' },
      { server: 'web-2', destination: 'compute1' },
      'done',
    );
    expect(run.outcome).toMatchObject({ kind: 'completed', host: 'compute1' });
    expect(nova.map((m) => m.status)).toEqual(['completed', 'completed']);
    const [left, sent] = nova;
    // asked once compute1's nova-compute had sent its list again (every 120 s from the epoch here)
    expect(sent?.createdAt).toBeGreaterThanOrEqual(synced(left?.updatedAt as number));
    expect(sent?.createdAt).toBeLessThanOrEqual(seenAt + SCHEDULER_SYNC_MS + 5_000);
    const notices = h.events.flatMap((e) => (e.kind === 'run.notice' && e.run.id === run.id ? [e] : []));
    expect(notices.map(runNoticeText)).toEqual([
      expect.stringMatching(
        /^Asks Nova at \d\d:\d\d:\d\d UTC: web-1 \(same anti-affinity group\) left compute1 at \d\d:\d\d:\d\d UTC, and Nova's scheduler may count it there until compute1's nova-compute next lists its servers/,
      ),
    ]);
  });

  it('asks nothing when Ferry stops while the start waits: the run is left to the next Ferry to start', async () => {
    const h = harness(fx);
    let waiting = false;
    const runner = watchedRunner(fx, h.store, () => {}, {
      emit: (event) => {
        if (event.kind !== 'run.notice' || event.notice?.code !== 'start-waits-scheduler') return;
        waiting = true;
        runner.stop();
      },
    });
    await runner.start(await h.approved({ server: 'web-1', destination: 'compute5', mode: 'live' }));
    await runner.idle();
    const web2 = await runner.start(
      await h.approved({ server: 'web-2', destination: 'compute1', mode: 'live' }),
    );
    expect(waiting).toBe(true);
    expect(web2).toMatchObject({ state: 'starting', novaRequestIds: [] });
    expect(fx.sandbox.cloud.migrations.filter((m) => m.type === 'live-migration')).toHaveLength(1);
  });

  it('does not wait for a server of no group, nor for a peer that left another host', async () => {
    const { h, run, nova } = await oneAfterTheOther(
      { server: 'web-1', destination: 'compute5' },
      { server: 'cache-1', destination: 'compute1' },
      'done',
    );
    expect(run.outcome).toMatchObject({ kind: 'completed', host: 'compute1' });
    const [left, sent] = nova;
    // asked before compute1's next list, and nothing said of waiting
    expect(sent?.createdAt).toBeLessThan(synced(left?.updatedAt as number));
    expect(h.events.filter((e) => e.kind === 'run.notice')).toEqual([]);
  });
  it("asks for the room a move freed only once Placement no longer holds the move's source", async () => {
    // `tight` has room for one m1.medium: filler leaves it, and cache-1 (approved for it before filler
    // came) is sent there the moment Ferry sees Nova's record say completed. Nova deletes the allocation
    // filler's migration holds on `tight` only after that (0.16-0.32 s on the lab; here a slower
    // Placement, 20 s): a start before then gets NoValidHost, as from Nova's scheduler
    const sim = fx.sandbox.cloud;
    applyFault(sim, { type: 'slow-release', seconds: 20 });
    sim.addHost({ name: 'tight', memoryMb: 6_144, vcpus: 4, diskGb: 60, hypervisorVersion: 8_002_000 });
    const h = harness(fx);
    const held: (string | null)[] = [];
    const runner = watchedRunner(fx, h.store, (call) => {
      const left = sim.migrations.find((m) => m.status === 'completed');
      if (call === 'liveMigrate' && left) held.push(allocationsOf(sim, left.uuid)?.host ?? null);
    });
    const cacheId = await h.approved({ server: 'cache-1', destination: 'tight', mode: 'live' });
    sim.addServer({
      name: 'filler',
      host: 'tight',
      flavor: 'm1.medium',
      project: 'web',
      user: 'admin',
      sharedStorage: true,
    });
    let next: Promise<RunRecord> | undefined;
    runner.onLanded(() => {
      next ??= runner.start(cacheId);
    });
    await runner.start(await h.approved({ server: 'filler', destination: 'compute5', mode: 'live' }));
    await runner.idle();
    const run = await (next as Promise<RunRecord>);
    await runner.idle();
    expect(h.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'completed', host: 'tight' });
    // asked once Placement no longer held filler's source, as Ferry read it
    expect(held).toEqual([null]);
  });
});
