import { describe, expect, it } from 'vitest';
import { progressText } from '../../src/chat/run-view.ts';
import type { Migration } from '../../src/core/model/cloud.ts';
import type { RunRecord } from '../../src/core/model/records.ts';
import { transferSnapshot } from '../../src/core/move/progress.ts';
import { labRecording, transferOf } from '../helpers/lab-evidence.ts';

/**
 * A real block migration's record (the lab's, test/fixtures/lab-migrations/live.json) has no disk
 * figures: libvirt reports none for its NBD disk copy and Nova saves its zeros. Ferry's progress
 * then says its bytes are memory, and for a block move that the disks are not reported; it never
 * turns those zeros into "disk copied".
 */

const run = (mode: RunRecord['mode']) =>
  ({ id: 'r-1', serverName: 'server-x', mode, state: 'running', startedAt: 0 }) as RunRecord;

function fromLab(): Migration {
  const last = transferOf(labRecording('live')).at(-1);
  if (!last) throw new Error('the lab recording has no transfer');
  return {
    id: 1,
    uuid: null,
    serverId: 's',
    status: 'running',
    type: 'live-migration',
    sourceCompute: 'compute1',
    destCompute: 'compute2',
    createdAt: '2026-12-04T14:34:00',
    updatedAt: null,
    memory: { total: last.total, processed: last.processed, remaining: last.remaining },
    disk: { total: 0, processed: 0, remaining: 0 },
  };
}

describe("a block migration whose record has no disk figures (the lab's)", () => {
  it('says the bytes left are memory, and that Nova reports nothing for the disks', () => {
    const { progress } = transferSnapshot(run('block'), fromLab(), [], 10_000);
    expect(progress.memoryOnly).toBe(true);
    const text = progressText(run('block'), progress);
    expect(text).toMatch(/memory [\d.]+ \w+ of 257 MiB left/);
    expect(text).toContain('disks: Nova reports no figures');
    expect(text).not.toMatch(/disk[^s:]|copied/);
  });

  it('a live move (block or shared, Nova chose) labels the bytes as memory', () => {
    const { progress } = transferSnapshot(run('live'), fromLab(), [], 10_000);
    const text = progressText(run('live'), progress);
    expect(text).toContain('memory ');
    expect(text).not.toContain('disks:');
  });

  it('with disk figures (another driver) the bytes are the whole move', () => {
    const migration = {
      ...fromLab(),
      disk: { total: 1024 ** 3, processed: 512 * 1024 ** 2, remaining: 512 * 1024 ** 2 },
    };
    const { progress } = transferSnapshot(run('block'), migration, [], 10_000);
    expect(progress.memoryOnly).toBeUndefined();
    expect(progressText(run('block'), progress)).not.toContain('memory ');
  });
});

describe("a record Nova has not saved again (the lab's stood still up to 70 s)", () => {
  it('gives no rate and no ETA rather than 0 B/s', () => {
    const first = transferSnapshot(run('block'), fromLab(), [], 10_000);
    const again = transferSnapshot(run('block'), fromLab(), first.samples, 20_000);
    expect(again.progress.rate).toBeNull();
    expect(again.progress.etaMs).toBeNull();
    expect(progressText(run('block'), again.progress)).not.toContain('B/s');
  });
});
