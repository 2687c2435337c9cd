import type { Telling } from '../../core/journal.ts';
import type {
  AuditEntry,
  Outcome,
  ProgressSnapshot,
  RunRecord,
  RunState,
  ServerBefore,
} from '../../core/model/records.ts';
import type { TransitionNote } from '../../core/model/run-facts.ts';
import type { StallDecision } from '../../core/model/stall-policy.ts';
import { RequestRecords } from './requests.ts';

/**
 * The runs' operations that do not depend on what keeps them (ports/runs.ts): each change to one run,
 * made through the adapter's own update of that record. A new write to a run is a method here, its
 * rule (applied to the record in place) a function below.
 */
export abstract class RunRecords extends RequestRecords {
  abstract runs(): RunRecord[];
  /** `tell`: events recorded in the same write, built from the run as written (unless `apply` answers false) */
  protected abstract updateRun(
    id: string,
    apply: (run: RunRecord, audit: (entry: AuditEntry) => void) => unknown,
    tell?: Telling<RunRecord>,
  ): Promise<RunRecord>;

  activeRuns(): RunRecord[] {
    return this.runs().filter((run) => run.state !== 'done');
  }

  recordRunRequest(
    id: string,
    kind: 'start' | 'abort' | 'force' | 'confirm' | 'revert',
    novaRequestId: string | undefined,
  ): Promise<RunRecord> {
    return this.updateRun(id, (run) => recordRunRequest(run, kind, novaRequestId));
  }

  recordForceSeen(id: string): Promise<RunRecord> {
    return this.updateRun(id, recordForceSeen);
  }

  async updateStall(
    id: string,
    apply: (run: RunRecord) => StallDecision | null,
    tell?: Telling<RunRecord>,
  ): Promise<{ run: RunRecord; changed: boolean }> {
    let changed = false;
    const run = await this.updateRun(
      id,
      (r) => {
        const next = apply(r);
        changed = next !== null;
        if (next) r.stall = next;
        return changed;
      },
      tell,
    );
    return { run, changed };
  }

  setRunBaseline(id: string, migrationId: number, serverBefore?: ServerBefore): Promise<RunRecord> {
    return this.updateRun(id, (run) => setRunBaseline(run, migrationId, serverBefore));
  }

  adoptMigration(
    id: string,
    migration: { id: number; uuid: string | null; destination: string | null },
  ): Promise<RunRecord> {
    return this.updateRun(id, (run) => adoptMigration(run, migration));
  }

  saveProgress(id: string, progress: ProgressSnapshot, tell?: Telling<RunRecord>): Promise<RunRecord> {
    return this.updateRun(id, (run) => saveProgress(run, progress), tell);
  }

  transition(
    id: string,
    state: RunState,
    at: number,
    note?: TransitionNote,
    tell?: Telling<RunRecord>,
  ): Promise<RunRecord> {
    return this.updateRun(id, (run) => transition(run, state, at, note), tell);
  }

  async finishRun(
    id: string,
    outcome: Outcome,
    at: number,
    tell?: Telling<RunRecord>,
  ): Promise<{ run: RunRecord; first: boolean }> {
    let first = false;
    const run = await this.updateRun(
      id,
      (r, audit) => {
        const entry = finishRun(r, outcome, at);
        if (entry) audit(entry);
        first = entry !== undefined;
        // a run another replica ended first: its outcome was told by that one
        return first;
      },
      tell,
    );
    return { run, first };
  }
}

function recordRunRequest(
  run: RunRecord,
  kind: 'start' | 'abort' | 'force' | 'confirm' | 'revert',
  novaRequestId: string | undefined,
): void {
  if (kind === 'abort') run.abortRequested = true;
  if (kind === 'force') run.forceRequested = true;
  if (kind === 'revert') run.revertRequested = true;
  if (novaRequestId) run.novaRequestIds.push(novaRequestId);
}

function recordForceSeen(run: RunRecord): void {
  run.forceSeen ??= 'post-copy';
}

function setRunBaseline(run: RunRecord, migrationId: number, serverBefore?: ServerBefore): void {
  run.baselineMigrationId = migrationId;
  if (serverBefore) run.serverBefore = serverBefore;
}

function adoptMigration(
  run: RunRecord,
  migration: { id: number; uuid: string | null; destination: string | null },
): void {
  run.migrationId = migration.id;
  if (migration.uuid) run.migrationUuid = migration.uuid;
  if (migration.destination) run.destination = migration.destination;
}

function saveProgress(run: RunRecord, progress: ProgressSnapshot): void {
  run.lastProgress = progress;
}

function transition(run: RunRecord, state: RunState, at: number, note?: TransitionNote): void {
  // an ended run stays ended: a confirm's answer can arrive after the watcher saw Nova finish it
  if (run.state === state || run.state === 'done') return;
  run.state = state;
  run.transitions.push({ state, at, ...(note ? { note } : {}) });
}

/** Ends a run with its outcome, unless it already ended: answers the audit entry when this call ended it. */
function finishRun(run: RunRecord, outcome: Outcome, at: number): AuditEntry | undefined {
  if (run.state === 'done') return undefined;
  run.state = 'done';
  run.endedAt = at;
  run.outcome = outcome;
  run.transitions.push({ state: 'done', at, note: outcome.kind });
  return {
    at,
    actor: 'ferry',
    action: `outcome:${outcome.kind}`,
    subject: run.id,
    detail: outcome.fact ? JSON.stringify(outcome.fact) : outcome.message,
  };
}
