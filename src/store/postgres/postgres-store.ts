import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type JournalEntry, published, type Telling } from '../../core/journal.ts';
import type {
  AuditEntry,
  Claim,
  EvacuationRecord,
  HeldClaim,
  MoveRecord,
  RequestRecord,
  RunRecord,
  WindowRecord,
} from '../../core/model/records.ts';
import type { OutboxStore } from '../../core/ports/outbox.ts';
import type { Place, Places } from '../../core/ports/places.ts';
import type { BudgetLook } from '../../core/ports/requests.ts';
import type { StorePort, WriteFailure } from '../../core/ports/store.ts';
import * as change from '../changes.ts';
import { RecordStore } from '../records/record-store.ts';
import { type StoreOptions, withDefaults } from '../retention.ts';
import { startEvacuationItem } from './budgets.ts';
import { addClaiming, approveClaiming } from './claims.ts';
import { compactRows } from './compaction.ts';
import { PostgresJournal } from './journal.ts';
import { ChangeListener } from './listener.ts';
import { RowMirror } from './mirror.ts';
import { PostgresOutbox } from './outbox.ts';
import { RowWrites } from './row-writes.ts';
import { migrate } from './schema.ts';
import { databaseHealth, json, notify, storeError, Writer } from './writer.ts';

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
export class PostgresStore extends RecordStore implements StorePort, Places, OutboxStore {
  private readonly instance = randomUUID();
  private readonly options: Required<StoreOptions>;
  private readonly rows: RowMirror;
  private listener: ChangeListener | undefined;
  private readonly writer: Writer;
  private readonly writes: RowWrites;
  protected readonly outbox: PostgresOutbox;
  private readonly journal: PostgresJournal;

  private constructor(
    private readonly pool: pg.Pool,
    settings: PostgresStoreOptions,
  ) {
    super();
    this.options = withDefaults(settings);
    this.rows = new RowMirror(pool, this.options.auditKeep);
    this.writer = new Writer(pool);
    this.journal = new PostgresJournal(pool, this.instance);
    this.writes = new RowWrites(this.writer, this.rows, this.instance, this.journal);
    this.outbox = new PostgresOutbox({
      write: (work) => this.write(work),
      pool,
      setPlace: (tx, subject, place) => this.mergePlace(tx, subject, place),
      placed: (subject, place) => this.rows.keep('places', subject, place),
    });
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
    const store = new PostgresStore(pool, options);
    try {
      const client = await pool.connect();
      try {
        await migrate(client);
      } finally {
        client.release();
      }
      // listening before loading: a change made meanwhile is read again, never missed
      store.listener = new ChangeListener({
        url,
        instance: store.instance,
        onNotice: (notice) => store.rows.reload(notice),
        onReconnected: () => store.rows.loadAll(),
        ...(options.onListenerState ? { onState: options.onListenerState } : {}),
      });
      await store.listener.start();
      await store.rows.loadAll();
    } catch (error) {
      await store.close();
      throw storeError(error, 'open');
    }
    return store;
  }

  /** Whether the database answers, and whether changes from other replicas are arriving. */
  health(): Promise<{ ok: boolean; latencyMs: number; listening: boolean; error?: string }> {
    return databaseHealth(this.pool, this.listener?.listening ?? false);
  }

  /**
   * Fences this replica's writes: a write to a run, evacuation or drain whose lease this replica
   * holds commits only while the lease table still shows that generation (no one took it over).
   */
  fenceWith(generationOf: (lease: string) => number | undefined): void {
    this.writer.fenceWith(generationOf);
  }

  /** The pool, for the lease table (leases.ts) */
  get database(): pg.Pool {
    return this.pool;
  }

  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    await this.listener?.end();
    await this.pool.end().catch(() => undefined);
  }

  // ---- requests

  async addRequest(record: RequestRecord): Promise<RequestRecord> {
    await this.write((tx) => this.writes.insertRequest(tx, record));
    this.rows.keep('requests', record.id, record);
    return record;
  }

  startEvacuationItem(
    id: string,
    serverId: string,
    child: MoveRecord,
    look: BudgetLook,
  ): Promise<EvacuationRecord | null> {
    return startEvacuationItem(this.writes, id, serverId, child, look);
  }

  getRequest(id: string): RequestRecord | undefined {
    return this.rows.requests.get(id);
  }

  protected requestList(): RequestRecord[] {
    return [...this.rows.requests.values()];
  }

  // ---- claims: checked and taken under the claims lock (postgres/claims.ts)

  approveClaiming(
    id: string,
    actor: string,
    at: number,
    claims: Claim[],
    seenFingerprint?: string,
  ): Promise<{ request: RequestRecord; decided: boolean; planChanged?: boolean; conflict?: HeldClaim }> {
    return approveClaiming(this.writes, id, actor, at, claims, seenFingerprint);
  }

  addClaiming(
    record: RequestRecord,
    claims: Claim[],
    from?: string,
  ): Promise<{ request: RequestRecord; conflict?: HeldClaim }> {
    return addClaiming(this.writes, record, claims, from);
  }

  // ---- where the chat edge shows requests and runs

  placeOf(subjectId: string): Place | undefined {
    return this.rows.places.get(subjectId);
  }

  async setPlace(subjectId: string, place: Place): Promise<void> {
    const merged = await this.write((tx) => this.mergePlace(tx, subjectId, place));
    this.rows.keep('places', subjectId, merged);
  }

  private async mergePlace(tx: pg.PoolClient, subjectId: string, place: Place): Promise<Place> {
    const { rows } = await tx.query<{ place: Place }>(
      `INSERT INTO ferry_places (subject_id, place) VALUES ($1, $2)
       ON CONFLICT (subject_id) DO UPDATE SET place = ferry_places.place || EXCLUDED.place
       RETURNING place`,
      [subjectId, json(place)],
    );
    await notify(tx, this.instance, 'places', subjectId);
    return rows[0]?.place as Place;
  }

  // ---- runs

  claimRun(requestId: string, make: () => RunRecord): Promise<{ run: RunRecord; created: boolean }> {
    return this.writes.claimRun(requestId, make);
  }

  getRun(id: string): RunRecord | undefined {
    return this.rows.runs.get(id);
  }

  runs(): RunRecord[] {
    return [...this.rows.runs.values()];
  }

  // ---- maintenance windows

  async addWindow(window: WindowRecord): Promise<WindowRecord> {
    await this.write(async (tx) => {
      await tx.query('INSERT INTO ferry_windows (id, record) VALUES ($1, $2)', [window.id, json(window)]);
      await this.appendAudit(tx, change.windowAudit(window));
      await notify(tx, this.instance, 'windows', window.id);
    });
    this.rows.keep('windows', window.id, window);
    return window;
  }

  windows(): WindowRecord[] {
    return [...this.rows.windows.values()];
  }

  getWindow(id: string): WindowRecord | undefined {
    return this.rows.windows.get(id);
  }

  // ---- audit

  async recordAudit(entry: AuditEntry): Promise<void> {
    await this.write((tx) => this.appendAudit(tx, entry));
  }

  auditLog(): AuditEntry[] {
    return this.rows.auditLog();
  }

  // ---- the event journal (journal.ts): written in the change's own transaction

  async tell(telling: Telling<null>): Promise<void> {
    published(telling, await this.write((tx) => this.journal.record(tx, telling, null)));
  }

  untoldJournal(now: number): Promise<JournalEntry[]> {
    return this.journal.untold(now);
  }

  async markTold(id: string): Promise<void> {
    await this.write((tx) => this.journal.markTold(tx, id));
  }

  /**
   * Drops finished requests and runs past retention, and windows long over, by the same rules as the
   * lowdb store. The audit trail stays whole in its table; only the newest entries are kept in memory.
   */
  compact(now: number): Promise<{ droppedRequests: number; droppedRuns: number }> {
    return compactRows(this.rows, now, this.options, (work) => this.write((tx) => work(tx, this.instance)));
  }

  writeFailure(): WriteFailure | null {
    return this.writer.writeFailure();
  }

  probeWrite(): Promise<boolean> {
    return this.writer.probe();
  }

  /** Resolves when every write so far has committed (or failed). */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  // ---- writing (row-writes.ts)

  private write<T>(work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.writes.write(work);
  }

  protected updateRequest<R extends RequestRecord>(
    id: string,
    apply: (request: RequestRecord | undefined, audit: (entry: AuditEntry) => void) => R,
    tell?: Telling<R>,
  ): Promise<R> {
    return this.writes.updateRequest(id, apply, tell);
  }

  protected updateRun(
    id: string,
    apply: (run: RunRecord, audit: (entry: AuditEntry) => void) => unknown,
    tell?: Telling<RunRecord>,
  ): Promise<RunRecord> {
    return this.writes.updateRun(id, apply, tell);
  }

  protected updateWindow(
    id: string,
    apply: (window: WindowRecord) => unknown,
    tell?: Telling<WindowRecord>,
  ): Promise<WindowRecord> {
    return this.writes.updateWindow(id, apply, tell);
  }

  private appendAudit(tx: pg.PoolClient, entry: AuditEntry): Promise<void> {
    return this.writes.appendAudit(tx, entry);
  }
}
