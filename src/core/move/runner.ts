import { randomBytes } from 'node:crypto';
import { tellAlone, telling } from '../journal.ts';
import type { NovaOutage, Outcome, OutcomeKind, RunRecord, RunState } from '../model/records.ts';
import type { OutcomeFact, PhaseNote, RunNotice, TransitionNote } from '../model/run-facts.ts';
import type { StallAction } from '../model/stall-policy.ts';
import { StoreError } from '../ports/store.ts';
import { MigrationFeed } from './migration-feed.ts';
import { startFailure } from './outcome.ts';
import { RoomRelease } from './room-release.ts';
import { RunActions } from './run-actions.ts';
import { CloudActionError, RunActionError } from './run-errors.ts';
import { newRunRecord, startMove } from './run-start.ts';
import { RunWatcher } from './run-watch.ts';
import type { RunnerDeps, RunnerOptions } from './runner-deps.ts';
import { DEFAULT_STALL_POLICY, StallPolicy } from './stall-policy.ts';
import { feedInterval } from './watch-pace.ts';

/**
 * Starts each approved move once, then watches it to a truthful end: polling the migration record,
 * its byte counters and the instance action, at most one request per second.
 */
export class MigrationRunner {
  private readonly options: Required<RunnerOptions>;
  private readonly watches = new Map<string, Promise<void>>();
  /** runs whose start is under way here: watched by this process already, though their watch has not begun */
  private readonly starting = new Set<string>();
  /** starts an earlier process left unfinished, taken up here (resume): idle() waits for them too */
  private readonly restarts = new Map<string, Promise<void>>();
  private readonly watcher: RunWatcher;
  private readonly feed: MigrationFeed;
  private readonly halt = new AbortController();
  private readonly actions: RunActions;
  private readonly stall: StallPolicy;
  private readonly roomRelease: RoomRelease;
  /** live runs watched here whose migration Nova recorded completed, their outcome not yet written */
  private readonly landedRuns = new Set<string>();
  private readonly landedListeners: ((runId: string) => void)[] = [];

  constructor(
    private readonly deps: RunnerDeps,
    options: RunnerOptions = {},
  ) {
    this.actions = new RunActions({
      ...deps,
      enter: (runId, state) => this.enter(runId, state),
      sendConfirm: (run) => this.watcher.sendConfirm(run),
    });
    this.options = {
      timeoutMs: options.timeoutMs ?? 60 * 60_000,
      stallAfterMs: options.stallAfterMs ?? 120_000,
      autoConfirm: options.autoConfirm ?? true,
      minRequestGapMs: options.minRequestGapMs ?? 1_000,
      startWindowMs: options.startWindowMs ?? 5 * 60_000,
      proofTimeoutMs: options.proofTimeoutMs ?? 60_000,
      proofsOff: options.proofsOff ?? [],
      stallPolicy: options.stallPolicy ?? DEFAULT_STALL_POLICY,
    };
    this.roomRelease = new RoomRelease({ ...deps, halt: this.halt.signal });
    this.stall = new StallPolicy({
      ...deps,
      settings: this.options.stallPolicy,
      abort: (runId, actor) => this.actions.abort(runId, actor),
      forceComplete: (runId, actor) => this.actions.forceComplete(runId, actor),
      start: (requestId) => this.start(requestId),
      halted: () => this.halt.signal.aborted,
    });
    this.feed = new MigrationFeed({
      cloud: deps.cloud,
      clock: deps.clock,
      halt: this.halt.signal,
      interval: () =>
        feedInterval(
          [...this.watches.keys()].flatMap((id) => deps.store.getRun(id) ?? []),
          deps.clock.now(),
          (runId) => this.landedRuns.has(runId),
        ),
    });
    this.watcher = new RunWatcher({
      ...deps,
      options: this.options,
      halt: this.halt.signal,
      stall: this.stall,
      feed: this.feed,
      enter: (runId, state, note) => this.enter(runId, state, note),
      landed: (runId) => {
        if (this.landedRuns.has(runId)) return;
        this.landedRuns.add(runId);
        for (const listener of this.landedListeners) listener(runId);
      },
      revert: (runId, actor) => this.revert(runId, actor),
      finish: (runId, kind, fact, host, durationMs) => this.finish(runId, kind, fact, host, durationMs),
    });
  }

  /** Starts the approved request's move, at most once however often it is asked. */
  async start(requestId: string): Promise<RunRecord> {
    const { store, clock } = this.deps;
    const request = store.getMove(requestId);
    if (!request) throw new RunActionError({ code: 'no-move', requestId });
    const { plan } = request;
    if (!plan.serverId || !plan.source) throw new RunActionError({ code: 'no-server', requestId });
    // a stopped runner starts nothing: the approved move waits for the next Ferry, which takes it up
    if (this.halt.signal.aborted) throw new RunActionError({ code: 'ferry-stopping', requestId });
    const { run, created } = await store.claimRun(requestId, () =>
      newRunRecord(request, `m-${randomBytes(3).toString('hex')}`, clock.now()),
    );
    if (!created) return run;
    this.starting.add(run.id);
    try {
      return await this.startClaimed(run);
    } finally {
      this.starting.delete(run.id);
    }
  }

  /** `resumed`: an earlier process claimed the run and stopped before Nova's answer was written. */
  private async startClaimed(run: RunRecord, resumed = false): Promise<RunRecord> {
    const { store, clock, cloud } = this.deps;
    // what a move that just ended still holds in Nova is freed before this one asks for room
    await this.roomRelease.settle(run, (notice) => this.notice(run.id, notice));
    // stopped while it waited: nothing was asked, the next Ferry takes the start up
    if (this.halt.signal.aborted) return store.getRun(run.id) as RunRecord;
    const started = await startMove(
      {
        cloud,
        clock,
        halt: this.halt.signal,
        windowMs: this.options.startWindowMs,
        say: (note) => this.notice(run.id, note),
        setBaseline: (migrationId, before) => store.setRunBaseline(run.id, migrationId, before),
        ownedRequestIds: () => new Set(store.runs().flatMap((other) => other.novaRequestIds)),
      },
      run,
      resumed,
    ).catch((error) => {
      // Shutting down between tries: the run resumes from its baseline at the next start.
      if (this.halt.signal.aborted) return null;
      throw error;
    });
    if (!started) return store.getRun(run.id) as RunRecord;
    if (started.kind === 'refused') {
      await this.finish(run.id, 'failed', startFailure(started.error, run, started.tries), run.source);
      return store.getRun(run.id) as RunRecord;
    }
    if (started.kind === 'not-started') {
      await this.finish(
        run.id,
        'failed',
        {
          code: 'not-started',
          server: run.serverName,
          reason: started.reason,
          tries: started.tries,
          sent: started.sent,
        },
        run.source,
      );
      return store.getRun(run.id) as RunRecord;
    }
    if (started.kind === 'accepted') {
      await store.recordRunRequest(run.id, 'start', started.requestId);
      // the controls that follow "accepted" carry no note: what came before is said on its own
      const novaRequestId = started.requestId ? { novaRequestId: started.requestId } : {};
      if (started.found)
        await this.notice(run.id, {
          code: 'start-found',
          resumed,
          ...novaRequestId,
          tries: started.tries,
        });
      else if (started.tries > 1) await this.notice(run.id, { code: 'start-accepted', tries: started.tries });
      await this.enter(run.id, 'accepted', acceptedNote(started.requestId, started.tries));
    }
    // 'unknown': Nova could not be asked in time; the watch tells what Nova's records show
    this.watch(run.id);
    return store.getRun(run.id) as RunRecord;
  }

  /** After a restart: pick up every run that was in flight and finish its story. */
  async resumeAll(): Promise<RunRecord[]> {
    const resumed: RunRecord[] = [];
    for (const run of this.deps.store.activeRuns()) if (await this.resume(run.id)) resumed.push(run);
    return resumed;
  }

  /**
   * Picks up one run in flight that nobody in this process watches (after a restart, or when this
   * replica takes over another's watch); true when it is watched now.
   */
  async resume(runId: string): Promise<boolean> {
    const run = this.deps.store.getRun(runId);
    if (!run || run.state === 'done' || this.watches.has(runId) || this.starting.has(runId)) return false;
    // Stopped while starting, before Nova's answer was written: the approved move is still to start.
    // Asked again only once Nova's records show the earlier try (if one was sent) started nothing.
    if (run.state === 'starting' && run.novaRequestIds.length === 0) {
      if (this.halt.signal.aborted) return false;
      this.takeUpStart(run);
      return true;
    }
    this.watch(run.id);
    return true;
  }

  private takeUpStart(run: RunRecord): void {
    this.starting.add(run.id);
    const start = this.startClaimed(run, true)
      .then(() => undefined)
      .catch(async (error) => {
        // the store cannot write: the run stays as stored, and the next sweep takes it up again
        if (error instanceof StoreError || this.halt.signal.aborted) return;
        await this.finish(run.id, 'failed', watchFailed(run.id, error), null);
      })
      .catch(() => undefined)
      .finally(() => {
        this.starting.delete(run.id);
        this.restarts.delete(run.id);
      });
    this.restarts.set(run.id, start);
  }

  /** Stops watching one run without ending it: another replica holds its watch now. */
  release(runId: string): void {
    this.watcher.end(runId);
  }

  /** The runs this process watches now. */
  watching(): string[] {
    return [...new Set([...this.starting, ...this.watches.keys()])];
  }

  /**
   * The Nova outage a run's thread (or its evacuation's) was told of, while it lasts: what App Home
   * and /migrations show beside its state. `id` is a run's, or an evacuation's (a move back is one):
   * an evacuation's is the one said once in its thread for its moves. Null when Nova answers, or
   * another replica watches them.
   */
  novaOutageOf(id: string): NovaOutage | null {
    return this.watcher.outageOf(id) ?? this.watcher.evacuationOutageOf(id);
  }

  /** Operator actions on a running migration (on-call only: the caller checks who asks). */
  abort(runId: string, actor: string): Promise<RunRecord> {
    return this.actions.abort(runId, actor);
  }

  forceComplete(runId: string, actor: string): Promise<RunRecord> {
    return this.actions.forceComplete(runId, actor);
  }

  /**
   * abort-then-cold whose cold move a restart kept from being recorded (the sweep found it): recorded
   * now, its start left to the sweep's take-up of approved moves.
   */
  coldAfterStall(runId: string): Promise<void> {
    return this.stall.afterEnd(runId, false);
  }

  /** What the stall policy does with a stalled run instead of its choice (on-call only: the caller checks). */
  chooseOnStall(runId: string, action: StallAction, actor: string): Promise<RunRecord> {
    return this.stall.override(runId, action, actor);
  }

  confirm(runId: string, actor: string): Promise<RunRecord> {
    return this.actions.confirm(runId, actor);
  }

  async revert(runId: string, actor: string): Promise<RunRecord> {
    const run = await this.actions.revert(runId, actor);
    // a person's or the proofs' revert: the shared feed asks now, not at its waiting pace (as for a confirm)
    this.feed.hurry();
    return run;
  }

  /**
   * Whether Nova has finished a live run watched here (its record completed: the source's slot is
   * free) while Ferry still reads and proves its end. Known in this process only: false elsewhere.
   */
  hasLanded(runId: string): boolean {
    return this.landedRuns.has(runId);
  }

  /** Hears each live run watched here as Nova records its migration completed, before its outcome. */
  onLanded(listener: (runId: string) => void): void {
    this.landedListeners.push(listener);
  }

  /** Resolves when every watched run has reached its outcome (or the runner stopped). */
  async idle(): Promise<void> {
    while (this.watches.size > 0 || this.restarts.size > 0)
      await Promise.all([...this.watches.values(), ...this.restarts.values()]);
  }

  busy(): boolean {
    return this.watches.size > 0 || this.starting.size > 0;
  }

  /** Stops watching (shutdown); runs stay in the store and resume on the next start. */
  stop(): void {
    this.halt.abort();
  }

  private watch(runId: string): void {
    this.watcher.begin(runId);
    const loop = this.watcher
      .loop(runId)
      .catch(async (error) => {
        // Shutting down: the run stays in the store and resumes at the next start.
        if (this.halt.signal.aborted) return;
        // A bug or an unexpected answer must still end the story in the thread.
        await this.finish(runId, 'failed', watchFailed(runId, error), null);
      })
      // the end could not be recorded either (the store cannot write): the run stays in flight in
      // the store, and the replica's sweep watches it again once the store writes
      .catch(() => undefined)
      .finally(() => {
        this.watches.delete(runId);
        this.landedRuns.delete(runId);
        this.watcher.end(runId);
      });
    this.watches.set(runId, loop);
  }

  private async notice(runId: string, notice: RunNotice): Promise<void> {
    const run = this.deps.store.getRun(runId);
    if (run)
      await tellAlone(this.deps.store, this.deps.events, this.deps.clock.now(), [
        { kind: 'run.notice', run, notice },
      ]);
  }

  private async enter(runId: string, state: RunState, note?: TransitionNote): Promise<void> {
    const at = this.deps.clock.now();
    await this.deps.store.transition(
      runId,
      state,
      at,
      note,
      // it ended meanwhile (the watcher saw Nova finish first): a later phase would contradict the end
      telling(this.deps.events, at, (run) =>
        run.state === state ? [{ kind: 'run.phase', run, phase: state, ...(note ? { note } : {}) }] : [],
      ),
    );
  }

  private async finish(
    runId: string,
    kind: OutcomeKind,
    fact: OutcomeFact,
    host: string | null,
    /**
     * by Nova's clock (its record's created_at → updated_at) when known: Ferry's misses what it could not
     * see; null when Nova's record runs backwards (its clock was set back), so nobody knows
     */
    durationMs?: number | null,
  ): Promise<void> {
    const { store, clock } = this.deps;
    const run = store.getRun(runId);
    if (!run || run.state === 'done') return;
    // counted from the start on Ferry's wall clock only without a record, and never below zero
    const counted = clock.now() - run.startedAt;
    const took = durationMs === null ? undefined : (durationMs ?? (counted >= 0 ? counted : undefined));
    const outcome: Outcome = {
      kind,
      fact,
      host,
      ...(took === undefined ? {} : { durationMs: took }),
      forced: run.forceRequested && run.forceSeen !== undefined,
    };
    // another replica may have ended it first (after taking the watch over): its outcome was posted
    const { first } = await store.finishRun(
      runId,
      outcome,
      clock.now(),
      telling(this.deps.events, clock.now(), (finished) => [{ kind: 'run.outcome', run: finished, outcome }]),
    );
    // abort-then-cold: aborted as the policy asked, the cold move follows
    if (first && kind === 'aborted') await this.stall.afterEnd(runId);
  }
}

/** The note on "accepted": Nova's request and how many tries it took; none for a first try without an ID. */
function acceptedNote(novaRequestId: string | undefined, tries: number): PhaseNote | undefined {
  if (!novaRequestId && tries <= 1) return undefined;
  return { code: 'nova-request', ...(novaRequestId ? { novaRequestId } : {}), tries };
}

/** The end of a run whose watch failed unexpectedly: the error, and the cloud's answer when it was one. */
function watchFailed(runId: string, error: unknown): OutcomeFact {
  const cloud =
    error instanceof CloudActionError
      ? { cloud: { action: error.action, answer: error.answer, text: error.cloudText } }
      : {};
  return { code: 'watch-failed', runId, error: (error as Error).message, ...cloud };
}
