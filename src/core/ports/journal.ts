import type { JournalEntry, Telling } from '../journal.ts';

/**
 * The event journal (core/journal.ts): events recorded in the same write as the change they tell, and
 * dropped once their messages are in the outbox.
 */
export interface JournalPort {
  /**
   * Events that change no record (a notice to a thread). A write of another port given a `tell`
   * records its events in the same write as its change, and publishes them once written.
   */
  tell(telling: Telling<null>): Promise<void>;
  /**
   * Entries not told yet, oldest first: this store's own, and among replicas the others' once they
   * are ORPHANED_MS old (their writer is then taken as gone).
   */
  untoldJournal(now: number): Promise<JournalEntry[]>;
  /** The entry's messages are in the outbox: it is dropped. */
  markTold(id: string): Promise<void>;
}
