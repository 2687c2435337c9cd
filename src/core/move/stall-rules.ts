import type { Server } from '../model/cloud.ts';
import type { Impact } from '../model/impact.ts';
import {
  STALL_ACTIONS,
  type StallAction,
  type StallOverride,
  type StallPolicySettings,
  type StallRefusal,
  type StallRule,
} from '../model/stall-policy.ts';

/** A stall policy setting Ferry cannot read: the composition root names the variable (SettingError). */
export class StallSettingError extends Error {
  constructor(
    readonly variable: 'FERRY_STALL_POLICY' | 'FERRY_STALL_POLICY_OVERRIDES',
    message: string,
  ) {
    super(message);
  }
}

export function isStallAction(text: string): text is StallAction {
  return (STALL_ACTIONS as readonly string[]).includes(text);
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
    const match = /^(project|flavor):([^=\s]+)=([a-z-]+)$/.exec(entry);
    if (!match)
      throw new StallSettingError(
        'FERRY_STALL_POLICY_OVERRIDES',
        `"${entry}" is not project:<id or name>=<action> or flavor:<name>=<action>`,
      );
    const [, kind, value, action] = match as unknown as [string, 'project' | 'flavor', string, string];
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

/**
 * The rule for a server: its flavor's override, else its project's (by ID, or by name when `projectName`
 * is known), else the default.
 */
export function ruleFor(
  settings: StallPolicySettings,
  server: { flavor: string | null; projectId: string | null; projectName?: string | null },
): { action: StallAction; rule: StallRule } {
  const flavor = settings.overrides.find((o) => o.match === 'flavor' && o.value === server.flavor);
  if (flavor) return { action: flavor.action, rule: { kind: 'flavor', value: flavor.value } };
  const project = settings.overrides.find(
    (o) =>
      o.match === 'project' &&
      (o.value === server.projectId || (!!server.projectName && o.value === server.projectName)),
  );
  if (project) return { action: project.action, rule: { kind: 'project', value: project.value } };
  return { action: settings.action, rule: { kind: 'default' } };
}

/** Whether a project override names something other than this ID: then its name must be looked up. */
export function needsProjectName(settings: StallPolicySettings, projectId: string | null): boolean {
  return settings.overrides.some((o) => o.match === 'project' && o.value !== projectId);
}

/**
 * Why an action may not be carried out on this server, or null. Force-complete (post-copy, or a pause
 * until the copy ends) is never asked for a server with devices passed through: the flavor's PCI alias
 * or vGPU (from the server's record as Nova shows it now), a physical port (from the plan's impact
 * facts). A cold migration stops the server: only where its request allowed that.
 */
export function refusalOf(
  action: StallAction,
  facts: { server: Pick<Server, 'flavor'> | null; impact: Impact | undefined; coldConsent: boolean },
): StallRefusal | null {
  if (action === 'force-complete') {
    const specs = facts.server?.flavor.extraSpecs;
    if (!specs) return { code: 'devices-unknown' };
    const devices: ('pci-passthrough' | 'vgpu' | 'direct-physical-port')[] = [];
    if (specs['pci_passthrough:alias']) devices.push('pci-passthrough');
    if (Number(specs['resources:VGPU'] ?? 0) > 0) devices.push('vgpu');
    if (facts.impact?.reasons.some((r) => r.code === 'direct-physical-port'))
      devices.push('direct-physical-port');
    return devices.length ? { code: 'passthrough', devices } : null;
  }
  if (action === 'abort-then-cold' && !facts.coldConsent) return { code: 'no-cold-consent' };
  return null;
}
