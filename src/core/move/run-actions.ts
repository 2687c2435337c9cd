import type { Clock } from '../../clock.ts';
import { k, t } from '../../i18n/index.ts';
import { stateWord } from '../../messages/states.ts';
import type { RunRecord, RunState } from '../model/records.ts';
import type { AuditPort } from '../ports/audit.ts';
import type { CloudApi } from '../ports/cloud.ts';
import type { RunsPort } from '../ports/runs.ts';
import { explainActionFailure } from './outcome.ts';
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
        throw new RunActionError(
          () =>
            t`A cold migration can only be undone once it waits for confirmation (VERIFY_RESIZE): then Ferry reverts it.`,
        );
      }
      return this.revert(runId, actor);
    }
    if (run.migrationId === undefined)
      throw new RunActionError(
        () => t`Nova has not created the migration record yet; try again in a few seconds.`,
      );
    const early = run.state === 'queued' || run.state === 'preparing' || run.state === 'accepted';
    if (run.state === 'post-copy')
      throw new RunActionError(
        () =>
          t`The migration is in post-copy: the guest already runs on the destination and cannot be pulled back.`,
      );
    if (early && !(await cloud.canAbortBeforeRunning())) {
      throw new RunActionError(
        () =>
          t`This cloud (microversion below 2.65) can abort only once the migration is running; it is ${stateWord(run.state)}.`,
      );
    }
    try {
      const accepted = await cloud.abortMigration(run.serverId, run.migrationId);
      await store.recordRunRequest(runId, 'abort', accepted.requestId);
    } catch (error) {
      throw explainActionFailure(error, k`abort`);
    }
    await store.recordAudit({ at: clock.now(), actor, action: 'abort', subject: runId });
    return store.getRun(runId) as RunRecord;
  }

  async forceComplete(runId: string, actor: string): Promise<RunRecord> {
    const run = this.mustBeActive(runId);
    const { cloud, store, clock } = this.deps;
    if (run.mode === 'cold')
      throw new RunActionError(() => t`Force complete applies to live migrations only.`);
    if (run.state !== 'running' || run.migrationId === undefined) {
      throw new RunActionError(
        () => t`Nova force-completes only a running migration; this one is ${stateWord(run.state)}.`,
      );
    }
    try {
      const accepted = await cloud.forceCompleteMigration(run.serverId, run.migrationId);
      await store.recordRunRequest(runId, 'force', accepted.requestId);
    } catch (error) {
      throw explainActionFailure(error, k`force complete`);
    }
    await store.recordAudit({
      at: clock.now(),
      actor,
      action: 'force-complete',
      subject: runId,
      detail: t`guest paused (or switched to post-copy) until the copy finishes`,
    });
    return store.getRun(runId) as RunRecord;
  }

  async confirm(runId: string, actor: string): Promise<RunRecord> {
    const run = this.mustBeActive(runId);
    if (run.state !== 'awaiting-confirmation')
      throw new RunActionError(() => t`Nothing to confirm: the migration is ${stateWord(run.state)}.`);
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
      throw new RunActionError(() => t`Nothing to revert: the migration is ${stateWord(run.state)}.`);
    try {
      const accepted = await cloud.revertResize(run.serverId);
      await store.recordRunRequest(runId, 'revert', accepted.requestId);
    } catch (error) {
      throw explainActionFailure(error, k`revert`);
    }
    await this.deps.enter(runId, 'reverting');
    await store.recordAudit({ at: clock.now(), actor, action: 'revert', subject: runId });
    return store.getRun(runId) as RunRecord;
  }

  private mustBeActive(runId: string): RunRecord {
    const run = this.deps.store.getRun(runId);
    if (!run) throw new RunActionError(() => t`No migration ${runId}.`);
    if (run.state === 'done')
      throw new RunActionError(() => t`Migration ${runId} has already ended (${run.outcome?.kind}).`);
    return run;
  }
}
