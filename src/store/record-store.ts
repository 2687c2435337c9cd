import type { Telling } from '../core/journal.ts';
import type {
  AuditEntry,
  DrainRecord,
  EvacuationRecord,
  HeldClaim,
  MoveRecord,
  Outcome,
  ProgressSnapshot,
  RequestRecord,
  RunRecord,
  RunState,
  WindowRecord,
} from '../core/model/records.ts';
import type { TransitionNote } from '../core/model/run-facts.ts';
import * as change from './changes.ts';
import { heldClaims } from './claims.ts';

/**
 * The store port's operations that do not depend on what keeps the records: reads by kind, and each
 * change to one run or window, made through the adapter's own update of that record (lowdb in memory
 * then the file, PostgreSQL in one transaction on the locked row).
 */
export abstract class RecordStore {
  abstract getRequest(id: string): RequestRecord | undefined;
  abstract runs(): RunRecord[];
  protected abstract requestList(): RequestRecord[];
  /** `tell`: events recorded in the same write, built from the run as written (unless `apply` answers false) */
  protected abstract updateRun(
    id: string,
    apply: (run: RunRecord, audit: (entry: AuditEntry) => void) => unknown,
    tell?: Telling<RunRecord>,
  ): Promise<RunRecord>;
  /** `tell`: events recorded in the same write, built from the window as written (unless `apply` answers false) */
  protected abstract updateWindow(
    id: string,
    apply: (window: WindowRecord) => unknown,
    tell?: Telling<WindowRecord>,
  ): Promise<WindowRecord>;

  getMove(id: string): MoveRecord | undefined {
    const request = this.getRequest(id);
    return request?.kind === 'move' ? request : undefined;
  }

  getEvacuation(id: string): EvacuationRecord | undefined {
    const request = this.getRequest(id);
    return request?.kind === 'evacuation' ? request : undefined;
  }

  getDrain(id: string): DrainRecord | undefined {
    const request = this.getRequest(id);
    return request?.kind === 'drain' ? request : undefined;
  }

  drains(): DrainRecord[] {
    return this.requestList().filter((request) => request.kind === 'drain');
  }

  pendingRequests(): RequestRecord[] {
    return this.requestList().filter((request) => request.status === 'pending');
  }

  evacuations(): EvacuationRecord[] {
    return this.requestList().filter((request) => request.kind === 'evacuation');
  }

  heldClaims(): HeldClaim[] {
    return heldClaims(this.requestList());
  }

  activeRuns(): RunRecord[] {
    return this.runs().filter((run) => run.state !== 'done');
  }

  recordRunRequest(
    id: string,
    kind: 'start' | 'abort' | 'force' | 'confirm' | 'revert',
    novaRequestId: string | undefined,
  ): Promise<RunRecord> {
    return this.updateRun(id, (run) => change.recordRunRequest(run, kind, novaRequestId));
  }

  recordForceSeen(id: string, how: 'post-copy' | 'paused'): Promise<RunRecord> {
    return this.updateRun(id, (run) => change.recordForceSeen(run, how));
  }

  setRunBaseline(id: string, migrationId: number): Promise<RunRecord> {
    return this.updateRun(id, (run) => change.setRunBaseline(run, migrationId));
  }

  adoptMigration(
    id: string,
    migration: { id: number; uuid: string | null; destination: string | null },
  ): Promise<RunRecord> {
    return this.updateRun(id, (run) => change.adoptMigration(run, migration));
  }

  saveProgress(id: string, progress: ProgressSnapshot, tell?: Telling<RunRecord>): Promise<RunRecord> {
    return this.updateRun(id, (run) => change.saveProgress(run, progress), tell);
  }

  transition(
    id: string,
    state: RunState,
    at: number,
    note?: TransitionNote,
    tell?: Telling<RunRecord>,
  ): Promise<RunRecord> {
    return this.updateRun(id, (run) => change.transition(run, state, at, note), tell);
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
        const entry = change.finishRun(r, outcome, at);
        if (entry) audit(entry);
        first = entry !== undefined;
        // a run another replica ended first: its outcome was told by that one
        return first;
      },
      tell,
    );
    return { run, first };
  }

  cancelWindow(id: string): Promise<WindowRecord> {
    return this.updateWindow(id, change.cancelWindow);
  }

  recordReminders(
    id: string,
    reminders: WindowRecord['reminders'],
    tell?: Telling<WindowRecord>,
  ): Promise<WindowRecord> {
    return this.updateWindow(id, (window) => change.recordReminders(window, reminders), tell);
  }

  async markWindowHandled(
    id: string,
    edge: 'start' | 'end',
    tell?: Telling<WindowRecord>,
  ): Promise<{ window: WindowRecord; first: boolean }> {
    let first = false;
    const window = await this.updateWindow(
      id,
      (w) => {
        first = change.markWindowHandled(w, edge);
        // a start or end another replica (or this one before a restart) handled was told by it
        return first;
      },
      tell,
    );
    return { window, first };
  }
}
