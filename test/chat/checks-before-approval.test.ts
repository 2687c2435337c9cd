import { describe, expect, it } from 'vitest';
import { evacuationMessage } from '../../src/chat/evacuation-view.ts';
import { requestMessage } from '../../src/chat/render.ts';
import type { CheckResult } from '../../src/core/model/types.ts';
import { evacuationItem, moveRecord, runningEvacuation } from '../helpers/records.ts';
import { textOf } from '../helpers/slack.ts';

/**
 * A request's message keeps its checks after the approval: they stood before it, not now (operator
 * trial: "✅ No other operation holds them" beside the evacuation that held the host), so an approved
 * request says so above them; a pending one shows them as they stand.
 */

const held: CheckResult = { id: 'claims', status: 'pass', fact: { code: 'nothing-held' }, evidence: {} };
const view = { approvers: '@oncall', expiresAt: 0, timeZone: 'UTC', status: 'running' };
const label = 'Checked before approval:';

/** The label's place: right before the first check's line, or -1. */
function labelBeforeChecks(text: string): number {
  const at = text.indexOf(label);
  if (at < 0) return -1;
  return text.indexOf('No other operation holds them') > at ? at : -1;
}

describe("a request's checks once approved", () => {
  it('are said as checked before the approval in an evacuation message', () => {
    const approved = {
      ...runningEvacuation('e-1', 'compute1', [evacuationItem('web-1')], true),
      checks: [held],
    };
    expect(labelBeforeChecks(textOf(evacuationMessage(approved, view)))).toBeGreaterThanOrEqual(0);
    const pending = { ...approved, status: 'pending' as const };
    const text = textOf(evacuationMessage(pending, { ...view, status: '' }));
    expect(text).toContain('No other operation holds them');
    expect(text).not.toContain(label);
  });

  it('are said as checked before the approval in a migration request', () => {
    const pending = moveRecord('m-1');
    const checked = { ...pending, plan: { ...pending.plan, checks: [held] } };
    const asked = textOf(requestMessage(checked, { ...view, withButtons: true }));
    expect(asked).toContain('No other operation holds them');
    expect(asked).not.toContain(label);
    const approved = { ...checked, status: 'approved' as const };
    expect(
      labelBeforeChecks(textOf(requestMessage(approved, { ...view, withButtons: false }))),
    ).toBeGreaterThanOrEqual(0);
  });
});
