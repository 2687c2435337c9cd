import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxCloud } from '../../src/sandbox/cloud.ts';
import { contradictionsWithNova } from '../helpers/consistency.ts';
import { hasPostgres, type RealPostgres, startPostgres } from '../helpers/postgres.ts';
import { canMount } from '../helpers/small-disk.ts';
import { type FaultName, faultKind } from './fault-kinds.ts';
import { runScenario, type StoreKind, startWorld } from './harness.ts';
import { missingMessages, normalise, type Recorded } from './record.ts';
import { type Phase, SCENARIOS, type ScenarioName } from './scenarios.ts';

/**
 * Issue 24's fault matrix: each fault at the phases of a move (cold, confirmed by a person), an
 * evacuation and a drain with --return where it can change what happens, on lowdb and PostgreSQL.
 * Each case runs the scenario to its end and holds it against the same scenario without the fault:
 * (a) the cloud ends the same, (b) every message of the fault-free run is posted, in order per
 * thread, (c) nothing said contradicts Nova's records, (d) no unhandled rejection (test/setup), (e) no
 * post shown twice (two messages carrying one outbox entry's ID in their metadata).
 *
 * Left out, and why (a combination not listed is one of these):
 * - Nova faults at `requested`: planning needs Nova; during an outage Ferry refuses the request and
 *   says why, which is a different conversation by design, not a lost one.
 * - answer lost (dropped/late) anywhere but where a server action is the next call to Nova (a
 *   start, a confirm, a move back): elsewhere Ferry sends no action, so there is no answer to lose;
 *   at `requested`/`approved` the next action is the start, the same case as `starting`.
 * - the same fault at a phase whose Ferry code path another listed case already runs: Slack's 429
 *   and cut share the poster's retry with the 5xx, which runs at every phase; a clock step only
 *   matters where something is timed or paced (running, waiting, returning) or planned (requested).
 * - store-unwritable at `requested`/`approved`: a request Ferry cannot write is refused at once,
 *   in words, by design (test/faults/store-unwritable.test.ts); nothing is in flight to keep.
 * - restart at `requested`/`starting`: the first is a fault-free run; the start of a move is the
 *   replica's claim, which test/replicas covers with two processes.
 * - database-restart only on PostgreSQL, store-unwritable only on lowdb (each store's own failure);
 *   on PostgreSQL the other faults run at one phase each (their code is the store's, shared).
 * Bugs the matrix found and left out until fixed are named beside their row below.
 */
type Table = Partial<Record<FaultName, Partial<Record<ScenarioName, Phase[]>>>>;

const LOWDB: Table = {
  // move at waiting (the confirm's answer lost): the press is answered "Nova did not answer … whether
  // it was done is unknown", not "Confirmation sent": true, and by design a different message
  'nova-answer-dropped': { move: ['starting'], evacuation: ['starting'], drain: ['returning'] },
  'nova-answer-late': { move: ['starting'], evacuation: ['starting'] },
  // move at approved: the re-check on approval needs Nova; Bob is told it answered 503 and the
  // request waits for another press (by design a different conversation).
  // drain at running: the evacuation's case. drain at returning: the drain's look every 5 s gets 503
  // until the outage's 30 s (fake clock) are over; time passes while it waits (fakeTimeScheduler)
  'nova-outage': {
    move: ['starting', 'running', 'waiting'],
    evacuation: ['starting', 'running', 'reporting'],
    drain: ['returning', 'reporting'],
  },
  // the drain's requested/approved/starting: the poster's code the move and evacuation run there.
  // drain at running: two 5xx as the first host's moves end once lost a server's outcome line (a line
  // merged into a post whose claim had run out while Slack was still taking it; now never merged)
  'slack-5xx': {
    move: ['requested', 'approved', 'starting', 'running', 'waiting', 'reporting'],
    evacuation: ['requested', 'approved', 'starting', 'running', 'reporting'],
    drain: ['running', 'waiting', 'returning', 'reporting'],
    window: ['reminder-due', 'started', 'ended'],
  },
  'slack-429': { move: ['waiting'], evacuation: ['running'], drain: ['waiting'] },
  'slack-cut': { move: ['approved'], evacuation: ['reporting'], drain: ['returning'] },
  // drain at running: under load once lost a server's outcome line: its report resolved before the
  // line was written, so a line the disk refused was dropped and its journal entry marked told once
  // the disk wrote again (now written first: test/faults/outcome-line-unwritable.test.ts)
  'store-unwritable': {
    move: ['running', 'waiting'],
    evacuation: ['running'],
    drain: ['running', 'returning'],
    window: ['reminder-due', 'started', 'ended'],
  },
  // `restart` is a stop with the poster halted first, not a kill: Ferry's loops finish their look and
  // the reporter hands what it has to the outbox. A kill -9 of a real process at the drain's running,
  // waiting, returning and reporting: test/faults/kill-9-drain.test.ts.
  // move at approved: killed as the request's post may still be unsettled (timing decides; the
  // deterministic case is killed-mid-post): a post whose claim never settled is looked for in Slack
  // by the outbox ID in its metadata before it is sent again (slack-lookup.ts)
  restart: {
    move: ['approved', 'running', 'waiting', 'reporting'],
    evacuation: ['running', 'reporting'],
    drain: ['running', 'waiting', 'returning', 'reporting'],
    window: ['reminder-due', 'started', 'ended'],
  },
  // killed as Slack takes the next post after the phase's moment (the answer never read): that post
  // is found in Slack by the next Ferry, not sent twice; at each phase a post follows.
  // move at approved: killed as "Approved by…" is posted, after the approval is written and before the
  // start began: the next Ferry's first sweep re-checks and starts it (replica.ts, approvedNotStarted).
  // drain at requested: the plan is written with the drain's message, to follow it once sent
  // (drain-flow.ts, as flow.ts does the move's first reply): a Ferry killed first still leaves it.
  // drain at returning: timed out (50 s) once on a machine at load 17, not yet seen to pass or fail
  'killed-mid-post': {
    move: ['requested', 'approved', 'running', 'waiting', 'reporting'],
    evacuation: ['requested', 'approved', 'running', 'reporting'],
    drain: ['requested', 'approved', 'waiting', 'reporting'],
  },
  // move at waiting, drain at waiting/returning: Nova's records after the step are older than the
  // feed's changes-since cursor; evacuation at running: Nova's record ends before it began, so the
  // duration is unknown (said so), never negative
  'clock-back': {
    move: ['requested', 'running', 'waiting'],
    evacuation: ['running'],
    // drain at returning: passed alone (17 s), timed out once waiting 30 s for "compute3 is empty"
    // beside the other rows on a loaded machine; left out until understood
    drain: ['waiting'],
    window: ['reminder-due', 'started', 'ended'],
  },
  // a step forward within the window's schedule (past the start from the reminder): every message
  // still said, once (one past both reminder and start skips the reminder: test/faults/clock-step.test.ts)
  'clock-forward': { window: ['reminder-due', 'started', 'ended'] },
};

// database-restart and restart on PostgreSQL found (fixed): Slack's answer to a send lost as the
// database went down left the message claimed and pending, heading its channel, and sent again once
// its claim ran out (poster.ts: `unsettled`); a restarted Ferry looked again only at the earliest
// claimable message, not at the previous process's claims and young messages (poster.ts: start); one
// untold journal entry waiting on a send held the others and the sweep (journal-teller.ts)
// drain at running, waiting and returning failed in 3 of 5 runs (a move back left `running` and
// "compute3 is empty" never said; a hang; the move back's outcomes and report missing). Likely: work a
// write failed in after the store wrote again (one in flight as the database went down) was left to
// the next sweep, and the world stopped sweeping once the store wrote; production sweeps every 5 s.
// The world now keeps sweeping after the fault, and a scenario waits for the journal told too
// (harness.ts keepSweeping, scenarios.ts untilSaid). Since: waiting passed 5 of 5, returning 4 of 5 (the
// fifth timed out at the then 30 s for compute3 to be emptied, as the fault-free run did at that load).
// killed-mid-post on PostgreSQL: the two rows whose fix is a take-up (the approved move: by the
// shared lease) or the outbox's order (the drain's plan); the rest not run yet
const POSTGRES: Table = {
  // window at ended: hung (60 s) in a clean-clone run; 10 of 10 passed alone since. Likely the same
  // cause as the drain's: a message or report left to a sweep that never came, waited for without a
  // bound (untilSaid now fails within 30 s saying what Ferry holds, and the world keeps sweeping)
  'database-restart': {
    move: ['running', 'waiting'],
    evacuation: ['running', 'reporting'],
    // drain at running: stalled once in 6 runs (45 s after the restart, compute2's evacuation
    // `running` with its first move done and no other started): a replica's re-read after a lost
    // listener overwrote its own newer writes (store/postgres/mirror.ts, fixed; postgres-notices.test.ts)
    drain: ['running', 'waiting', 'returning'],
    window: ['reminder-due', 'started', 'ended'],
  },
  'nova-answer-dropped': { move: ['starting'] },
  'nova-outage': { evacuation: ['running'] },
  'slack-5xx': { drain: ['waiting'] },
  restart: { move: ['running'], drain: ['waiting'], window: ['reminder-due', 'started'] },
  'killed-mid-post': { move: ['approved'], drain: ['requested'] },
};

export const MATRIX: Record<StoreKind, Table> = { lowdb: LOWDB, postgres: POSTGRES };

function expectAsWithoutTheFault(
  got: Recorded & { injected: boolean },
  baseline: Recorded,
  cloud: SandboxCloud,
  scenario: ScenarioName,
): void {
  expect(got.injected, 'the fault was injected').toBe(true);
  // (a)
  expect(got.cloud).toEqual(baseline.cloud);
  // (b)
  expect(missingMessages(baseline.threads, got.threads).join('\n')).toBe('');
  // (c)
  expect(contradictionsWithNova(got.runs, cloud, got.texts).join('\n')).toBe('');
  // (e) no post shown twice (the same outbox entry posted again)
  expect(got.duplicates).toEqual([]);
  // a window's messages are each a post of their own: each said exactly once, in order
  if (scenario === 'window') expect(got.texts.map(normalise)).toEqual(baseline.texts.map(normalise));
}

/** The cases of one scenario on one store, with the fault-free baseline run first. */
export function describeMatrix(scenario: ScenarioName, kind: StoreKind): void {
  // CI sets FERRY_REQUIRE_POSTGRES so that a missing PostgreSQL fails loudly instead of skipping.
  if (kind === 'postgres' && process.env.FERRY_REQUIRE_POSTGRES && !hasPostgres)
    throw new Error(
      'FERRY_REQUIRE_POSTGRES is set but PostgreSQL is not installed (apt-get install postgresql)',
    );
  const cases = Object.entries(MATRIX[kind]).flatMap(([fault, scenarios]) =>
    (scenarios[scenario] ?? []).map((phase) => ({ fault: fault as FaultName, phase })),
  );
  describe.skipIf(kind === 'postgres' && !hasPostgres)(
    `${scenario} on ${kind}, each fault at each phase`,
    () => {
      let postgres: RealPostgres | undefined;
      let baseline: Recorded;
      const world = (fault?: FaultName) =>
        startWorld({
          kind,
          ...(postgres ? { postgres } : {}),
          autoConfirm: SCENARIOS[scenario].autoConfirm,
          ...(fault ? faultKind(fault).world : {}),
        });
      // a cluster's start and the fault-free run: minutes on a loaded machine
      beforeAll(async () => {
        if (kind === 'postgres') postgres = await startPostgres();
        const clean = await world();
        try {
          baseline = await runScenario(clean, scenario);
        } finally {
          await clean.close();
        }
      }, 180_000);
      afterAll(async () => {
        await postgres?.stop();
      });

      for (const { fault, phase } of cases)
        it.skipIf(fault === 'store-unwritable' && !canMount)(
          `${fault} at ${phase}`,
          async () => {
            const faulty = await world(fault);
            try {
              const got = await runScenario(faulty, scenario, { phase, inject: faultKind(fault).inject });
              expectAsWithoutTheFault(got, baseline, faulty.fx.sandbox.cloud, scenario);
            } finally {
              await faulty.close();
            }
          },
          // a drain's case on a loaded machine: up to 45 s for a host to be emptied (scenarios.ts)
          90_000,
        );
    },
  );
}
