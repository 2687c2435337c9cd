import { OpenStackApiError, OpenStackUnreachableError } from '../cloud-errors.ts';
import { telling } from '../journal.ts';
import type { Migration } from '../model/cloud.ts';
import { gateProofs } from '../model/proof-facts.ts';
import type { NovaOutage, OutcomeKind, ProgressSnapshot, RunRecord, RunState } from '../model/records.ts';
import type { OutcomeFact, TransitionNote } from '../model/run-facts.ts';
import { FencedError, StoreError } from '../ports/store.ts';
import { ColdGate, type GateWatch } from './cold-gate.ts';
import type { MigrationFeed } from './migration-feed.ts';
import { actionFailure } from './outcome.ts';
import {
  percentOfPhase,
  phaseOf,
  StallDetector,
  saveLanded,
  type TransferSample,
  transferSnapshot,
} from './progress.ts';
import { queuePosition } from './queue-position.ts';
import { RunEndings } from './run-endings.ts';
import { type NoticeState, RunNotices } from './run-notices.ts';
import type { RunnerDeps, RunnerOptions } from './runner-deps.ts';
import type { StallPolicy } from './stall-policy.ts';
import { DETAIL_SPACING_MS, detailInterval } from './watch-pace.ts';

const LIVE_TERMINAL = new Set(['completed', 'error', 'failed', 'cancelled']);
const COLD_TERMINAL = new Set(['confirmed', 'reverted', 'error', 'failed']);
const ended = (run: RunRecord, migration: Migration | null) =>
  (run.mode === 'cold' ? COLD_TERMINAL : LIVE_TERMINAL).has(migration?.status ?? '');

interface Watch extends NoticeState, GateWatch {
  samples: TransferSample[];
  stall: StallDetector;
  lastRequestAt: number;
  noRecordSince: number;
  lastPersistAt: number;
  /** when a per-run read (byte counters, the server, the instance action) may next be made */
  nextReadAt: number;
  /** how long the run had gone when this process began watching it (wall time: it spans restarts) */
  goneBefore: number;
  /** the steady reading then: from there on the run's age is counted on time no clock step moves */
  steadyFrom: number;
}

/**
 * Watching one run to its end: polling the migration record, its byte counters and the instance
 * action, at most one request per minRequestGapMs, until the record reaches an end the outcome
 * classifier can judge (or the run times out).
 */
export class RunWatcher {
  private readonly state = new Map<string, Watch>();
  /** runs whose migration is copying bytes now */
  private readonly transfers = new Set<string>();

  constructor(
    private readonly deps: RunnerDeps & {
      options: Required<RunnerOptions>;
      halt: AbortSignal;
      feed: MigrationFeed;
      stall: StallPolicy;
      enter(runId: string, state: RunState, note?: TransitionNote): Promise<void>;
      /** a live run whose migration Nova recorded completed: its outcome follows once proven */
      landed(runId: string): void;
      revert(runId: string, actor: string): Promise<unknown>;
      finish(
        runId: string,
        kind: OutcomeKind,
        fact: OutcomeFact,
        host: string | null,
        durationMs?: number,
      ): Promise<void>;
    },
  ) {
    const request = <T>(runId: string, call: () => Promise<T>) => this.request(runId, call);
    this.gate = new ColdGate({
      ...deps,
      request,
      sendConfirm: (run) => this.sendConfirm(run),
      watchedRuns: () => this.state.size,
    });
    this.endings = new RunEndings({
      ...deps,
      request,
      prove: (run, server, destination, firstConsole) =>
        this.gate.prove(run, server, destination, firstConsole),
      readConsole: (run) => this.gate.readConsole(run),
      // this watch's, or those written on the run before a restart
      madeProofs: (runId) => {
        const run = deps.store.getRun(runId);
        return this.state.get(runId)?.proofs ?? (run ? gateProofs(run) : undefined);
      },
    });
    this.notices = new RunNotices(deps);
  }

  private readonly gate: ColdGate;
  private readonly endings: RunEndings;
  private readonly notices: RunNotices;

  begin(runId: string): void {
    const run = this.deps.store.getRun(runId);
    if (run) this.deps.feed.watch(runId, run.serverId, run.startedAt);
    this.state.set(runId, {
      nextReadAt: 0,
      samples: [],
      stall: new StallDetector(this.deps.options.stallAfterMs),
      lastRequestAt: 0,
      noRecordSince: this.deps.clock.now(),
      lastPersistAt: 0,
      confirmSent: false,
      readsFailingSince: null,
      outageSaid: null,
      unreadableSaid: false,
      goneBefore: run ? Math.max(0, this.deps.clock.now() - run.startedAt) : 0,
      steadyFrom: this.deps.clock.monotonic(),
    });
  }

  /** How long a run has gone: a wall-clock step while it is watched neither times it out nor holds it. */
  private age(watch: Watch): number {
    return watch.goneBefore + this.deps.clock.monotonic() - watch.steadyFrom;
  }

  end(runId: string): void {
    this.state.delete(runId);
    this.transfers.delete(runId);
    this.deps.feed.unwatch(runId);
    this.notices.forget(runId);
  }

  /** The Nova outage a watched run's thread was told of, while it lasts (null: none, or not watched here). */
  outageOf(runId: string): NovaOutage | null {
    return this.state.get(runId)?.outageSaid ?? null;
  }

  /** The Nova outage an evacuation's thread was told of for its moves watched here, while it lasts. */
  evacuationOutageOf(evacuationId: string): NovaOutage | null {
    return this.notices.evacuationOutageOf(evacuationId);
  }

  async loop(runId: string): Promise<void> {
    const { clock, store } = this.deps;
    while (!this.deps.halt.aborted) {
      // every look starts from a fresh answer of the shared feed
      await this.deps.feed.next();
      // halted, or released to another replica
      if (this.deps.halt.aborted || !this.state.has(runId)) return;
      const run = store.getRun(runId);
      if (!run || run.state === 'done') return;
      const watch = this.state.get(runId) as Watch;
      // past the limit, a record this fresh answer shows ended is concluded from: "left running" is false
      if (this.age(watch) > this.deps.options.timeoutMs && !ended(run, this.findMigration(run))) {
        const server = await this.request(runId, () => this.deps.cloud.getServer(run.serverId)).catch(
          () => null,
        );
        await this.deps.finish(
          runId,
          'timed-out',
          {
            code: 'timed-out',
            timeoutMs: this.deps.options.timeoutMs,
            runId,
            status: server?.status ?? null,
            host: server?.host ?? null,
          },
          server?.host ?? null,
        );
        return;
      }
      // Nova answers again, as far as this look's fresh feed says: said before what the look finds
      // (a move that ended during the outage is said ended after "Nova answers again", not before)
      await this.notices.sayReachability(run, watch);
      try {
        await this.pollOnce(runId);
        watch.readsFailingSince = null;
      } catch (error) {
        // another replica took the watch over: what this one saw may be stale, it stops here
        if (error instanceof FencedError) return;
        if (
          !(
            error instanceof OpenStackUnreachableError ||
            (error instanceof OpenStackApiError && error.status >= 500) ||
            error instanceof StoreError
          )
        )
          throw error;
        // The cloud is briefly unreachable, or the store cannot write (what failed to be written was
        // undone): keep watching, the migration goes on without us and the next look writes it.
        // Nova failing for this server alone (its cell) is not Nova away: said as such, once.
        if (
          !(error instanceof StoreError) &&
          !(await this.notices.serverUnreadable(run, watch, error, (call) => this.request(runId, call)))
        ) {
          watch.readsFailingSince ??= clock.now();
          watch.readsFailedWith = error instanceof OpenStackApiError ? error.status : undefined;
        }
      }
      // ended by this look: its outcome says it all, never "still watching" (nor a host down) after it
      const after = store.getRun(runId);
      if (after && after.state !== 'done') await this.notices.afterLook(after, watch);
    }
  }

  /** Every cloud call of a run goes through here: never more than one per minRequestGapMs. */
  private async request<T>(runId: string, call: () => Promise<T>): Promise<T> {
    const watch = this.state.get(runId);
    if (watch) {
      const wait = watch.lastRequestAt + this.deps.options.minRequestGapMs - this.deps.clock.now();
      if (wait > 0) await this.deps.clock.sleep(wait, this.deps.halt);
      watch.lastRequestAt = this.deps.clock.now();
    }
    return call();
  }

  private async pollOnce(runId: string): Promise<void> {
    const { cloud, store, clock } = this.deps;
    const run = store.getRun(runId) as RunRecord;
    const watch = this.state.get(runId) as Watch;
    // until the feed has answered for this server, a missing record proves nothing
    if (!this.deps.feed.covers(run.serverId)) return;
    let migration = this.findMigration(run);
    if (!migration && run.migrationUuid) {
      migration = await this.endings.missing(run);
      if (!migration) return;
      this.deps.feed.remember(migration);
    }
    if (!migration) {
      await this.endings.noRecordYet(run, watch);
      return;
    }
    if (
      run.migrationId !== migration.id ||
      (migration.destCompute && run.destination !== migration.destCompute)
    )
      await store.adoptMigration(runId, {
        id: migration.id,
        uuid: migration.uuid,
        destination: migration.destCompute,
      });

    if (ended(run, migration)) {
      // Nova is done with it (the source's slot is free again) while Ferry reads and proves its end
      if (run.mode !== 'cold' && migration.status === 'completed') {
        // for every view on any replica (isLanded), told so each follows it (operator trial: "accepted 2%")
        await saveLanded(this.deps, run, clock.now());
        this.deps.landed(runId);
      }
      await this.endings.conclude(run, migration);
      return;
    }
    const phase = phaseOf(migration.status, migration.type);
    if (phase !== run.state) {
      const queue =
        phase === 'queued'
          ? await queuePosition(
              {
                cloud: this.deps.cloud,
                feed: this.deps.feed,
                now: clock.now(),
                activeRuns: () => store.activeRuns(),
                request: (call) => this.request(runId, call),
              },
              run,
              migration,
            )
          : null;
      // VERIFY_RESIZE is entered once its proofs are made: they are said with it (and its buttons)
      await this.deps.enter(
        runId,
        phase,
        phase === 'awaiting-confirmation'
          ? await this.gate.waitingNote(run, migration, watch)
          : { code: 'nova-status', status: migration.status, ...(queue ? { queue } : {}) },
      );
    }

    if (run.mode !== 'cold' && migration.destCompute) this.deps.blackout?.expect?.(migration.destCompute);
    if (
      run.mode !== 'cold' &&
      (migration.status === 'running' || migration.status === 'running (post-copy)')
    ) {
      // the only sign of a force-complete in Nova's records: a guest paused instead (post-copy off)
      // does not show, as Nova leaves a migrating server's power state as it was (compute manager's
      // _sync_instance_power_state skips a server with a task), so the server is not read for it
      if (run.forceRequested && !run.forceSeen && migration.status === 'running (post-copy)')
        await this.deps.store.recordForceSeen(run.id);
      if (run.stall) await this.deps.stall.due(runId);
      if (!this.transfers.has(runId)) {
        // first seen copying: one alone reads at once; runs starting together read DETAIL_SPACING_MS
        // apart, the spacing detailInterval keeps between them afterwards
        watch.nextReadAt = clock.now() + this.transfers.size * DETAIL_SPACING_MS;
        this.transfers.add(runId);
      }
      if (clock.now() < watch.nextReadAt) return;
      watch.nextReadAt = clock.now() + detailInterval(this.transfers.size);
      const detail = await this.request(runId, () => cloud.getServerMigration(run.serverId, migration.id));
      if (detail) await this.reportTransfer(store.getRun(runId) as RunRecord, detail, watch);
      // no longer in progress, though the feed missed its end (a list that skipped its cell), or gone
      // from Nova: read fresh, the record alone and the server's list, before anything is said
      else if (run.migrationUuid) {
        const fresh = await this.endings.missing(run);
        if (fresh) this.deps.feed.remember(fresh);
      } else await this.endings.refresh(run);
      return;
    }
    this.transfers.delete(runId);
    if (
      phase === 'awaiting-confirmation' &&
      this.deps.options.autoConfirm &&
      !watch.confirmSent &&
      !run.revertRequested
    ) {
      await this.gate.decide(store.getRun(runId) as RunRecord, migration, watch);
      return;
    }
    await this.emitProgress(store.getRun(runId) as RunRecord, {
      at: clock.now(),
      phase,
      migrationStatus: migration.status,
      percent: percentOfPhase(migration.status),
      bytesRemaining: null,
      bytesTotal: null,
      rate: null,
      etaMs: null,
      elapsedMs: clock.now() - run.startedAt,
    });
  }

  /** The run's migration record, from the shared feed: no request of its own. */
  private findMigration(run: RunRecord): Migration | null {
    const adopted = this.deps.feed.adoptedBy(run);
    if (adopted !== undefined) return adopted;
    const forServer = this.deps.feed.recordsFor(
      run.serverId,
      run.mode === 'cold' ? 'migration' : 'live-migration',
    );
    const claimed = new Set(
      this.deps.store
        .runs()
        .filter((other) => other.id !== run.id && other.migrationUuid)
        .map((other) => other.migrationUuid),
    );
    const ours = forServer
      .filter((m) => m.id > run.baselineMigrationId && !(m.uuid && claimed.has(m.uuid)))
      .sort((a, b) => a.id - b.id);
    return ours[0] ?? null;
  }

  private async reportTransfer(run: RunRecord, migration: Migration, watch: Watch): Promise<void> {
    const now = this.deps.clock.now();
    const { progress, sample, samples } = transferSnapshot(run, migration, watch.samples, now);
    watch.samples = samples;
    if (sample) {
      const stalledFor = run.forceRequested ? null : watch.stall.observe(sample);
      if (stalledFor !== null) await this.deps.stall.noticed(run, progress, stalledFor);
    }
    return this.emitProgress(run, progress);
  }

  /**
   * Progress is written every 30 s, told with it (the journal keeps a run's newest only); what is
   * seen in between is published unjournaled: a lost one is made good by the next.
   */
  private async emitProgress(run: RunRecord, progress: ProgressSnapshot): Promise<void> {
    const watch = this.state.get(run.id);
    if (watch && progress.at - watch.lastPersistAt >= 30_000) {
      watch.lastPersistAt = progress.at;
      await this.deps.store.saveProgress(
        run.id,
        progress,
        telling(this.deps.events, progress.at, (saved) => [{ kind: 'run.progress', run: saved, progress }]),
      );
      return;
    }
    run.lastProgress = progress;
    this.deps.events.emit({ kind: 'run.progress', run, progress });
  }

  async sendConfirm(run: RunRecord): Promise<void> {
    const watch = this.state.get(run.id);
    try {
      const accepted = await this.deps.cloud.confirmResize(run.serverId);
      if (watch) watch.confirmSent = true;
      this.deps.feed.hurry();
      await this.deps.store.recordRunRequest(run.id, 'confirm', accepted.requestId);
    } catch (error) {
      throw actionFailure(error, 'confirm');
    }
    await this.deps.enter(run.id, 'confirming');
  }
}
