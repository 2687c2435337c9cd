import { describe, expect, it } from 'vitest';
import { drainReport } from '../../src/chat/drain-report-view.ts';
import type { DrainHostState, DrainRecord, EvacuationRecord } from '../../src/core/model/records.ts';
import { textOf } from '../helpers/slack.ts';

/**
 * A drain of compute1 then compute2 with --return, as an operator trial ran it: compute1 was skipped
 * (never brought back), then compute2's emptying moved batch-7 (home compute1) onto compute1 again,
 * and cache-1 (home compute2) onto compute1. The report must not say batch-7 is "not back".
 */
const moved = (name: string, to: string) => ({
  serverId: `id-${name}`,
  serverName: name,
  status: 'SHUTOFF',
  flavor: 'm1.small',
  ramMb: 2048,
  mode: 'cold',
  destination: to,
  state: 'done',
  outcome: { kind: 'completed', host: to, durationMs: 10_000, forced: false },
});

const evacuations: Record<string, unknown> = {
  'e-1': { id: 'e-1', kind: 'evacuation', evacuation: { items: [moved('batch-7', 'compute2')] } },
  'e-2': {
    id: 'e-2',
    kind: 'evacuation',
    evacuation: { items: [moved('batch-7', 'compute1'), moved('cache-1', 'compute1')] },
  },
};
const lookup = (id: string) => evacuations[id] as EvacuationRecord | undefined;

const skipped = (host: string, evacuationId: string): DrainHostState => ({
  host,
  serviceId: `s-${host}`,
  phase: 'skipped',
  evacuationIds: [evacuationId],
  skipped: { by: 'U_BOB', enabledAgain: true },
});

const drain = {
  id: 'd-000002',
  kind: 'drain',
  createdAt: 0,
  requestedBy: 'U_ALICE',
  status: 'approved',
  decidedBy: 'U_BOB',
  checks: [],
  ready: true,
  evaluatedAt: 0,
  drain: {
    hosts: [skipped('compute1', 'e-1'), skipped('compute2', 'e-2')],
    hostsAtOnce: 1,
    concurrency: 1,
    returnHome: true,
    fingerprint: 'f',
    step: 2,
    phase: 'done',
    startedAt: 0,
  },
} as unknown as DrainRecord;

describe("a drain's report of a server a later step moved home", () => {
  it('says it is back home, counts it back, and never says "not back" of it under another host', () => {
    const text = textOf(drainReport(drain, lookup));
    expect(text).toContain(
      '`batch-7` → `compute2` (cold, 10s) · back home: moved onto it while `compute2` was emptied',
    );
    // under compute2 batch-7 was only passing through: its home is compute1
    expect(text).toContain('`batch-7` → `compute1` (cold, 10s)\n');
    // cache-1's home is compute2, which was skipped: it is not back, truly
    expect(text).toMatch(/`cache-1` → `compute1` \(cold, 10s\) · not back/);
    expect(text).toContain('3 servers moved off, 1 back home');
  });
});
