import { describe, expect, it } from 'vitest';
import { drainReport } from '../../src/chat/drain-report-view.ts';
import { evacuationReport } from '../../src/chat/evacuation-report.ts';
import type { Blackout } from '../../src/core/model/blackout.ts';
import type { DrainRecord, EvacuationRecord } from '../../src/core/model/records.ts';
import { inLanguage } from '../../src/i18n/index.ts';
import { textOf } from '../helpers/slack.ts';

/** A drain's report carries each live move's measured blackout beside its duration (issue #29). */

const drain: DrainRecord = {
  id: 'd-000001',
  kind: 'drain',
  createdAt: 0,
  requestedBy: 'U_ALICE',
  status: 'approved',
  decidedBy: 'U_BOB',
  checks: [],
  ready: true,
  evaluatedAt: 0,
  drain: {
    hosts: [
      {
        host: 'compute1',
        serviceId: 's-1',
        phase: 'done',
        evacuationIds: ['e-1'],
        startedAt: 1_000,
        emptyAt: 2_000,
        endedAt: 4_000,
      },
    ],
    hostsAtOnce: 1,
    concurrency: 1,
    returnHome: false,
    fingerprint: 'f',
    step: 1,
    phase: 'done',
    startedAt: 0,
  },
};

const measured: Blackout = {
  code: 'measured',
  source: 'libvirt',
  host: 'compute2',
  downtimeMs: 70,
  downtimeNoNetworkMs: 69,
  setupMs: 12,
};

const item = (name: string, blackout?: Blackout) => ({
  serverId: `id-${name}`,
  serverName: name,
  status: 'ACTIVE',
  flavor: 'm1.small',
  ramMb: 2048,
  mode: 'live',
  destination: 'compute2',
  state: 'done',
  outcome: {
    kind: 'completed',
    fact: {
      code: 'moved',
      server: name,
      host: 'compute2',
      status: 'ACTIVE',
      ...(blackout ? { blackout } : {}),
    },
    host: 'compute2',
    durationMs: 42_000,
    forced: false,
  },
});

const lookup = (id: string) =>
  ({
    id,
    kind: 'evacuation',
    evacuation: { items: [item('web-1', measured), item('web-2')] },
  }) as unknown as EvacuationRecord;

describe("a drain's report", () => {
  it("says a live move's blackout beside its duration, and nothing for a move not measured", () => {
    const text = textOf(drainReport(drain, lookup));
    expect(text).toContain('`web-1` → `compute2` (live, 42s, blackout 70 ms)');
    expect(text).toContain('`web-2` → `compute2` (live, 42s)');
    expect(textOf(inLanguage('zh-CN', () => drainReport(drain, lookup)))).toContain('停顿 70 毫秒');
  });
});

describe("an evacuation's report", () => {
  it("says a live move's blackout beside its duration, and nothing for a move not measured", () => {
    const evacuation = {
      id: 'e-1',
      kind: 'evacuation',
      requestedBy: 'U_ALICE',
      decidedBy: 'U_BOB',
      evacuation: { host: 'compute1', items: [item('web-1', measured), item('web-2')] },
    } as unknown as EvacuationRecord;
    const text = textOf(evacuationReport(evacuation));
    expect(text).toContain('`web-1` `compute1` → `compute2` · live · 42s · blackout 70 ms · completed');
    expect(text).toContain('`web-2` `compute1` → `compute2` · live · 42s · completed');
  });
});
