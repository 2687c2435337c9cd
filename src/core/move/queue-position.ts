import type { Migration } from '../model/cloud.ts';
import type { RunRecord } from '../model/records.ts';
import type { QueueAhead } from '../model/run-facts.ts';
import type { CloudApi } from '../ports/cloud.ts';
import type { MigrationFeed } from './migration-feed.ts';

/** live-migration statuses that hold one of the source host's max_concurrent_live_migrations slots */
const HOLDS_SLOT = new Set(['preparing', 'running', 'running (post-copy)']);

/**
 * Why a live migration waits in `queued`: nova-compute runs max_concurrent_live_migrations at once per
 * source host (default 1). When the shared feed's last answer shows moves of this Ferry from the same
 * source holding a slot, those are named with no request of its own: a drain's --concurrency 2 queues
 * each source's next move behind its own (#31 target 5: a read for every queued move was 4 of the 60
 * Nova requests a minute for twenty moves). Otherwise the source's live migrations are read, and the
 * ones that hold a slot or queued first are counted. Null: none ahead, or the read failed.
 */
export async function queuePosition(
  deps: {
    cloud: CloudApi;
    feed: MigrationFeed;
    now: number;
    /** the runs under way, from the store */
    activeRuns: () => RunRecord[];
    /** a request on the run's behalf, paced and counted with its others */
    request: <T>(call: () => Promise<T>) => Promise<T>;
  },
  run: RunRecord,
  ours: Migration,
): Promise<QueueAhead | null> {
  const ferrys = deps
    .activeRuns()
    .filter(
      (other) => other.id !== run.id && other.mode !== 'cold' && holdsSlot(deps.feed, other, run.source),
    )
    .map((other) => other.serverName);
  if (ferrys.length) return { ferrys, source: run.source };
  const since = new Date(deps.now - 86_400_000).toISOString().slice(0, 19);
  const recent = await deps
    .request(() =>
      deps.cloud.listMigrations({ host: run.source, type: 'live-migration', changesSince: since }),
    )
    .catch(() => null);
  if (!recent) return null;
  const ahead = recent.filter(
    (m) =>
      m.id !== ours.id &&
      m.sourceCompute === run.source &&
      (HOLDS_SLOT.has(m.status) || (m.status === 'queued' && m.id < ours.id)),
  ).length;
  return ahead > 0 ? { ahead, source: run.source } : null;
}

/** Whether the feed's record of another run's migration holds a slot on `source`. */
function holdsSlot(feed: MigrationFeed, other: RunRecord, source: string): boolean {
  const record = feed.adoptedBy(other);
  return !!record && record.sourceCompute === source && HOLDS_SLOT.has(record.status);
}
