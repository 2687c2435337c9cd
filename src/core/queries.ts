import { ServerNotFoundError } from './cloud-errors.ts';
import type { Server } from './model/cloud.ts';
import type {
  AuditEntry,
  DrainRecord,
  EvacuationRecord,
  MoveRecord,
  NovaOutage,
  RequestRecord,
  RunRecord,
} from './model/records.ts';
import type { AuditPort } from './ports/audit.ts';
import type { CloudApi } from './ports/cloud.ts';
import type { RequestsPort } from './ports/requests.ts';
import type { RunsPort } from './ports/runs.ts';
import type { DurabilityPort, WriteFailure } from './ports/store.ts';

/** Where a server is, as Nova says now: the server, or the names a mistyped one may mean. */
export type WhereIs =
  | { kind: 'found'; server: Server }
  | { kind: 'not-found'; query: string; suggestions: string[] };

export interface QueriesDeps {
  /** the only source: every answer is read from it when asked, nothing is kept */
  store: RequestsPort & RunsPort & Pick<DurabilityPort, 'writeFailure'> & Pick<AuditPort, 'auditLog'>;
  /** the Nova outage a run's or an evacuation's thread was told of, while it lasts (the runner's) */
  novaOutageOf?: (id: string) => NovaOutage | null;
  /** what the cloud says now, for a command that asks it (read-only: servers, hosts) */
  cloud?: Pick<CloudApi, 'findServer' | 'serverNames'>;
  /** "did you mean": the names closest to one typed, as the other commands answer a mistyped name */
  suggest?: (typed: string, candidates: string[]) => string[];
}

/** the audit actions of a run's controls (core/move/run-actions.ts) */
const RUN_CONTROLS = new Set(['abort', 'force-complete', 'confirm', 'revert']);

/**
 * What read-only commands ask: records as the store has them now, and what the cloud says now, never
 * prose (the chat edge renders them). No writes, no caching.
 */
export class Queries {
  constructor(private readonly deps: QueriesDeps) {}

  /** the requests waiting for a decision */
  pendingRequests(): RequestRecord[] {
    return this.deps.store.pendingRequests();
  }

  /** every evacuation (and move back) the store keeps */
  evacuations(): EvacuationRecord[] {
    return this.deps.store.evacuations();
  }

  /** every drain the store keeps */
  drains(): DrainRecord[] {
    return this.deps.store.drains();
  }

  /** every run the store keeps, in the order they were made */
  runs(): RunRecord[] {
    return this.deps.store.runs();
  }

  /** why the store refuses writes now (a full disk, a database gone), or null while it writes */
  writeFailure(): WriteFailure | null {
    return this.deps.store.writeFailure();
  }

  /** the runs under way */
  activeRuns(): RunRecord[] {
    return this.deps.store.activeRuns();
  }

  /** the runs that ended, the latest first */
  endedRuns(): RunRecord[] {
    return this.deps.store
      .runs()
      .filter((run) => run.state === 'done')
      .sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0));
  }

  /** a run by its ID (m-…), or the run a move request (r-…) started; undefined when there is none */
  run(id: string): RunRecord | undefined {
    const { store } = this.deps;
    if (id.startsWith('r-')) {
      const runId = store.getMove(id)?.runId;
      return runId ? store.getRun(runId) : undefined;
    }
    return store.getRun(id);
  }

  /**
   * what people (or the stall policy) asked of a run while it ran, from the audit log: abort, force
   * complete, confirm, revert; none of them changes its phase when asked, so its transitions lack them
   */
  runControls(runId: string): AuditEntry[] {
    return this.deps.store
      .auditLog()
      .filter((entry) => entry.subject === runId && RUN_CONTROLS.has(entry.action));
  }

  /** a move request by its ID (r-…) */
  move(id: string): MoveRecord | undefined {
    return this.deps.store.getMove(id);
  }

  /** any request (move or evacuation) by its ID */
  request(id: string): RequestRecord | undefined {
    return this.deps.store.getRequest(id);
  }

  /** an evacuation by its ID (e-…) */
  evacuation(id: string): EvacuationRecord | undefined {
    return this.deps.store.getEvacuation(id);
  }

  /** the Nova outage a run's or an evacuation's thread was told of, while it lasts; null otherwise */
  novaOutageOf(id: string): NovaOutage | null {
    return this.deps.novaOutageOf?.(id) ?? null;
  }

  /** which compute host a server (name or ID) is on, and its states; several of that name throw AmbiguousServerError */
  async whereIs(nameOrId: string): Promise<WhereIs> {
    const { cloud, suggest } = this.deps;
    if (!cloud) throw new Error('Queries was built without the cloud');
    try {
      return { kind: 'found', server: await cloud.findServer(nameOrId) };
    } catch (error) {
      if (!(error instanceof ServerNotFoundError)) throw error;
      const names = await cloud.serverNames().catch(() => []);
      return { kind: 'not-found', query: nameOrId, suggestions: suggest?.(nameOrId, names) ?? [] };
    }
  }
}
