import type { Outcome } from '../core/model/records.ts';
import type { StallAction, StallDecision, StallRefusal, StallRule } from '../core/model/stall-policy.ts';
import { t } from '../i18n/index.ts';
import { outcomeUnproven } from './proofs.ts';
import { stateWord } from './states.ts';
import { formatDuration } from './units.ts';

/** The outcome of the cold move abort-then-cold started (by its request), once it has one. */
export type ColdOutcomeOf = (requestId: string) => Outcome | undefined;

/** A stalled move as its count tells it: the policy's decision, and the move's end once Nova told it. */
export interface StalledMove {
  stall: StallDecision;
  outcome?: Outcome;
}

/**
 * The stall policy's decisions in words (core/model/stall-policy.ts): what it chose, by which rule,
 * why it refused, what it did. Not escaped: the edge escapes what it shows.
 */

export function stallActionWord(action: StallAction): string {
  switch (action) {
    case 'ask':
      return t`ask on-call, leave it running`;
    case 'force-complete':
      return t`force complete`;
    case 'abort':
      return t`abort`;
    case 'abort-then-cold':
      return t`abort, then migrate cold`;
  }
}

export function stallRuleText(rule: StallRule): string {
  switch (rule.kind) {
    case 'default':
      return t`the default policy, set by FERRY_STALL_POLICY`;
    case 'project':
      return t`the override for project ${rule.value}`;
    case 'flavor':
      return t`the override for flavor ${rule.value}`;
  }
}

export function stallRefusalText(refused: StallRefusal): string {
  switch (refused.code) {
    case 'passthrough': {
      const names = refused.devices.map((device) =>
        device === 'vgpu'
          ? t`a vGPU`
          : device === 'pci-passthrough'
            ? t`a PCI device (VFIO)`
            : t`a physical port`,
      );
      return t`Ferry never forces a server with ${names.join(t`, `)} to complete (post-copy or a pause could lose the device's state)`;
    }
    case 'devices-unknown':
      return t`Nova did not show the flavor's extra specs, so Ferry cannot tell whether devices are passed through and forces nothing`;
    case 'no-cold-consent':
      return t`a cold migration stops the server, and its request did not allow that (/migrate, /evacuate or /drain … --cold-fallback)`;
  }
}

/** The sentence the warning carries: what happens when the grace period passes. */
export function stallDecisionText(stall: StallDecision): string {
  const grace = formatDuration(Math.max(0, stall.deadline - stall.at));
  const rule = stallRuleText(stall.rule);
  if (stall.refused)
    return t`Policy: ${stallActionWord(stall.chosen)} (${rule}), refused: ${stallRefusalText(stall.refused)}. Ferry does nothing itself: an on-call person decides.`;
  if (stall.action === 'ask')
    return t`Policy: ${stallActionWord('ask')} (${rule}): Ferry does nothing by itself.`;
  const action = stallActionWord(stall.action);
  const done = stallDoneText(stall);
  return done
    ? t`Policy: ${action} (${rule}). ${done}`
    : t`Policy: ${action} (${rule}). Ferry does it in ${grace} unless on-call acts or chooses otherwise.`;
}

/**
 * Once the grace period is over (or on-call acted): what became of the policy's action, never "does it
 * in 2m"; null while it waits.
 */
export function stallDoneText(stall: StallDecision): string | null {
  switch (stall.state) {
    case 'acting':
      return t`The grace period is over: Ferry asked Nova.`;
    case 'acted':
      return t`Carried out when the grace period ended.`;
    case 'failed':
      return t`Tried when the grace period ended, and failed: Ferry does nothing more, an on-call person decides.`;
    case 'moot':
      return t`On-call acted first: the policy did nothing.`;
    default:
      return null;
  }
}

/**
 * abort-then-cold's live move once aborted, its cold move to follow: where the server is for now
 * (said instead of "stays on", which it does not).
 */
export function coldFollowsText(server: string, host: string, status: string): string {
  return t`${server} is on ${host} for now, ${status}: the cold migration follows (Ferry stops it and migrates it cold, as its request allowed).`;
}

export function stallStateWord(state: StallDecision['state']): string {
  switch (state) {
    case 'pending':
      return t`waiting for its grace period`;
    case 'acting':
      return t`being carried out`;
    case 'acted':
      return t`carried out`;
    case 'failed':
      return t`failed`;
    case 'left':
      return t`left for an on-call person to decide`;
    case 'moot':
      return t`overtaken by on-call`;
  }
}

/** One decision as its report counts it: what was chosen, and how it ended. */
function stallEnd({ stall, outcome }: StalledMove, coldOutcome?: ColdOutcomeOf): string {
  const chosen = stallActionWord(stall.chosen);
  // left to on-call, who then acted: theirs ended it, nothing is left undone (console trial). Nova
  // accepted their request; what became of the move is its outcome, not the button (operator trial)
  if (stall.settledBy && stall.state === 'left') {
    const asked =
      stall.settledBy.action === 'abort'
        ? t`on-call asked Nova to abort it`
        : t`on-call asked Nova to force-complete it`;
    const settled = !outcome
      ? t`${asked}; the move has not ended yet`
      : outcome.kind === 'unknown'
        ? t`${asked}; how the move ended is not known`
        : t`${asked}; the move ${stateWord(outcome.kind)}`;
    return stall.refused
      ? t`${chosen} not allowed for it, so Ferry did nothing: ${settled}`
      : t`${chosen}, then ${settled}`;
  }
  // plain words (operator trial): what Ferry did, and who decides now
  if (stall.refused) return t`${chosen} not allowed for it, so Ferry did nothing: an on-call person decides`;
  if (stall.overriddenBy && stall.action === 'ask') return t`${chosen}, left running by on-call`;
  const action = stallActionWord(stall.action);
  const by = stall.overriddenBy ? t`${action} (chosen by on-call)` : action;
  // the abort is half of it: the cold move that follows ends it
  if (stall.action === 'abort-then-cold' && stall.state === 'acted')
    return t`${by}: ${coldEnd(stall, coldOutcome)}`;
  switch (stall.state) {
    case 'acted':
      return t`${by}, done`;
    case 'failed':
      return stall.failure === 'unanswered' ? t`${by}, no answer from Nova` : t`${by}, failed`;
    case 'acting':
      return t`${by}, asked of Nova`;
    case 'moot':
      return t`${by}, on-call acted first`;
    case 'pending':
      return t`${by}, ended before the grace period`;
    case 'left':
      return t`${chosen} not carried out: an on-call person decides`;
  }
}

/** abort-then-cold once its abort went through: whether the cold move followed, and how it ended. */
function coldEnd(stall: StallDecision, coldOutcome?: ColdOutcomeOf): string {
  const cold = stall.cold;
  if (!cold) return t`aborted, a cold migration next`;
  if (cold.state === 'not-started')
    return cold.why === 'not-on-source'
      ? t`aborted, no cold migration as it was not ACTIVE on its source`
      : t`aborted, the cold migration could not be started`;
  const outcome = coldOutcome?.(cold.requestId);
  if (!outcome) return t`aborted, the cold migration under way`;
  if (outcomeUnproven(outcome)) return t`aborted, then moved cold but not proven`;
  return t`aborted, then the cold migration ${stateWord(outcome.kind)}`;
}

/**
 * What the stall policy did across moves, each choice counted ("Stall policy, 3 stalled: abort, done
 * (2 moves); force complete not allowed for it, so Ferry did nothing: an on-call person decides (1
 * move)"), not when all ended one way ("Stall policy, 1 stalled: abort, done"); null when none stalled. `coldOutcome` finds how the
 * cold move abort-then-cold started ended.
 */
export function stallTally(stalls: StalledMove[], coldOutcome?: ColdOutcomeOf): string | null {
  if (stalls.length === 0) return null;
  const counted = new Map<string, number>();
  for (const stalled of stalls) {
    const end = stallEnd(stalled, coldOutcome);
    counted.set(end, (counted.get(end) ?? 0) + 1);
  }
  // one way they all ended: the head's count is its count (operator trial: "1 stalled: … (1 move)")
  const parts =
    counted.size === 1
      ? [...counted.keys()]
      : [...counted].map(([end, n]) => (n === 1 ? t`${end} (1 move)` : t`${end} (${n} moves)`));
  return t`Stall policy, ${stalls.length} stalled: ${parts.join(t`; `)}`;
}

/** The mode of a server the stall policy aborted and then moved cold (abort-then-cold): stopped for it. */
export function coldAfterStallModeWord(): string {
  return t`cold, after the stall fallback (server stopped)`;
}

/** `--cold-fallback` of an evacuation or a drain, as its plan shows it to the approver. */
export function coldFallbackText(): string {
  return t`*If a live move stops converging* and the stall policy for its server is abort-then-cold (FERRY_STALL_POLICY), Ferry may abort it and migrate the server cold: it is stopped (--cold-fallback).`;
}
