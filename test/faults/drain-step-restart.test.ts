import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planDrain } from '../../src/core/drain/plan.ts';
import { planEvacuation } from '../../src/core/evacuation/plan.ts';
import type { DrainHostState, DrainRecord } from '../../src/core/model/records.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { plannerFor } from '../helpers/core.ts';
import { evacuationHarness } from '../helpers/evacuations.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { type SlackHarness, slackHarness, waitFor } from '../helpers/slack.ts';
import { compute4Back } from './drain-run.ts';

/**
 * Ferry killed while a drain's step starts a host (issue 24): its evacuation approved (its claims on
 * the host's servers taken) and the host's write not made. What the kill leaves is written into the
 * store as the kill leaves it; a Ferry on the same file is the next process. The evacuation approved
 * is the host's: it starts, and nothing else is planned beside it (a second one would find the
 * servers held, and the host would wait for ever).
 */

let fx: SandboxFixture;
let slack: SlackHarness | undefined;
beforeEach(async () => {
  fx = await sandboxFixture();
  compute4Back(fx);
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const dbFile = () => join(mkdtempSync(join(tmpdir(), 'ferry-drain-step-restart-')), 'ferry.json');

/** A running drain of compute2 and compute3, compute2 out of service in its name, as its first look left them. */
async function drainStarted(file: string) {
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
  const drain = store.getDrain(submitted.id) as DrainRecord;
  const compute2 = drain.drain.hosts[0] as DrainHostState;
  await plannerFor(fx).cloud.setServiceEnabled(compute2.serviceId ?? '', false, `Ferry drain ${drain.id}`);
  await store.updateDrain(drain.id, (d) => {
    d.drain.phase = 'running';
    d.drain.startedAt = fx.clock.now();
    d.drain.checkedStep = 0;
  });
  const evacuate = (continueApprovedBy?: string) =>
    planEvacuation(planner, { host: 'compute2', concurrency: 2, requestedBy: 'U_ALICE' }).then((p) =>
      book.submitDrainEvacuation(store.getDrain(drain.id) as DrainRecord, p, continueApprovedBy),
    );
  return { store, drainId: drain.id, evacuate };
}

const compute2Of = (harness: SlackHarness, drainId: string) =>
  harness.store.getDrain(drainId)?.drain.hosts[0] as DrainHostState;
const compute2Evacuations = (harness: SlackHarness, drainId: string) =>
  harness.store
    .evacuations()
    .filter((e) => e.evacuation.drainId === drainId && e.evacuation.host === 'compute2')
    .map((e) => e.id);
const onCompute2 = () => [...fx.sandbox.cloud.servers.values()].filter((s) => s.host === 'compute2');

describe("a drain's step killed between its evacuation's approval and the host's write", () => {
  it('starts the evacuation approved, never a second one beside it: the host ends empty', {
    timeout: 60_000,
  }, async () => {
    const file = dbFile();
    const { store, drainId, evacuate } = await drainStarted(file);
    const evacuation = await evacuate();
    await store.flush();

    slack = await slackHarness(fx, { store: await LowdbStore.open(file) });
    const again = slack;
    await waitFor(() => compute2Of(again, drainId).phase === 'empty', 'compute2 empty', 30_000);
    expect(compute2Of(again, drainId).evacuationIds).toEqual([evacuation.id]);
    expect(compute2Evacuations(again, drainId)).toEqual([evacuation.id]);
    expect(onCompute2()).toEqual([]);
    // empty once Nova ended its moves: the evacuation ends once their proofs do
    await waitFor(
      () => again.store.getEvacuation(evacuation.id)?.evacuation.phase === 'done',
      'its evacuation done',
      30_000,
    );
  });
});

describe('going on with a host not empty, killed once on-call approved it', () => {
  const notEmptyGoingOn = (drainId: string, store: Awaited<ReturnType<typeof drainStarted>>['store']) =>
    store.updateDrain(drainId, (d) => {
      Object.assign(d.drain.hosts[0] as DrainHostState, {
        phase: 'not-empty',
        note: 'web-2: failed',
        startedAt: fx.clock.now(),
        continueAsk: { by: 'U_CAROL', approvedBy: 'U_BOB' },
      });
    });

  it('starts the evacuation approved before the kill, as approved by who approved going on', {
    timeout: 60_000,
  }, async () => {
    const file = dbFile();
    const { store, drainId, evacuate } = await drainStarted(file);
    await notEmptyGoingOn(drainId, store);
    const evacuation = await evacuate('U_BOB');
    await store.flush();

    slack = await slackHarness(fx, { store: await LowdbStore.open(file) });
    const again = slack;
    await waitFor(() => compute2Of(again, drainId).phase === 'empty', 'compute2 empty', 30_000);
    expect(compute2Evacuations(again, drainId)).toEqual([evacuation.id]);
    expect(again.store.getEvacuation(evacuation.id)?.decidedBy).toBe('U_BOB');
    expect(compute2Of(again, drainId).continueAsk).toBeUndefined();
    expect(onCompute2()).toEqual([]);
  });

  it('plans and starts it when the kill came before its evacuation was asked for', {
    timeout: 60_000,
  }, async () => {
    const file = dbFile();
    const { store, drainId } = await drainStarted(file);
    await notEmptyGoingOn(drainId, store);
    await store.flush();

    slack = await slackHarness(fx, { store: await LowdbStore.open(file) });
    const again = slack;
    await waitFor(() => compute2Of(again, drainId).phase === 'empty', 'compute2 empty', 30_000);
    const [only] = compute2Evacuations(again, drainId);
    expect(compute2Evacuations(again, drainId)).toHaveLength(1);
    expect(again.store.getEvacuation(only ?? '')?.decidedBy).toBe('U_BOB');
    expect(onCompute2()).toEqual([]);
  });
});

/** What Stop writes (drainer.stopAll): the drain stopping, a host waiting for its step not started. */
function stopWritten(d: DrainRecord): void {
  d.drain.phase = 'stopping';
  d.drain.stoppedBy = 'U_CAROL';
  for (const host of d.drain.hosts) if (host.phase === 'waiting') host.phase = 'not-started';
}

describe("a drain stopped between its step's approval and the host's write", () => {
  it('lets go of the servers that evacuation held when the drain ends, and moves nothing', {
    timeout: 60_000,
  }, async () => {
    const file = dbFile();
    const { store, drainId, evacuate } = await drainStarted(file);
    const evacuation = await evacuate();
    await store.updateDrain(drainId, stopWritten);
    await store.flush();
    const servers = onCompute2().map((s) => s.name);
    expect(servers.length).toBeGreaterThan(0);
    expect(store.heldClaims().some((claim) => claim.holder === evacuation.id)).toBe(true);

    slack = await slackHarness(fx, { store: await LowdbStore.open(file) });
    const again = slack;
    await waitFor(() => again.store.getDrain(drainId)?.drain.phase === 'done', 'the drain ended', 30_000);
    await waitFor(() => again.store.heldClaims().length === 0, 'no claim held', 10_000);
    expect(again.store.getEvacuation(evacuation.id)?.evacuation.phase).toBe('done');
    expect(onCompute2().map((s) => s.name)).toEqual(servers);
  });

  it('ends the evacuation the host names, never started, instead of starting it once stopped', {
    timeout: 60_000,
  }, async () => {
    const file = dbFile();
    const { store, drainId, evacuate } = await drainStarted(file);
    const evacuation = await evacuate();
    // the host's write made (drain-emptying.ts startHost), killed before the evacuation started, then stopped
    await store.updateDrain(drainId, (d) => {
      Object.assign(d.drain.hosts[0] as DrainHostState, {
        phase: 'evacuating',
        evacuationIds: [evacuation.id],
        startedAt: fx.clock.now(),
      });
      stopWritten(d);
    });
    await store.flush();
    const servers = onCompute2().map((s) => s.name);

    slack = await slackHarness(fx, { store: await LowdbStore.open(file) });
    const again = slack;
    await waitFor(() => again.store.getDrain(drainId)?.drain.phase === 'done', 'the drain ended', 30_000);
    expect(again.store.getEvacuation(evacuation.id)?.evacuation.phase).toBe('done');
    expect(compute2Of(again, drainId).phase).toBe('not-empty');
    await waitFor(() => again.store.heldClaims().length === 0, 'no claim held', 10_000);
    expect(onCompute2().map((s) => s.name)).toEqual(servers);
  });
});
