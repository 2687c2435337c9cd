import { Low, Memory } from 'lowdb';
import type {
  AuditEntry,
  EvacuationItemState,
  EvacuationState,
  Outcome,
  PlanSummary,
  ProgressSnapshot,
  RequestRecord,
  RunRecord,
  RunState,
  WindowRecord,
} from '../core/model.ts';
import type { StorePort } from '../core/store-port.ts';
import { appendPrivate, DatabaseFileError, SafeJsonFile } from './json-file.ts';

/**
 * Ferry's only writer of state. Named operations, no raw handle: every change goes through here,
 * and every write replaces the file atomically (a private temp file, then a rename: see json-file.ts).
 */

export interface Database {
  schema: 1;
  requests: RequestRecord[];
  runs: RunRecord[];
  audit: AuditEntry[];
  windows: WindowRecord[];
}

export class StoreError extends Error {
  override readonly name = 'StoreError';
}

export interface StoreOptions {
  /** finished requests and runs older than this are dropped by compaction */
  retentionMs?: number;
  /** audit entries kept in the main file; older ones go to `<file>.audit.jsonl` */
  auditKeep?: number;
}

const EMPTY: Database = { schema: 1, requests: [], runs: [], audit: [], windows: [] };

export class Store implements StorePort {
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly db: Low<Database>,
    private readonly path: string | null,
    private readonly options: Required<StoreOptions>,
  ) {}

  /** Opens (or creates) the database file; a corrupt file stops start-up and is left untouched. */
  static async open(path: string, options: StoreOptions = {}): Promise<Store> {
    const db = new Low<Database>(new SafeJsonFile<Database>(path), structuredClone(EMPTY));
    try {
      await db.read();
    } catch (error) {
      throw new StoreError(
        `The Ferry database (FERRY_DB) cannot be used: ${(error as Error).message} Ferry will not overwrite it: fix it or move it aside (a new one is then created), and start again.`,
      );
    }
    validate(db.data, path);
    // Files written before maintenance windows existed have no list yet.
    db.data.windows ??= [];
    const store = new Store(db, path, withDefaults(options));
    await store.write();
    return store;
  }

  static memory(options: StoreOptions = {}): Store {
    return new Store(
      new Low<Database>(new Memory<Database>(), structuredClone(EMPTY)),
      null,
      withDefaults(options),
    );
  }

  // ---- requests

  async addRequest(record: RequestRecord): Promise<RequestRecord> {
    this.db.data.requests.push(record);
    this.audit({
      at: record.createdAt,
      actor: record.requestedBy,
      action: 'request',
      subject: record.id,
      detail: describe(record),
    });
    await this.write();
    return record;
  }

  getRequest(id: string): RequestRecord | undefined {
    return this.db.data.requests.find((request) => request.id === id);
  }

  pendingRequests(): RequestRecord[] {
    return this.db.data.requests.filter((request) => request.status === 'pending');
  }

  async setEvacuationPhase(
    id: string,
    phase: EvacuationState['phase'],
    details: Partial<
      Pick<EvacuationState, 'startedAt' | 'endedAt' | 'serviceDisabled' | 'abortRunning' | 'stoppedBy'>
    > = {},
  ): Promise<RequestRecord> {
    const request = this.mustEvacuation(id);
    Object.assign(request.evacuation as EvacuationState, details, { phase });
    await this.write();
    return request;
  }

  async updateEvacuationItems(
    id: string,
    changes: { serverId: string; change: Partial<EvacuationItemState> }[],
    plan?: { fingerprint: string },
  ): Promise<RequestRecord> {
    const request = this.mustEvacuation(id);
    const state = request.evacuation as EvacuationState;
    for (const { serverId, change } of changes) {
      const item = state.items.find((candidate) => candidate.serverId === serverId);
      if (!item) throw new StoreError(`Evacuation ${id} has no server ${serverId}.`);
      Object.assign(item, change);
    }
    if (plan) state.fingerprint = plan.fingerprint;
    await this.write();
    return request;
  }

  evacuations(): RequestRecord[] {
    return this.db.data.requests.filter((request) => request.kind === 'evacuation');
  }

  /** The fresh checks of a re-check (on approval): what the run will follow. */
  async replacePlan(id: string, plan: PlanSummary, at: number): Promise<RequestRecord> {
    const request = this.mustRequest(id);
    request.plan = plan;
    this.audit({ at, actor: 'ferry', action: plan.ready ? 'recheck' : 'recheck-failed', subject: id });
    await this.write();
    return request;
  }

  async setRequestOrigin(id: string, origin: Record<string, string>): Promise<void> {
    const request = this.mustRequest(id);
    request.origin = { ...request.origin, ...origin };
    await this.write();
  }

  /**
   * Records approval, rejection or expiry, once: a request already decided keeps its first decision.
   * Answers the record and whether this call was the one that decided it.
   */
  async decide(
    id: string,
    status: 'approved' | 'rejected' | 'expired',
    actor: string,
    at: number,
    note?: string,
    /** an approval of an evacuation holds only for the exact plan the approver saw */
    seenFingerprint?: string,
  ): Promise<{ request: RequestRecord; decided: boolean; planChanged?: boolean }> {
    const request = this.mustRequest(id);
    if (request.status !== 'pending') return { request, decided: false };
    if (request.evacuation && status === 'approved' && request.evacuation.fingerprint !== seenFingerprint)
      return { request, decided: false, planChanged: true };
    request.status = status;
    request.decidedBy = actor;
    request.decidedAt = at;
    if (note) request.decisionNote = note;
    this.audit({
      at,
      actor,
      action: status === 'approved' ? 'approve' : status === 'rejected' ? 'reject' : 'expire',
      subject: id,
      detail: note,
    });
    await this.write();
    return { request, decided: true };
  }

  // ---- runs

  /**
   * Creates the run of an approved request unless one exists. Synchronous up to the write, so two
   * callers at the same moment cannot both create one.
   */
  async claimRun(requestId: string, make: () => RunRecord): Promise<{ run: RunRecord; created: boolean }> {
    const request = this.mustRequest(requestId);
    if (request.runId) return { run: this.mustRun(request.runId), created: false };
    if (request.status !== 'approved')
      throw new StoreError(`Request ${requestId} is ${request.status}, not approved.`);
    const run = make();
    request.runId = run.id;
    this.db.data.runs.push(run);
    this.audit({
      at: run.startedAt,
      actor: 'ferry',
      action: 'start',
      subject: run.id,
      detail: `${run.serverName} ${run.source} → ${run.destination ?? 'scheduler'} (${run.mode}) for ${requestId}`,
    });
    await this.write();
    return { run, created: true };
  }

  getRun(id: string): RunRecord | undefined {
    return this.db.data.runs.find((run) => run.id === id);
  }

  runs(): RunRecord[] {
    return [...this.db.data.runs];
  }

  activeRuns(): RunRecord[] {
    return this.db.data.runs.filter((run) => run.state !== 'done');
  }

  private async updateRun(id: string, change: (run: RunRecord) => void): Promise<RunRecord> {
    const run = this.mustRun(id);
    change(run);
    await this.write();
    return run;
  }

  recordRunRequest(
    id: string,
    kind: 'start' | 'abort' | 'force' | 'confirm' | 'revert',
    novaRequestId: string | undefined,
  ): Promise<RunRecord> {
    return this.updateRun(id, (run) => {
      if (kind === 'abort') run.abortRequested = true;
      if (kind === 'force') run.forceRequested = true;
      if (kind === 'revert') run.revertRequested = true;
      if (novaRequestId) run.novaRequestIds.push(novaRequestId);
    });
  }

  setRunBaseline(id: string, migrationId: number): Promise<RunRecord> {
    return this.updateRun(id, (run) => {
      run.baselineMigrationId = migrationId;
    });
  }

  adoptMigration(
    id: string,
    migration: { id: number; uuid: string | null; destination: string | null },
  ): Promise<RunRecord> {
    return this.updateRun(id, (run) => {
      run.migrationId = migration.id;
      if (migration.uuid) run.migrationUuid = migration.uuid;
      if (migration.destination) run.destination = migration.destination;
    });
  }

  saveProgress(id: string, progress: ProgressSnapshot): Promise<RunRecord> {
    return this.updateRun(id, (run) => {
      run.lastProgress = progress;
    });
  }

  setRunOrigin(id: string, origin: Record<string, string>): Promise<RunRecord> {
    return this.updateRun(id, (run) => {
      run.origin = { ...run.origin, ...origin };
    });
  }

  async transition(id: string, state: RunState, at: number, note?: string): Promise<RunRecord> {
    return this.updateRun(id, (run) => {
      if (run.state === state) return;
      run.state = state;
      run.transitions.push({ state, at, ...(note ? { note } : {}) });
    });
  }

  async finishRun(id: string, outcome: Outcome, at: number): Promise<RunRecord> {
    const run = await this.updateRun(id, (r) => {
      r.state = 'done';
      r.endedAt = at;
      r.outcome = outcome;
      r.transitions.push({ state: 'done', at, note: outcome.kind });
    });
    this.audit({
      at,
      actor: 'ferry',
      action: `outcome:${outcome.kind}`,
      subject: id,
      detail: outcome.message,
    });
    await this.write();
    return run;
  }

  // ---- maintenance windows

  async addWindow(window: WindowRecord): Promise<WindowRecord> {
    this.db.data.windows.push(window);
    this.audit({
      at: window.createdAt,
      actor: window.createdBy,
      action: 'maintenance',
      subject: window.id,
      detail: `${window.host} ${new Date(window.start).toISOString()} → ${new Date(window.end).toISOString()}: ${window.reason}`,
    });
    await this.write();
    return window;
  }

  windows(): WindowRecord[] {
    return [...this.db.data.windows];
  }

  getWindow(id: string): WindowRecord | undefined {
    return this.db.data.windows.find((window) => window.id === id);
  }

  private async updateWindow(id: string, change: (window: WindowRecord) => void): Promise<WindowRecord> {
    const window = this.getWindow(id);
    if (!window) throw new StoreError(`No maintenance window ${id}.`);
    change(window);
    await this.write();
    return window;
  }

  cancelWindow(id: string): Promise<WindowRecord> {
    return this.updateWindow(id, (window) => {
      window.status = 'cancelled';
    });
  }

  recordReminders(id: string, reminders: WindowRecord['reminders']): Promise<WindowRecord> {
    return this.updateWindow(id, (window) => {
      Object.assign(window.reminders, reminders);
    });
  }

  async markWindowHandled(
    id: string,
    edge: 'start' | 'end',
  ): Promise<{ window: WindowRecord; first: boolean }> {
    let first = false;
    const window = await this.updateWindow(id, (w) => {
      const handled = edge === 'start' ? w.startHandled : w.endHandled;
      first = !handled;
      if (edge === 'start') w.startHandled = true;
      else w.endHandled = true;
    });
    return { window, first };
  }

  async recordAudit(entry: AuditEntry): Promise<void> {
    this.audit(entry);
    await this.write();
  }

  auditLog(): AuditEntry[] {
    return [...this.db.data.audit];
  }

  /** Drops finished records past retention and moves old audit entries to the append-only archive. */
  async compact(
    now: number,
  ): Promise<{ droppedRequests: number; droppedRuns: number; archivedAudit: number }> {
    const cutoff = now - this.options.retentionMs;
    const data = this.db.data;
    const keepRun = (run: RunRecord) => run.state !== 'done' || (run.endedAt ?? now) >= cutoff;
    const runsBefore = data.runs.length;
    data.runs = data.runs.filter(keepRun);
    const liveRunIds = new Set(data.runs.map((run) => run.id));
    const requestsBefore = data.requests.length;
    data.requests = data.requests.filter(
      (request) =>
        request.status === 'pending' ||
        (request.runId ? liveRunIds.has(request.runId) : (request.decidedAt ?? request.createdAt) >= cutoff),
    );
    data.windows = data.windows.filter((window) => window.end >= cutoff);
    let archived: AuditEntry[] = [];
    if (data.audit.length > this.options.auditKeep) {
      archived = data.audit.slice(0, data.audit.length - this.options.auditKeep);
      if (this.path)
        await appendPrivate(
          `${this.path}.audit.jsonl`,
          `${archived.map((entry) => JSON.stringify(entry)).join('\n')}\n`,
        ).catch((error: unknown) => {
          throw new StoreError(`The Ferry database's audit archive: ${(error as Error).message}`);
        });
      data.audit = data.audit.slice(-this.options.auditKeep);
    }
    await this.write();
    return {
      droppedRequests: requestsBefore - data.requests.length,
      droppedRuns: runsBefore - data.runs.length,
      archivedAudit: archived.length,
    };
  }

  /** Waits for every write so far; the file is consistent afterwards. */
  flush(): Promise<void> {
    return this.queue;
  }

  private audit(entry: AuditEntry): void {
    this.db.data.audit.push(
      entry.detail === undefined
        ? { at: entry.at, actor: entry.actor, action: entry.action, subject: entry.subject }
        : entry,
    );
  }

  private write(): Promise<void> {
    const written = this.queue.then(() =>
      this.db.write().catch((error: unknown) => {
        throw error instanceof DatabaseFileError
          ? new StoreError(`The Ferry database (FERRY_DB) ${error.message}`)
          : error;
      }),
    );
    // one failed write must not fail every later one
    this.queue = written.catch(() => undefined);
    return written;
  }

  private mustEvacuation(id: string): RequestRecord {
    const request = this.mustRequest(id);
    if (!request.evacuation) throw new StoreError(`Request ${id} is not an evacuation.`);
    return request;
  }

  private mustRequest(id: string): RequestRecord {
    const request = this.getRequest(id);
    if (!request) throw new StoreError(`No request ${id}.`);
    return request;
  }

  private mustRun(id: string): RunRecord {
    const run = this.getRun(id);
    if (!run) throw new StoreError(`No run ${id}.`);
    return run;
  }
}

function withDefaults(options: StoreOptions): Required<StoreOptions> {
  return { retentionMs: options.retentionMs ?? 90 * 86_400_000, auditKeep: options.auditKeep ?? 5_000 };
}

function validate(data: unknown, path: string): asserts data is Database {
  const db = data as Partial<Database> | null;
  if (
    db?.schema !== 1 ||
    !Array.isArray(db.requests) ||
    !Array.isArray(db.runs) ||
    !Array.isArray(db.audit)
  ) {
    throw new StoreError(
      `${path} is not a Ferry database (schema 1 with requests, runs and audit). Ferry will not overwrite it: point FERRY_DB elsewhere or move the file aside.`,
    );
  }
}

function describe(record: RequestRecord): string {
  const { plan } = record;
  return `${plan.serverName ?? record.request.server} ${plan.source ?? '?'} → ${plan.destination ?? 'scheduler'} (${plan.mode})`;
}
