/**
 * What Ferry does by itself when a live migration stops converging and nobody acts within the grace
 * period (#29 part 4): the operator's policy (FERRY_STALL_POLICY, per project and flavor overrides),
 * and the decision kept on the run, as data. core/move/stall-policy.ts decides and acts;
 * src/messages/stall-policy.ts words it.
 */

/**
 * - `ask`: nothing by itself, the Abort / Force complete buttons only (as before);
 * - `force-complete`: Nova's force-complete (post-copy where the cloud permits it, else it pauses the guest);
 * - `abort`: as the Abort button; the server stays on its source;
 * - `abort-then-cold`: abort, then a cold migration (it is stopped) where the request allowed that.
 */
export type StallAction = 'ask' | 'force-complete' | 'abort' | 'abort-then-cold';

export const STALL_ACTIONS: readonly StallAction[] = ['ask', 'force-complete', 'abort', 'abort-then-cold'];

/** One override: the servers of a project (by ID) or of a flavor (by name) get their own action. */
export interface StallOverride {
  match: 'project' | 'flavor';
  value: string;
  action: StallAction;
}

export interface StallPolicySettings {
  /** FERRY_STALL_POLICY (default ask) */
  action: StallAction;
  /** FERRY_STALL_POLICY_OVERRIDES, in order: a flavor's wins over a project's, the first of each kind */
  overrides: StallOverride[];
  /** FERRY_STALL_GRACE_S: after the warning, how long a person has to act before the policy does */
  graceMs: number;
}

/** Which rule chose: the default, or an override by project or flavor. */
export type StallRule = { kind: 'default' } | { kind: 'project' | 'flavor'; value: string };

/** Why the policy's choice is not carried out: it falls back to asking. */
export type StallRefusal =
  /** post-copy (or pause-and-finish) of a server with devices passed through (VFIO/PCI, vGPU, a physical port) */
  | { code: 'passthrough'; devices: ('pci-passthrough' | 'vgpu' | 'direct-physical-port')[] }
  /** the server's flavor extra specs were not shown: its devices are unknown, so nothing is forced */
  | { code: 'devices-unknown' }
  /** a cold migration stops the server: the request did not allow it (`/migrate`, `/evacuate` or `/drain … --cold-fallback`) */
  | { code: 'no-cold-consent' };

/**
 * The policy's decision on a run, kept on it from the warning on, so that a restart or another replica
 * carries it out (or not) exactly once:
 * - `pending`: waits for `deadline`, a person may choose otherwise meanwhile;
 * - `acting`: Ferry is asking Nova now (written before the request is sent; found after a restart, the
 *   answer is unknown and Nova's record tells what happened);
 * - `acted`: Nova accepted it; `failed`: Nova or the run's state refused it (`failure`);
 * - `left`: nothing to do (ask, or a person chose "leave it running"); `moot`: a person pressed
 *   Abort or Force complete, or the run ended, before the deadline.
 */
export interface StallDecision {
  at: number;
  deadline: number;
  /** what the matching rule says */
  chosen: StallAction;
  rule: StallRule;
  /** what is carried out: `chosen`, or ask after a refusal, or what a person chose instead */
  action: StallAction;
  refused?: StallRefusal;
  /** a person chose `action` instead, within the grace period */
  overriddenBy?: string;
  /** left to on-call (`left`), then a person pressed Abort or Force complete: the stall is theirs, settled */
  settledBy?: { action: 'abort' | 'force-complete'; actor: string };
  state: 'pending' | 'acting' | 'acted' | 'failed' | 'left' | 'moot';
  actedAt?: number;
  /** why it failed: `unanswered`, Nova's own words, or the refusal's code (its event carries the refusal) */
  failure?: string;
  /** abort-then-cold, once aborted: the cold move Ferry started (its request), or why not */
  cold?: { state: 'started'; requestId: string } | { state: 'not-started'; why: 'not-on-source' | 'failed' };
}

/** What the thread hears of the policy after its warning (the warning itself carries the decision). */
export type StallStep =
  | 'overridden'
  | 'acting'
  | 'acted'
  | 'failed'
  | 'unknown'
  | 'cold-started'
  | 'cold-not-started';
