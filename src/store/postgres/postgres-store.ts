import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Place, Places } from '../../chat/places.ts';
import type {
  AuditEntry,
  EvacuationItemState,
  EvacuationRecord,
  EvacuationState,
  MoveRecord,
  Outcome,
  PlanSummary,
  ProgressSnapshot,
  RequestRecord,
  RunRecord,
  RunState,
  WindowRecord,
} from '../../core/model.ts';
import { StoreError, type StorePort } from '../../core/store-port.ts';
import { auditEntry } from '../audit.ts';
import * as change from '../changes.ts';
import { compactDatabase, type StoreOptions, withDefaults } from '../retention.ts';
import { SCHEMA } from '../schema.ts';
import { assignDeep } from './mirror.ts';
import { migrate } from './schema.ts';

type Table = 'requests' | 'runs' | 'windows' | 'places' | 'audit';

/** What a write tells the other replicas (NOTIFY ferry_changes): reload this row. */
interface ChangeNotice {
  from: string;
  table: Table;
  id: string;
}

const CHANNEL = 'ferry_changes';

export interface PostgresStoreOptions extends StoreOptions {
  /** connections in the pool (default 5) */
  poolSize?: number;
  /** told when the change listener loses its connection and when it is back */
  onListenerState?: (connected: boolean, error?: Error) => void;
}

/**
 * Ferry's state in PostgreSQL, shared by every replica. Every write is one transaction on the rows it
 * changes, taken with SELECT … FOR UPDATE, so a decision, a claim or a window's start is made exactly
 * once whichever replica asks. Reads answer from a mirror of the rows in memory (the core reads
 * synchronously), kept current by this replica's own writes and by the NOTIFY every write sends the
 * others; a lost listener connection reloads everything when it is back.
 */
export class PostgresStore implements StorePort, Places {
  private readonly requests = new Map<string, RequestRecord>();
  private readonly runRecords = new Map<string, RunRecord>();
  private readonly windowRecords = new Map<string, WindowRecord>();
  private readonly places = new Map<string, Place>();
  /** the newest audit entries, by sequence number */
  private readonly audit = new Map<number, AuditEntry>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly instance = randomUUID();
  private readonly options: Required<StoreOptions>;
  private listener: pg.Client | undefined;
  private listening = false;
  private reloads: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
    private readonly settings: PostgresStoreOptions,
  ) {
    this.options = withDefaults(settings);
  }

  /** Connects, applies the schema migrations, starts listening for the other replicas' writes, loads. */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 5,
      connectionTimeoutMillis: 10_000,
    });
    // an idle connection that dies is replaced on the next query; nothing to do but not crash
    pool.on('error', () => undefined);
    const store = new PostgresStore(pool, url, options);
    try {
      const client = await pool.connect();
      try {
        await migrate(client);
      } finally {
        client.release();
      }
      await store.listen();
      await store.loadAll();
    } catch (error) {
      await store.close();
      throw storeError(error, 'open');
    }
    return store;
  }

  /** Whether the database answers, and whether changes from other replicas are arriving. */
  async health(): Promise<{ ok: boolean; latencyMs: number; listening: boolean; error?: string }> {
    const started = performance.now();
    try {
      await this.pool.query('SELECT 1');
      return { ok: true, latencyMs: performance.now() - started, listening: this.listening };
    } catch (error) {
      return {
        ok: false,
        latencyMs: performance.now() - started,
        listening: this.listening,
        error: storeError(error, 'health check').message,
      };
    }
  }

  /** The pool, for the lease table (leases.ts) */
  get database(): pg.Pool {
    return this.pool;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush().catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }

  // ---- requests

  async addRequest(record: RequestRecord): Promise<RequestRecord> {
    await this.write(async (tx) => {
      await tx.query(
        'INSERT INTO ferry_requests (id, kind, status, created_at, record) VALUES ($1, $2, $3, $4, $5)',
        [record.id, record.kind, record.status, record.createdAt, json(record)],
      );
      await this.appendAudit(tx, change.requestAudit(record));
      await notify(tx, this.instance, 'requests', record.id);
    });
    this.requests.set(record.id, record);
    return record;
  }

  getRequest(id: string): RequestRecord | undefined {
    return this.requests.get(id);
  }

  getMove(id: string): MoveRecord | undefined {
    const request = this.getRequest(id);
    return request?.kind === 'move' ? request : undefined;
  }

  getEvacuation(id: string): EvacuationRecord | undefined {
    const request = this.getRequest(id);
    return request?.kind === 'evacuation' ? request : undefined;
  }

  pendingRequests(): RequestRecord[] {
    return [...this.requests.values()].filter((request) => request.status === 'pending');
  }

  evacuations(): EvacuationRecord[] {
    return [...this.requests.values()].filter((request) => request.kind === 'evacuation');
  }

  setEvacuationPhase(
    id: string,
    phase: EvacuationState['phase'],
    details: change.EvacuationPhaseDetails = {},
  ): Promise<EvacuationRecord> {
    return this.updateRequest(id, (request) => {
      const evacuation = change.asEvacuation(request, id);
      change.setEvacuationPhase(evacuation, phase, details);
      return evacuation;
    });
  }

  updateEvacuationItems(
    id: string,
    changes: { serverId: string; change: Partial<EvacuationItemState> }[],
    plan?: { fingerprint: string },
  ): Promise<EvacuationRecord> {
    return this.updateRequest(id, (request) => {
      const evacuation = change.asEvacuation(request, id);
      change.updateEvacuationItems(evacuation, changes, plan);
      return evacuation;
    });
  }

  replacePlan(id: string, plan: PlanSummary, at: number): Promise<MoveRecord> {
    return this.updateRequest(id, (request, audit) => {
      const move = change.asMove(request, id);
      audit(change.replacePlan(move, plan, at));
      return move;
    });
  }

  async decide(
    id: string,
    status: 'approved' | 'rejected' | 'expired',
    actor: string,
    at: number,
    note?: string,
    seenFingerprint?: string,
  ): Promise<{ request: RequestRecord; decided: boolean; planChanged?: boolean }> {
    let result: { decided: boolean; planChanged?: boolean } = { decided: false };
    const request = await this.updateRequest(id, (found, audit) => {
      const request = change.asRequest(found, id);
      const { audit: entry, ...outcome } = change.decide(request, status, actor, at, note, seenFingerprint);
      result = outcome;
      if (entry) audit(entry);
      return request;
    });
    return { request, ...result };
  }

  // ---- where the chat edge shows requests and runs

  placeOf(subjectId: string): Place | undefined {
    return this.places.get(subjectId);
  }

  async setPlace(subjectId: string, place: Place): Promise<void> {
    const merged = await this.write(async (tx) => {
      const { rows } = await tx.query<{ place: Place }>(
        `INSERT INTO ferry_places (subject_id, place) VALUES ($1, $2)
         ON CONFLICT (subject_id) DO UPDATE SET place = ferry_places.place || EXCLUDED.place
         RETURNING place`,
        [subjectId, json(place)],
      );
      await notify(tx, this.instance, 'places', subjectId);
      return rows[0]?.place as Place;
    });
    this.mirror('places', subjectId, merged);
  }

  // ---- runs

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
    this.mirror('requests', requestId, claimed.request);
    const run = this.mirror('runs', claimed.run.id, claimed.run);
    return { run, created: claimed.created };
  }

  getRun(id: string): RunRecord | undefined {
    return this.runRecords.get(id);
  }

  runs(): RunRecord[] {
    return [...this.runRecords.values()];
  }

  activeRuns(): RunRecord[] {
    return this.runs().filter((run) => run.state !== 'done');
  }

  recordRunRequest(
    id: string,
    kind: 'start' | 'abort' | 'force' | 'confirm' | 'revert',
    novaRequestId: string | undefined,
  ): Promise<RunRecord> {
    return this.updateRun(id, (run) => change.recordRunRequest(run, kind, novaRequestId));
  }

  setRunBaseline(id: string, migrationId: number): Promise<RunRecord> {
    return this.updateRun(id, (run) => change.setRunBaseline(run, migrationId));
  }

  adoptMigration(
    id: string,
    migration: { id: number; uuid: string | null; destination: string | null },
  ): Promise<RunRecord> {
    return this.updateRun(id, (run) => change.adoptMigration(run, migration));
  }

  saveProgress(id: string, progress: ProgressSnapshot): Promise<RunRecord> {
    return this.updateRun(id, (run) => change.saveProgress(run, progress));
  }

  transition(id: string, state: RunState, at: number, note?: string): Promise<RunRecord> {
    return this.updateRun(id, (run) => change.transition(run, state, at, note));
  }

  async finishRun(id: string, outcome: Outcome, at: number): Promise<{ run: RunRecord; first: boolean }> {
    let first = false;
    const run = await this.updateRun(id, (r, audit) => {
      const entry = change.finishRun(r, outcome, at);
      if (entry) audit(entry);
      first = entry !== undefined;
    });
    return { run, first };
  }

  // ---- maintenance windows

  async addWindow(window: WindowRecord): Promise<WindowRecord> {
    await this.write(async (tx) => {
      await tx.query('INSERT INTO ferry_windows (id, record) VALUES ($1, $2)', [window.id, json(window)]);
      await this.appendAudit(tx, change.windowAudit(window));
      await notify(tx, this.instance, 'windows', window.id);
    });
    this.windowRecords.set(window.id, window);
    return window;
  }

  windows(): WindowRecord[] {
    return [...this.windowRecords.values()];
  }

  getWindow(id: string): WindowRecord | undefined {
    return this.windowRecords.get(id);
  }

  cancelWindow(id: string): Promise<WindowRecord> {
    return this.updateWindow(id, change.cancelWindow);
  }

  recordReminders(id: string, reminders: WindowRecord['reminders']): Promise<WindowRecord> {
    return this.updateWindow(id, (window) => change.recordReminders(window, reminders));
  }

  async markWindowHandled(
    id: string,
    edge: 'start' | 'end',
  ): Promise<{ window: WindowRecord; first: boolean }> {
    let first = false;
    const window = await this.updateWindow(id, (w) => {
      first = change.markWindowHandled(w, edge);
    });
    return { window, first };
  }

  // ---- audit

  async recordAudit(entry: AuditEntry): Promise<void> {
    await this.write((tx) => this.appendAudit(tx, entry));
  }

  auditLog(): AuditEntry[] {
    return [...this.audit.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry);
  }

  /**
   * Drops finished requests and runs past retention, and windows long over, by the same rules as the
   * lowdb store. The audit trail stays whole in its table; only the newest entries are kept in memory.
   */
  async compact(now: number): Promise<{ droppedRequests: number; droppedRuns: number }> {
    const data = {
      schema: SCHEMA,
      requests: [...this.requests.values()],
      runs: this.runs(),
      audit: [],
      windows: this.windows(),
      places: Object.fromEntries(this.places),
    } as Parameters<typeof compactDatabase>[0];
    const { droppedRequests, droppedRuns } = compactDatabase(data, now, this.options);
    const gone = (before: Iterable<string>, kept: { id: string }[]) => {
      const keep = new Set(kept.map((record) => record.id));
      return [...before].filter((id) => !keep.has(id));
    };
    const requests = gone(this.requests.keys(), data.requests);
    const runs = gone(this.runRecords.keys(), data.runs);
    const windows = gone(this.windowRecords.keys(), data.windows);
    const places = [...this.places.keys()].filter((id) => !(id in data.places));
    await this.write(async (tx) => {
      await tx.query('DELETE FROM ferry_runs WHERE id = ANY($1)', [runs]);
      await tx.query('DELETE FROM ferry_requests WHERE id = ANY($1)', [requests]);
      await tx.query('DELETE FROM ferry_windows WHERE id = ANY($1)', [windows]);
      await tx.query('DELETE FROM ferry_places WHERE subject_id = ANY($1)', [places]);
      // the other replicas drop them from their copies too
      for (const [table, ids] of [
        ['runs', runs],
        ['requests', requests],
        ['windows', windows],
        ['places', places],
      ] as const)
        for (const id of ids) await notify(tx, this.instance, table, id);
    });
    for (const id of runs) this.runRecords.delete(id);
    for (const id of requests) this.requests.delete(id);
    for (const id of windows) this.windowRecords.delete(id);
    for (const id of places) this.places.delete(id);
    return { droppedRequests, droppedRuns };
  }

  /** Resolves when every write so far has committed (or failed). */
  async flush(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  // ---- writing

  private write<T>(work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
    const done = this.transaction(work);
    this.inFlight.add(done);
    const forget = () => this.inFlight.delete(done);
    done.then(forget, forget);
    return done;
  }

  private async transaction<T>(work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
    let tx: pg.PoolClient;
    try {
      tx = await this.pool.connect();
    } catch (error) {
      throw storeError(error, 'connect');
    }
    try {
      await tx.query('BEGIN');
      const result = await work(tx);
      await tx.query('COMMIT');
      return result;
    } catch (error) {
      await tx.query('ROLLBACK').catch(() => undefined);
      throw error instanceof StoreError ? error : storeError(error, 'write');
    } finally {
      tx.release();
    }
  }

  /** One request row, locked, changed by `apply`, written back with its audit entries. */
  private async updateRequest<R extends RequestRecord>(
    id: string,
    apply: (request: RequestRecord | undefined, audit: (entry: AuditEntry) => void) => R,
  ): Promise<R> {
    const updated = await this.write(async (tx) => {
      const entries: AuditEntry[] = [];
      const before = await lockRow<RequestRecord>(tx, 'requests', id);
      const snapshot = JSON.stringify(before);
      const request = apply(before, (entry) => entries.push(entry));
      if (JSON.stringify(request) !== snapshot) {
        await saveRequest(tx, request);
        await notify(tx, this.instance, 'requests', id);
      }
      for (const entry of entries) await this.appendAudit(tx, entry);
      return request;
    });
    return this.mirror('requests', id, updated) as R;
  }

  private async updateRun(
    id: string,
    apply: (run: RunRecord, audit: (entry: AuditEntry) => void) => void,
  ): Promise<RunRecord> {
    const updated = await this.write(async (tx) => {
      const entries: AuditEntry[] = [];
      const run = change.asRun(await lockRow<RunRecord>(tx, 'runs', id), id);
      apply(run, (entry) => entries.push(entry));
      await tx.query('UPDATE ferry_runs SET state = $2, record = $3 WHERE id = $1', [
        id,
        run.state,
        json(run),
      ]);
      for (const entry of entries) await this.appendAudit(tx, entry);
      await notify(tx, this.instance, 'runs', id);
      return run;
    });
    return this.mirror('runs', id, updated);
  }

  private async updateWindow(id: string, apply: (window: WindowRecord) => void): Promise<WindowRecord> {
    const updated = await this.write(async (tx) => {
      const window = change.asWindow(await lockRow<WindowRecord>(tx, 'windows', id), id);
      apply(window);
      await tx.query('UPDATE ferry_windows SET record = $2 WHERE id = $1', [id, json(window)]);
      await notify(tx, this.instance, 'windows', id);
      return window;
    });
    return this.mirror('windows', id, updated);
  }

  private async appendAudit(tx: pg.PoolClient, entry: AuditEntry): Promise<void> {
    const kept = auditEntry(entry);
    const { rows } = await tx.query<{ seq: string }>(
      'INSERT INTO ferry_audit (at, subject, entry) VALUES ($1, $2, $3) RETURNING seq',
      [kept.at, kept.subject, json(kept)],
    );
    const seq = Number(rows[0]?.seq);
    await notify(tx, this.instance, 'audit', String(seq));
    this.keepAudit(seq, kept);
  }

  private keepAudit(seq: number, entry: AuditEntry): void {
    this.audit.set(seq, entry);
    if (this.audit.size <= this.options.auditKeep) return;
    const oldest = Math.min(...this.audit.keys());
    this.audit.delete(oldest);
  }

  // ---- the mirror

  /** Puts a fresh copy of a row into the mirror, in place of (and into) the one held; answers it. */
  private mirror<K extends Exclude<Table, 'audit'>>(table: K, id: string, fresh: MirrorOf[K]): MirrorOf[K] {
    const map = this.mapOf(table) as Map<string, MirrorOf[K]>;
    const held = map.get(id);
    if (held && held !== fresh) return assignDeep(held, fresh);
    map.set(id, fresh);
    return fresh;
  }

  private mapOf(table: Exclude<Table, 'audit'>) {
    return {
      requests: this.requests,
      runs: this.runRecords,
      windows: this.windowRecords,
      places: this.places,
    }[table];
  }

  private async loadAll(): Promise<void> {
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
        [this.options.auditKeep],
      ),
    ]);
    const sync = <T extends object>(map: Map<string, T>, rows: [string, T][]) => {
      const seen = new Set(rows.map(([id]) => id));
      for (const id of [...map.keys()]) if (!seen.has(id)) map.delete(id);
      for (const [id, record] of rows) {
        const held = map.get(id);
        if (held) assignDeep(held, record);
        else map.set(id, record);
      }
    };
    sync(
      this.requests,
      requests.rows.map((row) => [row.record.id, row.record]),
    );
    sync(
      this.runRecords,
      runs.rows.map((row) => [row.record.id, row.record]),
    );
    sync(
      this.windowRecords,
      windows.rows.map((row) => [row.record.id, row.record]),
    );
    sync(
      this.places,
      places.rows.map((row) => [row.subject_id, row.place]),
    );
    this.audit.clear();
    for (const row of audit.rows) this.audit.set(Number(row.seq), row.entry);
  }

  /** Another replica changed a row: read it again (rows come back in full, so order does not matter). */
  private async reload(notice: ChangeNotice): Promise<void> {
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
    if (rows[0]) this.mirror(notice.table, notice.id, rows[0].row);
    else this.mapOf(notice.table).delete(notice.id);
  }

  /** LISTEN on a connection of its own; when it drops, connect again and reload everything. */
  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (message) => {
      if (!message.payload) return;
      const notice = JSON.parse(message.payload) as ChangeNotice;
      if (notice.from === this.instance) return;
      this.reloads = this.reloads.then(() => this.reload(notice)).catch(() => this.reconnectSoon());
    });
    const lost = (error?: Error) => {
      if (this.listener !== client) return;
      this.listener = undefined;
      this.listening = false;
      this.settings.onListenerState?.(false, error);
      client.end().catch(() => undefined);
      this.reconnectSoon();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.listener = client;
    this.listening = true;
  }

  private reconnectSoon(): void {
    if (this.closed) return;
    setTimeout(() => {
      if (this.closed || this.listener) return;
      this.listen()
        .then(() => this.loadAll())
        .then(() => this.settings.onListenerState?.(true))
        .catch(() => this.reconnectSoon());
    }, 1_000).unref();
  }
}

interface MirrorOf {
  requests: RequestRecord;
  runs: RunRecord;
  windows: WindowRecord;
  places: Place;
}

const TABLES = { requests: 'ferry_requests', runs: 'ferry_runs', windows: 'ferry_windows' } as const;

async function lockRow<T>(tx: pg.PoolClient, table: keyof typeof TABLES, id: string): Promise<T | undefined> {
  const { rows } = await tx.query<{ record: T }>(
    `SELECT record FROM ${TABLES[table]} WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0]?.record;
}

async function saveRequest(tx: pg.PoolClient, request: RequestRecord): Promise<void> {
  await tx.query('UPDATE ferry_requests SET status = $2, record = $3 WHERE id = $1', [
    request.id,
    request.status,
    json(request),
  ]);
}

function notify(tx: pg.PoolClient, from: string, table: Table, id: string) {
  const notice: ChangeNotice = { from, table, id };
  return tx.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(notice)]);
}

/** JSON for a jsonb parameter (pg would send an array as a PostgreSQL array). */
function json(value: unknown): string {
  return JSON.stringify(value);
}

/** A database failure as a StoreError: what failed, PostgreSQL's reason, never the connection URL. */
function storeError(error: unknown, doing: string): StoreError {
  if (error instanceof StoreError) return error;
  const detail = error as { code?: string; message?: string };
  const reason = detail.message ?? String(error);
  return new StoreError(
    `The PostgreSQL store failed (${doing}${detail.code ? `, ${detail.code}` : ''}): ${reason}. Check that the database in FERRY_DATABASE_URL is up and reachable.`,
  );
}
