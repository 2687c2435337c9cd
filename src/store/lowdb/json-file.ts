import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

/**
 * lowdb's file adapter, made safe for a file that holds who approved what: the database and its
 * directory are created private (0600 / 0700) and an existing file keeps its mode; a symbolic link is
 * refused instead of followed; each write goes to a fresh temp file opened with O_EXCL | O_NOFOLLOW,
 * so a planted link cannot redirect it, then replaces the file atomically; a failed write leaves no
 * temp file behind. Errors name the file and say why in words.
 */

export class DatabaseFileError extends Error {
  override readonly name = 'DatabaseFileError';
}

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

export class SafeJsonFile<T> implements Adapter<T> {
  /** the mode the file had when read; a new file gets FILE_MODE */
  private mode = FILE_MODE;

  constructor(private readonly path: string) {}

  async read(): Promise<T | null> {
    await mkdir(dirname(this.path), { recursive: true, mode: DIR_MODE });
    await this.removeStaleTemps();
    let info: Awaited<ReturnType<typeof lstat>>;
    try {
      info = await lstat(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new DatabaseFileError(`${this.path} cannot be read: ${reason(error)}.`);
    }
    if (info.isSymbolicLink())
      throw new DatabaseFileError(
        `${this.path} is a symbolic link; Ferry refuses to follow it. Point FERRY_DB at the real file.`,
      );
    if (!info.isFile()) throw new DatabaseFileError(`${this.path} is not a regular file.`);
    this.mode = info.mode & 0o777;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      throw new DatabaseFileError(`${this.path} cannot be read: ${reason(error)}.`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new DatabaseFileError(`${this.path} is not valid JSON (${(error as Error).message}).`);
    }
    // "null" (or any non-object) is damage like any other, not an empty database to start afresh.
    if (data === null || typeof data !== 'object' || Array.isArray(data))
      throw new DatabaseFileError(
        `${this.path} holds ${JSON.stringify(data)?.slice(0, 20)}, not a Ferry database.`,
      );
    return data as T;
  }

  async write(data: T): Promise<void> {
    const temp = join(dirname(this.path), `.${basename(this.path)}.${randomBytes(6).toString('hex')}.tmp`);
    let handle: Awaited<ReturnType<typeof open>> | undefined;
    try {
      const target = await lstat(this.path).catch(() => null);
      if (target?.isSymbolicLink())
        throw new DatabaseFileError(`${this.path} has become a symbolic link; Ferry refuses to replace it.`);
      handle = await open(
        temp,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
        this.mode,
      );
      // the process umask must not widen or narrow the mode the file had
      await handle.chmod(this.mode);
      await handle.writeFile(JSON.stringify(data, null, 2));
      await handle.sync();
      await handle.close();
      handle = undefined;
      await rename(temp, this.path);
    } catch (error) {
      await handle?.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      if (error instanceof DatabaseFileError) throw error;
      throw new DatabaseFileError(`${this.path} cannot be written: ${reason(error)}.`);
    }
  }

  /** Temp files of a write cut short by a crash; only Ferry's own pattern, links removed, never followed. */
  private async removeStaleTemps(): Promise<void> {
    const prefix = `.${basename(this.path)}.`;
    const names = await readdir(dirname(this.path)).catch(() => [] as string[]);
    for (const name of names)
      if (name.startsWith(prefix) && name.endsWith('.tmp'))
        await unlink(join(dirname(this.path), name)).catch(() => undefined);
  }
}

/** Appends lines to a private file that must not be a link (the audit archive beside the database). */
export async function appendPrivate(path: string, text: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(
      path,
      constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW,
      FILE_MODE,
    );
    await handle.appendFile(text);
  } catch (error) {
    throw new DatabaseFileError(`${path} cannot be appended to: ${reason(error)}.`);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function reason(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EACCES':
      return 'permission denied (check the owner and mode of the file and its directory)';
    case 'EPERM':
      return 'the operating system refused (is the file immutable, chattr +i?)';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    case 'ELOOP':
      return 'it is a symbolic link, which Ferry refuses to follow';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return (error as Error).message;
  }
}
