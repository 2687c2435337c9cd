import { describe, expect, it } from 'vitest';
import { evacuationMessage } from '../../src/chat/evacuation-view.ts';
import { requestMessage } from '../../src/chat/render.ts';
import type { CheckResult } from '../../src/core/model/types.ts';
import { evacuationItem, moveRecord, runningEvacuation } from '../helpers/records.ts';
import { textOf } from '../helpers/slack.ts';

/**
 * A request's message keeps its checks after the approval: they stood when they were made (at the
 * request, at the re-check on approval, at a drain's step), not now (operator trial: "✅ No other
 * operation holds them" beside the evacuation that held the host; then "Checked before approval:"
 * over a re-check made on approval). An approved request heads them with that time and keeps their
 * fixes only where one failed; a pending one shows them as they stand, with their fixes.
 */

const held: CheckResult = { id: 'claims', status: 'pass', fact: { code: 'nothing-held' }, evidence: {} };
const room: CheckResult = {
  id: 'capacity',
  status: 'warn',
  fact: { code: 'little-room-left', host: 'compute2', leftMb: 1_536, server: 'server-x' },
  evidence: {},
};
const view = { approvers: '@oncall', expiresAt: 0, timeZone: 'UTC', status: 'running' };
// 12:00:05 UTC: when the checks were made
const checkedAt = Date.UTC(2026, 11, 7, 12, 0, 5);
const heading = 'Checked at 12:00:05 UTC:';

/** The heading's place: right before the first check's line, or -1. */
function headingBeforeChecks(text: string): number {
  const at = text.indexOf(heading);
  if (at < 0) return -1;
  return text.indexOf('No other operation holds them') > at ? at : -1;
}

describe("a request's checks once approved", () => {
  it('are headed with the time they were made in an evacuation message, without their fixes', () => {
    const evacuation = runningEvacuation('e-1', 'compute1', [evacuationItem('web-1')], true);
    const approved = { ...evacuation, checks: [held, room], evaluatedAt: checkedAt };
    const text = textOf(evacuationMessage(approved, view));
    expect(headingBeforeChecks(text)).toBeGreaterThanOrEqual(0);
    expect(text).not.toContain('➜');
    const pending = { ...approved, status: 'pending' as const };
    const asked = textOf(evacuationMessage(pending, { ...view, status: '' }));
    expect(asked).toContain('No other operation holds them');
    expect(asked).not.toContain('Checked at');
    expect(asked).toContain('➜');
  });

  it('are headed with the time they were made in a migration request, keeping the fix of a failed one', () => {
    const pending = moveRecord('m-1');
    const checked = { ...pending, plan: { ...pending.plan, checks: [held], evaluatedAt: checkedAt } };
    const asked = textOf(requestMessage(checked, { ...view, withButtons: true }));
    expect(asked).toContain('No other operation holds them');
    expect(asked).not.toContain('Checked at');
    const approved = { ...checked, status: 'approved' as const };
    expect(
      headingBeforeChecks(textOf(requestMessage(approved, { ...view, withButtons: false }))),
    ).toBeGreaterThanOrEqual(0);
    // a re-check on approval that failed: what to do is still said
    const failing: CheckResult = {
      ...held,
      status: 'fail',
      fact: {
        code: 'held',
        held: {
          kind: 'server',
          name: 'server-x',
          role: 'moving',
          holder: 'r-1',
          holderKind: 'move',
          drainId: null,
        },
      },
    };
    const refused = { ...approved, plan: { ...approved.plan, checks: [failing] } };
    expect(textOf(requestMessage(refused, { ...view, withButtons: false }))).toContain(
      '➜ Wait until r-1 ends',
    );
  });
});
