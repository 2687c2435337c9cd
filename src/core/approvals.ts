import type { ApprovedStarts, StartNews } from './approved-starts.ts';
import type { Drains } from './drain/drains.ts';
import type {
  DrainRecord,
  EvacuationRecord,
  MoveRecord,
  RequestRecord,
  WindowRecord,
} from './model/records.ts';
import type { RequestBook } from './requests.ts';

/** What an approval did, told as it happens (the edge says each in the request's message). */
export type ApprovalFact = ApprovalStep & { by: string };

/** What followed an approval, by kind of request. */
export type ApprovalStep =
  /** a drain approved: started now, or waiting for its window */
  | {
      kind: 'drain';
      request: DrainRecord;
      started: { kind: 'waits-for-window'; window: WindowRecord } | { kind: 'started'; request: DrainRecord };
    }
  /** a move or an evacuation approved: its check before the start begins now */
  | { kind: 'checking'; request: MoveRecord | EvacuationRecord }
  /** an evacuation approved ahead of its window: it starts with the window if the plan still holds then */
  | { kind: 'waits-for-window'; request: EvacuationRecord; window: WindowRecord };

/** What the edge hears of an approval: its facts, and the start's wait for the cloud. */
export interface ApprovalNews extends StartNews {
  approved(fact: ApprovalFact): Promise<void>;
}

/** Counts decisions (GET /metrics), when they are counted. */
export interface DecisionCounter {
  decision(verdict: 'approved' | 'rejected' | 'expired', kind: RequestRecord['kind']): void;
}

/**
 * Deciding a request: approve (four eyes; then what follows by kind: a drain starts or waits for its
 * window, a move is re-checked and started, an evacuation's plan checked and started), reject, expire.
 * Knows which approvals are under way in this process, so the replica's sweep does not take them up.
 */
export class Approvals {
  /** requests whose approval (or take-up) is under way in this process, and how many times over */
  private readonly approving = new Map<string, number>();

  constructor(
    private readonly deps: {
      book: RequestBook;
      drains: Drains;
      starts: ApprovedStarts;
      decisions?: DecisionCounter;
      log: (message: string, error?: unknown) => void;
    },
  ) {}

  /** Whether this process is approving or starting the request now: no sweep takes it up meanwhile. */
  startingHere(requestId: string): boolean {
    return this.approving.has(requestId);
  }

  /** `value` is the Approve button's: the request ID, and for an evacuation or a drain `@` the plan's fingerprint. */
  async approve(value: string, user: string, news: ApprovalNews): Promise<void> {
    const [requestId = '', seenFingerprint] = value.split('@');
    await this.underWay(requestId, () => this.decide(requestId, user, seenFingerprint, news));
  }

  /**
   * A move or evacuation approved by a process that stopped before it began the start (a restart, a
   * replica that died), or whose check got no answer: re-checked and started now, as the approval
   * would have; the news hears either.
   */
  takeUp(requestId: string, news: StartNews): void {
    this.underWay(requestId, () => this.deps.starts.start(requestId, news)).catch((error) =>
      this.deps.log(`taking up approved request ${requestId} failed`, error),
    );
  }

  /** Refuses before anything is asked of the person (the reject dialog) when they may not decide. */
  async decidable(requestId: string, user: string, verb: 'approve' | 'reject'): Promise<void> {
    await this.deps.book.decidable(requestId, user, verb);
  }

  async reject(requestId: string, user: string, reason: string | undefined): Promise<RequestRecord> {
    const { request } = await this.deps.book.reject(requestId, user, reason);
    this.deps.decisions?.decision('rejected', request.kind);
    return request;
  }

  /** Requests left undecided past their time: expired now, each answered. */
  async expireDue(): Promise<RequestRecord[]> {
    const expired = await this.deps.book.expireDue();
    for (const request of expired) this.deps.decisions?.decision('expired', request.kind);
    return expired;
  }

  /** Approved requests whose check before the start waits for the cloud to answer (App Home lists them). */
  waitingForCloud(): ReturnType<ApprovedStarts['waitingForCloud']> {
    return this.deps.starts.waitingForCloud();
  }

  private async underWay(requestId: string, work: () => Promise<void>): Promise<void> {
    this.approving.set(requestId, (this.approving.get(requestId) ?? 0) + 1);
    try {
      await work();
    } finally {
      const left = (this.approving.get(requestId) ?? 1) - 1;
      if (left > 0) this.approving.set(requestId, left);
      else this.approving.delete(requestId);
    }
  }

  private async decide(
    requestId: string,
    user: string,
    seenFingerprint: string | undefined,
    news: ApprovalNews,
  ): Promise<void> {
    // a request someone else decided first throws ApprovalError: past here, this approval decided it
    const { request } = await this.deps.book.approve(requestId, user, seenFingerprint);
    this.deps.decisions?.decision('approved', request.kind);
    if (request.kind === 'drain') {
      const started = await this.deps.drains.startApproved(requestId);
      await news.approved({ kind: 'drain', request, started, by: user });
      return;
    }
    await news.approved({ kind: 'checking', request, by: user });
    if (request.kind === 'evacuation') {
      const started = await this.deps.starts.startEvacuation(requestId, news);
      if (started?.kind === 'waits-for-window')
        await news.approved({ kind: 'waits-for-window', request, window: started.window, by: user });
      return;
    }
    await this.deps.starts.start(requestId, news);
  }
}
