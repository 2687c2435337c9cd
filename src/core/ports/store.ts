import type { JournalEntry, Telling } from '../journal.ts';
import type {
  AuditEntry,
  Claim,
  DrainRecord,
  EvacuationItemState,
  EvacuationRecord,
  EvacuationState,
  HeldClaim,
  MoveRecord,
  Outcome,
  PlanSummary,
  ProgressSnapshot,
  RequestRecord,
  RunRecord,
  RunState,
  WindowRecord,
} from '../model/records.ts';
import type { TransitionNote } from '../model/run-facts.ts';

/** A store refused or failed an operation; the message says which and what to do. */
export class StoreError extends Error {
  override readonly name: string = 'StoreError';
}

/**
 * A locked update found the record no longer as the caller saw it (another replica, or a moment ago
 * this one, changed it): nothing was changed, and the caller looks again.
 */
export class StaleRecordError extends StoreError {
  override readonly name = 'StaleRecordError';
}

/**
 * This replica's lease on what it wrote about was taken over (by a replica that found it expired):
 * the write is refused, since what this one believes may be stale; the holder now drives it.
 */
export class FencedError extends StoreError {
  override readonly name = 'FencedError';
}

/** Why the store cannot write now (the disk is full, the database is down…), in words. */
export interface WriteFailure {
  error: string;
}

/**
 * What the core asks of a store. The lowdb adapter (store/store.ts) is one; a second will be another.
 * Every write is one operation the store makes atomic; reads answer the records as they are now.
 */
export interface StorePort {
  addRequest(record: RequestRecord): Promise<RequestRecord>;
  getRequest(id: string): RequestRecord | undefined;
  getMove(id: string): MoveRecord | undefined;
  getEvacuation(id: string): EvacuationRecord | undefined;
  pendingRequests(): RequestRecord[];
  evacuations(): EvacuationRecord[];
  getDrain(id: string): DrainRecord | undefined;
  drains(): DrainRecord[];
  /**
   * One change to a drain, made atomically on the record as stored now (`apply` may decide from what
   * it finds there, and throw to change nothing).
   */
  updateDrain(
    id: string,
    apply: (drain: DrainRecord) => void,
    tell?: Telling<DrainRecord>,
  ): Promise<DrainRecord>;
  /** an evacuation's phase, with what comes with it (when it started or ended, who stopped it…) */
  setEvacuationPhase(
    id: string,
    phase: EvacuationState['phase'],
    details?: Partial<
      Pick<EvacuationState, 'startedAt' | 'endedAt' | 'serviceDisabled' | 'abortRunning' | 'stoppedBy'>
    >,
    tell?: Telling<EvacuationRecord>,
  ): Promise<EvacuationRecord>;
  /** changes to some of its servers (by server ID), and a new plan fingerprint when the plan changed */
  updateEvacuationItems(
    id: string,
    changes: { serverId: string; change: Partial<EvacuationItemState> }[],
    plan?: { fingerprint: string },
    tell?: Telling<EvacuationRecord>,
  ): Promise<EvacuationRecord>;
  /** a move's fresh checks (the re-check on approval) */
  replacePlan(id: string, plan: PlanSummary, at: number): Promise<MoveRecord>;
  /** the first decision stands; an evacuation is approved only for the plan the approver saw */
  decide(
    id: string,
    status: 'approved' | 'rejected' | 'expired',
    actor: string,
    at: number,
    note?: string,
    seenFingerprint?: string,
  ): Promise<{ request: RequestRecord; decided: boolean; planChanged?: boolean }>;
  /**
   * Approves a pending request only while no other operation holds any of `claims`, and takes them in
   * the same locked write: of two approvals that want one host or server, one wins; the other learns
   * the claim that stood in its way (`conflict`) and its request stays pending.
   */
  approveClaiming(
    id: string,
    actor: string,
    at: number,
    claims: Claim[],
    seenFingerprint?: string,
  ): Promise<{ request: RequestRecord; decided: boolean; planChanged?: boolean; conflict?: HeldClaim }>;
  /** Records an operation approved as it is created, with its claims, unless another holds one of them. */
  addClaiming(
    record: RequestRecord,
    claims: Claim[],
  ): Promise<{ request: RequestRecord; conflict?: HeldClaim }>;
  /** The operation lets go of its claims (of these servers only, when named): it ended, or they moved. */
  releaseClaims(id: string, serverIds?: string[]): Promise<void>;
  /** every claim held now, with its holder */
  heldClaims(): HeldClaim[];
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
  /** the cloud showed a requested force-complete take effect (post-copy, or the guest paused) */
  recordForceSeen(id: string, how: 'post-copy' | 'paused'): Promise<RunRecord>;
  /** the newest migration of the server before Ferry asked: the run's own comes after it */
  setRunBaseline(id: string, migrationId: number): Promise<RunRecord>;
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
  addWindow(window: WindowRecord): Promise<WindowRecord>;
  windows(): WindowRecord[];
  getWindow(id: string): WindowRecord | undefined;
  cancelWindow(id: string): Promise<WindowRecord>;
  /**
   * reminders sent (with when, and whether late) or skipped, by label; a label already recorded is
   * kept as it was, and `tell` is recorded only when this write is the one that records a reminder sent
   */
  recordReminders(
    id: string,
    reminders: WindowRecord['reminders'],
    tell?: Telling<WindowRecord>,
  ): Promise<WindowRecord>;
  /** a window's start or end acted on; `first` is false when it already was (by anyone), and then nothing is told */
  markWindowHandled(
    id: string,
    edge: 'start' | 'end',
    tell?: Telling<WindowRecord>,
  ): Promise<{ window: WindowRecord; first: boolean }>;
  recordAudit(entry: AuditEntry): Promise<void>;
  /**
   * The event journal (journal.ts). A write given a `tell` records its events in the same write as
   * its change and publishes them once written; `tell` alone records events that change no record
   * (a notice to a thread).
   */
  tell(telling: Telling<null>): Promise<void>;
  /**
   * Entries not told yet, oldest first: this store's own, and among replicas the others' once they
   * are ORPHANED_MS old (their writer is then taken as gone).
   */
  untoldJournal(now: number): Promise<JournalEntry[]>;
  /** The entry's messages are in the outbox: it is dropped. */
  markTold(id: string): Promise<void>;
  auditLog(): AuditEntry[];
  /** resolves when every write so far is durable */
  flush(): Promise<void>;
  /** why the last write failed, while writes fail; null once one succeeds */
  writeFailure(): WriteFailure | null;
  /** tries a write while writes fail: true (and writeFailure() null) when the store writes again */
  probeWrite(): Promise<boolean>;
}
