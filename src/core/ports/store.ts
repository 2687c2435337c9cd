import type { AuditPort } from './audit.ts';
import type { ClaimsPort } from './claims.ts';
import type { JournalPort } from './journal.ts';
import type { RequestsPort } from './requests.ts';
import type { RunsPort } from './runs.ts';
import type { WindowsPort } from './windows.ts';

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

/** Whether writes reach the disk or the database. */
export interface DurabilityPort {
  /** resolves when every write so far is durable */
  flush(): Promise<void>;
  /** why the last write failed, while writes fail; null once one succeeds */
  writeFailure(): WriteFailure | null;
  /** tries a write while writes fail: true (and writeFailure() null) when the store writes again */
  probeWrite(): Promise<boolean>;
}

/**
 * The core's whole store: every aggregate's port, as one adapter (store/lowdb/, store/postgres/)
 * implements them. The composition root holds it whole; a core service or use case declares the
 * ports it uses (a runner: requests, runs, audit, journal), so that what each touches shows in its
 * signature (test/architecture/layers.test.ts). The chat edge's parts still take it whole.
 */
export type StorePort = RequestsPort &
  ClaimsPort &
  RunsPort &
  WindowsPort &
  AuditPort &
  JournalPort &
  DurabilityPort;
