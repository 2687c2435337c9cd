import type { GroupBudget } from '../move/budgets.ts';
import type { Blocker } from '../move/fit.ts';
import type { DrainHold, DrainPlanWarnings } from './drain.ts';
import type { DrainGateHold, HostSilence } from './drain-monitoring.ts';
import type { EvacuationItem, ItemReason } from './evacuation.ts';
import type { PlanEdit } from './plan-edits.ts';
import type { HostReboot, RebootBreaker, RebootOptions, RebootPlan } from './reboot.ts';
import type { OutcomeFact, RunState, TransitionNote } from './run-facts.ts';
import type { StallDecision } from './stall-policy.ts';

export type { RunState };

import type { CheckResult, MoveMode, MoveRequest } from './types.ts';

/**
 * Ferry's records: requests (moves and evacuations), runs, maintenance windows and the audit trail.
 * The core owns them; a store adapter (store/lowdb/, store/postgres/) only keeps them. Where the chat edge shows them
 * (Slack channels and message timestamps) is the edge's own business (core/ports/places.ts).
 */

/**
 * What nova-compute on a host held out of service is, as the cloud said just now (service-guard.ts): disabled by Ferry,
 * disabled by someone else before Ferry came (their reason kept), or found enabled again outside Ferry
 * and disabled again by Ferry. Ferry says a host is disabled only after this read.
 */
export type ServiceSeen = 'disabled' | 'disabled-before' | 'disabled-again';

export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'blocked' | 'dry-run';

export interface PlanSummary {
  serverId: string | null;
  serverName: string | null;
  projectId: string | null;
  flavor: string | null;
  source: string | null;
  destination: string | null;
  mode: MoveMode;
  blockMigration: 'auto' | true;
  checks: CheckResult[];
  /** `refusal`: written by Ferry before facts, shown as stored */
  candidates: { host: string; freeMemoryMb: number; blockedBy?: Blocker[]; refusal?: string }[];
  ready: boolean;
  evaluatedAt: number;
}

/** The running state of an evacuation, kept on its request record. */
export interface EvacuationState {
  host: string;
  serviceId: string | null;
  destination: string | null;
  /** `--max-copy` (GB) the plan was made with: the re-plan at the start keeps it */
  maxCopyGb?: number;
  /** `--cold-fallback` (of the evacuation, or of its drain): each live move carries the consent */
  coldFallback?: true;
  concurrency: number;
  /** at most this many migrations in flight onto one destination */
  perDestination: number;
  reenable: boolean;
  fingerprint: string;
  /** the requester's changes to the plan before approval, each with who made it (in the fingerprint) */
  edits?: PlanEdit[];
  items: EvacuationItemState[];
  phase: 'planned' | 'running' | 'stopping' | 'done' | 'superseded';
  serviceDisabled: boolean;
  /** nova-compute on the host was disabled already (by someone) when the plan was made */
  disabledAlready?: boolean;
  startedAt?: number;
  endedAt?: number;
  abortRunning?: boolean;
  stoppedBy?: string;
  /** approved ahead for this maintenance window: starts at its start, stops starting at its end */
  windowId?: string;
  /** a move back: the servers evacuation `returnOf` took off `host` go back onto it */
  returnOf?: string;
  /** one host's step of this drain: disabled in its name, paused with it */
  drainId?: string;
  /** the server groups of its servers and their budgets, as planned (core/move/budgets.ts) */
  groups?: GroupBudget[];
  /** nova-compute as read when it ended, for a host left out of service; 'enabled': disabling it again failed */
  serviceAtEnd?: ServiceSeen | 'enabled';
}

export interface EvacuationItemState extends EvacuationItem {
  /** child request and run, once started */
  requestId?: string;
  runId?: string;
  /** abort-then-cold: the live move's run the stall policy aborted; the item follows its cold move */
  stalledRunId?: string;
  state: 'waiting' | 'running' | 'done' | 'skipped' | 'not-started';
  outcome?: Outcome;
  /**
   * for a server Ferry did not move: where Nova said it was when the evacuation ended (null: it no
   * longer exists); absent when Nova was not asked or did not answer
   */
  hostAtEnd?: string | null;
  /**
   * for a server that left: why it cannot come back home, by the hypervisors Nova listed when the
   * evacuation ended (a live move onto an older QEMU is refused); absent when it can, or Nova did not answer
   */
  notBackReason?: ItemReason;
  /** written by Ferry before facts (a sentence in the channel's language then); shown as stored */
  notBack?: string;
}

interface RequestBase {
  id: string;
  createdAt: number;
  requestedBy: string;
  status: RequestStatus;
  decidedBy?: string;
  decidedAt?: number;
  decisionNote?: string;
  /** the hosts and servers this approved operation holds until it ends (core/claims.ts) */
  claims?: Claim[];
}

/**
 * A host or server an operation holds: a host it empties (`drained`) or brings servers back to
 * (`return`) is its alone; a host a move leaves (`source`) or goes to (`destination`) may be shared
 * with other moves. A server is held by one operation at a time.
 */
export interface Claim {
  kind: 'host' | 'server';
  /** the host's name, or the server's ID */
  id: string;
  /** what people read: the host's or the server's name */
  name: string;
  role: 'drained' | 'return' | 'source' | 'destination' | 'moving';
}

/** A claim as the store holds it: which operation (request ID) holds it. */
export interface HeldClaim extends Claim {
  holder: string;
}

/** One server to move: the plan that was approved and, once started, its run. */
export interface MoveRecord extends RequestBase {
  kind: 'move';
  request: MoveRequest;
  plan: PlanSummary;
  runId?: string;
  /** for a move started by an evacuation: the evacuation's request */
  parentId?: string;
  /** a cold move the stall policy started after it aborted request `coldAfterStall`'s live move: said in that one's thread */
  coldAfterStall?: string;
}

/** A host to empty: the checks of its plan and its running state. */
export interface EvacuationRecord extends RequestBase {
  kind: 'evacuation';
  checks: CheckResult[];
  ready: boolean;
  evaluatedAt: number;
  evacuation: EvacuationState;
}

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

/** Many hosts emptied a few at a time, each brought back (and its servers home) before the next. */
export interface DrainRecord extends RequestBase {
  kind: 'drain';
  checks: CheckResult[];
  ready: boolean;
  evaluatedAt: number;
  drain: DrainState;
}

/** What someone asked Ferry for; `kind` tells which. */
export type RequestRecord = MoveRecord | EvacuationRecord | DrainRecord;

/** `unknown`: Nova lost the record before Ferry saw the end (a reset or restored cloud) */
export type OutcomeKind =
  | 'completed'
  | 'rolled-back'
  | 'failed'
  | 'aborted'
  | 'reverted'
  | 'timed-out'
  | 'unknown';

export interface Outcome {
  kind: OutcomeKind;
  /** what happened, as data (src/messages/runs.ts words it where it is shown) */
  fact?: OutcomeFact;
  /** written by Ferry before outcomes were facts; shown as stored when `fact` is absent */
  message?: string;
  /** the server's host at the end */
  host: string | null;
  /** unknown (absent) when Nova's record runs backwards (its clock was set back) or Ferry's wall clock does */
  durationMs?: number;
  forced: boolean;
}

export interface ProgressSnapshot {
  at: number;
  phase: RunState;
  migrationStatus: string | null;
  percent: number | null;
  bytesRemaining: number | null;
  bytesTotal: number | null;
  /** bytes per second actually sent */
  rate: number | null;
  etaMs: number | null;
  elapsedMs: number;
  /** bytes are sent, but what is left did not shrink since the last poll (the guest re-dirties it) */
  stalled?: boolean;
  /**
   * the byte figures are memory only: Nova's record gave no disk figures (libvirt reports none for
   * the NBD disk copy of a block migration), so nothing may be said about the disks from them
   */
  memoryOnly?: boolean;
  /** disk bytes still to copy (a block migration), when Nova's record gave disk figures */
  diskRemaining?: number;
}

/** The server as Nova showed it when its move started: its status and power state (1 running, 4 off). */
export interface ServerBefore {
  status: string;
  powerState: number;
}

export interface RunRecord {
  id: string;
  requestId: string;
  serverId: string;
  serverName: string;
  mode: MoveMode;
  source: string;
  destination: string | null;
  blockMigration: 'auto' | true;
  state: RunState;
  startedAt: number;
  endedAt?: number;
  /**
   * a cold move's server as Nova showed it before Ferry asked (read with the baseline): its proofs
   * accept SHUTOFF only for a server stopped before; absent on runs stored before it was kept
   */
  serverBefore?: ServerBefore;
  /** newest migration record of the server before Ferry started: ours is the first after it */
  baselineMigrationId: number;
  migrationId?: number;
  migrationUuid?: string;
  novaRequestIds: string[];
  transitions: { state: RunState; at: number; note?: TransitionNote }[];
  lastProgress?: ProgressSnapshot;
  forceRequested: boolean;
  /** what the cloud showed of a requested force-complete: its record in post-copy, or the guest paused */
  forceSeen?: 'post-copy' | 'paused';
  abortRequested: boolean;
  revertRequested: boolean;
  outcome?: Outcome;
  /** the stall policy's decision once it stopped converging (model/stall-policy.ts) */
  stall?: StallDecision;
}

export type { Reminder, WindowRecord } from './window-records.ts';

export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  subject: string;
  detail?: string;
}

/** Nova not answering a watched run, as its thread was told: since when, and what it answers (undefined: nothing). */
export interface NovaOutage {
  since: number;
  status: number | undefined;
}
