import type { JournalEntry } from '../core/journal.ts';
import type { AuditEntry, RequestRecord, RunRecord, WindowRecord } from '../core/model/records.ts';
import type { OutboxEntry } from '../core/ports/outbox.ts';
import type { Place } from '../core/ports/places.ts';

/** The shape of the database file, and the steps that bring an older file up to it. */

export const SCHEMA = 2;

export interface Database {
  schema: typeof SCHEMA;
  requests: RequestRecord[];
  runs: RunRecord[];
  audit: AuditEntry[];
  windows: WindowRecord[];
  /** where the chat edge shows each request and run */
  places: Record<string, Place>;
  /** Slack messages written before they are sent (absent in files from before the outbox) */
  outbox?: OutboxEntry[];
  /** events written with the change that caused them and not told yet (core/journal.ts; absent before it) */
  journal?: JournalEntry[];
  /** the last journal entry's number */
  journalSeq?: number;
}

export const EMPTY: Database = { schema: SCHEMA, requests: [], runs: [], audit: [], windows: [], places: {} };

export class NotADatabaseError extends Error {
  override readonly name = 'NotADatabaseError';
}

type Loose = Record<string, unknown> & { origin?: Place };

/**
 * Schema 1 (the first version): requests had an optional `kind`, an evacuation carried a move-shaped
 * `request` and `plan` (the host in `request.server`), and Slack coordinates sat on each record as
 * `origin`. Schema 2: requests are `move` | `evacuation`, and coordinates live in `places`.
 */
function from1(db: Record<string, unknown>): void {
  const places: Record<string, Place> = {};
  for (const request of db.requests as Loose[]) {
    if (request.origin) places[request.id as string] = request.origin;
    delete request.origin;
    if (request.evacuation) {
      const plan = request.plan as { checks: unknown; ready: boolean; evaluatedAt: number };
      request.kind = 'evacuation';
      request.checks = plan.checks;
      request.ready = plan.ready;
      request.evaluatedAt = plan.evaluatedAt;
      delete request.plan;
      delete request.request;
      delete request.runId;
    } else request.kind = 'move';
  }
  for (const run of db.runs as Loose[]) {
    if (run.origin) places[run.id as string] = { ...places[run.id as string], ...run.origin };
    delete run.origin;
  }
  db.windows ??= [];
  db.places = places;
  db.schema = 2;
}

const STEPS: Record<number, (db: Record<string, unknown>) => void> = { 1: from1 };

/**
 * Checks that `data` is a Ferry database and brings it to the current schema in place. Answers the
 * schema it was at. A file newer than this Ferry, or not Ferry's at all, is refused.
 */
export function upgrade(data: unknown, path: string): { db: Database; from: number } {
  const db = data as Record<string, unknown> | null;
  const schema = db?.schema;
  if (
    !db ||
    typeof schema !== 'number' ||
    !Array.isArray(db.requests) ||
    !Array.isArray(db.runs) ||
    !Array.isArray(db.audit)
  )
    throw new NotADatabaseError(
      `${path} is not a Ferry database (a schema number with requests, runs and audit). Ferry will not overwrite it: point FERRY_DB elsewhere or move the file aside.`,
    );
  if (schema > SCHEMA)
    throw new NotADatabaseError(
      `${path} was written by a newer Ferry (schema ${schema}; this one knows up to ${SCHEMA}). Ferry will not overwrite it: run the newer Ferry, or point FERRY_DB elsewhere.`,
    );
  for (let version = schema; version < SCHEMA; version++) {
    const step = STEPS[version];
    if (!step) throw new NotADatabaseError(`${path} has schema ${schema}, which this Ferry cannot read.`);
    step(db);
  }
  return { db: db as unknown as Database, from: schema };
}
