import { STALL_ACTIONS, type StallAction, type StallOverride } from './core/model/stall-policy.ts';
import { isStallAction } from './core/move/stall-rules.ts';

/** The stall policy's settings (FERRY_STALL_POLICY, FERRY_STALL_POLICY_OVERRIDES), read strictly. */

/** A stall policy setting Ferry cannot read: the composition root names the variable (SettingError). */
export class StallSettingError extends Error {
  constructor(
    readonly variable: 'FERRY_STALL_POLICY' | 'FERRY_STALL_POLICY_OVERRIDES',
    message: string,
  ) {
    super(message);
  }
}

/** FERRY_STALL_POLICY: one of the actions; absent or empty: ask. */
export function parseStallAction(raw: string | undefined): StallAction {
  const text = raw?.trim().toLowerCase();
  if (!text) return 'ask';
  if (!isStallAction(text))
    throw new StallSettingError(
      'FERRY_STALL_POLICY',
      `must be one of ${STALL_ACTIONS.join(', ')}, got "${raw?.trim()}"`,
    );
  return text;
}

/**
 * FERRY_STALL_POLICY_OVERRIDES: `project:<project ID or name>=<action>` and `flavor:<flavor name>=<action>`,
 * separated by commas or spaces, e.g. `project:db-team=abort,flavor:g1.vgpu=ask`. Anything else, or one
 * project or flavor named twice, is refused.
 */
export function parseStallOverrides(raw: string | undefined): StallOverride[] {
  const overrides: StallOverride[] = [];
  for (const entry of (raw ?? '').split(/[\s,]+/).filter(Boolean)) {
    // the action's case does not matter, as FERRY_STALL_POLICY's does not
    const match = /^(project|flavor):([^=\s]+)=([A-Za-z-]+)$/.exec(entry);
    if (!match)
      throw new StallSettingError(
        'FERRY_STALL_POLICY_OVERRIDES',
        `"${entry}" is not project:<id or name>=<action> or flavor:<name>=<action>`,
      );
    const [, kind, value, written] = match as unknown as [string, 'project' | 'flavor', string, string];
    const action = written.toLowerCase();
    if (!isStallAction(action))
      throw new StallSettingError(
        'FERRY_STALL_POLICY_OVERRIDES',
        `"${entry}": the action must be one of ${STALL_ACTIONS.join(', ')}`,
      );
    if (overrides.some((o) => o.match === kind && o.value === value))
      throw new StallSettingError('FERRY_STALL_POLICY_OVERRIDES', `${kind} ${value} is named twice`);
    overrides.push({ match: kind, value, action });
  }
  return overrides;
}
