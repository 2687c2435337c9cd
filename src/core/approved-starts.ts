import type { Clock } from '../clock.ts';
import { isCloudUnanswered } from './cloud-errors.ts';
import { hearingUnansweredTries, type UnansweredTry } from './cloud-tries.ts';
import type { Evacuations } from './evacuation/evacuations.ts';
import type { EvacuationRecord, MoveRecord } from './model/records.ts';
import type { MovePlan } from './model/types.ts';
import type { Moves } from './move/moves.ts';

import type { RequestsPort } from './ports/requests.ts';

/** An approved request whose start may wait for the cloud: a move, or an evacuation (its plan re-checked). */
export type ApprovedRequest = MoveRecord | EvacuationRecord;

/**
 * What the edge hears of an approved start that waits for the cloud, as facts (it says them in the
 * request's thread). `slow` answers a promise the later facts of the same request wait for.
 */
export interface StartNews {
  /** one try of the check got no answer in time and the next is under way */
  slow(request: ApprovedRequest, tried: UnansweredTry): Promise<unknown>;
  /** every try got no answer: nothing was started, the approval stands (since: when the wait began) */
  unanswered(request: ApprovedRequest, error: unknown, since: number): Promise<void>;
  /** the cloud answers again after a wait: the check passed (`ready`) or refused the start */
  answered(request: ApprovedRequest, ready: boolean, since: number): Promise<void>;
  /** a move's re-check before the start refused it */
  recheckFailed(request: MoveRecord, plan: MovePlan): Promise<void>;
}

/** A check waiting for the cloud: since when, whether its failure was told, the news that a try went unanswered. */
interface Waiting {
  since: number;
  failedSaid: boolean;
  said: Promise<unknown>;
}

/**
 * The start of an approved move (its re-check, then the start) or evacuation (the check that its plan
 * still holds, then the start). When the cloud does not answer that check (Nova's 503, any 5xx, no
 * answer in time), the approval stands and nothing was sent: the replica's sweep takes the request up
 * again every few seconds (claims.ts approvedNotStarted, approvedEvacuationsNotStarted) until the
 * cloud answers. The news hears that once, and once more when the cloud answers and it starts (or the
 * check refuses it); the log says it once per outage. A cloud that answers late is tried again for
 * minutes before the check fails: the news hears as soon as one try got no answer that Ferry keeps
 * trying, then what all the tries got.
 */
export class ApprovedStarts {
  /** requests whose check got no answer, since when (this process's; a replica that takes one over says it again) */
  private readonly waiting = new Map<string, Waiting>();

  constructor(
    private readonly deps: {
      moves: Moves;
      evacuations: Evacuations;
      store: Pick<RequestsPort, 'getRequest'>;
      clock: Clock;
      log: (message: string, error?: unknown) => void;
    },
  ) {}

  /** A move's or an evacuation's check and start; a move's re-check refused is told, one unanswered is told once. */
  async start(requestId: string, news: StartNews): Promise<void> {
    if (this.deps.store.getRequest(requestId)?.kind === 'evacuation') {
      await this.startEvacuation(requestId, news);
      return;
    }
    const started = await this.checked(requestId, news, (rechecked) =>
      this.deps.moves.startApproved(requestId, rechecked),
    );
    if (started?.kind === 'recheck-failed') await news.recheckFailed(started.request, started.plan);
  }

  /** An approved evacuation's start; undefined while its check waits for the cloud (told once). */
  startEvacuation(
    requestId: string,
    news: StartNews,
  ): Promise<Awaited<ReturnType<Evacuations['startApproved']>> | undefined> {
    return this.checked(requestId, news, (rechecked) =>
      this.deps.evacuations.startApproved(requestId, rechecked),
    );
  }

  /** Approved requests whose check before the start waits for the cloud to answer, since when (App Home lists them). */
  waitingForCloud(): { request: ApprovedRequest; since: number }[] {
    return [...this.waiting].flatMap(([id, { since }]) => {
      const request = this.deps.store.getRequest(id);
      return request?.kind === 'move' || request?.kind === 'evacuation' ? [{ request, since }] : [];
    });
  }

  /** `start` with its check's verdict heard; undefined when the check got no answer (the approval stands). */
  private async checked<T>(
    requestId: string,
    news: StartNews,
    start: (rechecked: (ready: boolean) => Promise<void>) => Promise<T>,
  ): Promise<T | undefined> {
    let answered = false;
    let checking = true;
    // the check's tries alone: the run it starts is watched with its own words
    const hear = (tried: UnansweredTry) => {
      if (checking && !answered) this.slow(requestId, tried, news);
    };
    try {
      return await hearingUnansweredTries(hear, () =>
        start(async (ready) => {
          answered = true;
          await this.answered(requestId, ready, news);
        }),
      );
    } catch (error) {
      // past the check the start is the runner's (or the evacuator's): what became of it is said there
      if (answered || !isCloudUnanswered(error)) throw error;
      await this.unanswered(requestId, error, news);
      return undefined;
    } finally {
      checking = false;
    }
  }

  /** A try of the check got no answer in time and the next is under way: told at once, not when all have failed. */
  private slow(requestId: string, tried: UnansweredTry, news: StartNews): void {
    if (this.waiting.has(requestId)) return;
    const request = this.deps.store.getRequest(requestId);
    if (request?.kind !== 'move' && request?.kind !== 'evacuation') return;
    const said = news
      .slow(request, tried)
      .catch((error: unknown) =>
        this.deps.log(`could not say that ${requestId}'s check waits for the cloud:`, error),
      );
    this.waiting.set(requestId, { since: tried.sentAt, failedSaid: false, said });
  }

  private async unanswered(requestId: string, error: unknown, news: StartNews): Promise<void> {
    const slow = this.waiting.get(requestId);
    if (slow?.failedSaid) return;
    const request = this.deps.store.getRequest(requestId);
    if (request?.kind !== 'move' && request?.kind !== 'evacuation') throw error;
    const since = slow?.since ?? this.deps.clock.now();
    this.waiting.set(requestId, { since, failedSaid: true, said: Promise.resolve() });
    await slow?.said;
    this.deps.log(
      request.kind === 'move'
        ? `the re-check of approved move ${requestId} got no answer; the approval stands and the sweep re-checks it until the cloud answers:`
        : `the check that approved evacuation ${requestId}'s plan still holds got no answer; the approval stands and the sweep checks again until the cloud answers:`,
      error,
    );
    await news.unanswered(request, error, since);
  }

  /** The cloud answered the check: the news hears why it goes now (or why it does not). */
  private async answered(requestId: string, ready: boolean, news: StartNews): Promise<void> {
    const waited = this.waiting.get(requestId);
    if (waited === undefined) return;
    this.waiting.delete(requestId);
    await waited.said;
    const request = this.deps.store.getRequest(requestId);
    if (request?.kind !== 'move' && request?.kind !== 'evacuation') return;
    await news.answered(request, ready, waited.since);
  }
}
