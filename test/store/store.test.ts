import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type RequestRecord, Store, StoreError } from '../../src/store/store.ts';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'ferry-store-')), 'data', 'ferry.json');

function request(id: string, at: number, status: RequestRecord['status'] = 'pending'): RequestRecord {
  return {
    id,
    createdAt: at,
    requestedBy: 'U_ALICE',
    request: { server: 'server-x', destination: 'compute2', mode: 'live', requestedBy: 'U_ALICE' },
    plan: {
      serverId: 'id-1',
      serverName: 'server-x',
      projectId: 'p',
      flavor: 'm1.large',
      source: 'compute1',
      destination: 'compute2',
      mode: 'live',
      blockMigration: 'auto',
      checks: [],
      candidates: [],
      ready: true,
      evaluatedAt: at,
    },
    status,
  };
}

describe('the lowdb store', () => {
  it('creates a missing file and its directory, and reads back what it wrote', async () => {
    const file = tempFile();
    const store = await Store.open(file);
    await store.addRequest(request('r-1', 1000));
    await store.flush();
    const reopened = await Store.open(file);
    expect(reopened.getRequest('r-1')?.plan.serverName).toBe('server-x');
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
    await Store.open(file);
    writeFileSync(file, '{"schema": 1, "requests": [');
    await expect(Store.open(file)).rejects.toThrow(StoreError);
    await expect(Store.open(file)).rejects.toThrow(/will not overwrite it/);
    expect(readFileSync(file, 'utf8')).toBe('{"schema": 1, "requests": [');
  });

  it('refuses a JSON file that is not a Ferry database', async () => {
    const file = tempFile();
    await Store.open(file);
    writeFileSync(file, '{"users": []}');
    await expect(Store.open(file)).rejects.toThrow(/not a Ferry database/);
  });

  it('decides a request once: the first decision stands', async () => {
    const store = Store.memory();
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
    const store = await Store.open(file, { retentionMs: 1_000, auditKeep: 2 });
    await store.addRequest(request('old', 0));
    await store.decide('old', 'rejected', 'U_BOB', 10);
    await store.addRequest(request('new', 5_000));
    const result = await store.compact(5_500);
    expect(result).toEqual({ droppedRequests: 1, droppedRuns: 0, archivedAudit: 1 });
    expect(store.getRequest('old')).toBeUndefined();
    expect(store.getRequest('new')).toBeDefined();
    expect(store.auditLog()).toHaveLength(2);
    expect(readFileSync(`${file}.audit.jsonl`, 'utf8').trim().split('\n')).toHaveLength(1);
  });
});
