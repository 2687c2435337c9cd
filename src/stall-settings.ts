import { STALL_ACTIONS, type StallAction, type StallOverride } from './core/model/stall-policy.ts';
import { isStallAction } from './core/move/stall-rules.ts';
import type { CloudApi } from './core/ports/cloud.ts';

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

/**
 * The overrides naming a project (by ID or name) or a flavor the cloud does not have: they apply to no
 * server, so Ferry says so. Asks only what the overrides need (Keystone's projects, Nova's flavors).
 */
export async function unknownStallOverrides(
  overrides: readonly StallOverride[],
  cloud: Pick<CloudApi, 'listProjects' | 'flavorNames'>,
): Promise<StallOverride[]> {
  const wanted = (match: StallOverride['match']) => overrides.filter((o) => o.match === match);
  const projects = wanted('project').length ? await cloud.listProjects() : [];
  const flavors = wanted('flavor').length ? new Set(await cloud.flavorNames()) : new Set<string>();
  return [
    ...wanted('project').filter((o) => !projects.some((p) => p.id === o.value || p.name === o.value)),
    ...wanted('flavor').filter((o) => !flavors.has(o.value)),
  ];
}

/** The log line for an override that names nothing in the cloud. */
export function unknownOverrideWarning(override: StallOverride): string {
  const what = override.match === 'project' ? 'no project with this ID or name' : 'no flavor of this name';
  return `FERRY_STALL_POLICY_OVERRIDES names ${override.match} "${override.value}", but the cloud has ${what}: its ${override.action} applies to no server. Check the spelling (a project may be named by ID or name, a flavor by name).`;
}

/**
 * Checks the overrides against the cloud once it answers: at start-up the cloud may be away, so a
 * check that gets no answer is tried again every `everyMs` until one does; then each unknown name is
 * warned of once. Never stops Ferry: a project or flavor may be created later.
 */
export function checkStallOverridesWhenCloudAnswers(options: {
  overrides: readonly StallOverride[];
  cloud: Pick<CloudApi, 'listProjects' | 'flavorNames'>;
  warn(line: string): void;
  everyMs?: number;
}): Promise<void> {
  const { overrides, cloud, warn, everyMs = 30_000 } = options;
  if (overrides.length === 0) return Promise.resolve();
  return new Promise((done) => {
    const attempt = () => {
      unknownStallOverrides(overrides, cloud).then(
        (unknown) => {
          for (const override of unknown) warn(unknownOverrideWarning(override));
          done();
        },
        // no answer yet: again later, without keeping Ferry alive for it
        () => setTimeout(attempt, everyMs).unref(),
      );
    };
    attempt();
  });
}
