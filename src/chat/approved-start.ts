import type { Clock } from '../clock.ts';
import { isCloudError, OpenStackApiError } from '../core/cloud-errors.ts';
import type { MoveRecord } from '../core/model.ts';
import type { Moves } from '../core/moves.ts';
import type { StorePort } from '../core/store-port.ts';
import { t } from '../i18n/index.ts';
import { explainInWords } from './explain.ts';
import { actorText, clockTime, escapeMrkdwn, failuresMessage, section } from './render.ts';
import type { Threads } from './threads.ts';

/** A re-check that got no answer: the cloud away (no answer, a 5xx), not a refusal or a mistake. */
function unanswered(error: unknown): boolean {
  return isCloudError(error) && (!(error instanceof OpenStackApiError) || error.status >= 500);
}

/**
 * The start of an approved move: its re-check, then the start. When the cloud does not answer the
 * re-check (Nova's 503, any 5xx, no answer in time), the approval stands and nothing was sent: the
 * replica's sweep takes the move up again every few seconds (claims.ts approvedNotStarted) until the
 * cloud answers. The thread hears that once, with what happens next, and once more when the cloud
 * answers and the move starts (or the re-check refuses it); the log says it once per outage.
 */
export class ApprovedStarts {
  /** moves whose re-check got no answer, since when (this process's; a replica that takes one over says it again) */
  private readonly waiting = new Map<string, number>();

  constructor(
    private readonly deps: {
      moves: Moves;
      threads: Threads;
      store: StorePort;
      clock: Clock;
      settings: { timeZone: string };
      log: (message: string, error?: unknown) => void;
    },
  ) {}

  /** The re-check and the start; a re-check refused is shown in the thread, one unanswered is said once. */
  async start(requestId: string): Promise<void> {
    let checked = false;
    let started: Awaited<ReturnType<Moves['startApproved']>>;
    try {
      started = await this.deps.moves.startApproved(requestId, async (ready) => {
        checked = true;
        await this.answered(requestId, ready);
      });
    } catch (error) {
      // past the re-check the start is the runner's (its run says what became of it)
      if (checked || !unanswered(error)) throw error;
      await this.unanswered(requestId, error);
      return;
    }
    if (started.kind === 'recheck-failed') {
      await this.deps.threads.refreshParent(started.request);
      await this.deps.threads.threadPost(started.request, failuresMessage(started.plan.checks));
    }
  }

  /** Approved moves whose re-check waits for the cloud to answer, since when (App Home lists them). */
  waitingForCloud(): { request: MoveRecord; since: number }[] {
    return [...this.waiting].flatMap(([id, since]) => {
      const request = this.deps.store.getMove(id);
      return request ? [{ request, since }] : [];
    });
  }

  private async unanswered(requestId: string, error: unknown): Promise<void> {
    if (this.waiting.has(requestId)) return;
    const { clock, threads, settings } = this.deps;
    const since = clock.now();
    this.waiting.set(requestId, since);
    this.deps.log(
      `the re-check of approved move ${requestId} got no answer; the approval stands and the sweep re-checks it until the cloud answers:`,
      error,
    );
    const request = this.deps.store.getMove(requestId);
    if (!request) return;
    const text = t`⚠️ The re-check before the start got no answer: ${escapeMrkdwn(explainInWords(error))} Nothing was started. The approval stands: Ferry re-checks every few seconds and starts the move once the cloud answers and every check still passes.`;
    await threads.threadPost(request, { text, blocks: [section(text)] });
    const by = actorText(request.decidedBy ?? '?');
    const at = clockTime(request.decidedAt ?? since, settings.timeZone);
    await threads.refreshParent(
      request,
      t`⏳ Approved by ${by} at ${at}. The re-check before the start got no answer from the cloud at ${clockTime(since, settings.timeZone)}; Ferry starts the move once the cloud answers and every check still passes.`,
    );
  }

  /** The cloud answered the re-check: the thread hears why the move goes now (or why it does not). */
  private async answered(requestId: string, ready: boolean): Promise<void> {
    const since = this.waiting.get(requestId);
    if (since === undefined) return;
    this.waiting.delete(requestId);
    const request = this.deps.store.getMove(requestId);
    if (!request) return;
    const from = clockTime(since, this.deps.settings.timeZone);
    const text = ready
      ? t`▶️ The cloud answers again (the re-check got no answer from ${from}): every check passes, so the approved move starts now.`
      : t`The cloud answers again (the re-check got no answer from ${from}), but a check fails now, so nothing is started.`;
    await this.deps.threads.threadPost(request, { text, blocks: [section(text)] });
  }
}
