import type { AuditEntry, RunRecord } from '../core/model/records.ts';
import type { Database } from './schema.ts';

/** How long finished work stays in the database file, and how much audit trail stays in it. */
export interface StoreOptions {
  /** finished requests and runs older than this are dropped by compaction */
  retentionMs?: number;
  /** audit entries kept in the main file; older ones go to `<file>.audit.jsonl` */
  auditKeep?: number;
}

export function withDefaults(options: StoreOptions): Required<StoreOptions> {
  return { retentionMs: options.retentionMs ?? 90 * 86_400_000, auditKeep: options.auditKeep ?? 5_000 };
}

/**
 * Drops finished records past retention (pending requests and unfinished runs always stay, and a
 * request stays as long as its run), the chat places of what was dropped, and windows long over.
 * Answers the audit entries beyond `auditKeep`, oldest first, for the caller to archive.
 */
export function compactDatabase(
  data: Database,
  now: number,
  options: Required<StoreOptions>,
): { droppedRequests: number; droppedRuns: number; archived: AuditEntry[] } {
  const cutoff = now - options.retentionMs;
  const keepRun = (run: RunRecord) => run.state !== 'done' || (run.endedAt ?? now) >= cutoff;
  const runsBefore = data.runs.length;
  data.runs = data.runs.filter(keepRun);
  const keptRunIds = new Set(data.runs.map((run) => run.id));
  const requestsBefore = data.requests.length;
  data.requests = data.requests.filter(
    (request) =>
      request.status === 'pending' ||
      // a drain can outlast retention (hundreds of hosts): it is kept until it ends
      (request.kind === 'drain' && request.status === 'approved' && request.drain.phase !== 'done') ||
      (request.kind === 'move' && request.runId
        ? keptRunIds.has(request.runId)
        : (request.decidedAt ?? request.createdAt) >= cutoff),
  );
  const kept = new Set([...data.requests.map((request) => request.id), ...keptRunIds]);
  // a drain's questions are kept under `<drain ID>:<host>` (chat/drain-questions.ts) as long as the drain:
  // dropped at a start, an asked question would never lose its buttons
  const ownerOf = (place: string) => place.split(':')[0] as string;
  for (const id of Object.keys(data.places)) if (!kept.has(ownerOf(id))) delete data.places[id];
  data.windows = data.windows.filter((window) => window.end >= cutoff);
  let archived: AuditEntry[] = [];
  if (data.audit.length > options.auditKeep) {
    archived = data.audit.slice(0, data.audit.length - options.auditKeep);
    data.audit = data.audit.slice(-options.auditKeep);
  }
  return {
    droppedRequests: requestsBefore - data.requests.length,
    droppedRuns: runsBefore - data.runs.length,
    archived,
  };
}
