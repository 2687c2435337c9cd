import { Low, Memory } from 'lowdb';
import { StoreError, type WriteFailure } from '../../core/ports/store.ts';
import { assignDeep } from '../postgres/mirror.ts';
import { type Database, EMPTY, NotADatabaseError, upgrade } from '../schema.ts';
import { wholeTimes } from '../whole-times.ts';
import { DatabaseFileError, SafeJsonFile } from './json-file.ts';

/**
 * The lowdb database behind the store: opened and brought to the current schema once, then written
 * whole after each change, one write at a time (a private temp file, then a rename: json-file.ts).
 *
 * Memory never runs ahead of the file: a change is made on a copy and reaches memory only once
 * written, so a full or read-only disk leaves memory as the file is. The store then says it cannot
 * write until a write succeeds again (`writeFailure`, `probe`).
 */
export class DatabaseFile {
  private queue: Promise<unknown> = Promise.resolve();
  private failure: WriteFailure | null = null;

  private constructor(
    private readonly db: Low<Database>,
    /** null in memory */
    readonly path: string | null,
  ) {}

  /** Opens (or creates) the file; a corrupt, foreign or newer file stops start-up and is left untouched. */
  static async open(path: string): Promise<DatabaseFile> {
    const db = new Low<Database>(new SafeJsonFile<Database>(path), structuredClone(EMPTY));
    try {
      await db.read();
    } catch (error) {
      throw new StoreError(
        `The Ferry database (FERRY_DB) cannot be used: ${(error as Error).message} Ferry will not overwrite it: fix it or move it aside (a new one is then created), and start again.`,
      );
    }
    try {
      db.data = upgrade(db.data, path).db;
    } catch (error) {
      if (error instanceof NotADatabaseError) throw new StoreError(error.message);
      throw error;
    }
    const file = new DatabaseFile(db, path);
    await file.change(() => undefined);
    return file;
  }

  static memory(): DatabaseFile {
    return new DatabaseFile(new Low<Database>(new Memory<Database>(), structuredClone(EMPTY)), null);
  }

  /** The data as the file holds it (read it, never change it: changes go through `change`). */
  get data(): Database {
    return this.db.data;
  }

  /**
   * One change, after every change asked for before it: `apply` works on a copy of the data as
   * written (it may decide from what it finds there, and throw to change nothing); the copy is written
   * whole, and only once the file holds it does memory take its values (each record in place, so
   * whoever holds one sees them). A write that fails changes nothing, in memory or on disk.
   */
  change<T>(apply: (draft: Database) => T | Promise<T>): Promise<T> {
    const done = this.queue.then(async () => {
      const draft = structuredClone(this.db.data);
      const result = await apply(draft);
      // times whole, as PostgreSQL keeps them: file and memory take the same (whole-times.ts)
      wholeTimes(draft);
      try {
        await this.db.adapter.write(draft);
      } catch (error) {
        const message = error instanceof DatabaseFileError ? error.message : (error as Error).message;
        this.failure = { error: message };
        throw new StoreError(`The Ferry database (FERRY_DB) ${message}`);
      }
      this.failure = null;
      restore(this.db.data, draft);
      return result;
    });
    // one failed write must not fail every later one
    this.queue = done.catch(() => undefined);
    return done;
  }

  /** Why the last write failed; null while writes succeed. */
  writeFailure(): WriteFailure | null {
    return this.failure;
  }

  /** Writes the data again while writes fail: true (and the failure forgotten) when it worked. */
  async probe(): Promise<boolean> {
    if (!this.failure) return true;
    return this.change(() => undefined).then(
      () => true,
      () => false,
    );
  }

  /** Waits for every write so far; the file is consistent afterwards. */
  async flush(): Promise<void> {
    await this.queue;
  }
}

/**
 * Gives memory the values just written, in place: each record the core may hold (a request, run or
 * window: anything with an ID in a list) is the same object afterwards, matched by ID whatever order a
 * compaction left.
 */
function restore(data: Database, file: Database): void {
  const into = data as unknown as Record<string, unknown>;
  const from = file as unknown as Record<string, unknown>;
  for (const key of Object.keys(into)) if (!(key in from)) delete into[key];
  for (const [key, kept] of Object.entries(from)) {
    const held = into[key];
    if (Array.isArray(kept) && Array.isArray(held)) {
      const objects = new Map(
        held.filter((record) => typeof record?.id === 'string').map((record) => [record.id, record]),
      );
      into[key] = kept.map((record) => {
        const same = typeof record?.id === 'string' ? objects.get(record.id) : undefined;
        return same ? assignDeep(same, record) : record;
      });
    } else if (isRecord(kept) && isRecord(held)) assignDeep(held, kept);
    else into[key] = kept;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
