import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { FerryEvent } from '../../core/events.ts';
import {
  type JournalEntry,
  journalEntries,
  type Recorded,
  subjectOf,
  type Telling,
} from '../../core/journal.ts';
import { ORPHANED_MS } from '../../core/ports/outbox.ts';
import { wholeMs } from '../whole-times.ts';
import { json } from './writer.ts';

interface Row {
  seq: string;
  id: string;
  subject: string;
  writer: string;
  at: string;
  event: FerryEvent;
}

/**
 * The event journal in PostgreSQL (core/journal.ts): entries inserted in the transaction of the change
 * they tell, read back by whichever replica tells what its writer left untold.
 */
export class PostgresJournal {
  constructor(
    private readonly pool: pg.Pool,
    /** this store instance, the writer of its entries */
    private readonly writer: string,
  ) {}

  /** Records `tell`'s events of `record` in the transaction (a progress drops its run's older one). */
  async record<R>(tx: pg.PoolClient, tell: Telling<R>, record: R): Promise<Recorded> {
    const events = tell.events(record);
    const entries: JournalEntry[] = [];
    for (const event of events) {
      if (event.kind === 'run.progress')
        await tx.query(`DELETE FROM ferry_journal WHERE subject = $1 AND kind = 'run.progress'`, [
          subjectOf(event),
        ]);
      const { rows } = await tx.query<{ seq: string }>("SELECT nextval('ferry_journal_seq_seq') AS seq");
      const at = wholeMs(tell.at);
      const [entry] = journalEntries([event], at, this.writer, randomUUID, Number(rows[0]?.seq) - 1);
      if (!entry) continue;
      await tx.query(
        'INSERT INTO ferry_journal (seq, id, subject, kind, writer, at, event) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [entry.seq, entry.id, entry.subject, event.kind, entry.writer, entry.at, json(entry.event)],
      );
      entries.push(entry);
    }
    return { entries, events };
  }

  /** This instance's entries not told, and the others' once ORPHANED_MS old (their writer is taken as gone). */
  async untold(now: number): Promise<JournalEntry[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT seq, id, subject, writer, at, event FROM ferry_journal WHERE writer = $1 OR at <= $2 ORDER BY seq',
      [this.writer, wholeMs(now - ORPHANED_MS)],
    );
    return rows.map((row) => ({
      id: row.id,
      seq: Number(row.seq),
      at: Number(row.at),
      writer: row.writer,
      subject: row.subject,
      event: row.event,
    }));
  }

  async markTold(tx: pg.PoolClient, id: string): Promise<void> {
    await tx.query('DELETE FROM ferry_journal WHERE id = $1', [id]);
  }
}
