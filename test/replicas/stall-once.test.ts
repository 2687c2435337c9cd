import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FerryEvent } from '../../src/core/events.ts';
import type { ProgressSnapshot } from '../../src/core/model/records.ts';
import { StallPolicy } from '../../src/core/move/stall-policy.ts';
import { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { plannerFor } from '../helpers/core.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { hasPostgres, type RealPostgres, startPostgres } from '../helpers/postgres.ts';
import { moveRecord, runRecord } from '../helpers/records.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { waitFor } from '../helpers/slack.ts';

// CI sets FERRY_REQUIRE_POSTGRES so that a missing PostgreSQL fails loudly instead of skipping.
if (process.env.FERRY_REQUIRE_POSTGRES && !hasPostgres)
  throw new Error(
    'FERRY_REQUIRE_POSTGRES is set but PostgreSQL is not installed (apt-get install postgresql)',
  );

/**
 * The stall policy (#29 part 4) on two replicas of one real PostgreSQL: both see the same stall at the
 * same moment (a watch taken over while the old replica still looks) and both find its grace period
 * over. The decision is written once and the action is carried out once: the store's locked write of
 * the run lets one replica take the decision from pending to acting, and only that one acts.
 */
describe.skipIf(!hasPostgres)('the stall policy among replicas', () => {
  let postgres: RealPostgres;
  let fx: SandboxFixture;
  const stores: PostgresStore[] = [];

  beforeAll(async () => {
    postgres = await startPostgres();
    fx = await sandboxFixture();
  }, 120_000);

  afterAll(async () => {
    for (const store of stores) await store.close();
    await fx?.close();
    await postgres?.stop();
  });

  it('two replicas never both decide nor both act on one stall', async () => {
    const url = await postgres.freshDatabase();
    const clock = new ManualClock();
    /** what each replica asked Nova to do, and what it told */
    const acts: string[] = [];
    const told: FerryEvent[] = [];
    const replica = async (name: string) => {
      const store = await PostgresStore.open(url);
      stores.push(store);
      const act = async (runId: string) => {
        acts.push(`${name}:${runId}`);
        return store.getRun(runId) as never;
      };
      const policy = new StallPolicy({
        settings: { action: 'abort', overrides: [], graceMs: 60_000 },
        cloud: plannerFor(fx).cloud,
        clock,
        store,
        events: { emit: (event) => told.push(event) },
        abort: act,
        forceComplete: act,
        start: () => Promise.reject(new Error('no cold move here')),
        halted: () => false,
      });
      return { store, policy };
    };
    const a = await replica('a');
    const b = await replica('b');
    const progress: ProgressSnapshot = {
      at: clock.now(),
      phase: 'running',
      migrationStatus: 'running',
      percent: 40,
      bytesRemaining: 2e9,
      bytesTotal: 8e9,
      rate: 1e8,
      etaMs: null,
      elapsedMs: 60_000,
      stalled: true,
    };
    for (let round = 0; round < 5; round++) {
      const runId = `m-${round}`;
      await a.store.addRequest(moveRecord(`r-${round}`, { status: 'approved' }));
      await a.store.claimRun(`r-${round}`, () => ({ ...runRecord(runId, `r-${round}`), state: 'running' }));
      const seen = (replica: { store: PostgresStore }) =>
        waitFor(() => replica.store.getRun(runId), 'the run');
      const [runA, runB] = await Promise.all([seen(a), seen(b)]);
      // both see it stall at once: one decision is written, and told once
      await Promise.all([a.policy.noticed(runA, progress, 60_000), b.policy.noticed(runB, progress, 60_000)]);
      const decided = told.filter((e) => e.kind === 'run.not-converging' && e.run.id === runId);
      expect(decided).toHaveLength(1);
      await waitFor(
        () =>
          a.store.getRun(runId)?.stall?.state === 'pending' &&
          b.store.getRun(runId)?.stall?.state === 'pending',
        'both replicas read the decision',
      );
      clock.advance(61_000);
      // both find the grace period over at once: one acts
      await Promise.all([a.policy.due(runId), b.policy.due(runId)]);
      expect(acts.filter((act) => act.endsWith(`:${runId}`))).toHaveLength(1);
      const acting = told.filter(
        (e) => e.kind === 'run.stall-policy' && e.run.id === runId && e.step === 'acting',
      );
      expect(acting).toHaveLength(1);
      await waitFor(() => a.store.getRun(runId)?.stall?.state === 'acted', 'the act recorded');
    }
  }, 120_000);
});
