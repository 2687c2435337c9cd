import type { Clock } from '../clock.ts';
import type { DrainRecord, MoveRecord, Outcome, RequestRecord, RunRecord } from '../core/model/records.ts';
import type { StallDecision } from '../core/model/stall-policy.ts';
import { inFlightMoves } from '../core/move/in-flight.ts';
import type { Place, Places } from '../core/ports/places.ts';
import type { StorePort } from '../core/ports/store.ts';
import type { ApproverPolicy, RequestBook } from '../core/requests.ts';
import { t } from '../i18n/index.ts';
import { checkFix } from '../messages/checks.ts';
import { checksCount } from '../messages/counted.ts';
import { failedProofsText, outcomeUnproven, proofsOffCaveat } from '../messages/proofs.ts';
import type { StalledMove } from '../messages/stall-policy.ts';
import { stateWord } from '../messages/states.ts';
import { formatDuration } from '../messages/units.ts';
import { drainStatus, drainWaitsForConfirm } from './drain-status.ts';
import { drainMessage } from './drain-view.ts';
import { counts, evacuationProgressLine, type RunsSeen, tally } from './evacuation-progress.ts';
import { evacuationReport } from './evacuation-report.ts';
import { evacuationMessage } from './evacuation-view.ts';
import type { PostOptions } from './post-options.ts';
import type { SlackPoster } from './poster.ts';
import {
  actorText,
  capitalise,
  checkTally,
  clockTime,
  code,
  escapeMrkdwn,
  requestMessage,
  section,
} from './render.ts';
import { outcomeIcon, progressBar, runStage } from './run-view.ts';

/** What the reporter and its parts say things with: the time zone, the progress pace, the settings they mention. */
export interface ReportSettings {
  timeZone: string;
  /** FERRY_CHANNEL: reminders and digests; absent: where the window was scheduled */
  channel?: string;
  progressIntervalMs: number;
  autoConfirm: boolean;
}

/**
 * A request's place in Slack: its message (rendered from the record, status line included) and its
 * thread. Everything Ferry writes about a request goes through here.
 */
export class Threads {
  constructor(
    private readonly deps: {
      store: StorePort;
      places: Places;
      poster: SlackPoster;
      approvers: ApproverPolicy;
      book: RequestBook;
      timeZone: string;
      clock: Clock;
      /** FERRY_COLD_CONFIRM=auto: Ferry confirms cold moves itself; false: a person presses Confirm or Revert */
      autoConfirm?: boolean;
    },
  ) {}

  /** Where a request is shown; a run is shown in its request's thread. */
  placeOf(subject: RequestRecord | RunRecord): Place | undefined {
    const request = 'requestId' in subject ? this.deps.store.getRequest(subject.requestId) : subject;
    return request ? this.deps.places.placeOf(request.id) : undefined;
  }

  requestView(request: RequestRecord) {
    if (request.kind === 'drain') {
      return drainMessage(request, {
        approvers: this.deps.approvers.describe(request.requestedBy),
        expiresAt: this.deps.book.expiresAt(request),
        timeZone: this.deps.timeZone,
        now: this.deps.clock.now(),
        status: this.statusOf(request),
        lookup: (id) => this.deps.store.getEvacuation(id),
      });
    }
    if (request.kind === 'evacuation') {
      return evacuationMessage(request, {
        seen: this.runsSeen(),
        approvers: this.deps.approvers.describe(request.requestedBy),
        expiresAt: this.deps.book.expiresAt(request),
        timeZone: this.deps.timeZone,
        status: this.statusOf(request),
      });
    }
    return requestMessage(request, {
      approvers: this.deps.approvers.describe(request.requestedBy),
      expiresAt: this.deps.book.expiresAt(request),
      timeZone: this.deps.timeZone,
      status: this.statusOf(request),
      withButtons: request.status === 'pending',
    });
  }

  /** The runs as stored, and now: what an evacuation's counts and ETA are made of. */
  runsSeen(): RunsSeen {
    const { store } = this.deps;
    return {
      runOf: (id) => store.getRun(id),
      now: this.deps.clock.now(),
      inFlight: () => inFlightMoves(store.activeRuns(), store.evacuations()),
      drainOf: (id) => store.getDrain(id),
      ...(this.deps.autoConfirm !== undefined ? { autoConfirm: this.deps.autoConfirm } : {}),
    };
  }

  statusOf(request: RequestRecord, run?: RunRecord): string {
    const tz = this.deps.timeZone;
    const by = request.decidedBy ? actorText(request.decidedBy) : '';
    const at = request.decidedAt ? clockTime(request.decidedAt, tz) : '';
    const { checks, ready } = request.kind === 'move' ? request.plan : request;
    switch (request.status) {
      case 'pending':
        return t`⏳ *Waiting for approval*`;
      case 'dry-run':
        return t`🔍 *Dry run*: nothing was requested. ${ready ? t`${capitalise(checkTally(checks))}.` : t`Some checks fail; each says why.`}`;
      case 'blocked': {
        const failed = checks.filter((c) => c.status === 'fail');
        // the message lists its checks, each failed one with its fix where it has one
        return failed.some((c) => checkFix(c))
          ? t`❌ *Blocked*: ${checksCount(failed.length)} failed; what to do is under each.`
          : t`❌ *Blocked*: ${checksCount(failed.length)} failed; each says why.`;
      }
      case 'rejected':
        return request.decisionNote
          ? t`🚫 *Rejected* by ${by} at ${at}: ${escapeMrkdwn(request.decisionNote)}`
          : t`🚫 *Rejected* by ${by} at ${at}`;
      case 'expired':
        return t`⌛ *Expired* at ${at}: nobody approved it in time. Ask again for fresh checks.`;
      case 'approved': {
        if (request.kind === 'drain') {
          const lookup = (id: string) => this.deps.store.getEvacuation(id);
          return drainStatus(request, by, at, tz, drainWaitsForConfirm(request, lookup, this.runsSeen()));
        }
        if (request.kind === 'evacuation') {
          const { evacuation } = request;
          if (evacuation.phase === 'superseded')
            return t`🔁 *Superseded*: approved by ${by} at ${at}, but the cloud changed; a new plan was posted for approval.`;
          // one stopped ends as its report says, not "finished" (operator trial: a drain's step Ferry stopped)
          if (evacuation.phase === 'done' && evacuation.stoppedBy)
            return evacuation.returnOf
              ? t`⏹️ *Move back stopped* by ${actorText(evacuation.stoppedBy)}: ${tally(counts(evacuation.items))} · Approved by ${by} at ${at}`
              : t`⏹️ *Evacuation stopped* by ${actorText(evacuation.stoppedBy)}: ${tally(counts(evacuation.items))} · Approved by ${by} at ${at}`;
          if (evacuation.phase === 'done')
            return evacuation.returnOf
              ? t`🏁 *Move back finished*: ${tally(counts(evacuation.items))} · Approved by ${by} at ${at}`
              : evacuation.unlistedAtEnd?.length
                ? // servers Nova's list left out are still there: finished is not done with the host
                  t`🏁 *Evacuation finished*: ${tally(counts(evacuation.items))}, but ⚠️ ${code(evacuation.host)} is not empty (the report says why) · Approved by ${by} at ${at}`
                : t`🏁 *Evacuation finished*: ${tally(counts(evacuation.items))} · Approved by ${by} at ${at}`;
          if (evacuation.phase === 'stopping')
            return t`⏹️ *Stopping* (${evacuationProgressLine(request, undefined, this.runsSeen()).replace(/^🚚 \*[^*]+\* /, '')}) · Approved by ${by} at ${at}`;
          if (evacuation.phase === 'running')
            return t`${evacuationProgressLine(request, undefined, this.runsSeen())} · Approved by ${by} at ${at}`;
          return t`👍 Approved by ${by} at ${at}`;
        }
        const current = run ?? (request.runId ? this.deps.store.getRun(request.runId) : undefined);
        const head = t`Approved by ${by} at ${at}`;
        if (!current && !request.plan.ready)
          return t`⚠️ ${head}, but the re-check before the start failed, so nothing was started (the checks above say why). Ask again once it is fixed.`;
        if (!current) return `👍 ${head}`;
        // abort-then-cold: the live move's abort is half of it, the cold move that followed ends it
        if (current.outcome && current.stall?.action === 'abort-then-cold' && current.stall.state === 'acted')
          return t`${this.afterColdFallback(current)} · Approved by ${by} at ${at}, with --cold-fallback: the stall policy chose the cold migration`;
        if (current.outcome) return `${outcomeLine(current)} · ${head}`;
        // a bar read in an earlier phase (a cold move's "migrating" 40%) says nothing of this one
        const { word, progress } = runStage(current, this.deps.autoConfirm);
        const bar =
          progress && progress.percent !== null
            ? ` ${progressBar(progress.percent, 10)}${progress.etaMs !== null ? t` ETA ${formatDuration(progress.etaMs)}` : ''}`
            : '';
        return `🚚 *${word}*${bar} · ${head}`;
      }
    }
  }

  /** How the cold move abort-then-cold started (its request) ended, once it has. */
  readonly coldOutcomeOf = (requestId: string): Outcome | undefined => {
    const runId = this.deps.store.getMove(requestId)?.runId;
    return runId ? this.deps.store.getRun(runId)?.outcome : undefined;
  };

  /** For the cold move abort-then-cold started: the aborted live move's stall decision. */
  stallBefore(request: MoveRecord): StallDecision | undefined {
    const live = request.coldAfterStall ? this.deps.store.getMove(request.coldAfterStall) : undefined;
    return live?.runId ? this.deps.store.getRun(live.runId)?.stall : undefined;
  }

  /** A live move the stall policy aborted to migrate it cold: the abort, then where the cold move is. */
  private afterColdFallback(live: RunRecord): string {
    const aborted = t`🛑 *Aborted* by the stall policy after ${formatDuration(live.outcome?.durationMs ?? 0)}`;
    const cold = live.stall?.cold;
    if (!cold) return t`${aborted}; a cold migration follows once it is ACTIVE on ${code(live.source)}`;
    if (cold.state === 'not-started')
      return cold.why === 'not-on-source'
        ? t`${aborted}; no cold migration: it was not ACTIVE on ${code(live.source)}`
        : t`${aborted}; the cold migration could not be started (the thread says why)`;
    const runId = this.deps.store.getMove(cold.requestId)?.runId;
    const run = runId ? this.deps.store.getRun(runId) : undefined;
    if (!run) return t`${aborted}; the cold migration starts`;
    if (!run.outcome) return t`${aborted}; then the cold migration: 🚚 *${stateWord(run.state)}*`;
    const fact = run.outcome.fact;
    const failed = fact?.code === 'back' ? failedProofsText(fact.proofs) : '';
    return failed
      ? t`${aborted}; then the cold migration: ${outcomeLine(run)}, as a proof failed on the destination: ${escapeMrkdwn(failed)}`
      : t`${aborted}; then the cold migration: ${outcomeLine(run)}`;
  }

  /** Re-renders the request's message; `status` overrides its status line for a moment in between. */
  async refreshParent(request: RequestRecord, status?: string): Promise<void> {
    // the cold move abort-then-cold started is said on the live move's message, whose status it ends
    const live =
      request.kind === 'move' && request.coldAfterStall
        ? this.deps.store.getMove(request.coldAfterStall)
        : undefined;
    if (live) return this.refreshParent(live);
    const where = this.whereOf(request.id);
    if (!where) return;
    // rendered from the store's record, never from an event's older copy: an edit sent after newer ones
    // (an evacuation's start told once its post went out) must not show fewer moves started than they did
    const view = this.requestView(this.deps.store.getRequest(request.id) ?? request);
    const statusIndex = view.blocks.findIndex((block) => block.block_id === 'status');
    if (status !== undefined && statusIndex >= 0) view.blocks[statusIndex] = section(status, 'status');
    await this.deps.poster.update(where.channel, where.ts ?? { subject: request.id, field: 'ts' }, view);
  }

  /** Remembers where a request or run was posted (merged into what was known). */
  remember(subjectId: string, place: Place): Promise<void> {
    return this.deps.places.setPlace(subjectId, place);
  }

  /**
   * Posts in the subject's thread (a run's is its request's), also while the subject's own message
   * still waits in the outbox: the reply goes out after it, in its thread.
   */
  async threadPost(
    subject: RequestRecord | RunRecord,
    message: { text: string; blocks: ReturnType<typeof section>[] },
    options: Pick<PostOptions, 'remember' | 'cause' | 'group' | 'written' | 'alone' | 'report'> = {},
  ): Promise<string | undefined> {
    const requestId = 'requestId' in subject ? subject.requestId : subject.id;
    const where = this.whereOf(requestId);
    if (!where) return undefined;
    return this.deps.poster.post(where.channel, message, {
      ...(where.ts ? { threadTs: where.ts } : { threadOf: requestId }),
      ...options,
    });
  }

  /** A reply sent at once, not through the store (which cannot write): to a thread already posted. */
  async threadPostDirect(
    subject: RequestRecord | RunRecord,
    message: { text: string; blocks: ReturnType<typeof section>[] },
  ): Promise<string | undefined> {
    const where = this.whereOf('requestId' in subject ? subject.requestId : subject.id);
    if (!where?.ts) return undefined;
    return this.deps.poster.postDirect(where.channel, message, where.ts);
  }

  /**
   * Re-renders an evacuation's report from the store: the move back it offers, the one asked for or
   * under way instead (no button then), or how the last one ended. Said after each press of its Move
   * back and each end of a move back of it, so an old report keeps no button that offers nothing. A
   * drain's is never edited again: its move back is the drain's to tell, and a re-render would say
   * again what was true when it ended ("stays disabled…"), not now.
   */
  async refreshEvacuationReport(evacuationId: string): Promise<void> {
    const { store } = this.deps;
    const evacuation = store.getEvacuation(evacuationId);
    const place = this.deps.places.placeOf(evacuationId);
    if (!evacuation || evacuation.evacuation.drainId || evacuation.evacuation.returnOf) return;
    if (!place?.channel || !place.reportTs) return;
    const backs = store
      .evacuations()
      .filter((r) => r.evacuation.returnOf === evacuationId && !r.evacuation.drainId)
      .sort((a, b) => a.createdAt - b.createdAt);
    const asked = backs.find(
      (r) =>
        r.status === 'pending' ||
        (r.status === 'approved' && ['planned', 'running', 'stopping'].includes(r.evacuation.phase)),
    );
    const ended = backs.filter((r) => r.status === 'approved' && r.evacuation.phase === 'done').at(-1);
    await this.deps.poster.update(
      place.channel,
      place.reportTs,
      evacuationReport(evacuation, ended, asked, this.stallsOf([evacuationId]), this.coldOutcomeOf),
    );
  }

  /** The stall policy's decisions on the moves of these evacuations (its report counts them). */
  stallsOf(evacuationIds: string[]): StalledMove[] {
    const { store } = this.deps;
    return evacuationIds.flatMap((id) =>
      (store.getEvacuation(id)?.evacuation.items ?? []).flatMap(
        // a move the policy aborted before its cold move (abort-then-cold) counts its stall too
        (item) =>
          [item.stalledRunId, item.runId].flatMap((runId) => {
            const run = runId ? store.getRun(runId) : undefined;
            if (!run?.stall) return [];
            return [{ stall: run.stall, ...(run.outcome ? { outcome: run.outcome } : {}) }];
          }),
      ),
    );
  }

  /**
   * Re-renders the messages of a drain's step evacuations still running: its pause or resume changes
   * what they say (operator trial: a paused step's ETA stayed for 9 minutes).
   */
  async refreshDrainSteps(drain: DrainRecord): Promise<void> {
    for (const host of drain.drain.hosts) {
      const evacuation = this.deps.store.getEvacuation(host.evacuationIds.at(-1) ?? '');
      if (evacuation?.evacuation.phase === 'running') await this.refreshParent(evacuation);
    }
  }

  /** The channel of a request's message, and its ts once it is sent. */
  whereOf(requestId: string): { channel: string; ts?: string } | undefined {
    const place = this.deps.places.placeOf(requestId);
    if (place?.channel && place.ts) return { channel: place.channel, ts: place.ts };
    const channel = this.deps.poster.waitingChannelOf(requestId);
    if (channel) return { channel };
    // the cold move the stall policy started after aborting a live one is said in that one's thread
    const after = this.deps.store.getMove(requestId)?.coldAfterStall;
    return after ? this.whereOf(after) : undefined;
  }
}

function outcomeLine(run: RunRecord): string {
  const outcome = run.outcome;
  if (!outcome) return run.state;
  const icon = outcomeIcon(outcome);
  const kind =
    outcome.kind === 'completed' && outcome.forced ? t`completed (force-completed)` : stateWord(outcome.kind);
  // an end Ferry did not see has no duration: "end unknown in an unknown time" said it twice
  const took = outcome.durationMs !== undefined ? t` in ${formatDuration(outcome.durationMs)}` : '';
  const line = t`${icon} *${kind}*${took}${outcome.host ? t`, on ${code(outcome.host)}` : ''}`;
  // a ⚠️ says which proof failed, and proofs turned off are said, as the thread's outcome does
  const proofs = outcome.fact?.code === 'moved' ? outcome.fact.proofs : undefined;
  const notes = [
    outcomeUnproven(outcome) ? t`moved, not proven: ${failedProofsText(proofs)}` : null,
    proofsOffCaveat([outcome]),
  ].filter((note): note is string => note !== null);
  return notes.length ? t`${line} (${escapeMrkdwn(notes.join(t`; `))})` : line;
}
