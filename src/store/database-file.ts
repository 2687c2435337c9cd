import { Low, Memory } from 'lowdb';
import { StoreError } from '../core/store-port.ts';
import { DatabaseFileError, SafeJsonFile } from './json-file.ts';
import { type Database, EMPTY, NotADatabaseError, upgrade } from './schema.ts';

/**
 * The lowdb database behind the store: opened and brought to the current schema once, then written
 * whole after each change, one write at a time (a private temp file, then a rename: json-file.ts).
 */
export class DatabaseFile {
  private queue: Promise<void> = Promise.resolve();

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
    await file.write();
    return file;
  }

  static memory(): DatabaseFile {
    return new DatabaseFile(new Low<Database>(new Memory<Database>(), structuredClone(EMPTY)), null);
  }

  get data(): Database {
    return this.db.data;
  }

  write(): Promise<void> {
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

  /** Waits for every write so far; the file is consistent afterwards. */
  flush(): Promise<void> {
    return this.queue;
  }
}
