import type { GroupBudget } from '../move/budgets.ts';
import type { Blocker, OutOfService } from '../move/fit.ts';
import type { Impact } from './impact.ts';
import type { PlanEdit } from './plan-edits.ts';
import type { CheckResult, MoveMode } from './types.ts';

/**
 * An evacuation's plan as data: the request, every server of the host with how it can move, and the
 * checks. evacuation.ts plans it; records, events and the chat edge carry it.
 */

export interface EvacuationRequest {
  host: string;
  /** every server to this host; absent: a capacity-aware preview across enabled hosts */
  destination?: string;
  concurrency: number;
  requestedBy: string;
  /** `--max-copy`: the most local disk (GB) one move may copy; a server with more cannot move */
  maxCopyGb?: number;
  /**
   * A server that cannot move live (impact class cold-only) moves cold instead of waiting for the
   * operator's choice: a drain's step, whose approved plan showed it as "will be stopped".
   */
  coldWhereNeeded?: true;
  /** `--cold-fallback`: the stall policy may abort a stalled live move and migrate the server cold */
  coldFallback?: true;
  /** the operator's changes to the plan (skip, skip a project, force cold, pin): planned with them */
  edits?: PlanEdit[];
  /**
   * a drain's step: the hosts the drain empties after this one. A server goes to one of them only when
   * no other host takes it, so it is not moved twice (Ferry names the destination to Nova)
   */
  later?: string[];
}

export interface EvacuationItem {
  serverId: string;
  serverName: string;
  status: string;
  flavor: string;
  ramMb: number;
  /** how it moves; null when it cannot */
  mode: MoveMode | null;
  destination: string | null;
  /** why it cannot move, why it moves cold, why its destination changed (src/messages/evacuation.ts words it) */
  reason?: ItemReason;
  /** written by Ferry before facts (a sentence in the channel's language then); shown as stored */
  note?: string;
  /** for a server that cannot move live: what the operator may choose instead of skipping */
  alternative?: 'cold';
  /** where it is now, when that is not the evacuation's host (a move back starts from many hosts) */
  source?: string;
  /** the project that owns it, told of its move (FERRY_PROJECT_CHANNELS) */
  projectId?: string;
  /** what a move will do to it, when anything (#28): absent for a server that moves live, keeps running */
  impact?: Impact;
}

export interface EvacuationPlan {
  request: EvacuationRequest;
  host: string;
  serviceId: string | null;
  destination: string | null;
  items: EvacuationItem[];
  checks: CheckResult[];
  ready: boolean;
  fingerprint: string;
  evaluatedAt: number;
  /** nova-compute on the host was disabled already when planned: approving disables nothing */
  disabledAlready: boolean;
  /** the server groups of its servers and their budgets (core/move/budgets.ts) */
  groups?: GroupBudget[];
}

/**
 * What an evacuation's thread hears meanwhile, for all its moves at once: Nova out since `since`
 * (`status`: what it answers; absent: nothing), or back after failing since `since` for `forMs`; with
 * how many of its moves are being watched. Times: epoch ms.
 */
export type EvacuationNotice =
  | { code: 'nova-out'; since: number; status?: number; moves: number }
  | { code: 'nova-back'; since: number; forMs: number; moves: number };

/** Why Nova would refuse moves onto a destination now: its service is gone, went down, or was disabled. */
export type Unusable =
  | { code: 'service-gone' }
  | { code: 'service-down' }
  | { code: 'disabled'; reason?: string };

/** One host that cannot take a server, and every reason why. */
export interface HostBlockers {
  host: string;
  blockers: Blocker[];
}

/**
 * Why a server of an evacuation, a move back or a drain cannot move, moves cold, or moved elsewhere
 * than planned, as data; src/messages/evacuation.ts words it at render time.
 */
export type ItemReason =
  | { code: 'locked'; reason?: string }
  | { code: 'busy'; task: string }
  /** a status neither live nor cold migration accepts (`raw`: said as Nova names it) */
  | { code: 'status'; status: string; raw?: true }
  /** no host can take it (`live`: none live, though one could cold) with what blocks each host */
  | { code: 'no-room'; live: boolean; hosts: HostBlockers[]; outOfService: OutOfService[] }
  | { code: 'shut-off-cold' }
  /** the operator chose a cold move (`by`: an edit of the plan; absent: the Cold-migrate button) */
  | { code: 'cold-by-choice'; by?: string }
  /** the operator left it where it is: itself, or its whole project (`projectId`) */
  | { code: 'skipped-by'; by: string; projectId?: string }
  /** pinned by the operator to `host`, which cannot take it: what blocks it (none: out of service) */
  | { code: 'pin-refused'; host: string; blockers: Blocker[] }
  /** its planned destination had no room left when its turn came */
  | { code: 'scheduler-chooses'; full: string }
  | { code: 'replanned'; onto: string; host: string; why: Unusable }
  | { code: 'destination-unusable'; host: string; why: Unusable }
  /** a move back: the server is gone, unreadable, home already, or blocked from home */
  | { code: 'gone' }
  | { code: 'unreadable'; status?: number }
  | { code: 'home-already'; host: string }
  | { code: 'blocked'; blockers: Blocker[] }
  | { code: 'back-cold'; left: 'cold' | 'stopped' }
  /** a drain: the server sits in an affinity group, which Nova's scheduler keeps on one host */
  | { code: 'affinity'; group: string }
  /** its planned destination runs (or receives) `member` of its anti-affinity group now: Nova's scheduler chooses */
  | { code: 'group-on-destination'; group: string; member: string; host: string }
  /** a soft-affinity group moves together or not at all: `blocker`, one of its members, cannot move */
  | { code: 'together'; group: string; blocker: string }
  /** a drain step: no room in this step (`roomOnly`), or no host in service takes it */
  | { code: 'no-room-in-step'; roomOnly: boolean }
  /** a drain step: nova-compute on its host is down, and a live or cold migration needs it running */
  | { code: 'source-down'; host: string }
  /** what a move would do to it rules out a live move (cold-only) or any move (cannot-move) */
  | { code: 'impact'; impact: Impact };
