import type { Clock } from '../clock.ts';
import type { FerryEvent } from '../core/events.ts';
import type { StorePort } from '../core/store-port.ts';
import type { Reporter } from './reporter.ts';

/**
 * Tells the core's journaled events (core/journal.ts) in Slack: each is reported with its entry's ID
 * as the cause of its post, then marked told. What a process left untold (it died between the write
 * and its messages, or reporting failed) is told by `tellUntold`, at start and at every sweep; a post
 * already written for an entry is not written again (the outbox answers the one written before).
 */
export class JournalTeller {
  /** entries this process is telling now: a sweep leaves them to it */
  private readonly telling = new Set<string>();

  constructor(
    private readonly deps: {
      store: StorePort;
      reporter: Reporter;
      clock: Clock;
      log: (message: string, error?: unknown) => void;
    },
  ) {}

  /** Every event of the core's stream; an unjournaled one is reported as it comes. */
  onEvent(event: FerryEvent, journalId?: string): void {
    if (!journalId) {
      this.deps.reporter.onEvent(event);
      return;
    }
    this.tell(event, journalId).catch((error) =>
      this.deps.log(
        `telling ${event.kind} (journal entry ${journalId}) failed; it is told again later`,
        error,
      ),
    );
  }

  /**
   * Tells what the journal holds untold, oldest first: after a restart, a takeover, or a failed report.
   * One that fails (the store cannot write) is logged and told at a later sweep.
   */
  async tellUntold(): Promise<void> {
    for (const entry of await this.deps.store.untoldJournal(this.deps.clock.now()))
      if (!this.telling.has(entry.id))
        await this.tell(entry.event, entry.id).catch((error) =>
          this.deps.log(
            `telling ${entry.event.kind} (journal entry ${entry.id}) failed; it is told again later`,
            error,
          ),
        );
  }

  private async tell(event: FerryEvent, journalId: string): Promise<void> {
    this.telling.add(journalId);
    try {
      await this.deps.reporter.report(event, journalId);
      await this.deps.store.markTold(journalId);
    } finally {
      this.telling.delete(journalId);
    }
  }
}
