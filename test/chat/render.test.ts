import { describe, expect, it } from 'vitest';
import { evacuationReport } from '../../src/chat/evacuation-view.ts';
import type { EvacuationRecord } from '../../src/core/model.ts';
import { textOf } from '../helpers/slack.ts';

describe('the evacuation report', () => {
  it('says a forced completion was forced', () => {
    const item = {
      serverId: 's1',
      serverName: 'ledger',
      status: 'ACTIVE',
      flavor: 'm1.xlarge',
      ramMb: 16_384,
      mode: 'live' as const,
      destination: 'compute2',
      state: 'done' as const,
      outcome: {
        kind: 'completed' as const,
        message: 'ledger now runs on compute2',
        host: 'compute2',
        durationMs: 90_000,
        forced: true,
      },
    };
    const request: EvacuationRecord = {
      id: 'e-abc123',
      kind: 'evacuation',
      createdAt: 0,
      requestedBy: 'U_ALICE',
      decidedBy: 'U_BOB',
      status: 'approved',
      checks: [],
      ready: true,
      evaluatedAt: 0,
      evacuation: {
        host: 'compute1',
        serviceId: 'svc',
        destination: null,
        concurrency: 1,
        perDestination: 1,
        reenable: false,
        fingerprint: 'f',
        items: [item],
        phase: 'done',
        serviceDisabled: true,
      },
    };
    expect(textOf(evacuationReport(request))).toMatch(
      /`ledger` `compute1` → `compute2` · live · 1m 30s · completed \(force-completed\)/,
    );
  });
});
