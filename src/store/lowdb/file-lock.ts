import { mkdir, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import { StoreError } from '../../core/ports/store.ts';
import { readPrivateFile, writePrivateFile } from '../../private-file.ts';

/**
 * One Ferry per database file. The lock is a directory beside it (`<file>.lock`, made atomically by
 * proper-lockfile, its mtime refreshed every few seconds) and `<file>.lock-holder.json` saying who took
 * it; a second Ferry is refused with that holder's host, PID and start. A holder that died is taken over: at once when it
 * ran on this host (its PID is gone), otherwise once its lock has gone stale (no refresh for 10 s).
 */

export interface Holder {
  host: string;
  pid: number;
  since: string;
}

const STALE_MS = 10_000;

export interface DatabaseLock {
  release(): Promise<void>;
}

export async function lockDatabase(
  path: string,
  onCompromised: (error: Error) => void = () => undefined,
): Promise<DatabaseLock> {
  // beside the lock directory, not in it: a write inside would change the mtime the lock is kept by
  const holderFile = `${path}.lock-holder.json`;
  const options = { stale: STALE_MS, realpath: false, onCompromised };
  let release: () => Promise<void>;
  // the database's directory is private, as the store makes it (json-file.ts)
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  try {
    release = await lockfile.lock(path, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const holder = await readHolder(holderFile);
    if (!holder || !diedHere(holder)) throw refused(path, holder);
    // its process is gone from this host: nobody else can be using the file
    // (proper-lockfile unlocks only its own locks, so the dead holder's directory is removed here)
    await rm(`${path}.lock`, { recursive: true, force: true });
    release = await lockfile.lock(path, options).catch(async () => {
      throw refused(path, await readHolder(holderFile));
    });
  }
  const me: Holder = { host: hostname(), pid: process.pid, since: new Date().toISOString() };
  // a link planted at the holder file is replaced, never written through
  writePrivateFile(holderFile, JSON.stringify(me));
  return {
    release: async () => {
      await rm(holderFile, { force: true });
      await release();
    },
  };
}

/** Who the holder file names; a link there names nobody (it could point Ferry at any holder). */
async function readHolder(file: string): Promise<Holder | null> {
  try {
    const text = readPrivateFile(file);
    return text === null ? null : (JSON.parse(text) as Holder);
  } catch {
    return null;
  }
}

function diedHere(holder: Holder): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function refused(path: string, holder: Holder | null): StoreError {
  const who = holder ? `Ferry PID ${holder.pid} on ${holder.host}, since ${holder.since}` : 'another process';
  return new StoreError(
    `The Ferry database ${path} is in use by ${who}. Two Ferry processes must not share one file: stop the other one, or point FERRY_DB at another file.`,
  );
}
