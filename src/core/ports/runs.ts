import type { Telling } from '../journal.ts';
import type { Outcome, ProgressSnapshot, RunRecord, RunState, ServerBefore } from '../model/records.ts';
import type { TransitionNote } from '../model/run-facts.ts';
import type { StallDecision } from '../model/stall-policy.ts';

/** The runs: one live migration or cold move of a server each, from its start to its outcome. */
export interface RunsPort {
  /** creates the run of an approved move unless one exists: one caller wins */
  claimRun(requestId: string, make: () => RunRecord): Promise<{ run: RunRecord; created: boolean }>;
  getRun(id: string): RunRecord | undefined;
  runs(): RunRecord[];
  activeRuns(): RunRecord[];
  /** the Nova request Ferry sent for a run (its request ID, when Nova gave one) and what it asked */
  recordRunRequest(
    id: string,
    kind: 'start' | 'abort' | 'force' | 'confirm' | 'revert',
    novaRequestId: string | undefined,
  ): Promise<RunRecord>;
  /** the cloud showed a requested force-complete take effect: its migration in post-copy */
  recordForceSeen(id: string): Promise<RunRecord>;
  /**
   * The stall policy's decision, changed atomically on the run as stored now: `apply` answers the new
   * decision, or null to change nothing (then nothing is told)
   */
  updateStall(
    id: string,
    apply: (run: RunRecord) => StallDecision | null,
    tell?: Telling<RunRecord>,
  ): Promise<{ run: RunRecord; changed: boolean }>;
  /** the newest migration of the server before Ferry asked: the run's own comes after it */
  setRunBaseline(id: string, migrationId: number, serverBefore?: ServerBefore): Promise<RunRecord>;
  /** the migration record that is this run's (by ID and UUID), and where Nova sends the server */
  adoptMigration(
    id: string,
    migration: { id: number; uuid: string | null; destination: string | null },
  ): Promise<RunRecord>;
  saveProgress(id: string, progress: ProgressSnapshot, tell?: Telling<RunRecord>): Promise<RunRecord>;
  transition(
    id: string,
    state: RunState,
    at: number,
    note?: TransitionNote,
    tell?: Telling<RunRecord>,
  ): Promise<RunRecord>;
  /**
   * the first outcome stands: `first` is false when the run had already ended (by anyone), and then
   * nothing is told
   */
  finishRun(
    id: string,
    outcome: Outcome,
    at: number,
    tell?: Telling<RunRecord>,
  ): Promise<{ run: RunRecord; first: boolean }>;
}
