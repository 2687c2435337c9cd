import type { Clock } from '../../clock.ts';
import type { RunRecord, RunState } from '../model/records.ts';
import type { AuditPort } from '../ports/audit.ts';
import type { CloudApi } from '../ports/cloud.ts';
import type { RunsPort } from '../ports/runs.ts';
import { actionFailure } from './outcome.ts';
import { RunActionError } from './run-errors.ts';

/**
 * What on-call people do to a running migration: abort, force-complete, confirm or revert, each
 * refused with the reason when the migration's state or the cloud's microversion does not allow it,
 * and each written to the audit trail.
 */
export class RunActions {
  constructor(
    private readonly deps: {
      cloud: CloudApi;
      clock: Clock;
      store: RunsPort & AuditPort;
      /** the runner's phase change (store and event) */
      enter(runId: string, state: RunState): Promise<void>;
      /** the runner's confirmation, shared with its auto-confirm */
      sendConfirm(run: RunRecord): Promise<void>;
    },
  ) {}

  async abort(runId: string, actor: string): Promise<RunRecord> {
    const run = this.mustBeActive(runId);
    const { cloud, store, clock } = this.deps;
    if (run.mode === 'cold') {
      if (run.state !== 'awaiting-confirmation') {
        throw new RunActionError({ code: 'cold-undo-too-early' });
      }
      return this.revert(runId, actor);
    }
    if (run.migrationId === undefined) throw new RunActionError({ code: 'no-record-yet' });
    const early = run.state === 'queued' || run.state === 'preparing' || run.state === 'accepted';
    if (run.state === 'post-copy') throw new RunActionError({ code: 'post-copy' });
    if (early && !(await cloud.canAbortBeforeRunning())) {
      throw new RunActionError({ code: 'abort-needs-running', state: run.state });
    }
    try {
      const accepted = await cloud.abortMigration(run.serverId, run.migrationId);
      await store.recordRunRequest(runId, 'abort', accepted.requestId);
    } catch (error) {
      throw actionFailure(error, 'abort');
    }
    await this.settleLeftStall(runId, 'abort', actor);
    await store.recordAudit({ at: clock.now(), actor, action: 'abort', subject: runId });
    return store.getRun(runId) as RunRecord;
  }

  async forceComplete(runId: string, actor: string): Promise<RunRecord> {
    const run = this.mustBeActive(runId);
    const { cloud, store, clock } = this.deps;
    if (run.mode === 'cold') throw new RunActionError({ code: 'force-live-only' });
    if (run.state !== 'running' || run.migrationId === undefined) {
      throw new RunActionError({ code: 'force-needs-running', state: run.state });
    }
    try {
      const accepted = await cloud.forceCompleteMigration(run.serverId, run.migrationId);
      await store.recordRunRequest(runId, 'force', accepted.requestId);
    } catch (error) {
      throw actionFailure(error, 'force-complete');
    }
    await this.settleLeftStall(runId, 'force-complete', actor);
    // the ETA came from the copy's pace before the force (post-copy or a paused guest): no longer true
    const { lastProgress } = store.getRun(runId) as RunRecord;
    if (lastProgress && lastProgress.etaMs !== null)
      await store.saveProgress(runId, { ...lastProgress, etaMs: null }).catch(() => undefined);
    await store.recordAudit({
      at: clock.now(),
      actor,
      action: 'force-complete',
      subject: runId,
    });
    return store.getRun(runId) as RunRecord;
  }

  /**
   * A stall the policy left to on-call is settled by this person's Abort or Force complete: its count
   * says so instead of "not carried out" (console trial). Nova accepted it: a failed write here only
   * leaves the count as it was.
   */
  private async settleLeftStall(
    runId: string,
    action: 'abort' | 'force-complete',
    actor: string,
  ): Promise<void> {
    await this.deps.store
      .updateStall(runId, (stored) =>
        stored.stall?.state === 'left' ? { ...stored.stall, settledBy: { action, actor } } : null,
      )
      .catch(() => undefined);
  }

  async confirm(runId: string, actor: string): Promise<RunRecord> {
    const run = this.mustBeActive(runId);
    if (run.state !== 'awaiting-confirmation')
      throw new RunActionError({ code: 'nothing-to-confirm', state: run.state });
    await this.deps.sendConfirm(run);
    await this.deps.store.recordAudit({
      at: this.deps.clock.now(),
      actor,
      action: 'confirm',
      subject: runId,
    });
    return this.deps.store.getRun(runId) as RunRecord;
  }

  async revert(runId: string, actor: string): Promise<RunRecord> {
    const run = this.mustBeActive(runId);
    const { cloud, store, clock } = this.deps;
    if (run.state !== 'awaiting-confirmation')
      throw new RunActionError({ code: 'nothing-to-revert', state: run.state });
    try {
      const accepted = await cloud.revertResize(run.serverId);
      await store.recordRunRequest(runId, 'revert', accepted.requestId);
    } catch (error) {
      throw actionFailure(error, 'revert');
    }
    await this.deps.enter(runId, 'reverting');
    await store.recordAudit({ at: clock.now(), actor, action: 'revert', subject: runId });
    return store.getRun(runId) as RunRecord;
  }

  private mustBeActive(runId: string): RunRecord {
    const run = this.deps.store.getRun(runId);
    if (!run) throw new RunActionError({ code: 'no-run', runId });
    if (run.state === 'done')
      throw new RunActionError({ code: 'run-ended', runId, outcome: run.outcome?.kind });
    return run;
  }
}
