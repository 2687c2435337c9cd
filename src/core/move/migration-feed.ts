import type { Clock } from '../../clock.ts';
import { OpenStackApiError } from '../cloud-errors.ts';
import type { Migration } from '../model/cloud.ts';
import type { RunRecord } from '../model/records.ts';
import type { CloudApi } from '../ports/cloud.ts';

/** How often the one shared question is asked while a watched run may change soon. */
export const FEED_TICK_MS = 2_000;
/** overlap with the previous answer, so a record updated in the same second is never missed */
const OVERLAP_MS = 2_000;
/**
 * Answers in a row that change no watched record before one question asks for every record, not only
 * those changed since the cursor: Nova's updated_at follows its own clock, and a clock set back writes
 * records older than the cursor, which changes-since (updated_at >= it) never returns. Counted in
 * answers, not time, since a clock that steps cannot measure the quiet. Doubles while nothing is found.
 */
const QUIET_ANSWERS = 15;
const QUIET_ANSWERS_MAX = 150;

/**
 * One poll for every migration Ferry watches: each tick asks Nova once for the migration records
 * changed since the last answer (os-migrations?changes-since, every page) and keeps the newest of each,
 * so twenty running migrations cost one request per tick instead of twenty. Watchers wait for the next
 * answer and read their record from it.
 */
export class MigrationFeed {
  private readonly records = new Map<string, Migration>();
  /** watched run → its server */
  private readonly watchers = new Map<string, string>();
  /** servers whose records a successful answer has covered since they were first watched */
  private readonly covered = new Set<string>();
  private waiting: (() => void)[] = [];
  private running: Promise<void> | null = null;
  /** Nova's own time of the newest change seen: the next question starts there */
  private cursor: string | null = null;
  /** when the question that first went unanswered was asked (null: the last one was answered) */
  private failingSince: number | null = null;
  /** the HTTP status Nova failed the last question with (undefined: no answer at all) */
  private failingStatus: number | undefined;
  /** answers since a watched record last changed, and how many of them ask for every record */
  private quietAnswers = 0;
  private quietLimit = QUIET_ANSWERS;
  /** every record of the last answer (key → its updated_at): one seen again unchanged moves no cursor */
  private lastAnswer = new Map<string, string>();
  /** ends the current wait between two questions (hurry) */
  private waking: AbortController | null = null;

  constructor(
    private readonly deps: {
      cloud: CloudApi;
      clock: Clock;
      halt: AbortSignal;
      /** how long until the next question, given what is watched now (default FEED_TICK_MS) */
      interval?: () => number;
    },
  ) {}

  /** Starts feeding a run of `serverId` that began at `since` (ms): records from then on. */
  watch(runId: string, serverId: string, since: number): void {
    this.watchers.set(runId, serverId);
    const from = new Date(since - 60_000).toISOString().slice(0, 19);
    if (this.cursor === null || from < this.cursor) this.cursor = from;
    this.running ??= this.loop().finally(() => {
      this.running = null;
    });
  }

  unwatch(runId: string): void {
    this.watchers.delete(runId);
  }

  /** Resolves after the next answer (or at once when shutting down). */
  next(): Promise<void> {
    if (this.deps.halt.aborted) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /**
   * Whether an answer asked since the server was first watched (from before its run began) came back:
   * until then, no record of it means nothing, not that Nova has none.
   */
  covers(serverId: string): boolean {
    return this.covered.has(serverId);
  }

  /** Since when Nova has not answered the shared question; null while it answers. */
  unreachableSince(): number | null {
    return this.failingSince;
  }

  /** The status Nova failed the shared question with last (undefined: it did not answer at all). */
  failedWith(): number | undefined {
    return this.failingStatus;
  }

  /**
   * Asks again now rather than at the end of the current wait: a person's step (a confirm, a revert) ends
   * a wait of up to 15 s taken while every move waited for a person, and Nova's answer to it comes soon.
   */
  hurry(): void {
    this.waking?.abort();
  }

  /** A record read fresh elsewhere (the feed asks only for changes, and may have missed it). */
  remember(migration: Migration): void {
    if (this.watchers.size === 0) return;
    this.records.set(migration.uuid ?? `${migration.serverId}#${migration.id}`, migration);
  }

  /** Every record known for a server, of one type. */
  recordsFor(serverId: string, type: Migration['type']): Migration[] {
    return [...this.records.values()].filter((m) => m.serverId === serverId && m.type === type);
  }

  /**
   * The record of the migration a run adopted, as last listed (null: not listed); undefined while the
   * run has adopted none. Integer IDs are reused when a cloud's database is reset: known by its UUID.
   */
  adoptedBy(run: RunRecord): Migration | null | undefined {
    if (!run.migrationUuid && run.migrationId === undefined) return undefined;
    const forServer = this.recordsFor(run.serverId, run.mode === 'cold' ? 'migration' : 'live-migration');
    if (run.migrationUuid) return forServer.find((m) => m.uuid === run.migrationUuid) ?? null;
    return forServer.find((m) => m.id === run.migrationId) ?? null;
  }

  private async loop(): Promise<void> {
    const { clock, halt } = this.deps;
    while (this.watchers.size > 0 && !halt.aborted) {
      const askedAt = clock.now();
      try {
        await this.refresh();
        this.failingSince = null;
      } catch (error) {
        // Nova is unreachable or fails (a 5xx): watchers keep what they knew, the next tick asks again
        this.failingSince ??= askedAt;
        this.failingStatus = error instanceof OpenStackApiError ? error.status : undefined;
      }
      const woken = this.waiting;
      this.waiting = [];
      for (const wake of woken) wake();
      // the watchers read this answer first: a run it shows ended is not asked about again (watch-pace.ts)
      await new Promise((resolve) => setImmediate(resolve));
      this.waking = new AbortController();
      await clock
        .sleep(this.deps.interval?.() ?? FEED_TICK_MS, AbortSignal.any([halt, this.waking.signal]))
        .catch(() => undefined);
      this.waking = null;
    }
    for (const wake of this.waiting.splice(0)) wake();
  }

  private async refresh(): Promise<void> {
    const asked = this.cursor;
    const watched = new Set(this.watchers.values());
    const everything = asked !== null && this.quietAnswers >= this.quietLimit;
    const changed = await this.deps.cloud.listMigrations(asked && !everything ? { changesSince: asked } : {});
    let newest = asked ?? '';
    let moved = false;
    let behind: string | null = null;
    const answer = new Map<string, string>();
    for (const migration of changed) {
      const key = migration.uuid ?? `${migration.serverId}#${migration.id}`;
      answer.set(key, migration.updatedAt ?? '');
      const seenBefore = this.lastAnswer.get(key) === (migration.updatedAt ?? '');
      if (!seenBefore && migration.updatedAt && migration.updatedAt > newest) newest = migration.updatedAt;
      if (!watched.has(migration.serverId)) continue;
      const known = this.records.get(key);
      if (known?.status !== migration.status || known.updatedAt !== migration.updatedAt) {
        moved = true;
        // a change the cursor hid: Nova's clock went back, so the next questions start before it
        if (
          everything &&
          migration.updatedAt &&
          migration.updatedAt < (asked ?? '') &&
          (!behind || migration.updatedAt < behind)
        )
          behind = migration.updatedAt;
      }
      this.records.set(key, migration);
    }
    this.lastAnswer = answer;
    // A full answer lacks a record it had: Nova no longer lists it (or lists without its cell for now).
    // The watcher reads it fresh by itself before anything is said.
    if (everything)
      for (const [key, migration] of this.records)
        if (watched.has(migration.serverId) && !answer.has(key)) this.records.delete(key);
    if (moved) {
      this.quietAnswers = 0;
      if (!everything) this.quietLimit = QUIET_ANSWERS;
    } else if (everything) {
      this.quietAnswers = 0;
      this.quietLimit = Math.min(this.quietLimit * 2, QUIET_ANSWERS_MAX);
    } else this.quietAnswers += 1;
    if (behind) {
      const before = minus(behind, OVERLAP_MS);
      if (!this.cursor || before < this.cursor) this.cursor = before;
      this.quietAnswers = 0;
      this.quietLimit = QUIET_ANSWERS;
    }
    // a run watched while this question was on its way moved the cursor back: keep that for the next
    else if (newest && this.cursor === asked) {
      const overlap = minus(newest, OVERLAP_MS);
      if (!this.cursor || overlap > this.cursor) this.cursor = overlap;
    }
    for (const server of watched) this.covered.add(server);
    // forget the records of servers no run watches any more
    const stillWatched = new Set(this.watchers.values());
    for (const [key, migration] of this.records)
      if (!stillWatched.has(migration.serverId)) this.records.delete(key);
    for (const server of this.covered) if (!stillWatched.has(server)) this.covered.delete(server);
  }
}

/** Nova's time `ms` earlier, in the form changes-since takes */
function minus(novaTime: string, ms: number): string {
  return new Date(Date.parse(`${novaTime.slice(0, 19)}Z`) - ms).toISOString().slice(0, 19);
}
