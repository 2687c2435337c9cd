import type pg from 'pg';
import { published, type Recorded, type Telling } from '../../core/journal.ts';
import type { AuditEntry, RequestRecord, RunRecord, WindowRecord } from '../../core/model/records.ts';
import { drainLease, evacuationLease, leaseOfRun } from '../../core/ports/leases.ts';
import { auditEntry } from '../audit.ts';
import * as change from '../changes.ts';
import type { PostgresJournal } from './journal.ts';
import type { RowMirror } from './mirror.ts';
import { json, lockRow, notify, saveRequest, type Writer } from './writer.ts';

/**
 * The record rows' transactions: each change is written under its row lock (fenced by the lease that
 * covers it), its audit entries appended, the other replicas told, and this replica's mirror kept.
 */
export class RowWrites {
  constructor(
    private readonly writer: Writer,
    readonly rows: RowMirror,
    readonly instance: string,
    readonly journal: PostgresJournal,
  ) {}

  write<T>(work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.writer.write(work);
  }

  /** A new request row with its audit entry. */
  async insertRequest(tx: pg.PoolClient, record: RequestRecord): Promise<void> {
    // first: it makes the record's times whole, created_at's among them
    const row = json(record);
    await tx.query(
      'INSERT INTO ferry_requests (id, kind, status, created_at, record) VALUES ($1, $2, $3, $4, $5)',
      [record.id, record.kind, record.status, record.createdAt, row],
    );
    await this.appendAudit(tx, change.requestAudit(record));
    await notify(tx, this.instance, 'requests', record.id);
  }

  /** The run of a move, created once: a second claim answers the run the first created. */
  async claimRun(requestId: string, make: () => RunRecord): Promise<{ run: RunRecord; created: boolean }> {
    const claimed = await this.write(async (tx) => {
      const request = change.asMove(await lockRow<RequestRecord>(tx, 'requests', requestId), requestId);
      if (request.runId) {
        const existing = await lockRow<RunRecord>(tx, 'runs', request.runId);
        return { run: change.asRun(existing, request.runId), created: false, request };
      }
      const { run, audit } = change.claimRun(request, make);
      await tx.query('INSERT INTO ferry_runs (id, request_id, state, record) VALUES ($1, $2, $3, $4)', [
        run.id,
        requestId,
        run.state,
        json(run),
      ]);
      await saveRequest(tx, request);
      await this.appendAudit(tx, audit);
      await notify(tx, this.instance, 'runs', run.id);
      await notify(tx, this.instance, 'requests', requestId);
      return { run, created: true, request };
    });
    this.rows.keep('requests', requestId, claimed.request);
    const run = this.rows.keep('runs', claimed.run.id, claimed.run);
    return { run, created: claimed.created };
  }

  /** One request row, locked, changed by `apply`, written back with its audit entries and `tell`'s events. */
  async updateRequest<R extends RequestRecord>(
    id: string,
    apply: (request: RequestRecord | undefined, audit: (entry: AuditEntry) => void) => R,
    tell?: Telling<R>,
  ): Promise<R> {
    let recorded: Recorded | undefined;
    const updated = await this.write(async (tx) => {
      const entries: AuditEntry[] = [];
      const before = await lockRow<RequestRecord>(tx, 'requests', id);
      await this.checkFence(tx, before);
      const snapshot = JSON.stringify(before);
      const request = apply(before, (entry) => entries.push(entry));
      if (JSON.stringify(request) !== snapshot) {
        await saveRequest(tx, request);
        await notify(tx, this.instance, 'requests', id);
      }
      for (const entry of entries) await this.appendAudit(tx, entry);
      if (tell) recorded = await this.journal.record(tx, tell, request);
      return request;
    });
    const kept = this.rows.keep('requests', id, updated) as R;
    published(tell, recorded);
    return kept;
  }

  /** Refuses the write when another replica took over the lease that covers `request`'s row. */
  checkFence(tx: pg.PoolClient, request: RequestRecord | undefined): Promise<void> {
    return this.writer.checkFence(tx, request && leaseOfRequest(request));
  }

  async updateRun(
    id: string,
    apply: (run: RunRecord, audit: (entry: AuditEntry) => void) => unknown,
    tell?: Telling<RunRecord>,
  ): Promise<RunRecord> {
    let recorded: Recorded | undefined;
    const updated = await this.write(async (tx) => {
      const entries: AuditEntry[] = [];
      const run = change.asRun(await lockRow<RunRecord>(tx, 'runs', id), id);
      const move = this.rows.requests.get(run.requestId);
      await this.writer.checkFence(tx, leaseOfRun(run.id, move?.kind === 'move' ? move.parentId : undefined));
      const told = apply(run, (entry) => entries.push(entry)) !== false;
      await tx.query('UPDATE ferry_runs SET state = $2, record = $3 WHERE id = $1', [
        id,
        run.state,
        json(run),
      ]);
      for (const entry of entries) await this.appendAudit(tx, entry);
      await notify(tx, this.instance, 'runs', id);
      if (tell && told) recorded = await this.journal.record(tx, tell, run);
      return run;
    });
    const kept = this.rows.keep('runs', id, updated);
    published(tell, recorded);
    return kept;
  }

  async updateWindow(
    id: string,
    apply: (window: WindowRecord) => unknown,
    tell?: Telling<WindowRecord>,
  ): Promise<WindowRecord> {
    let recorded: Recorded | undefined;
    const updated = await this.write(async (tx) => {
      const window = change.asWindow(await lockRow<WindowRecord>(tx, 'windows', id), id);
      const told = apply(window) !== false;
      await tx.query('UPDATE ferry_windows SET record = $2 WHERE id = $1', [id, json(window)]);
      await notify(tx, this.instance, 'windows', id);
      if (tell && told) recorded = await this.journal.record(tx, tell, window);
      return window;
    });
    const kept = this.rows.keep('windows', id, updated);
    published(tell, recorded);
    return kept;
  }

  async appendAudit(tx: pg.PoolClient, entry: AuditEntry): Promise<void> {
    const kept = auditEntry(entry);
    // first: it makes the entry's time whole for its column too
    const row = json(kept);
    const { rows } = await tx.query<{ seq: string }>(
      'INSERT INTO ferry_audit (at, subject, entry) VALUES ($1, $2, $3) RETURNING seq',
      [kept.at, kept.subject, row],
    );
    const seq = Number(rows[0]?.seq);
    await notify(tx, this.instance, 'audit', String(seq));
    this.rows.keepAudit(seq, kept);
  }
}

/** The lease that covers a request's row: an evacuation's or a drain's own; a move has none. */
function leaseOfRequest(request: RequestRecord): string | undefined {
  if (request.kind === 'evacuation') return evacuationLease(request.id);
  if (request.kind === 'drain') return drainLease(request.id);
  return undefined;
}
