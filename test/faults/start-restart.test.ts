import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planDrain } from '../../src/core/drain/plan.ts';
import { planMoveBack } from '../../src/core/evacuation/move-back.ts';
import { planEvacuation } from '../../src/core/evacuation/plan.ts';
import type { FerryEvent } from '../../src/core/events.ts';
import type {
  DrainHostState,
  DrainRecord,
  EvacuationRecord,
  MoveRecord,
  RunRecord,
} from '../../src/core/model/records.ts';
import { newRunRecord } from '../../src/core/move/run-start.ts';
import type { StorePort } from '../../src/core/ports/store.ts';
import { moveOfEvacuationItem } from '../../src/core/request-records.ts';
import { runNoticeText } from '../../src/messages/runs.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { plannerFor } from '../helpers/core.ts';
import { evacuationHarness } from '../helpers/evacuations.ts';
import { hostNoted } from '../helpers/notes.ts';
import { harness } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { type SlackHarness, slackHarness, waitFor } from '../helpers/slack.ts';
import { compute4Back } from './drain-run.ts';

/**
 * Ferry killed while it starts a move (issue 24, item 5: a kill -9 at a drain's running left a move
 * failed with "Ferry stopped before it asked Nova", and the drain stopped the host's evacuation). What a
 * kill leaves is written into the store as the kill leaves it; a new runner on the same file is the next
 * process. The approved move still starts, asked of Nova only once its records show nothing started.
 */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

const dbFile = () => join(mkdtempSync(join(tmpdir(), 'ferry-start-restart-')), 'ferry.json');
const liveMigrationsOf = (name: string) => {
  const server = fx.sandbox.cloud.resolveServer(name);
  return fx.sandbox.cloud.actions.filter((a) => a.serverId === server.id && a.action === 'live-migration');
};
const notesOf = (events: FerryEvent[]) =>
  events.flatMap((e) => (e.kind === 'run.notice' ? [runNoticeText(e)] : []));

/** The run claimed for an approved move, as `runner.start` writes it before anything reaches Nova. */
async function claimed(store: StorePort, moveId: string, id: string): Promise<RunRecord> {
  const move = store.getMove(moveId) as MoveRecord;
  return (await store.claimRun(moveId, () => newRunRecord(move, id, fx.clock.now()))).run;
}

describe('a move whose process was killed while starting it', () => {
  it('is asked of Nova after the restart when the kill came before Ferry asked', async () => {
    const file = dbFile();
    const first = harness(fx, {}, await LowdbStore.open(file));
    const run = await claimed(
      first.store,
      await first.approved({ server: 'server-x', destination: 'compute2' }),
      'm-killed1',
    );
    await first.store.flush();

    const second = harness(fx, {}, await LowdbStore.open(file));
    expect((await second.runner.resumeAll()).map((r) => r.id)).toEqual([run.id]);
    await second.runner.idle();
    expect(second.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'completed', host: 'compute2' });
    expect(notesOf(second.events)).toContain(
      'Ferry stopped before it asked Nova to start the migration; it asks now',
    );
    expect(liveMigrationsOf('server-x')).toHaveLength(1);
  });

  it('looks in Nova first when the request may have gone out, and asks when Nova shows nothing', async () => {
    const file = dbFile();
    const first = harness(fx, {}, await LowdbStore.open(file));
    const run = await claimed(
      first.store,
      await first.approved({ server: 'server-x', destination: 'compute2' }),
      'm-killed2',
    );
    // the baseline is written just before the request: killed between the two
    await first.store.setRunBaseline(run.id, 0);
    await first.store.flush();

    const second = harness(fx, {}, await LowdbStore.open(file));
    await second.runner.resumeAll();
    await second.runner.idle();
    expect(second.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'completed', host: 'compute2' });
    expect(notesOf(second.events)).toContain(
      'Ferry stopped while it asked Nova to start the migration; checking whether it started',
    );
    expect(liveMigrationsOf('server-x')).toHaveLength(1);
  });

  it('follows the migration its lost request started, never asking twice', async () => {
    const file = dbFile();
    const first = harness(fx, {}, await LowdbStore.open(file));
    const run = await claimed(
      first.store,
      await first.approved({ server: 'server-x', destination: 'compute2' }),
      'm-killed3',
    );
    await first.store.setRunBaseline(run.id, 0);
    await first.store.flush();
    // the request reached Nova; its answer died with the process
    await plannerFor(fx).cloud.liveMigrate(run.serverId, { host: 'compute2', blockMigration: 'auto' });

    const second = harness(fx, {}, await LowdbStore.open(file));
    await second.runner.resumeAll();
    await second.runner.idle();
    expect(second.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'completed', host: 'compute2' });
    expect(notesOf(second.events).join('\n')).toMatch(/Nova's records show the migration started: request/);
    expect(liveMigrationsOf('server-x')).toHaveLength(1);
  });

  it("does not take the server's previous move, begun moments before, for the one it lost", async () => {
    const file = dbFile();
    const first = harness(fx, {}, await LowdbStore.open(file));
    const there = await first.runner.start(
      await first.approved({ server: 'server-x', destination: 'compute2' }),
    );
    await first.runner.idle();
    expect(first.store.getRun(there.id)?.outcome?.kind).toBe('completed');
    // Ferry lets go of a move's server when it ends (ferry.ts); this harness has no such listener
    await first.store.releaseClaims(there.requestId);
    // back home 20 s after the move there began (a small server moves in seconds): within the minute
    // Ferry allows between its clock and Nova's (the fake clock's watch ran ahead meanwhile)
    const [there1] = liveMigrationsOf('server-x');
    fx.clock.step((there1?.startTime ?? 0) + 20_000 - fx.clock.now());
    const back = await claimed(
      first.store,
      await first.approved({ server: 'server-x', destination: 'compute1' }),
      'm-killed4',
    );
    const [latest] = await plannerFor(fx).cloud.listMigrations({ serverId: back.serverId, limit: 1 });
    await first.store.setRunBaseline(back.id, latest?.id ?? 0);
    await first.store.flush();

    const second = harness(fx, {}, await LowdbStore.open(file));
    await second.runner.resumeAll();
    await second.runner.idle();
    expect(second.store.getRun(back.id)?.outcome).toMatchObject({ kind: 'completed', host: 'compute1' });
    expect(liveMigrationsOf('server-x')).toHaveLength(2);
  });
});

describe("an evacuation's move killed while starting", () => {
  it('is started after the restart: no server is failed or left, the host ends empty', async () => {
    const file = dbFile();
    const first = evacuationHarness(fx, {}, await LowdbStore.open(file));
    const id = await first.approved({ host: 'compute3', concurrency: 1 });
    // what evacuator.start and its first fill wrote before the kill: running, one item's move claimed
    const { store } = first;
    await store.setEvacuationPhase(id, 'running', { serviceDisabled: false, startedAt: fx.clock.now() });
    const evacuation = store.getEvacuation(id) as EvacuationRecord;
    const item = evacuation.evacuation.items.find((i) => i.state === 'waiting');
    if (!item) throw new Error('nothing to move');
    const child = await store.addRequest(moveOfEvacuationItem(evacuation, item, fx.clock.now()));
    await store.updateEvacuationItems(id, [
      { serverId: item.serverId, change: { state: 'running', requestId: child.id } },
    ]);
    await claimed(store, child.id, 'm-killed5');
    await store.flush();

    const second = evacuationHarness(fx, {}, await LowdbStore.open(file));
    await second.evacuator.resumeAll();
    await second.runner.resumeAll();
    await second.evacuator.idle();
    await second.runner.idle();
    const state = second.store.getEvacuation(id)?.evacuation;
    expect(state?.phase).toBe('done');
    const moved = state?.items.filter((i) => i.state !== 'skipped') ?? [];
    expect(moved.map((i) => [i.serverName, i.outcome?.kind])).toEqual(
      moved.map((i) => [i.serverName, 'completed']),
    );
    expect([...fx.sandbox.cloud.servers.values()].filter((s) => s.host === 'compute3')).toEqual([]);
    expect(liveMigrationsOf(item.serverName)).toHaveLength(1);
  });
});

describe("a drain's step killed between the host's write and its evacuation's start", () => {
  let slack: SlackHarness | undefined;
  afterEach(async () => {
    await slack?.stop();
  });

  it('starts the planned evacuation after the restart, and the host ends empty', {
    timeout: 60_000,
  }, async () => {
    compute4Back(fx);
    const file = dbFile();
    const first = evacuationHarness(fx, {}, await LowdbStore.open(file));
    const { store, book } = first;
    const planner = { ...plannerFor(fx), clock: fx.clock };
    const plan = await planDrain(planner, {
      hosts: ['compute2', 'compute3'],
      hostsAtOnce: 1,
      concurrency: 2,
      returnHome: false,
      requestedBy: 'U_ALICE',
    });
    const submitted = await book.submitDrain(plan);
    await book.approve(submitted.id, 'U_BOB', submitted.drain.fingerprint);
    // what the drain's first look wrote before the kill: running, compute2 out of service and its
    // evacuation approved and recorded on the host, not started
    const drain = store.getDrain(submitted.id) as DrainRecord;
    const compute2 = drain.drain.hosts[0] as DrainHostState;
    await plannerFor(fx).cloud.setServiceEnabled(compute2.serviceId ?? '', false, `Ferry drain ${drain.id}`);
    const evacuation = await book.submitDrainEvacuation(
      drain,
      await planEvacuation(planner, { host: 'compute2', concurrency: 2, requestedBy: 'U_ALICE' }),
    );
    await store.updateDrain(drain.id, (d) => {
      d.drain.phase = 'running';
      d.drain.startedAt = fx.clock.now();
      Object.assign(d.drain.hosts[0] as DrainHostState, {
        phase: 'evacuating',
        evacuationIds: [evacuation.id],
        startedAt: fx.clock.now(),
      });
    });
    await store.flush();

    slack = await slackHarness(fx, { store: await LowdbStore.open(file) });
    const again = slack;
    await waitFor(
      () => again.store.getDrain(drain.id)?.drain.hosts[0]?.phase === 'empty',
      'compute2 empty',
      30_000,
    );
    expect([...fx.sandbox.cloud.servers.values()].filter((s) => s.host === 'compute2')).toEqual([]);
    // the host is empty once its moves have landed; the evacuation ends once their proofs have
    await waitFor(
      () => again.store.getEvacuation(evacuation.id)?.evacuation.phase === 'done',
      'the evacuation done',
      30_000,
    );
  });
});

describe("a drain's return killed between asking for the move back and the host's write", () => {
  let slack: SlackHarness | undefined;
  afterEach(async () => {
    await slack?.stop();
  });

  it('follows the move back it asked for: the servers come home once, and the host is done with them back', {
    timeout: 60_000,
  }, async () => {
    compute4Back(fx);
    const file = dbFile();
    const first = evacuationHarness(fx, {}, await LowdbStore.open(file));
    const { store, book, evacuator } = first;
    const planner = { ...plannerFor(fx), clock: fx.clock };
    const { cloud } = plannerFor(fx);
    const homes = new Map([...fx.sandbox.cloud.servers.values()].map((s) => [s.id, s.host]));
    const plan = await planDrain(planner, {
      hosts: ['compute2', 'compute3'],
      hostsAtOnce: 1,
      concurrency: 2,
      returnHome: true,
      requestedBy: 'U_ALICE',
    });
    const submitted = await book.submitDrain(plan);
    await book.approve(submitted.id, 'U_BOB', submitted.drain.fingerprint);
    // compute2 emptied by the drain's evacuation, said back and in service again
    const drain = store.getDrain(submitted.id) as DrainRecord;
    const compute2 = drain.drain.hosts[0] as DrainHostState;
    await cloud.setServiceEnabled(compute2.serviceId ?? '', false, `Ferry drain ${drain.id}`);
    const evacuation = await book.submitDrainEvacuation(
      drain,
      await planEvacuation(planner, { host: 'compute2', concurrency: 2, requestedBy: 'U_ALICE' }),
    );
    await evacuator.start(evacuation.id);
    await evacuator.idle();
    await first.runner.idle();
    await cloud.setServiceEnabled(compute2.serviceId ?? '', true);
    // then the kill: the move back asked for (written), the host's write not made
    const done = store.getEvacuation(evacuation.id) as EvacuationRecord;
    const back = await book.submitMoveBack(done, await planMoveBack(cloud, done), 'U_ALICE', drain.id);
    await store.updateDrain(drain.id, (d) => {
      d.drain.phase = 'running';
      d.drain.startedAt = fx.clock.now();
      Object.assign(d.drain.hosts[0] as DrainHostState, {
        phase: 'coming-back',
        evacuationIds: [evacuation.id],
        backBy: 'U_BOB',
        backAt: fx.clock.now(),
      });
    });
    await store.flush();

    slack = await slackHarness(fx, { store: await LowdbStore.open(file) });
    const again = slack;
    await waitFor(
      () => again.store.getDrain(drain.id)?.drain.hosts[0]?.phase === 'done',
      'compute2 done',
      30_000,
    );
    const host = again.store.getDrain(drain.id)?.drain.hosts[0] as DrainHostState;
    expect(host.returnId).toBe(back.id);
    expect(hostNoted(host)?.note).toBeUndefined();
    expect(again.store.evacuations().filter((e) => e.evacuation.returnOf === evacuation.id)).toHaveLength(1);
    for (const item of done.evacuation.items)
      expect(fx.sandbox.cloud.servers.get(item.serverId)?.host).toBe(homes.get(item.serverId));
  });
});
