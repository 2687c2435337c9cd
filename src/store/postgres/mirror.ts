import type pg from 'pg';
import type { AuditEntry, RequestRecord, RunRecord, WindowRecord } from '../../core/model/records.ts';
import type { Place } from '../../core/ports/places.ts';

export type Table = 'requests' | 'runs' | 'windows' | 'places' | 'audit';
export type RowTable = Exclude<Table, 'audit'>;

/** What a write tells the other replicas (NOTIFY ferry_changes): reload this row. */
export interface ChangeNotice {
  from: string;
  table: Table;
  id: string;
}

export interface RowOf {
  requests: RequestRecord;
  runs: RunRecord;
  windows: WindowRecord;
  places: Place;
}

/**
 * The rows of one database held in memory, for the core's synchronous reads: loaded whole, then kept
 * current row by row (this replica's writes, the others' notices). A record is updated in place, so
 * whoever holds it, or an object inside it, sees the new values, as with the lowdb store. A row kept
 * while everything is read again is newer than what that read answers: the read leaves it as kept.
 */
export class RowMirror {
  readonly requests = new Map<string, RequestRecord>();
  readonly runs = new Map<string, RunRecord>();
  readonly windows = new Map<string, WindowRecord>();
  readonly places = new Map<string, Place>();
  /** the newest audit entries, by sequence number */
  private readonly audit = new Map<number, AuditEntry>();
  /** for each read of every row under way: the rows kept or dropped since it began ("table/id") */
  private readonly keptDuringLoads = new Set<Set<string>>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly auditKeep: number,
  ) {}

  /** Puts a fresh copy of a row in place of (and into) the one held; answers the one held. */
  keep<K extends RowTable>(table: K, id: string, fresh: RowOf[K]): RowOf[K] {
    this.touched(table, id);
    const map = this.mapOf(table) as Map<string, RowOf[K]>;
    const held = map.get(id);
    if (held && held !== fresh) return assignDeep(held, fresh);
    map.set(id, fresh);
    return fresh;
  }

  drop(table: RowTable, id: string): void {
    this.touched(table, id);
    this.mapOf(table).delete(id);
  }

  keepAudit(seq: number, entry: AuditEntry): void {
    this.touched('audit', String(seq));
    this.audit.set(seq, entry);
    if (this.audit.size <= this.auditKeep) return;
    this.audit.delete(Math.min(...this.audit.keys()));
  }

  auditLog(): AuditEntry[] {
    return [...this.audit.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry);
  }

  /**
   * Every row again (at start, and after the change listener was lost). Its queries answer the rows as
   * they were when each began: a row this replica wrote (or read on a notice) since is kept as it is
   * now, not taken back to that answer (a run ended here would be `confirming` again, a place's new ts
   * gone, a row written meanwhile dropped).
   */
  async loadAll(): Promise<void> {
    const kept = new Set<string>();
    this.keptDuringLoads.add(kept);
    try {
      await this.readAll((table, id) => kept.has(`${table}/${id}`));
    } finally {
      this.keptDuringLoads.delete(kept);
    }
  }

  private async readAll(keptSince: (table: Table, id: string) => boolean): Promise<void> {
    const [requests, runs, windows, places, audit] = await Promise.all([
      this.pool.query<{ record: RequestRecord }>('SELECT record FROM ferry_requests ORDER BY created_at, id'),
      this.pool.query<{ record: RunRecord }>(
        "SELECT record FROM ferry_runs ORDER BY (record->>'startedAt')::bigint, id",
      ),
      this.pool.query<{ record: WindowRecord }>(
        "SELECT record FROM ferry_windows ORDER BY (record->>'createdAt')::bigint, id",
      ),
      this.pool.query<{ subject_id: string; place: Place }>('SELECT subject_id, place FROM ferry_places'),
      this.pool.query<{ seq: string; entry: AuditEntry }>(
        'SELECT seq, entry FROM (SELECT seq, entry FROM ferry_audit ORDER BY seq DESC LIMIT $1) newest ORDER BY seq',
        [this.auditKeep],
      ),
    ]);
    const sync = <K extends RowTable>(table: K, rows: [string, RowOf[K]][]) => {
      const map = this.mapOf(table) as Map<string, RowOf[K]>;
      const seen = new Set(rows.map(([id]) => id));
      for (const id of [...map.keys()]) if (!seen.has(id) && !keptSince(table, id)) map.delete(id);
      for (const [id, record] of rows) {
        if (keptSince(table, id)) continue;
        const held = map.get(id);
        if (held) assignDeep(held, record);
        else map.set(id, record);
      }
    };
    sync(
      'requests',
      requests.rows.map((row) => [row.record.id, row.record]),
    );
    sync(
      'runs',
      runs.rows.map((row) => [row.record.id, row.record]),
    );
    sync(
      'windows',
      windows.rows.map((row) => [row.record.id, row.record]),
    );
    sync(
      'places',
      places.rows.map((row) => [row.subject_id, row.place]),
    );
    for (const seq of [...this.audit.keys()]) if (!keptSince('audit', String(seq))) this.audit.delete(seq);
    for (const row of audit.rows) this.audit.set(Number(row.seq), row.entry);
    // the newest auditKeep of them, those kept meanwhile included
    const oldestFirst = [...this.audit.keys()].sort((a, b) => a - b);
    for (const seq of oldestFirst.slice(0, Math.max(0, oldestFirst.length - this.auditKeep)))
      this.audit.delete(seq);
  }

  /** Another replica changed a row: read it again (rows come back in full, so order does not matter). */
  async reload(notice: ChangeNotice): Promise<void> {
    if (notice.table === 'audit') {
      const { rows } = await this.pool.query<{ entry: AuditEntry }>(
        'SELECT entry FROM ferry_audit WHERE seq = $1',
        [notice.id],
      );
      if (rows[0]) this.keepAudit(Number(notice.id), rows[0].entry);
      return;
    }
    const query = {
      requests: 'SELECT record AS row FROM ferry_requests WHERE id = $1',
      runs: 'SELECT record AS row FROM ferry_runs WHERE id = $1',
      windows: 'SELECT record AS row FROM ferry_windows WHERE id = $1',
      places: 'SELECT place AS row FROM ferry_places WHERE subject_id = $1',
    }[notice.table];
    const { rows } = await this.pool.query<{ row: never }>(query, [notice.id]);
    if (rows[0]) this.keep(notice.table, notice.id, rows[0].row);
    else this.drop(notice.table, notice.id);
  }

  private touched(table: Table, id: string): void {
    for (const kept of this.keptDuringLoads) kept.add(`${table}/${id}`);
  }

  private mapOf(table: RowTable) {
    return { requests: this.requests, runs: this.runs, windows: this.windows, places: this.places }[table];
  }
}

/**
 * Brings a record held in memory up to date with a fresh copy, in place: whoever holds the record (or
 * an object inside it) sees the new values.
 */
export function assignDeep<T extends object>(target: T, fresh: T): T {
  const into = target as Record<string, unknown>;
  const from = fresh as Record<string, unknown>;
  for (const key of Object.keys(into)) if (!(key in from)) delete into[key];
  for (const [key, value] of Object.entries(from)) {
    const current = into[key];
    if (Array.isArray(value) && Array.isArray(current)) {
      current.length = Math.min(current.length, value.length);
      value.forEach((element, index) => {
        current[index] =
          isPlainObject(element) && isPlainObject(current[index])
            ? assignDeep(current[index] as object, element)
            : element;
      });
    } else if (isPlainObject(value) && isPlainObject(current)) assignDeep(current as object, value as object);
    else into[key] = value;
  }
  return target;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
