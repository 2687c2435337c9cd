import type { Telling } from '../journal.ts';
import type { PlanEdit } from '../model/plan-edits.ts';
import type {
  DrainRecord,
  EvacuationItemState,
  EvacuationRecord,
  EvacuationState,
  MoveRecord,
  PlanSummary,
  RequestRecord,
} from '../model/records.ts';
import type { CheckResult } from '../model/types.ts';
import type { GroupBudget } from '../move/budgets.ts';

/** What a move's start must leave within budget: its server groups, and members a cold move left stopped. */
export interface BudgetLook {
  groups: GroupBudget[];
  /** members Nova does not show ACTIVE again after a cold move stopped them (read before the write) */
  stopped: string[];
}

/**
 * The requests (moves, evacuations, drains): asked, decided, and an evacuation's or a drain's progress,
 * which lives on its request. Every write is one operation the store makes atomic; reads answer the
 * records as they are now.
 */
export interface RequestsPort {
  addRequest(record: RequestRecord): Promise<RequestRecord>;
  getRequest(id: string): RequestRecord | undefined;
  getMove(id: string): MoveRecord | undefined;
  getEvacuation(id: string): EvacuationRecord | undefined;
  pendingRequests(): RequestRecord[];
  evacuations(): EvacuationRecord[];
  getDrain(id: string): DrainRecord | undefined;
  drains(): DrainRecord[];
  /**
   * One change to a drain, made atomically on the record as stored now (`apply` may decide from what
   * it finds there, and throw to change nothing).
   */
  updateDrain(
    id: string,
    apply: (drain: DrainRecord) => void,
    tell?: Telling<DrainRecord>,
  ): Promise<DrainRecord>;
  /** an evacuation's phase, with what comes with it (when it started or ended, who stopped it…) */
  setEvacuationPhase(
    id: string,
    phase: EvacuationState['phase'],
    details?: Partial<
      Pick<
        EvacuationState,
        'startedAt' | 'endedAt' | 'serviceDisabled' | 'abortRunning' | 'stoppedBy' | 'unlistedAtEnd'
      >
    >,
    tell?: Telling<EvacuationRecord>,
  ): Promise<EvacuationRecord>;
  /**
   * changes to some of its servers (by server ID), and a new plan fingerprint when the plan changed;
   * with `edits` (the requester's edits of the plan), made only while the request is pending, with its
   * checks as planned again
   */
  updateEvacuationItems(
    id: string,
    changes: { serverId: string; change: Partial<EvacuationItemState> }[],
    plan?: { fingerprint: string; edits?: PlanEdit[]; checks?: CheckResult[] },
    tell?: Telling<EvacuationRecord>,
  ): Promise<EvacuationRecord>;
  /**
   * Starts one of an evacuation's moves: adds `child` (the move's request) and marks the item running
   * with it, in one write decided under the budgets' lock on every replica's records as committed now.
   * Null, with nothing written, when a group of `look` has as many members in flight (runs not ended,
   * items running) or stopped as its budget: two replicas never both take a group's last place.
   */
  startEvacuationItem(
    id: string,
    serverId: string,
    child: MoveRecord,
    look: BudgetLook,
  ): Promise<EvacuationRecord | null>;
  /** a move's fresh checks (the re-check on approval) */
  replacePlan(id: string, plan: PlanSummary, at: number): Promise<MoveRecord>;
  /** the first decision stands; an evacuation is approved only for the plan the approver saw */
  decide(
    id: string,
    status: 'approved' | 'rejected' | 'expired',
    actor: string,
    at: number,
    note?: string,
    seenFingerprint?: string,
  ): Promise<{ request: RequestRecord; decided: boolean; planChanged?: boolean }>;
}
