import type { Clock } from '../clock.ts';
import type { FerryEvent } from '../core/events.ts';
import type { StorePort } from '../core/ports/store.ts';
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
   * Resolves once each is begun, in the journal's order, not once told: a report waits for Slack to
   * take its posts, and one that waits long (Slack down, a post queued behind another) holds neither
   * the entries after it nor the sweep. One that fails (the store cannot write) is logged and told at
   * a later sweep; one still being told is left to its telling.
   */
  async tellUntold(): Promise<void> {
    for (const entry of await this.deps.store.untoldJournal(this.deps.clock.now()))
      if (!this.telling.has(entry.id)) this.onEvent(entry.event, entry.id);
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
