import type { DrainHold, DrainPlanWarnings } from './drain.ts';
import type { DrainGateHold, HostSilence } from './drain-monitoring.ts';
import type { ItemReason } from './evacuation.ts';
import type { PlanEdit } from './plan-edits.ts';
import type { HostReboot, RebootBreaker, RebootOptions, RebootPlan } from './reboot.ts';
import type { Outcome } from './run-facts.ts';
import type { CheckResult } from './types.ts';

/** A drain's running state, host by host, kept on its request record (records.ts: DrainRecord). */

/**
 * What nova-compute on a host held out of service is, as the cloud said just now (service-guard.ts): disabled by Ferry,
 * disabled by someone else before Ferry came (their reason kept), or found enabled again outside Ferry
 * and disabled again by Ferry. Ferry says a host is disabled only after this read.
 */
export type ServiceSeen = 'disabled' | 'disabled-before' | 'disabled-again';

/**
 * Where one host of a drain is: waiting its turn, being emptied, empty (the maintenance happens),
 * coming back (nova-compute must report up, then it is enabled), its servers returning, done; or
 * not empty after its evacuation (the operator decides), skipped, or never started (stopped).
 */
export type DrainHostPhase =
  | 'waiting'
  | 'evacuating'
  | 'not-empty'
  | 'empty'
  | 'coming-back'
  | 'returning'
  | 'done'
  | 'skipped'
  | 'not-started';

export interface DrainHostState {
  host: string;
  serviceId: string | null;
  phase: DrainHostPhase;
  /** the evacuations that emptied it (a second one after "Continue"), newest last */
  evacuationIds: string[];
  /** the move back of its servers (with --return) */
  returnId?: string;
  startedAt?: number;
  emptyAt?: number;
  /** nova-compute was seen down while it was empty: its coming back up is noticed without the button */
  sawDown?: boolean;
  /** who said it is back (a person, or "ferry" when nova-compute was seen coming back) */
  backBy?: string;
  backAt?: number;
  endedAt?: number;
  /** why it was not emptied, or how it ended (src/messages/drain.ts words it) */
  reason?: DrainHostReason;
  /** written by Ferry before facts (a sentence in the channel's language then); shown as stored */
  note?: string;
  /**
   * who left it out, whether it was enabled again as it was (it had been disabled for the drain), and
   * with --return how many of its servers had left it: they stay where they went
   */
  skipped?: { by: string; enabledAgain: boolean; staysAway?: number };
  /** the last Continue on it: who asked to go on and who approved (kept once it is emptied again) */
  continued?: { by: string; approvedBy: string };
  /** nova-compute as read when it was found empty (service-guard.ts) */
  service?: ServiceSeen;
  /** not enabled by Ferry at its end: someone else had disabled it before the drain (with this reason) */
  leftDisabled?: boolean;
  disabledReason?: string;
  /**
   * as planned for the approval: nova-compute was disabled before the drain (it is left so), its
   * servers, those that can leave, and (with return) those that cannot go back
   */
  planned?: { disabledBefore: boolean; servers: number; leaving: number; staysAway: number };
  /** with --return, when no move back was started: why each server (by ID) stays where it went */
  notBackReasons?: Record<string, ItemReason>;
  /** written by Ferry before facts (sentences in the channel's language then); shown as stored */
  notBack?: Record<string, string>;
  /** a host not empty: who asked to go on with it (Continue), and the other on-call person who approved */
  continueAsk?: { by: string; approvedBy?: string };
  /** its Alertmanager silence while it is out of service (core/drain/silencing.ts) */
  silence?: HostSilence;
  /** `--reboot`: its reboot by Ferry, boots before and after (core/drain/reboot.ts) */
  reboot?: HostReboot;
}

/**
 * Why a host of a drain was not emptied, or how it ended, as data: its evacuation's plan failed (its
 * failed checks), servers were not moved (each with its outcome) or came onto it, (with return) servers
 * did not come back, or (disabled before the drain, without servers) it had nothing to do.
 */
export type DrainHostReason =
  /**
   * its evacuation's plan failed: the failed checks, the host's servers as that plan read them, and
   * those that stay (skipped in the plan, or unable to move), each with why (a drain from before: none)
   */
  | {
      code: 'plan-failed';
      checks: CheckResult[];
      servers?: number;
      staying?: { server: string; reason?: ItemReason }[];
    }
  | { code: 'not-moved'; failed: { server: string; outcome: Outcome }[] }
  /** only servers the requester skipped are left on it: it is not declared empty (Continue or Skip host) */
  | { code: 'skipped-stay'; servers: { server: string; by: string }[] }
  | { code: 'servers-came'; host: string; count: number; afterRestart: boolean }
  /**
   * Nova's list of the host's servers left these out while Placement still holds the host for them:
   * each read by ID (on the host), or unreadable (`status`: a cell whose database does not answer)
   */
  | { code: 'unlisted'; servers: { server: string; status?: number }[] }
  | { code: 'not-back'; servers: string[] }
  | { code: 'no-record'; host: string }
  | { code: 'none-can-go-back'; host: string; count: number }
  /** every server that left it only passed through (an earlier step moved it there): none is its own */
  | { code: 'passed-through'; host: string; count: number }
  | { code: 'nothing-to-do'; host: string }
  | { code: 'nothing-moved-back'; checks: CheckResult[] };

export interface DrainState {
  hosts: DrainHostState[];
  hostsAtOnce: number;
  concurrency: number;
  /** `--max-copy` (GB): every step's evacuation and re-plan keeps it */
  maxCopyGb?: number;
  /** `--cold-fallback`: every step's evacuation gives its live moves the consent */
  coldFallback?: true;
  returnHome: boolean;
  zone?: string;
  aggregate?: string;
  /** what the approval covers (drain-plan.ts drainFingerprint) */
  fingerprint: string;
  /** the requester's changes to the plan before approval (skipped servers and projects), in the fingerprint */
  edits?: PlanEdit[];
  /** index of the step (batch of `hostsAtOnce` hosts) in progress */
  step: number;
  phase: 'planned' | 'running' | 'paused' | 'held' | 'stopping' | 'done';
  /** the step whose re-plan fitted (or whose new plan on-call approved): it is not planned again */
  checkedStep?: number;
  /** a held drain: the re-plan found a later step no longer fits; approving `fingerprint` resumes it */
  held?: DrainHold;
  windowId?: string;
  startedAt?: number;
  endedAt?: number;
  pausedBy?: string;
  stoppedBy?: string;
  /** stopped by Ferry because the maintenance window it was approved for ended (the window's ID) */
  stoppedAtWindowEnd?: string;
  /**
   * How the last hold ended: on-call approved its new plan, or someone skipped the step's last host
   * (the step was dropped). Gone while a drain is held again.
   */
  heldEnded?: { code: 'reapproved'; by: string } | { code: 'no-host-left'; by: string; host: string };
  /** on-call people who approved a held drain again, in order */
  reapprovedBy?: string[];
  /** health gates hold the next step (core/drain/gates.ts) */
  gate?: DrainGateHold;
  /** on-call said Resume anyway: the step goes on whatever the gates say */
  gateOverride?: { step: number; by: string; at: number };
  /** `--reboot`: each emptied host rebooted and verified by Ferry (the plan's order and hosts left out) */
  reboot?: RebootOptions & Pick<RebootPlan, 'order' | 'onKernel'>;
  /** what its plan warned of, kept for the approval to say it too (core/drain/monitoring-plan.ts) */
  warnings?: DrainPlanWarnings;
  /** `--reboot`: the circuit breaker tripped (the drain was paused by Ferry) */
  breaker?: RebootBreaker;
}
