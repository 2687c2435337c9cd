import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Mounting a tmpfs needs root (CAP_SYS_ADMIN); CI runs the suite as root. */
export const canMount = process.getuid?.() === 0;

/**
 * A real, small file system (a tmpfs of its own) for a database that must stop being writable on
 * demand: filled to the last byte (ENOSPC), or remounted read-only (EROFS), and given back.
 */
export interface SmallDisk {
  dir: string;
  /** writes a filler file until the disk is full */
  fill(): void;
  /** removes the filler: the disk has room again */
  free(): void;
  readOnly(): Promise<void>;
  writable(): Promise<void>;
  close(): void;
}

export function smallDisk(size = '2m'): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir]);
  const filler = join(dir, 'filler');
  const remount = async (mode: 'ro' | 'rw') => {
    // read-only is refused (EBUSY) while a file is open for writing there: a write under way. The
    // wait between tries lets that write (on this event loop) finish.
    for (let tries = 0; ; tries++)
      try {
        execFileSync('mount', ['-o', `remount,${mode}`, dir], { stdio: 'ignore' });
        return;
      } catch (error) {
        if (tries >= 200) throw error;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
  };
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      const chunk = Buffer.alloc(64 * 1024, 1);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        // the last partial block too
        try {
          for (;;) writeSync(fd, Buffer.alloc(1, 1));
        } catch {}
      } finally {
        closeSync(fd);
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
    readOnly: () => remount('ro'),
    writable: () => remount('rw'),
    close() {
      execFileSync('umount', [dir], { stdio: 'ignore' });
      rmdirSync(dir);
    },
  };
}
