import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.ts';
import { planEvacuation } from '../../src/core/evacuation/plan.ts';
import { isEvacuationEvent } from '../../src/core/events.ts';
import { outcomeText } from '../../src/messages/runs.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { access, cloud, evacuatorOf, HOSTS, harness, otherHost, until } from './lab.ts';
import { restartGuest, runsOn, tickingBefore } from './lab-guest.ts';

/** Ferry's runs moving the lab's real guests: live, block, Abort, evacuation (cold and Force complete: cold-force.test.ts, through Slack). */

describe('runs against real Nova', () => {
  beforeEach(() => tickingBefore('server-x'), 200_000);

  it('live-migrates to a named host, with the phases of the real migration', async () => {
    const h = harness();
    const { id, to } = await otherHost('server-x');
    const done = await h.runner.start(
      await h.approved({ server: 'server-x', destination: to, mode: 'live' }),
    );
    await h.runner.idle();
    expect(h.store.getRun(done.id)?.outcome).toMatchObject({ kind: 'completed', host: to });
    expect((await cloud.getServer(id)).host).toBe(to);
    await runsOn('server-x', to);
    const progress = h.events.flatMap((e) => (e.kind === 'run.progress' ? [e.progress] : []));
    expect(progress.some((p) => p.migrationStatus === 'running')).toBe(true);
    // Nova's record may keep memory_* at 0 for a whole move (the lab saw it freeze under load), so bytes are
    // not required here; live-move.test.ts sets the bytes Ferry posts beside libvirt's own job counters
    for (const p of progress.filter((p) => (p.bytesTotal ?? 0) > 0))
      expect(p.bytesRemaining ?? 0).toBeLessThanOrEqual(p.bytesTotal as number);
  });

  it("live-migrates to the scheduler's choice", async () => {
    const h = harness();
    const { from } = await otherHost('server-x');
    const done = await h.runner.start(await h.approved({ server: 'server-x', mode: 'live' }));
    await h.runner.idle();
    expect(h.store.getRun(done.id)?.outcome).toMatchObject({ kind: 'completed' });
    expect(h.store.getRun(done.id)?.outcome?.host).not.toBe(from);
    await runsOn('server-x', h.store.getRun(done.id)?.outcome?.host as string);
  });

  it('block-migrates', async () => {
    const h = harness();
    const { to } = await otherHost('server-x');
    const done = await h.runner.start(
      await h.approved({ server: 'server-x', destination: to, mode: 'block' }),
    );
    await h.runner.idle();
    expect(h.store.getRun(done.id)?.outcome).toMatchObject({ kind: 'completed', host: to });
    await runsOn('server-x', to);
  });

  it('aborts a running live migration', async () => {
    const h = harness();
    const { from, to } = await otherHost('server-x');
    const started = await h.runner.start(
      await h.approved({ server: 'server-x', destination: to, mode: 'live' }),
    );
    await until(() => h.store.getRun(started.id)?.state === 'running', 'running');
    await h.runner.abort(started.id, 'U_BOB');
    await h.runner.idle();
    expect(h.store.getRun(started.id)?.outcome).toMatchObject({ kind: 'aborted', host: from });
    await runsOn('server-x', from);
    await restartGuest('server-x');
  }, 420_000);

  it("reports the conductor's refusal that follows Nova's 202 as a rollback", async () => {
    const h = harness();
    const { from, to } = await otherHost('server-x');
    const requestId = await h.approved({ server: 'server-x', destination: to, mode: 'live' });
    const service = (await cloud.listComputeServices()).find((s) => s.host === to);
    await cloud.setServiceEnabled(service?.id as string, false, 'disabled after approval');
    try {
      const started = await h.runner.start(requestId);
      await h.runner.idle();
      const outcome = h.store.getRun(started.id)?.outcome;
      expect(outcome).toMatchObject({ kind: 'rolled-back', host: from });
      expect(outcomeText(outcome)).toMatch(/Choosing the destination failed on \S+: No valid host was found/);
      await runsOn('server-x', from);
    } finally {
      await cloud.setServiceEnabled(service?.id as string, true);
    }
  });

  it('resumes after a restart in the middle of a run and finishes the story', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-real-')), 'ferry.json');
    const first = harness({}, await LowdbStore.open(file));
    const { to } = await otherHost('server-x');
    const started = await first.runner.start(
      await first.approved({ server: 'server-x', destination: to, mode: 'live' }),
    );
    await until(
      () => ['preparing', 'running', 'queued'].includes(first.store.getRun(started.id)?.state ?? ''),
      'in flight',
    );
    first.runner.stop();
    await first.runner.idle();
    await first.store.flush();
    const second = harness({}, await LowdbStore.open(file));
    expect((await second.runner.resumeAll()).map((r) => r.id)).toEqual([started.id]);
    await second.runner.idle();
    expect(second.store.getRun(started.id)?.outcome).toMatchObject({ kind: 'completed', host: to });
    await runsOn('server-x', to);
  });

  it('evacuates a host: service disabled, every server moved, service re-enabled', async () => {
    // the host with the fewest servers (each is a real live migration), never busy-1's: it would not converge
    const busyHost = (await cloud.findServer('busy-1')).host;
    const loads = await Promise.all(
      HOSTS.filter((h) => h !== busyHost).map(async (h) => ({ h, n: (await cloud.serversOnHost(h)).length })),
    );
    const host = loads.filter((l) => l.n > 0).sort((a, b) => a.n - b.n)[0]?.h as string;
    const engines = harness();
    const { store, stream, runner, book } = engines;
    const evacuator = evacuatorOf(engines);
    const moved = (await cloud.serversOnHost(host)).filter((s) => s.status === 'ACTIVE').map((s) => s.name);
    for (const server of moved) await tickingBefore(server);
    const seen: string[] = [];
    stream.subscribe((event) => {
      if (isEvacuationEvent(event)) seen.push(event.kind);
    });
    const plan = await planEvacuation(
      { cloud, clock: systemClock, access },
      { host, concurrency: 2, requestedBy: 'U_ALICE' },
    );
    expect(plan.ready).toBe(true);
    const record = await book.submitEvacuation(plan, { reenable: true });
    await book.approve(record.id, 'U_BOB', plan.fingerprint);
    const service = () => cloud.listComputeServices().then((list) => list.find((s) => s.host === host));
    await evacuator.start(record.id);
    expect(await service()).toMatchObject({
      status: 'disabled',
      disabledReason: expect.stringMatching(new RegExp(`Ferry evacuation ${record.id}`)),
    });
    await evacuator.idle();
    await runner.idle();
    const state = store.getEvacuation(record.id)?.evacuation;
    expect(state?.items.map((i) => i.outcome?.kind)).toEqual(state?.items.map(() => 'completed'));
    expect((await cloud.serversOnHost(host)).length).toBe(0);
    expect(await service()).toMatchObject({ status: 'enabled' });
    expect(seen.at(-1)).toBe('evacuation.finished');
    for (const server of moved) await runsOn(server, (await cloud.findServer(server)).host as string);
  });
});
