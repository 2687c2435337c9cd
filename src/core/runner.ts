import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { OpenStackApiError, OpenStackUnreachableError } from './cloud-errors.ts';
import type { Migration, Server } from './cloud-model.ts';
import type { CloudApi } from './cloud-port.ts';
import type { Outcome, OutcomeKind, ProgressSnapshot, RunRecord, RunState } from './model.ts';
import { classifyEnd, explainActionFailure, explainStartFailure } from './outcome.ts';
import {
  estimate,
  formatDuration,
  percentOfPhase,
  phaseOf,
  StallDetector,
  sampleOf,
  type TransferSample,
} from './progress.ts';
import { RunActions } from './run-actions.ts';
import { RunActionError } from './run-errors.ts';
import type { StorePort } from './store-port.ts';

/** What a run tells the outside world; the chat layer turns these into thread posts. */
export type RunEvent =
  | { kind: 'phase'; run: RunRecord; phase: RunState; note?: string }
  | { kind: 'progress'; run: RunRecord; progress: ProgressSnapshot }
  | { kind: 'not-converging'; run: RunRecord; progress: ProgressSnapshot; stalledForMs: number }
  | { kind: 'outcome'; run: RunRecord; outcome: Outcome };

export interface RunnerOptions {
  /** give up watching (and say so) after this long; the migration is left as it is */
  timeoutMs?: number;
  /** remaining bytes not shrinking for this long means "not converging" */
  stallAfterMs?: number;
  /** confirm a cold migration as soon as the server reaches VERIFY_RESIZE looking healthy */
  autoConfirm?: boolean;
  /** at most one request per this many ms per run */
  minRequestGapMs?: number;
}

const LIVE_TERMINAL = new Set(['completed', 'error', 'failed', 'cancelled']);
const COLD_TERMINAL = new Set(['confirmed', 'reverted', 'error', 'failed']);

interface Watch {
  samples: TransferSample[];
  stall: StallDetector;
  lastRequestAt: number;
  noRecordSince: number;
  lastPersistAt: number;
  confirmSent: boolean;
}

/**
 * Starts each approved move once, then watches it to a truthful end: polling the migration record,
 * its byte counters and the instance action, at most one request per second.
 */
export class MigrationRunner {
  private readonly options: Required<RunnerOptions>;
  private readonly watches = new Map<string, Promise<void>>();
  private readonly state = new Map<string, Watch>();
  private readonly halt = new AbortController();
  private readonly actions: RunActions;

  constructor(
    private readonly deps: {
      cloud: CloudApi;
      clock: Clock;
      store: StorePort;
      emit: (event: RunEvent) => void;
    },
    options: RunnerOptions = {},
  ) {
    this.actions = new RunActions({
      ...deps,
      enter: (runId, state) => this.enter(runId, state),
      sendConfirm: (run) => this.sendConfirm(run),
    });
    this.options = {
      timeoutMs: options.timeoutMs ?? 60 * 60_000,
      stallAfterMs: options.stallAfterMs ?? 120_000,
      autoConfirm: options.autoConfirm ?? true,
      minRequestGapMs: options.minRequestGapMs ?? 1_000,
    };
  }

  /** Starts the approved request's move, at most once however often it is asked. */
  async start(requestId: string): Promise<RunRecord> {
    const { store, clock, cloud } = this.deps;
    const request = store.getRequest(requestId);
    if (!request) throw new RunActionError(`No request ${requestId}.`);
    const { plan } = request;
    if (!plan.serverId || !plan.source)
      throw new RunActionError(`Request ${requestId} has no resolved server.`);
    const { run, created } = await store.claimRun(requestId, () => ({
      id: `m-${randomBytes(3).toString('hex')}`,
      requestId,
      serverId: plan.serverId as string,
      serverName: plan.serverName ?? plan.serverId ?? '',
      mode: plan.mode,
      source: plan.source as string,
      destination: plan.destination,
      blockMigration: plan.blockMigration,
      state: 'starting',
      startedAt: clock.now(),
      baselineMigrationId: -1,
      novaRequestIds: [],
      transitions: [{ state: 'starting', at: clock.now() }],
      forceRequested: false,
      abortRequested: false,
      revertRequested: false,
      ...(request.origin ? { origin: request.origin } : {}),
    }));
    if (!created) return run;

    try {
      const [latest] = await cloud.listMigrations({ serverId: run.serverId, limit: 1 });
      await store.updateRun(run.id, (r) => {
        r.baselineMigrationId = latest?.id ?? 0;
      });
      const accepted =
        run.mode === 'cold'
          ? await cloud.coldMigrate(run.serverId, run.destination ?? undefined)
          : await cloud.liveMigrate(run.serverId, {
              ...(run.destination ? { host: run.destination } : {}),
              blockMigration: run.blockMigration,
            });
      await store.updateRun(run.id, (r) => {
        if (accepted.requestId) r.novaRequestIds.push(accepted.requestId);
      });
      await this.enter(
        run.id,
        'accepted',
        accepted.requestId ? `Nova request ${accepted.requestId}` : undefined,
      );
    } catch (error) {
      await this.finish(run.id, 'failed', explainStartFailure(error, run), run.source);
      return store.getRun(run.id) as RunRecord;
    }
    this.watch(run.id);
    return store.getRun(run.id) as RunRecord;
  }

  /** After a restart: pick up every run that was in flight and finish its story. */
  async resumeAll(): Promise<RunRecord[]> {
    const resumed: RunRecord[] = [];
    for (const run of this.deps.store.activeRuns()) {
      if (this.watches.has(run.id)) continue;
      if (run.state === 'starting' && run.baselineMigrationId < 0) {
        // Stopped before Nova was even asked: nothing was started, and Ferry never re-sends a move blindly.
        await this.finish(
          run.id,
          'failed',
          'Ferry stopped before it asked Nova to move the server; nothing was started. Ask again.',
          run.source,
        );
        continue;
      }
      resumed.push(run);
      this.watch(run.id);
    }
    return resumed;
  }

  /** Operator actions on a running migration (on-call only: the caller checks who asks). */
  abort(runId: string, actor: string): Promise<RunRecord> {
    return this.actions.abort(runId, actor);
  }

  forceComplete(runId: string, actor: string): Promise<RunRecord> {
    return this.actions.forceComplete(runId, actor);
  }

  confirm(runId: string, actor: string): Promise<RunRecord> {
    return this.actions.confirm(runId, actor);
  }

  revert(runId: string, actor: string): Promise<RunRecord> {
    return this.actions.revert(runId, actor);
  }

  /** Resolves when every watched run has reached its outcome (or the runner stopped). */
  async idle(): Promise<void> {
    while (this.watches.size > 0) await Promise.all(this.watches.values());
  }

  busy(): boolean {
    return this.watches.size > 0;
  }

  /** Stops watching (shutdown); runs stay in the store and resume on the next start. */
  stop(): void {
    this.halt.abort();
  }

  private watch(runId: string): void {
    const now = this.deps.clock.now();
    this.state.set(runId, {
      samples: [],
      stall: new StallDetector(this.options.stallAfterMs),
      lastRequestAt: 0,
      noRecordSince: now,
      lastPersistAt: 0,
      confirmSent: false,
    });
    const loop = this.loop(runId)
      .catch(async (error) => {
        // Shutting down: the run stays in the store and resumes at the next start.
        if (this.halt.signal.aborted) return;
        // A bug or an unexpected answer must still end the story in the thread.
        await this.finish(
          runId,
          'failed',
          `Ferry stopped watching after an unexpected error: ${(error as Error).message}. Check the server with /migrations ${runId}.`,
          null,
        );
      })
      .finally(() => {
        this.watches.delete(runId);
        this.state.delete(runId);
      });
    this.watches.set(runId, loop);
  }

  private async loop(runId: string): Promise<void> {
    const { clock, store } = this.deps;
    while (!this.halt.signal.aborted) {
      const run = store.getRun(runId);
      if (!run || run.state === 'done') return;
      if (clock.now() - run.startedAt > this.options.timeoutMs) {
        const server = await this.request(runId, () => this.deps.cloud.getServer(run.serverId)).catch(
          () => null,
        );
        await this.finish(
          runId,
          'timed-out',
          `No end after ${formatDuration(this.options.timeoutMs)}; Ferry stopped watching and left the migration as it is (server ${server?.status ?? 'state unknown'} on ${server?.host ?? '?'}). Decide with /migrations abort ${runId} or check Nova.`,
          server?.host ?? null,
        );
        return;
      }
      try {
        await this.pollOnce(runId);
      } catch (error) {
        if (
          !(
            error instanceof OpenStackUnreachableError ||
            (error instanceof OpenStackApiError && error.status >= 500)
          )
        )
          throw error;
        // The cloud is briefly unreachable: keep watching, the migration goes on without us.
      }
      const after = store.getRun(runId);
      if (!after || after.state === 'done') return;
      await clock.sleep(this.interval(after), this.halt.signal).catch(() => undefined);
    }
  }

  /** Fast near start and end, slower in between; Nova refreshes its counters every 5 s anyway. */
  private interval(run: RunRecord): number {
    const elapsed = this.deps.clock.now() - run.startedAt;
    if (run.state === 'awaiting-confirmation') return 15_000;
    if (elapsed < 30_000) return 2_000;
    const eta = run.lastProgress?.etaMs;
    if (eta !== null && eta !== undefined && eta < 30_000) return 2_000;
    return 5_000;
  }

  /** Every cloud call of a run goes through here: never more than one per minRequestGapMs. */
  private async request<T>(runId: string, call: () => Promise<T>): Promise<T> {
    const watch = this.state.get(runId);
    if (watch) {
      const wait = watch.lastRequestAt + this.options.minRequestGapMs - this.deps.clock.now();
      if (wait > 0) await this.deps.clock.sleep(wait, this.halt.signal);
      watch.lastRequestAt = this.deps.clock.now();
    }
    return call();
  }

  private async pollOnce(runId: string): Promise<void> {
    const { cloud, store, clock } = this.deps;
    const run = store.getRun(runId) as RunRecord;
    const watch = this.state.get(runId) as Watch;
    const migration = await this.findMigration(run);
    if (!migration && run.migrationUuid) {
      await this.recordVanished(run);
      return;
    }
    if (!migration) {
      await this.noRecordYet(run, watch);
      return;
    }
    if (run.migrationId !== migration.id) {
      await store.updateRun(runId, (r) => {
        r.migrationId = migration.id;
        if (migration.uuid) r.migrationUuid = migration.uuid;
        if (migration.destCompute) r.destination = migration.destCompute;
      });
    } else if (migration.destCompute && run.destination !== migration.destCompute) {
      await store.updateRun(runId, (r) => {
        r.destination = migration.destCompute;
      });
    }

    const terminal = (run.mode === 'cold' ? COLD_TERMINAL : LIVE_TERMINAL).has(migration.status);
    if (terminal) {
      await this.conclude(run, migration);
      return;
    }
    const phase = phaseOf(migration.status, migration.type);
    if (phase !== run.state) await this.enter(runId, phase, `Nova: ${migration.status}`);

    if (
      run.mode !== 'cold' &&
      (migration.status === 'running' || migration.status === 'running (post-copy)')
    ) {
      const detail = await this.request(runId, () => cloud.getServerMigration(run.serverId, migration.id));
      if (detail) this.reportTransfer(store.getRun(runId) as RunRecord, detail, watch);
      return;
    }
    if (
      phase === 'awaiting-confirmation' &&
      this.options.autoConfirm &&
      !watch.confirmSent &&
      !run.revertRequested
    ) {
      const server = await this.request(runId, () => cloud.getServer(run.serverId));
      if (server.status === 'VERIFY_RESIZE' && server.host === migration.destCompute) {
        await this.sendConfirm(store.getRun(runId) as RunRecord);
      }
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

  private async findMigration(run: RunRecord): Promise<Migration | null> {
    const migrations = await this.request(run.id, () =>
      this.deps.cloud.listMigrations({
        serverId: run.serverId,
        type: run.mode === 'cold' ? 'migration' : 'live-migration',
        limit: 5,
      }),
    );
    const forServer = migrations.filter((m) => m.serverId === run.serverId);
    // Integer IDs are reused when a cloud's database is reset: a migration is known by its UUID.
    if (run.migrationUuid) return forServer.find((m) => m.uuid === run.migrationUuid) ?? null;
    if (run.migrationId !== undefined) return forServer.find((m) => m.id === run.migrationId) ?? null;
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

  /** The migration Ferry was following is gone from Nova (a reset or restored cloud): say so, claim nothing. */
  private async recordVanished(run: RunRecord): Promise<void> {
    const server = await this.request(run.id, () => this.deps.cloud.getServer(run.serverId));
    await this.finish(
      run.id,
      'failed',
      `Nova no longer has the record of migration ${run.migrationUuid} (was the cloud reset or restored?), so how it ended is unknown. ${server.name} is ${server.status} on ${server.host}; check it before asking again.`,
      server.host,
    );
  }

  /** Since Nova 2.34 a refused live migration may never get past the conductor: read the action. */
  private async noRecordYet(run: RunRecord, watch: Watch): Promise<void> {
    const { cloud, clock } = this.deps;
    if (clock.now() - watch.noRecordSince < 30_000) return;
    const requestId = run.novaRequestIds[0];
    const server = await this.request(run.id, () => cloud.getServer(run.serverId));
    const action = requestId
      ? await this.request(run.id, () => cloud.getInstanceAction(run.serverId, requestId)).catch(() => null)
      : null;
    const failed = action?.events.find((event) => event.result === 'Error');
    if (failed || (!server.taskState && clock.now() - watch.noRecordSince > 120_000)) {
      await this.finish(
        run.id,
        'failed',
        `Nova never started the migration${failed ? `: ${failed.event} failed${failed.details ? ` (${failed.details.trim()})` : ''}` : ' (no migration record appeared)'}. ${server.name} is ${server.status} on ${server.host}.`,
        server.host,
      );
    }
  }

  private reportTransfer(run: RunRecord, migration: Migration, watch: Watch): Promise<void> {
    const { clock } = this.deps;
    const now = clock.now();
    const sample = sampleOf(migration, now);
    const base: ProgressSnapshot = {
      at: now,
      phase: run.state,
      migrationStatus: migration.status,
      percent: null,
      bytesRemaining: null,
      bytesTotal: null,
      rate: null,
      etaMs: null,
      elapsedMs: now - run.startedAt,
    };
    if (!sample) return this.emitProgress(run, { ...base, percent: percentOfPhase(migration.status) });
    // Rate over the last ~30 s smooths Nova's 5-second counter refresh.
    const previous =
      watch.samples.find((s) => now - s.at <= 30_000 && s.at < now) ??
      watch.samples[watch.samples.length - 1] ??
      null;
    watch.samples.push(sample);
    watch.samples = watch.samples.filter((s) => now - s.at <= 60_000);
    const { percent, rate, etaMs } = estimate(sample, previous);
    const progress = {
      ...base,
      percent,
      bytesRemaining: sample.remaining,
      bytesTotal: sample.total,
      rate,
      etaMs,
    };
    const stalledFor = run.forceRequested ? null : watch.stall.observe(sample);
    if (stalledFor !== null)
      this.deps.emit({ kind: 'not-converging', run, progress, stalledForMs: stalledFor });
    return this.emitProgress(run, progress);
  }

  private async emitProgress(run: RunRecord, progress: ProgressSnapshot): Promise<void> {
    const watch = this.state.get(run.id);
    if (watch && progress.at - watch.lastPersistAt >= 30_000) {
      watch.lastPersistAt = progress.at;
      await this.deps.store.updateRun(run.id, (r) => {
        r.lastProgress = progress;
      });
    } else {
      run.lastProgress = progress;
    }
    this.deps.emit({ kind: 'progress', run, progress });
  }

  private async sendConfirm(run: RunRecord): Promise<void> {
    const watch = this.state.get(run.id);
    try {
      const accepted = await this.deps.cloud.confirmResize(run.serverId);
      if (watch) watch.confirmSent = true;
      await this.deps.store.updateRun(run.id, (r) => {
        if (accepted.requestId) r.novaRequestIds.push(accepted.requestId);
      });
    } catch (error) {
      throw explainActionFailure(error, 'confirm');
    }
    await this.enter(run.id, 'confirming');
  }

  /** The migration record reached an end: find out what really happened to the server. */
  private async conclude(run: RunRecord, migration: Migration): Promise<void> {
    const server = await this.request(run.id, () => this.deps.cloud.getServer(run.serverId));
    // Nova's reason is read only when the end was not a plain success, revert or abort.
    const verdict =
      classifyEnd(run, migration, server) ??
      classifyEnd(run, migration, server, await this.failureReason(run, server));
    if (verdict) await this.finish(run.id, verdict.kind, verdict.message, server.host);
  }

  private async failureReason(run: RunRecord, server: Server): Promise<string> {
    if (server.fault) return `Nova: ${server.fault.message}`;
    for (const requestId of run.novaRequestIds) {
      const action = await this.request(run.id, () =>
        this.deps.cloud.getInstanceAction(run.serverId, requestId),
      ).catch(() => null);
      const failed = action?.events.find((event) => event.result === 'Error');
      if (failed)
        return `${failed.event} failed${failed.details?.trim() ? `: ${failed.details.trim()}` : ''}`;
    }
    return `Nova records no reason; look in nova-compute's log on ${run.source} for instance ${run.serverId}`;
  }

  private async enter(runId: string, state: RunState, note?: string): Promise<void> {
    const run = await this.deps.store.transition(runId, state, this.deps.clock.now(), note);
    this.deps.emit({ kind: 'phase', run, phase: state, ...(note ? { note } : {}) });
  }

  private async finish(
    runId: string,
    kind: OutcomeKind,
    message: string,
    host: string | null,
  ): Promise<void> {
    const { store, clock } = this.deps;
    const run = store.getRun(runId);
    if (!run || run.state === 'done') return;
    const outcome: Outcome = {
      kind,
      message,
      host,
      durationMs: clock.now() - run.startedAt,
      forced: run.forceRequested,
    };
    const finished = await store.finishRun(runId, outcome, clock.now());
    this.deps.emit({ kind: 'outcome', run: finished, outcome });
  }
}
