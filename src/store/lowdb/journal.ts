import { randomUUID } from 'node:crypto';
import {
  type JournalEntry,
  journalEntries,
  type Recorded,
  supersedes,
  type Telling,
} from '../../core/journal.ts';
import type { Database } from '../schema.ts';

/** Records `tell`'s events of `record` in the draft being written (a progress drops its run's older one). */
export function recordEvents<R>(data: Database, tell: Telling<R>, record: R, writer: string): Recorded {
  const events = tell.events(record);
  const kept = journalOf(data).filter((entry) => !events.some((event) => supersedes(entry, event)));
  const entries = journalEntries(events, tell.at, writer, randomUUID, data.journalSeq ?? 0);
  data.journal = [...kept, ...entries];
  // the last number given is kept: an entry told and dropped does not lend its number to the next
  if (entries.length) data.journalSeq = entries.at(-1)?.seq;
  return { entries, events };
}

export function journalOf(data: Database): JournalEntry[] {
  return data.journal ?? [];
}

export function dropTold(data: Database, id: string): void {
  data.journal = journalOf(data).filter((entry) => entry.id !== id);
}
