import type { Place, Places } from '../chat/places.ts';
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
} from '../core/model.ts';
import { StoreError, type StorePort } from '../core/store-port.ts';
import { auditEntry, describeRequest } from './audit.ts';
import { DatabaseFile } from './database-file.ts';
import { appendPrivate } from './json-file.ts';
import { compactDatabase, type StoreOptions, withDefaults } from './retention.ts';

/**
 * Ferry's only writer of state. Named operations, no raw handle: every change goes through here,
 * and every write replaces the file atomically (a private temp file, then a rename: see json-file.ts).
 */

export class Store implements StorePort, Places {
  private constructor(
    private readonly file: DatabaseFile,
    private readonly options: Required<StoreOptions>,
  ) {}

  /** Opens (or creates) the database file; a corrupt file stops start-up and is left untouched. */
  static async open(path: string, options: StoreOptions = {}): Promise<Store> {
    return new Store(await DatabaseFile.open(path), withDefaults(options));
  }

  static memory(options: StoreOptions = {}): Store {
    return new Store(DatabaseFile.memory(), withDefaults(options));
  }

  private get data() {
    return this.file.data;
  }

  // ---- requests

  async addRequest(record: RequestRecord): Promise<RequestRecord> {
    this.data.requests.push(record);
    this.audit({
      at: record.createdAt,
      actor: record.requestedBy,
      action: 'request',
      subject: record.id,
      detail: describeRequest(record),
    });
    await this.write();
    return record;
  }

  getRequest(id: string): RequestRecord | undefined {
    return this.data.requests.find((request) => request.id === id);
  }

  pendingRequests(): RequestRecord[] {
    return this.data.requests.filter((request) => request.status === 'pending');
  }

  async setEvacuationPhase(
    id: string,
    phase: EvacuationState['phase'],
    details: Partial<
      Pick<EvacuationState, 'startedAt' | 'endedAt' | 'serviceDisabled' | 'abortRunning' | 'stoppedBy'>
    > = {},
  ): Promise<EvacuationRecord> {
    const request = this.mustEvacuation(id);
    Object.assign(request.evacuation, details, { phase });
    await this.write();
    return request;
  }

  async updateEvacuationItems(
    id: string,
    changes: { serverId: string; change: Partial<EvacuationItemState> }[],
    plan?: { fingerprint: string },
  ): Promise<EvacuationRecord> {
    const request = this.mustEvacuation(id);
    const state = request.evacuation;
    for (const { serverId, change } of changes) {
      const item = state.items.find((candidate) => candidate.serverId === serverId);
      if (!item) throw new StoreError(`Evacuation ${id} has no server ${serverId}.`);
      Object.assign(item, change);
    }
    if (plan) state.fingerprint = plan.fingerprint;
    await this.write();
    return request;
  }

  getMove(id: string): MoveRecord | undefined {
    const request = this.getRequest(id);
    return request?.kind === 'move' ? request : undefined;
  }

  getEvacuation(id: string): EvacuationRecord | undefined {
    const request = this.getRequest(id);
    return request?.kind === 'evacuation' ? request : undefined;
  }

  evacuations(): EvacuationRecord[] {
    return this.data.requests.filter((request) => request.kind === 'evacuation');
  }

  /** The fresh checks of a re-check (on approval): what the run will follow. */
  async replacePlan(id: string, plan: PlanSummary, at: number): Promise<MoveRecord> {
    const request = this.mustMove(id);
    request.plan = plan;
    this.audit({ at, actor: 'ferry', action: plan.ready ? 'recheck' : 'recheck-failed', subject: id });
    await this.write();
    return request;
  }

  // ---- where the chat edge shows requests and runs

  placeOf(subjectId: string): Place | undefined {
    return this.data.places[subjectId];
  }

  async setPlace(subjectId: string, place: Place): Promise<void> {
    this.data.places[subjectId] = { ...this.data.places[subjectId], ...place };
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
    if (
      request.kind === 'evacuation' &&
      status === 'approved' &&
      request.evacuation.fingerprint !== seenFingerprint
    )
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
    const request = this.mustMove(requestId);
    if (request.runId) return { run: this.mustRun(request.runId), created: false };
    if (request.status !== 'approved')
      throw new StoreError(`Request ${requestId} is ${request.status}, not approved.`);
    const run = make();
    request.runId = run.id;
    this.data.runs.push(run);
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
    return this.data.runs.find((run) => run.id === id);
  }

  runs(): RunRecord[] {
    return [...this.data.runs];
  }

  activeRuns(): RunRecord[] {
    return this.data.runs.filter((run) => run.state !== 'done');
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
    this.data.windows.push(window);
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
    return [...this.data.windows];
  }

  getWindow(id: string): WindowRecord | undefined {
    return this.data.windows.find((window) => window.id === id);
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
    return [...this.data.audit];
  }

  /** Drops finished records past retention and moves old audit entries to the append-only archive. */
  async compact(
    now: number,
  ): Promise<{ droppedRequests: number; droppedRuns: number; archivedAudit: number }> {
    const { archived, ...dropped } = compactDatabase(this.data, now, this.options);
    if (archived.length && this.file.path)
      await appendPrivate(
        `${this.file.path}.audit.jsonl`,
        `${archived.map((entry) => JSON.stringify(entry)).join('\n')}\n`,
      ).catch((error: unknown) => {
        throw new StoreError(`The Ferry database's audit archive: ${(error as Error).message}`);
      });
    await this.write();
    return { ...dropped, archivedAudit: archived.length };
  }

  /** Waits for every write so far; the file is consistent afterwards. */
  flush(): Promise<void> {
    return this.file.flush();
  }

  private audit(entry: AuditEntry): void {
    this.data.audit.push(auditEntry(entry));
  }

  private write(): Promise<void> {
    return this.file.write();
  }

  private mustEvacuation(id: string): EvacuationRecord {
    const request = this.mustRequest(id);
    if (request.kind !== 'evacuation') throw new StoreError(`Request ${id} is not an evacuation.`);
    return request;
  }

  private mustMove(id: string): MoveRecord {
    const request = this.mustRequest(id);
    if (request.kind !== 'move') throw new StoreError(`Request ${id} is not a move.`);
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
