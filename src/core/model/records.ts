import type { GroupBudget } from '../move/budgets.ts';
import type { Blocker } from '../move/fit.ts';
import type { EvacuationItem, ItemReason } from './evacuation.ts';
import type { PlanEdit } from './plan-edits.ts';
import type { Outcome, RunState, TransitionNote } from './run-facts.ts';
import type { StallDecision } from './stall-policy.ts';

export type {
  DrainHostPhase,
  DrainHostReason,
  DrainHostState,
  DrainState,
  ServiceSeen,
} from './drain-state.ts';
export type { Outcome, OutcomeKind } from './run-facts.ts';
export type { RunState };

import type { DrainState, ServiceSeen } from './drain-state.ts';

import type { CheckResult, MoveMode, MoveRequest } from './types.ts';

/**
 * Ferry's records: requests (moves and evacuations), runs, maintenance windows and the audit trail.
 * The core owns them; a store adapter (store/lowdb/, store/postgres/) only keeps them. Where the chat edge shows them
 * (Slack channels and message timestamps) is the edge's own business (core/ports/places.ts).
 */

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
  /**
   * servers Nova's list of the host left out when it ended while Placement still held the host for
   * them (a cell whose database does not answer is skipped): read by ID, or unreadable (`status`);
   * null when Nova or Placement did not answer that check
   */
  unlistedAtEnd?: { server: string; status?: number }[] | null;
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
  /**
   * what the cloud showed of a requested force-complete: its record in post-copy, the only sign Nova
   * gives (a guest it paused instead does not show: see RunWatcher.seeForce)
   */
  forceSeen?: 'post-copy';
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
