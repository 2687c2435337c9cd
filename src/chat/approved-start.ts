import type { Clock } from '../clock.ts';
import { isCloudUnanswered } from '../core/cloud-errors.ts';
import { hearingUnansweredTries, type UnansweredTry } from '../core/cloud-tries.ts';
import type { Evacuations } from '../core/evacuation/evacuations.ts';
import type { EvacuationRecord, MoveRecord } from '../core/model/records.ts';
import type { Moves } from '../core/move/moves.ts';
import type { StorePort } from '../core/ports/store.ts';
import { t } from '../i18n/index.ts';
import { explainInWords, serviceName } from './explain.ts';
import { actorText, clockTime, escapeMrkdwn, failuresMessage, section } from './render.ts';
import type { Threads } from './threads.ts';

/** An approved request whose start may wait for the cloud: a move, or an evacuation (its plan re-checked). */
type Approved = MoveRecord | EvacuationRecord;

/** A check waiting for the cloud: since when, whether its failure was said, the post saying a try went unanswered. */
interface Waiting {
  since: number;
  failedSaid: boolean;
  said: Promise<unknown>;
}

/** What is said of a start that waits for the cloud, and of its end, per kind of request. */
const SAID = {
  move: {
    slow: (service: string, since: string, seconds: number) =>
      t`⏳ ${service} has not answered the re-check before the start since ${since} (no answer within ${seconds} s); Ferry keeps trying. Nothing was started; the approval stands.`,
    thread: (why: string) =>
      t`⚠️ The re-check before the start got no answer: ${why} Nothing was started. The approval stands: Ferry re-checks every few seconds and starts the move once the cloud answers and every check still passes.`,
    parent: (by: string, at: string, since: string) =>
      t`⏳ Approved by ${by} at ${at}. The re-check before the start got no answer from the cloud at ${since}; Ferry starts the move once the cloud answers and every check still passes.`,
    goes: (from: string) =>
      t`▶️ The cloud answers again (the re-check got no answer from ${from}): every check passes, so the approved move starts now.`,
    stays: (from: string) =>
      t`The cloud answers again (the re-check got no answer from ${from}), but a check fails now, so nothing is started.`,
  },
  evacuation: {
    slow: (service: string, since: string, seconds: number) =>
      t`⏳ ${service} has not answered the check that the plan still holds since ${since} (no answer within ${seconds} s); Ferry keeps trying. Nothing was started and no host was disabled; the approval stands.`,
    thread: (why: string) =>
      t`⚠️ The check that the plan still holds got no answer: ${why} Nothing was started and no host was disabled. The approval stands: Ferry checks again every few seconds and starts the evacuation once the cloud answers, if the plan still holds.`,
    parent: (by: string, at: string, since: string) =>
      t`⏳ Approved by ${by} at ${at}. The check that the plan still holds got no answer from the cloud at ${since}; Ferry starts the evacuation once the cloud answers and the plan still holds.`,
    goes: (from: string) =>
      t`▶️ The cloud answers again (the check of the plan got no answer from ${from}): the plan still holds, so the approved evacuation starts now.`,
    stays: (from: string) =>
      t`The cloud answers again (the check of the plan got no answer from ${from}), but the plan changed, so nothing is started: the new plan needs its own approval.`,
  },
} as const;

/**
 * The start of an approved move (its re-check, then the start) or evacuation (the check that its plan
 * still holds, then the start). When the cloud does not answer that check (Nova's 503, any 5xx, no
 * answer in time), the approval stands and nothing was sent: the replica's sweep takes the request up
 * again every few seconds (claims.ts approvedNotStarted, approvedEvacuationsNotStarted) until the
 * cloud answers. The thread hears that once, with what happens next, and once more when the cloud
 * answers and it starts (or the check refuses it); the log says it once per outage. A cloud that
 * answers late is tried again for minutes before the check fails: the thread hears as soon as one
 * try got no answer that Ferry keeps trying, then what all the tries got.
 */
export class ApprovedStarts {
  /** requests whose check got no answer, since when (this process's; a replica that takes one over says it again) */
  private readonly waiting = new Map<string, Waiting>();

  constructor(
    private readonly deps: {
      moves: Moves;
      evacuations: Evacuations;
      threads: Threads;
      store: StorePort;
      clock: Clock;
      settings: { timeZone: string };
      log: (message: string, error?: unknown) => void;
    },
  ) {}

  /** A move's or an evacuation's check and start; a move's re-check refused is shown in its thread, one unanswered is said once. */
  async start(requestId: string): Promise<void> {
    if (this.deps.store.getRequest(requestId)?.kind === 'evacuation') {
      await this.startEvacuation(requestId);
      return;
    }
    const started = await this.checked(requestId, (rechecked) =>
      this.deps.moves.startApproved(requestId, rechecked),
    );
    if (started?.kind === 'recheck-failed') {
      await this.deps.threads.refreshParent(started.request);
      await this.deps.threads.threadPost(started.request, failuresMessage(started.plan.checks));
    }
  }

  /** An approved evacuation's start; undefined while its check waits for the cloud (said once). */
  startEvacuation(requestId: string): Promise<Awaited<ReturnType<Evacuations['startApproved']>> | undefined> {
    return this.checked(requestId, (rechecked) => this.deps.evacuations.startApproved(requestId, rechecked));
  }

  /** Approved requests whose check before the start waits for the cloud to answer, since when (App Home lists them). */
  waitingForCloud(): { request: Approved; since: number }[] {
    return [...this.waiting].flatMap(([id, { since }]) => {
      const request = this.deps.store.getRequest(id);
      return request?.kind === 'move' || request?.kind === 'evacuation' ? [{ request, since }] : [];
    });
  }

  /** `start` with its check's verdict heard; undefined when the check got no answer (the approval stands). */
  private async checked<T>(
    requestId: string,
    start: (rechecked: (ready: boolean) => Promise<void>) => Promise<T>,
  ): Promise<T | undefined> {
    let answered = false;
    let checking = true;
    // the check's tries alone: the run it starts is watched with its own words
    const hear = (tried: UnansweredTry) => {
      if (checking && !answered) this.slow(requestId, tried);
    };
    try {
      return await hearingUnansweredTries(hear, () =>
        start(async (ready) => {
          answered = true;
          await this.answered(requestId, ready);
        }),
      );
    } catch (error) {
      // past the check the start is the runner's (or the evacuator's): what became of it is said there
      if (answered || !isCloudUnanswered(error)) throw error;
      await this.unanswered(requestId, error);
      return undefined;
    } finally {
      checking = false;
    }
  }

  /** A try of the check got no answer in time and the next is under way: said at once, not when all have failed. */
  private slow(requestId: string, tried: UnansweredTry): void {
    if (this.waiting.has(requestId)) return;
    const request = this.deps.store.getRequest(requestId);
    if (request?.kind !== 'move' && request?.kind !== 'evacuation') return;
    const { threads, settings, log } = this.deps;
    const since = clockTime(tried.sentAt, settings.timeZone);
    const text = SAID[request.kind].slow(
      serviceName(tried.service),
      since,
      Math.round(tried.waitedMs / 1000),
    );
    const said = threads
      .threadPost(request, { text, blocks: [section(text)] })
      .catch((error: unknown) => log(`could not say that ${requestId}'s check waits for the cloud:`, error));
    this.waiting.set(requestId, { since: tried.sentAt, failedSaid: false, said });
  }

  private async unanswered(requestId: string, error: unknown): Promise<void> {
    const slow = this.waiting.get(requestId);
    if (slow?.failedSaid) return;
    const request = this.deps.store.getRequest(requestId);
    if (request?.kind !== 'move' && request?.kind !== 'evacuation') throw error;
    const { clock, threads, settings } = this.deps;
    const said = SAID[request.kind];
    const since = slow?.since ?? clock.now();
    this.waiting.set(requestId, { since, failedSaid: true, said: Promise.resolve() });
    await slow?.said;
    this.deps.log(
      request.kind === 'move'
        ? `the re-check of approved move ${requestId} got no answer; the approval stands and the sweep re-checks it until the cloud answers:`
        : `the check that approved evacuation ${requestId}'s plan still holds got no answer; the approval stands and the sweep checks again until the cloud answers:`,
      error,
    );
    const text = said.thread(escapeMrkdwn(explainInWords(error)));
    await threads.threadPost(request, { text, blocks: [section(text)] });
    const by = actorText(request.decidedBy ?? '?');
    const at = clockTime(request.decidedAt ?? since, settings.timeZone);
    await threads.refreshParent(request, said.parent(by, at, clockTime(since, settings.timeZone)));
  }

  /** The cloud answered the check: the thread hears why it goes now (or why it does not). */
  private async answered(requestId: string, ready: boolean): Promise<void> {
    const waited = this.waiting.get(requestId);
    if (waited === undefined) return;
    this.waiting.delete(requestId);
    await waited.said;
    const since = waited.since;
    const request = this.deps.store.getRequest(requestId);
    if (request?.kind !== 'move' && request?.kind !== 'evacuation') return;
    const from = clockTime(since, this.deps.settings.timeZone);
    const text = ready ? SAID[request.kind].goes(from) : SAID[request.kind].stays(from);
    await this.deps.threads.threadPost(request, { text, blocks: [section(text)] });
  }
}
