import type {
  OutboxDraft,
  OutboxEntry,
  OutboxMerge,
  OutboxResult,
  OutboxStore,
} from '../chat/outbox-port.ts';
import type { Place, Places } from '../chat/places.ts';
import type {
  AuditEntry,
  DrainRecord,
  EvacuationItemState,
  EvacuationRecord,
  EvacuationState,
  MoveRecord,
  PlanSummary,
  RequestRecord,
  RunRecord,
  WindowRecord,
} from '../core/model.ts';
import { StoreError, type StorePort } from '../core/store-port.ts';
import { auditEntry } from './audit.ts';
import * as change from './changes.ts';
import { DatabaseFile } from './database-file.ts';
import { appendPrivate } from './json-file.ts';
import { LowdbOutbox } from './outbox-lowdb.ts';
import { RecordStore } from './record-store.ts';
import { compactDatabase, type StoreOptions, withDefaults } from './retention.ts';

/**
 * Ferry's only writer of state. Named operations, no raw handle: every change goes through here,
 * and every write replaces the file atomically (a private temp file, then a rename: see json-file.ts).
 */

export class Store extends RecordStore implements StorePort, Places, OutboxStore {
  private readonly outbox: LowdbOutbox;

  private constructor(
    private readonly file: DatabaseFile,
    private readonly options: Required<StoreOptions>,
  ) {
    super();
    this.outbox = new LowdbOutbox(file);
  }

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
    this.audit(change.requestAudit(record));
    await this.write();
    return record;
  }

  getRequest(id: string): RequestRecord | undefined {
    return this.data.requests.find((request) => request.id === id);
  }

  async setEvacuationPhase(
    id: string,
    phase: EvacuationState['phase'],
    details: change.EvacuationPhaseDetails = {},
  ): Promise<EvacuationRecord> {
    const request = change.asEvacuation(this.getRequest(id), id);
    change.setEvacuationPhase(request, phase, details);
    await this.write();
    return request;
  }

  async updateEvacuationItems(
    id: string,
    changes: { serverId: string; change: Partial<EvacuationItemState> }[],
    plan?: { fingerprint: string },
  ): Promise<EvacuationRecord> {
    const request = change.asEvacuation(this.getRequest(id), id);
    change.updateEvacuationItems(request, changes, plan);
    await this.write();
    return request;
  }

  async updateDrain(id: string, apply: (drain: DrainRecord) => void): Promise<DrainRecord> {
    const request = change.asDrain(this.getRequest(id), id);
    // a throw leaves the record as it was: apply works on a copy, kept only when it returns
    const copy = structuredClone(request);
    apply(copy);
    Object.assign(request, copy);
    await this.write();
    return request;
  }

  /** The fresh checks of a re-check (on approval): what the run will follow. */
  async replacePlan(id: string, plan: PlanSummary, at: number): Promise<MoveRecord> {
    const request = change.asMove(this.getRequest(id), id);
    this.audit(change.replacePlan(request, plan, at));
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
    const request = change.asRequest(this.getRequest(id), id);
    const { audit, ...result } = change.decide(request, status, actor, at, note, seenFingerprint);
    if (!audit) return { request, ...result };
    this.audit(audit);
    await this.write();
    return { request, ...result };
  }

  // ---- Slack messages before they are sent (outbox-lowdb.ts)

  enqueueOutbox(draft: OutboxDraft, at: number, merge?: OutboxMerge) {
    return this.outbox.enqueueOutbox(draft, at, merge);
  }

  claimOutbox(owner: string, now: number, until: number): Promise<OutboxEntry[]> {
    return this.outbox.claimOutbox(owner, now, until);
  }

  settleOutbox(id: string, owner: string, result: OutboxResult): Promise<OutboxEntry | undefined> {
    return this.outbox.settleOutbox(id, owner, result);
  }

  pendingOutbox(): Promise<OutboxEntry[]> {
    return this.outbox.pendingOutbox();
  }

  failedOutbox(limit: number): Promise<OutboxEntry[]> {
    return this.outbox.failedOutbox(limit);
  }

  outboxByCause(cause: string): Promise<OutboxEntry | undefined> {
    return this.outbox.outboxByCause(cause);
  }

  // ---- runs

  /**
   * Creates the run of an approved request unless one exists. Synchronous up to the write, so two
   * callers at the same moment cannot both create one.
   */
  async claimRun(requestId: string, make: () => RunRecord): Promise<{ run: RunRecord; created: boolean }> {
    const request = change.asMove(this.getRequest(requestId), requestId);
    if (request.runId)
      return { run: change.asRun(this.getRun(request.runId), request.runId), created: false };
    const { run, audit } = change.claimRun(request, make);
    this.data.runs.push(run);
    this.audit(audit);
    await this.write();
    return { run, created: true };
  }

  getRun(id: string): RunRecord | undefined {
    return this.data.runs.find((run) => run.id === id);
  }

  runs(): RunRecord[] {
    return [...this.data.runs];
  }

  protected requestList(): RequestRecord[] {
    return this.data.requests;
  }

  protected async updateRun(
    id: string,
    apply: (run: RunRecord, audit: (entry: AuditEntry) => void) => void,
  ): Promise<RunRecord> {
    const run = change.asRun(this.getRun(id), id);
    apply(run, (entry) => this.audit(entry));
    await this.write();
    return run;
  }

  // ---- maintenance windows

  async addWindow(window: WindowRecord): Promise<WindowRecord> {
    this.data.windows.push(window);
    this.audit(change.windowAudit(window));
    await this.write();
    return window;
  }

  windows(): WindowRecord[] {
    return [...this.data.windows];
  }

  getWindow(id: string): WindowRecord | undefined {
    return this.data.windows.find((window) => window.id === id);
  }

  protected async updateWindow(id: string, apply: (window: WindowRecord) => void): Promise<WindowRecord> {
    const window = change.asWindow(this.getWindow(id), id);
    apply(window);
    await this.write();
    return window;
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
}
