import type { Server } from '../model/cloud.ts';
import type { Impact } from '../model/impact.ts';
import {
  STALL_ACTIONS,
  type StallAction,
  type StallPolicySettings,
  type StallRefusal,
  type StallRule,
} from '../model/stall-policy.ts';

export function isStallAction(text: string): text is StallAction {
  return (STALL_ACTIONS as readonly string[]).includes(text);
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
