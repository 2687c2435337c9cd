import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  lstatSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Small private files Ferry keeps beside its database (who holds its lock, the console's channel):
 * written to a fresh temp file that cannot be a planted link (O_EXCL | O_NOFOLLOW), then renamed over
 * the file, and read only when the file itself is a regular file, never through a link.
 */

const FILE_MODE = 0o600;

export class LinkedFileError extends Error {
  override readonly name = 'LinkedFileError';
}

/** Replaces `path` with `text` in one rename; a link at `path` is replaced, its target left alone. */
export function writePrivateFile(path: string, text: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(
    temp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    FILE_MODE,
  );
  try {
    writeSync(fd, text);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  closeSync(fd);
  renameSync(temp, path);
}

/** The file's text; null when there is none; a link or anything but a regular file is refused. */
export function readPrivateFile(path: string): string | null {
  let info: ReturnType<typeof lstatSync>;
  try {
    info = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (info.isSymbolicLink())
    throw new LinkedFileError(`${path} is a symbolic link; Ferry refuses to follow it.`);
  if (!info.isFile()) throw new LinkedFileError(`${path} is not a regular file.`);
  // O_NOFOLLOW: a link put there since the lstat is refused too
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}
