import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/core/model/types.ts';
import { wordCheck } from '../../src/messages/checks.ts';

/** A paused server moves live and stays paused: its check does not call it running (operator trial). */

const accepts = (status: string): CheckResult => ({
  id: 'instance-state',
  status: 'pass',
  fact: { code: 'live-accepts', server: 'analytics-1', status },
  evidence: {},
});

describe('the server-state check of a live move', () => {
  it('says a paused server stays paused, and only an active one is running', () => {
    expect(wordCheck(accepts('PAUSED')).reason).toBe(
      'analytics-1 is PAUSED: it can move live, and stays paused.',
    );
    expect(wordCheck(accepts('ACTIVE')).reason).toBe('analytics-1 is ACTIVE and running: it can move live.');
  });
});
