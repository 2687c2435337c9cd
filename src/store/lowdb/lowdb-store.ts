import { randomUUID } from 'node:crypto';
import { type JournalEntry, published, type Recorded, type Telling } from '../../core/journal.ts';
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
import { budgetsAllow } from '../../core/move/budgets.ts';
import { inFlightServers } from '../../core/move/in-flight.ts';
import type { OutboxStore } from '../../core/ports/outbox.ts';
import type { Place, Places } from '../../core/ports/places.ts';
import type { BudgetLook } from '../../core/ports/requests.ts';
import { StoreError, type StorePort, type WriteFailure } from '../../core/ports/store.ts';
import { auditEntry } from '../audit.ts';
import * as change from '../changes.ts';
import * as claim from '../claims.ts';
import { RecordStore } from '../records/record-store.ts';
import { markItemRunning } from '../records/requests.ts';
import { compactDatabase, type StoreOptions, withDefaults } from '../retention.ts';
import type { Database } from '../schema.ts';
import { DatabaseFile } from './database-file.ts';
import { dropTold, journalOf, recordEvents } from './journal.ts';
import { appendPrivate } from './json-file.ts';
import { LowdbOutbox } from './outbox.ts';

/**
 * Ferry's only writer of state. Named operations, no raw handle: every change goes through here,
 * and every write replaces the file atomically (a private temp file, then a rename: see json-file.ts).
 */

export class LowdbStore extends RecordStore implements StorePort, Places, OutboxStore {
  protected readonly outbox: LowdbOutbox;
  /** this process, as the writer of its journal entries */
  private readonly writer = randomUUID();

  private constructor(
    private readonly file: DatabaseFile,
    private readonly options: Required<StoreOptions>,
  ) {
    super();
    this.outbox = new LowdbOutbox(file);
  }

  /** Opens (or creates) the database file; a corrupt file stops start-up and is left untouched. */
  static async open(path: string, options: StoreOptions = {}): Promise<LowdbStore> {
    return new LowdbStore(await DatabaseFile.open(path), withDefaults(options));
  }

  static memory(options: StoreOptions = {}): LowdbStore {
    return new LowdbStore(DatabaseFile.memory(), withDefaults(options));
  }

  private get data() {
    return this.file.data;
  }

  // ---- requests

  async addRequest(record: RequestRecord): Promise<RequestRecord> {
    await this.file.change((data) => {
      data.requests.push(structuredClone(record));
      audit(data, change.requestAudit(record));
    });
    return change.asRequest(this.getRequest(record.id), record.id);
  }

  async startEvacuationItem(
    id: string,
    serverId: string,
    child: MoveRecord,
    look: BudgetLook,
  ): Promise<EvacuationRecord | null> {
    let started = false;
    await this.file.change((data) => {
      // decided on the file's data as this write finds it: one process writes it (file-lock.ts)
      const evacuations = data.requests.filter((r): r is EvacuationRecord => r.kind === 'evacuation');
      const busy = inFlightServers(data.runs, evacuations);
      for (const stopped of look.stopped) busy.add(stopped);
      if (!budgetsAllow(look.groups, busy)) return;
      markItemRunning(id, serverId, child.id)(find(data.requests, id));
      data.requests.push(structuredClone(child));
      audit(data, change.requestAudit(child));
      started = true;
    });
    return started ? change.asEvacuation(this.getRequest(id), id) : null;
  }

  getRequest(id: string): RequestRecord | undefined {
    return this.data.requests.find((request) => request.id === id);
  }

  protected requestList(): RequestRecord[] {
    return this.data.requests;
  }

  protected async updateRequest<R extends RequestRecord>(
    id: string,
    apply: (request: RequestRecord | undefined, audit: (entry: AuditEntry) => void) => R,
    tell?: Telling<R>,
  ): Promise<RequestRecord> {
    await this.changeTelling(tell, (data) => apply(find(data.requests, id), (entry) => audit(data, entry)));
    return change.asRequest(this.getRequest(id), id);
  }

  // ---- where the chat edge shows requests and runs

  placeOf(subjectId: string): Place | undefined {
    return this.data.places[subjectId];
  }

  async setPlace(subjectId: string, place: Place): Promise<void> {
    await this.file.change((data) => {
      data.places[subjectId] = { ...data.places[subjectId], ...place };
    });
  }

  // ---- claims: checked and taken synchronously up to the write, so two callers cannot both take one

  async approveClaiming(
    id: string,
    actor: string,
    at: number,
    claims: Claim[],
    seenFingerprint?: string,
  ): Promise<{ request: RequestRecord; decided: boolean; planChanged?: boolean; conflict?: HeldClaim }> {
    const result = await this.file.change((data) => {
      const { audit: entry, ...outcome } = claim.approveClaiming(
        change.asRequest(find(data.requests, id), id),
        data.requests,
        actor,
        at,
        claims,
        seenFingerprint,
      );
      if (entry) audit(data, entry);
      return outcome;
    });
    return { request: change.asRequest(this.getRequest(id), id), ...result };
  }

  async addClaiming(
    record: RequestRecord,
    claims: Claim[],
    from?: string,
  ): Promise<{ request: RequestRecord; conflict?: HeldClaim }> {
    const conflict = await this.file.change((data) => {
      // as PostgreSQL's primary key: a request is recorded once
      if (data.requests.some((request) => request.id === record.id))
        throw new Error(`request ${record.id} is recorded already`);
      const others = data.requests.filter((request) => request.id !== from);
      const held = claim.conflictWith(others, record.id, claims);
      if (!held) {
        const handing = data.requests.find((request) => request.id === from);
        if (handing) claim.releaseClaims(handing);
        data.requests.push(structuredClone({ ...record, claims }));
        audit(data, change.requestAudit(record));
      }
      return held;
    });
    if (conflict) return { request: record, conflict };
    record.claims = claims;
    return { request: change.asRequest(this.getRequest(record.id), record.id) };
  }

  // ---- runs

  /**
   * Creates the run of an approved request unless one exists. Synchronous up to the write, so two
   * callers at the same moment cannot both create one.
   */
  async claimRun(requestId: string, make: () => RunRecord): Promise<{ run: RunRecord; created: boolean }> {
    const { runId, created } = await this.file.change((data) => {
      const request = change.asMove(find(data.requests, requestId), requestId);
      if (request.runId) return { runId: request.runId, created: false };
      const claimed = change.claimRun(request, make);
      data.runs.push(claimed.run);
      audit(data, claimed.audit);
      return { runId: claimed.run.id, created: true };
    });
    return { run: change.asRun(this.getRun(runId), runId), created };
  }

  getRun(id: string): RunRecord | undefined {
    return this.data.runs.find((run) => run.id === id);
  }

  runs(): RunRecord[] {
    return [...this.data.runs];
  }

  protected async updateRun(
    id: string,
    apply: (run: RunRecord, audit: (entry: AuditEntry) => void) => unknown,
    tell?: Telling<RunRecord>,
  ): Promise<RunRecord> {
    await this.changeTelling(tell, (data) => {
      const run = change.asRun(find(data.runs, id), id);
      return apply(run, (entry) => audit(data, entry)) === false ? null : run;
    });
    return change.asRun(this.getRun(id), id);
  }

  // ---- maintenance windows

  async addWindow(window: WindowRecord): Promise<WindowRecord> {
    await this.file.change((data) => {
      data.windows.push(structuredClone(window));
      audit(data, change.windowAudit(window));
    });
    return change.asWindow(this.getWindow(window.id), window.id);
  }

  windows(): WindowRecord[] {
    return [...this.data.windows];
  }

  getWindow(id: string): WindowRecord | undefined {
    return this.data.windows.find((window) => window.id === id);
  }

  protected async updateWindow(
    id: string,
    apply: (window: WindowRecord) => unknown,
    tell?: Telling<WindowRecord>,
  ): Promise<WindowRecord> {
    await this.changeTelling(tell, (data) => {
      const window = change.asWindow(find(data.windows, id), id);
      return apply(window) === false ? null : window;
    });
    return change.asWindow(this.getWindow(id), id);
  }

  // ---- the event journal (core/journal.ts): written in the change's own write

  /** One change (`apply` answers the record to tell of, null for nothing), its events in the same write. */
  private async changeTelling<R>(tell: Telling<R> | undefined, apply: (data: Database) => R | null) {
    const recorded = await this.file.change((data): Recorded | undefined => {
      const record = apply(data);
      return tell && record !== null ? recordEvents(data, tell, record, this.writer) : undefined;
    });
    published(tell, recorded);
  }

  async tell(telling: Telling<null>): Promise<void> {
    const recorded = await this.file.change((data) => recordEvents(data, telling, null, this.writer));
    published(telling, recorded);
  }

  /** One process holds the file: every entry not told is this one's to tell. */
  async untoldJournal(): Promise<JournalEntry[]> {
    return structuredClone(journalOf(this.data));
  }

  async markTold(id: string): Promise<void> {
    if (journalOf(this.data).some((entry) => entry.id === id))
      await this.file.change((data) => dropTold(data, id));
  }

  async recordAudit(entry: AuditEntry): Promise<void> {
    await this.file.change((data) => audit(data, entry));
  }

  auditLog(): AuditEntry[] {
    return [...this.data.audit];
  }

  /** Drops finished records past retention and moves old audit entries to the append-only archive. */
  async compact(
    now: number,
  ): Promise<{ droppedRequests: number; droppedRuns: number; archivedAudit: number }> {
    const { archived, ...dropped } = await this.file.change(async (data) => {
      const compacted = compactDatabase(data, now, this.options);
      // archived before the database drops them: a failed append changes nothing
      if (compacted.archived.length && this.file.path)
        await appendPrivate(
          `${this.file.path}.audit.jsonl`,
          `${compacted.archived.map((entry) => JSON.stringify(entry)).join('\n')}\n`,
        ).catch((error: unknown) => {
          throw new StoreError(`The Ferry database's audit archive: ${(error as Error).message}`);
        });
      return compacted;
    });
    return { ...dropped, archivedAudit: archived.length };
  }

  /** Waits for every write so far; the file is consistent afterwards. */
  flush(): Promise<void> {
    return this.file.flush();
  }

  writeFailure(): WriteFailure | null {
    return this.file.writeFailure();
  }

  probeWrite(): Promise<boolean> {
    return this.file.probe();
  }
}

function find<T extends { id: string }>(records: T[], id: string): T | undefined {
  return records.find((record) => record.id === id);
}

function audit(data: Database, entry: AuditEntry): void {
  data.audit.push(auditEntry(entry));
}
