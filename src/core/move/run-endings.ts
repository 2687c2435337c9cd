import { OpenStackApiError } from '../cloud-errors.ts';
import type { InstanceAction, Migration, Server } from '../model/cloud.ts';
import { type ProofFact, proofsFailed } from '../model/proof-facts.ts';
import type { OutcomeKind, RunRecord } from '../model/records.ts';
import type { FailureReason, OutcomeFact } from '../model/run-facts.ts';
import { measureBlackout } from './blackout.ts';
import type { MigrationFeed } from './migration-feed.ts';
import { failedStep } from './nova-steps.ts';
import { classifyEnd } from './outcome.ts';
import { novaDuration } from './progress.ts';
import type { RunnerDeps } from './runner-deps.ts';

/** How long a run waits between its own reads of the server while it waits for a record. */
const SLOW_READ_MS = 15_000;
/** How long a run with no record, no failed step and no task on its server waits before saying so. */
const NO_SIGN_MS = 120_000;

export interface EndingDeps extends RunnerDeps {
  feed: MigrationFeed;
  /** a cloud call of the run, spaced like every other of its calls */
  request<T>(runId: string, call: () => Promise<T>): Promise<T>;
  /** the proofs of a server on `destination` after its move (with the console's first reading, if taken) */
  prove(
    run: RunRecord,
    server: Server,
    destination: string,
    firstConsole?: Promise<string | null>,
  ): Promise<ProofFact[]>;
  /** the console's first reading for the proofs, asked now; undefined when that proof is off */
  readConsole(run: RunRecord): Promise<string | null> | undefined;
  /** the proofs this watch made of the run already (a cold move's, in VERIFY_RESIZE) */
  madeProofs(runId: string): ProofFact[] | undefined;
  /** `durationMs`: by Nova's clock when its record tells (null: it runs backwards); else the runner counts */
  finish(
    runId: string,
    kind: OutcomeKind,
    fact: OutcomeFact,
    host: string | null,
    durationMs?: number | null,
  ): Promise<void>;
}

/**
 * How a watched run ends, said only from what Nova answered: a record that reached its end, a record
 * Nova no longer has (both asked fresh), or a move of which Nova shows no migration.
 */
export class RunEndings {
  constructor(private readonly deps: EndingDeps) {}

  /** The migration record reached an end: find out what really happened to the server. */
  async conclude(run: RunRecord, migration: Migration): Promise<void> {
    const made = this.deps.madeProofs(run.id);
    // a live move Nova recorded completed runs on its destination now: the console's first reading is
    // asked beside the server's, so the proof's wait for the guest's next line does not follow that
    // read (#31: on the lab it took 0.06-0.74 s)
    const early = run.mode !== 'cold' && migration.status === 'completed' && !made;
    const firstConsole = early ? this.deps.readConsole(run) : undefined;
    const server = await this.deps.request(run.id, () => this.deps.cloud.getServer(run.serverId));
    // Nova's reason is read only when the end was not a plain success, revert or abort.
    const verdict =
      classifyEnd(run, migration, server) ??
      classifyEnd(run, migration, server, await this.failureReason(run, server));
    if (!verdict) return;
    let fact = verdict.fact;
    const moved = fact.code === 'moved';
    // a live move that landed: how long its guest stood still, read where it runs now; and moved:
    // proven on the destination before it is said. Side by side: the proofs do not wait for the read
    const [blackout, proofs] = await Promise.all([
      moved ? measureBlackout(this.deps.blackout, run, server) : null,
      moved && server.host ? (made ?? this.deps.prove(run, server, server.host, firstConsole)) : undefined,
    ]);
    if (blackout && fact.code === 'moved') fact = { ...fact, blackout };
    if (proofs && fact.code === 'moved') fact = { ...fact, proofs };
    // reverted by Ferry: why, when a proof failed
    if (fact.code === 'back' && run.revertRequested && proofsFailed(made)) fact = { ...fact, proofs: made };
    await this.deps.finish(run.id, verdict.kind, fact, server.host, novaDuration(migration) ?? null);
  }

  /**
   * The shared feed lacks the run's record. A list across cells skips a cell that does not answer, and
   * the feed asks only for changes: so the record is asked for fresh, by itself and in the server's
   * list. Answers the record when Nova still has it; says it is gone only when the record answers 404
   * and the server's list lacks it. An error on the way throws: nothing is said.
   */
  async missing(run: RunRecord): Promise<Migration | null> {
    const { cloud } = this.deps;
    const single =
      run.migrationId === undefined
        ? null
        : await this.deps.request(run.id, () =>
            cloud.getServerMigration(run.serverId, run.migrationId as number),
          );
    if (single && (!single.uuid || single.uuid === run.migrationUuid)) return single;
    const listed = await this.deps.request(run.id, () => cloud.listMigrations({ serverId: run.serverId }));
    const found = listed.find((migration) => migration.uuid === run.migrationUuid);
    if (found) return found;
    // Nova answered 404 for the record (or holds another under its ID) and the server's list lacks it
    const server = await this.deps.request(run.id, () => cloud.getServer(run.serverId));
    // the end was not seen: neither a failure nor a duration can be told
    await this.deps.finish(
      run.id,
      'unknown',
      {
        code: 'record-lost',
        migrationUuid: run.migrationUuid,
        server: server.name,
        host: server.host,
        status: server.status,
      },
      server.host,
      null,
    );
    return null;
  }

  /** The run's record read fresh from the server's list, for the shared feed to show from now on. */
  async refresh(run: RunRecord): Promise<void> {
    const listed = await this.deps.request(run.id, () =>
      this.deps.cloud.listMigrations({ serverId: run.serverId }),
    );
    const found = listed.find((migration) =>
      run.migrationUuid ? migration.uuid === run.migrationUuid : migration.id === run.migrationId,
    );
    if (found) this.deps.feed.remember(found);
  }

  /**
   * No record yet. Nova records the move's instance action and sets the server's task before it answers
   * 202, and the conductor writes the migration record after: so the action and the task are asked,
   * never a missing record alone taken for a move Nova did not begin (after a restart the record may
   * still come). Said only what Nova shows: a failed step of the action (since 2.34 a refused live
   * migration may never get past the conductor), the request gone from Nova altogether (a cloud reset
   * or restored), or, after NO_SIGN_MS with no task on the server, that Nova shows no migration for it.
   * `noRecordSince` is when this watch began waiting for one; `nextReadAt` spaces the reads.
   */
  async noRecordYet(run: RunRecord, watch: { noRecordSince: number; nextReadAt: number }): Promise<void> {
    const { cloud, clock } = this.deps;
    if (clock.now() - watch.noRecordSince < 30_000 || clock.now() < watch.nextReadAt) return;
    watch.nextReadAt = clock.now() + SLOW_READ_MS;
    const requestId = run.novaRequestIds[0];
    const server = await this.deps.request(run.id, () => cloud.getServer(run.serverId));
    const action = requestId ? await this.startAction(run, requestId) : null;
    const failed = action && action !== 'gone' ? action.events.find((e) => e.result === 'Error') : undefined;
    const where = { server: server.name, host: server.host, status: server.status };
    if (failed) {
      const fact = { code: 'never-started', ...where, step: failedStep(failed) } as const;
      await this.deps.finish(run.id, 'failed', fact, server.host);
      return;
    }
    const waitedMs = clock.now() - watch.noRecordSince;
    const lost = action === 'gone' && requestId !== undefined;
    // a task on the server: Nova is still on its way to the record
    if (!lost && (server.taskState || waitedMs <= NO_SIGN_MS)) return;
    // the shared feed may have missed the record (a list that skipped its cell): asked fresh first
    if (await this.recordListed(run)) return;
    if (lost) {
      await this.deps.finish(
        run.id,
        'unknown',
        { code: 'request-lost', requestId, ...where },
        server.host,
        null,
      );
      return;
    }
    await this.deps.finish(
      run.id,
      'unknown',
      {
        code: 'no-migration-shown',
        ...(requestId ? { requestId } : {}),
        ...where,
        source: run.source,
        waitedMs,
      },
      server.host,
      null,
    );
  }

  /** Whether the server's own list of migrations holds one that may be the run's: the feed shows it from now on. */
  private async recordListed(run: RunRecord): Promise<boolean> {
    const type = run.mode === 'cold' ? 'migration' : 'live-migration';
    const listed = await this.deps.request(run.id, () =>
      this.deps.cloud.listMigrations({ serverId: run.serverId }),
    );
    const claimed = new Set(
      this.deps.store
        .runs()
        .filter((other) => other.id !== run.id && other.migrationUuid)
        .map((other) => other.migrationUuid),
    );
    const ours = listed.find(
      (migration) =>
        migration.type === type &&
        migration.id > run.baselineMigrationId &&
        !(migration.uuid && claimed.has(migration.uuid)),
    );
    if (ours) this.deps.feed.remember(ours);
    return ours !== undefined;
  }

  /**
   * The instance action of the run's start, by its request ID: 'gone' only when Nova answers 404 for it
   * and the server's list of actions lacks it; null when Nova could not be asked.
   */
  private async startAction(run: RunRecord, requestId: string): Promise<InstanceAction | 'gone' | null> {
    const { cloud } = this.deps;
    try {
      return await this.deps.request(run.id, () => cloud.getInstanceAction(run.serverId, requestId));
    } catch (error) {
      if (!(error instanceof OpenStackApiError && error.status === 404)) return null;
    }
    const listed = await this.deps
      .request(run.id, () => cloud.listInstanceActions(run.serverId))
      .catch(() => null);
    return listed && !listed.some((action) => action.requestId === requestId) ? 'gone' : null;
  }

  private async failureReason(run: RunRecord, server: Server): Promise<FailureReason> {
    if (server.fault) return { code: 'fault', message: server.fault.message };
    for (const requestId of run.novaRequestIds) {
      const action = await this.deps
        .request(run.id, () => this.deps.cloud.getInstanceAction(run.serverId, requestId))
        .catch(() => null);
      const failed = action?.events.find((event) => event.result === 'Error');
      if (failed) return { code: 'step', step: failedStep(failed) };
    }
    return { code: 'last-step-seen', state: run.state, source: run.source, serverId: run.serverId };
  }
}
