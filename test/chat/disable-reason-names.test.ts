import { describe, expect, it } from 'vitest';
import { checkLines } from '../../src/chat/render.ts';
import { mrkdwnToText } from '../../src/console/blocks-to-text.ts';
import type { EvacuationRecord } from '../../src/core/model/records.ts';
import type { CheckResult } from '../../src/core/model/types.ts';
import { holdReason } from '../../src/core/move/service-guard.ts';

/**
 * A host's disable reason quoted in a check: the reason Ferry wrote to Nova names people by Slack user
 * ID; Slack shows them as mentions, the console by the names it knows (operator trial: "U0ALICE").
 */

const disabled = (reason: string): CheckResult => ({
  id: 'compute-services',
  status: 'fail',
  fact: {
    code: 'services-down',
    problems: [{ what: 'destination-disabled', host: 'compute1', reason }],
  },
  evidence: {},
});

const ferrys = holdReason({
  id: 'e-3e41d0',
  requestedBy: 'U0ALICE',
  decidedBy: 'U0BOB',
  evacuation: {},
} as unknown as EvacuationRecord);

describe("a host's disable reason in a check", () => {
  it('names the people of the reason Ferry wrote: mentions in Slack, names in the console', () => {
    // what Nova holds, as the README says
    expect(ferrys).toBe('Ferry evacuation e-3e41d0: requested by U0ALICE, approved by U0BOB');
    const [line] = checkLines([disabled(ferrys)]);
    expect(line).toBe(
      '❌ *nova-compute up and enabled*: compute1 is disabled ("Ferry evacuation e-3e41d0: requested by <@U0ALICE>, approved by <@U0BOB>"), so the scheduler will not place anything there.',
    );
    const names = new Map([
      ['U0ALICE', 'alice'],
      ['U0BOB', 'bob'],
    ]);
    expect(mrkdwnToText(line as string, names, false)).toMatch(
      /\("Ferry evacuation e-3e41d0: requested by @alice, approved by @bob"\)/,
    );
  });

  it('leaves a reason someone else wrote as it is, escaped, without mentions', () => {
    const [line] = checkLines([disabled('DIMM swap, ask U0CAROL <@U0DAVE>')]);
    expect(line).toContain('("DIMM swap, ask U0CAROL &lt;@U0DAVE&gt;")');
  });
});
