import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MoveRecord } from '../../src/core/model/records.ts';
import { StoreError } from '../../src/core/ports/store.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { moveRecord } from '../helpers/records.ts';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'ferry-store-')), 'data', 'ferry.json');

function request(id: string, at: number, status: MoveRecord['status'] = 'pending'): MoveRecord {
  return moveRecord(id, { createdAt: at, status });
}

describe('the lowdb store', () => {
  it('creates a missing file and its directory, and reads back what it wrote', async () => {
    const file = tempFile();
    const store = await LowdbStore.open(file);
    await store.addRequest(request('r-1', 1000));
    await store.flush();
    const reopened = await LowdbStore.open(file);
    expect(reopened.getMove('r-1')?.plan.serverName).toBe('server-x');
    expect(reopened.auditLog()).toEqual([
      {
        at: 1000,
        actor: 'U_ALICE',
        action: 'request',
        subject: 'r-1',
        detail: 'server-x compute1 → compute2 (live)',
      },
    ]);
  });

  it('refuses a corrupt file with a clear message and leaves it untouched', async () => {
    const file = tempFile();
    await LowdbStore.open(file);
    writeFileSync(file, '{"schema": 1, "requests": [');
    await expect(LowdbStore.open(file)).rejects.toThrow(StoreError);
    await expect(LowdbStore.open(file)).rejects.toThrow(/will not overwrite it/);
    expect(readFileSync(file, 'utf8')).toBe('{"schema": 1, "requests": [');
  });

  it('refuses a JSON file that is not a Ferry database', async () => {
    const file = tempFile();
    await LowdbStore.open(file);
    writeFileSync(file, '{"users": []}');
    await expect(LowdbStore.open(file)).rejects.toThrow(/not a Ferry database/);
  });

  it('brings a first-version file up to the current schema: kinds, evacuation checks, chat places', async () => {
    const file = tempFile();
    mkdirSync(dirname(file), { recursive: true });
    const move = { ...request('r-1', 1000, 'approved'), runId: 'm-1', origin: { channel: 'C1', ts: '1.1' } };
    delete (move as Partial<MoveRecord>).kind;
    const checks = [{ id: 'capacity', name: 'Capacity', status: 'pass', detail: 'room' }];
    const evacuation = {
      ...request('e-1', 2000),
      kind: 'evacuation',
      request: { server: 'compute1', mode: 'live', requestedBy: 'U_ALICE' },
      plan: { ...request('e-1', 2000).plan, checks, ready: true, evaluatedAt: 2000 },
      evacuation: { host: 'compute1', items: [], phase: 'planned', fingerprint: 'f' },
      origin: { channel: 'C2', ts: '2.2' },
    };
    const run = { id: 'm-1', requestId: 'r-1', state: 'running', origin: { controlsTs: '1.3' } };
    const v1 = { schema: 1, requests: [move, evacuation], runs: [run], audit: [] };
    writeFileSync(file, JSON.stringify(v1));
    const store = await LowdbStore.open(file);
    expect(store.getMove('r-1')).toMatchObject({ kind: 'move', runId: 'm-1' });
    expect(store.getMove('r-1')).not.toHaveProperty('origin');
    const upgraded = store.getEvacuation('e-1');
    expect(upgraded).toMatchObject({ kind: 'evacuation', checks, ready: true, evaluatedAt: 2000 });
    expect(upgraded).not.toHaveProperty('plan');
    expect(upgraded).not.toHaveProperty('request');
    expect(store.placeOf('r-1')).toEqual({ channel: 'C1', ts: '1.1' });
    expect(store.placeOf('e-1')).toEqual({ channel: 'C2', ts: '2.2' });
    expect(store.placeOf('m-1')).toEqual({ controlsTs: '1.3' });
    expect(store.windows()).toEqual([]);
    expect(JSON.parse(readFileSync(file, 'utf8')).schema).toBe(2);
  });

  it('refuses a file written by a newer Ferry and leaves it untouched', async () => {
    const file = tempFile();
    mkdirSync(dirname(file), { recursive: true });
    const newer = JSON.stringify({ schema: 99, requests: [], runs: [], audit: [] });
    writeFileSync(file, newer);
    await expect(LowdbStore.open(file)).rejects.toThrow(/written by a newer Ferry \(schema 99/);
    expect(readFileSync(file, 'utf8')).toBe(newer);
  });

  it('decides a request once: the first decision stands', async () => {
    const store = LowdbStore.memory();
    await store.addRequest(request('r-1', 0));
    const [first, second] = await Promise.all([
      store.decide('r-1', 'approved', 'U_BOB', 5),
      store.decide('r-1', 'rejected', 'U_CAROL', 6),
    ]);
    expect(first.decided).toBe(true);
    expect(second.decided).toBe(false);
    expect(store.getRequest('r-1')).toMatchObject({ status: 'approved', decidedBy: 'U_BOB' });
  });

  it('compacts old finished records and archives old audit entries to an append-only file', async () => {
    const file = tempFile();
    const store = await LowdbStore.open(file, { retentionMs: 1_000, auditKeep: 2 });
    await store.addRequest(request('old', 0));
    await store.decide('old', 'rejected', 'U_BOB', 10);
    await store.addRequest(request('new', 5_000));
    await store.setPlace('old', { channel: 'C1', ts: '1.1' });
    await store.setPlace('new', { channel: 'C1', ts: '5.1' });
    const result = await store.compact(5_500);
    expect(store.placeOf('old')).toBeUndefined();
    expect(store.placeOf('new')).toEqual({ channel: 'C1', ts: '5.1' });
    expect(result).toEqual({ droppedRequests: 1, droppedRuns: 0, archivedAudit: 1 });
    expect(store.getRequest('old')).toBeUndefined();
    expect(store.getRequest('new')).toBeDefined();
    expect(store.auditLog()).toHaveLength(2);
    expect(readFileSync(`${file}.audit.jsonl`, 'utf8').trim().split('\n')).toHaveLength(1);
  });
});

describe('the database file is private and never followed through a link', () => {
  const modeOf = (path: string) => statSync(path).mode & 0o777;

  it('refuses a file holding null like any other damage, and leaves it untouched', async () => {
    const file = tempFile();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, 'null');
    await expect(LowdbStore.open(file)).rejects.toThrow(
      /FERRY_DB.*holds null, not a Ferry database.*will not overwrite it/,
    );
    expect(readFileSync(file, 'utf8')).toBe('null');
  });

  it('creates the directory 0700 and the file 0600, and keeps the mode of an existing file', async () => {
    const file = tempFile();
    const store = await LowdbStore.open(file);
    await store.addRequest(request('r-1', 1000));
    await store.flush();
    expect(modeOf(dirname(file))).toBe(0o700);
    expect(modeOf(file)).toBe(0o600);
    chmodSync(file, 0o640);
    const reopened = await LowdbStore.open(file);
    await reopened.addRequest(request('r-2', 2000));
    await reopened.flush();
    expect(modeOf(file)).toBe(0o640);
  });

  it('refuses a database that is a symbolic link and leaves the link alone', async () => {
    const file = tempFile();
    const real = `${file}.real`;
    await (await LowdbStore.open(real)).flush();
    symlinkSync(real, file);
    await expect(LowdbStore.open(file)).rejects.toThrow(/is a symbolic link; Ferry refuses to follow it/);
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
  });

  it('never writes through a planted temp-file link', async () => {
    const file = tempFile();
    mkdirSync(dirname(file), { recursive: true });
    const victim = join(dirname(file), 'victim');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, join(dirname(file), '.ferry.json.tmp'));
    const store = await LowdbStore.open(file);
    await store.addRequest(request('r-1', 1000));
    await store.flush();
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(JSON.parse(readFileSync(file, 'utf8')).requests).toHaveLength(1);
  });

  it('explains a failed write, names FERRY_DB and leaves no temp file behind', async () => {
    const file = tempFile();
    const store = await LowdbStore.open(file);
    // root ignores file modes, so the write is made to fail another way: the path became a directory
    rmSync(file);
    mkdirSync(file);
    await expect(store.addRequest(request('r-1', 1000))).rejects.toThrow(
      /^The Ferry database \(FERRY_DB\) .* cannot be written: it is a directory\.$/,
    );
    expect(readdirSync(dirname(file)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps the audit archive private too', async () => {
    const file = tempFile();
    const store = await LowdbStore.open(file, { auditKeep: 1 });
    await store.addRequest(request('r-1', 1000));
    await store.addRequest(request('r-2', 2000));
    await store.compact(3000);
    expect(modeOf(`${file}.audit.jsonl`)).toBe(0o600);
  });
});
