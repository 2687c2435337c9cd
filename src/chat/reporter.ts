import {
  type EvacuationEvent,
  type FerryEvent,
  isDrainEvent,
  isEvacuationEvent,
  isRunEvent,
  type RunEvent,
} from '../core/events.ts';
import { subjectOf } from '../core/journal.ts';
import type { EvacuationRecord, RunRecord } from '../core/model/records.ts';
import type { RequestBook } from '../core/requests.ts';
import { t } from '../i18n/index.ts';
import { serversCount } from '../messages/counted.ts';
import { evacuationNoticeText } from '../messages/evacuation.ts';
import { runNoticeText, transitionNoteText } from '../messages/runs.ts';
import { runStateWord } from '../messages/states.ts';
import { DrainReports, type ReportDeps } from './drain-reports.ts';
import { destinationDroppedMessage, serverUnreadableMessage } from './dropped-view.ts';
import { EvacuationMoves } from './evacuation-moves.ts';
import { evacuationReport } from './evacuation-report.ts';
import { itemLine } from './evacuation-view.ts';
import { type ProgressPosted, progressNews } from './progress-pace.ts';
import { postedCause } from './recovery.ts';
import { clockTime, code, escapeMrkdwn, section } from './render.ts';
import { controlsMessage, decidedControls, endedControls, outcomeMessage, progressPost } from './run-view.ts';
import { stallStepMessage, stallWarning } from './stall-view.ts';
import { reportWindow } from './window-reports.ts';

/**
 * The core's events become Slack posts: phases, progress and outcomes in a run's thread, per-server
 * outcomes and the report of an evacuation, reminders and window starts. Paced so Slack's limits hold.
 */
export class Reporter {
  private readonly lastProgressPost = new Map<string, ProgressPosted>();
  private readonly lastEvacuationUpdate = new Map<string, number>();
  private evacuationMoves?: EvacuationMoves;
  /** reports still being written, so shutdown and the console can wait for them */
  private readonly reporting = new Set<Promise<void>>();
  private readonly drains: DrainReports;

  constructor(
    private readonly deps: ReportDeps & {
      book: RequestBook;
      log: (message: string, error?: unknown) => void;
    },
  ) {
    this.drains = new DrainReports(deps);
  }

  /** Resolves once every report already begun has been handed to the poster. */
  async idle(): Promise<void> {
    while (this.reporting.size > 0) await Promise.allSettled([...this.reporting]);
  }

  private track(report: Promise<void>): void {
    this.reporting.add(report);
    void report.finally(() => this.reporting.delete(report));
  }

  /** An event not journaled: reported in order per subject, failures logged, never thrown. */
  onEvent(event: FerryEvent): void {
    this.report(event).catch((error) =>
      this.deps.log(`reporting ${event.kind} of ${subjectOf(event)} failed`, error),
    );
  }

  /**
   * Reports an event; `told` is its journal entry (journal-teller.ts), the cause of its post unless
   * the post has one of its own: a post already written for it is not written again.
   */
  report(event: FerryEvent, told?: string): Promise<void> {
    const report = this.reportEvent(event, told);
    this.track(report.catch(() => undefined));
    return report;
  }

  private reportEvent(event: FerryEvent, told: string | undefined): Promise<void> {
    if (isRunEvent(event)) return this.reportRun(event, told);
    if (isEvacuationEvent(event)) return this.reportEvacuation(event, told);
    if (isDrainEvent(event)) return this.drains.report(event, told);
    return reportWindow(this.deps, event, told);
  }

  /** A drain's evacuation gets its own message (its per-server details in its thread) beside the drain. */
  private async placeDrainEvacuation(request: EvacuationRecord): Promise<void> {
    const drainId = request.evacuation.drainId;
    if (!drainId || this.deps.threads.whereOf(request.id)) return;
    const channel = this.deps.threads.whereOf(drainId)?.channel;
    if (!channel) return;
    await this.deps.poster.post(channel, this.deps.threads.requestView(request), {
      remember: { subject: request.id, field: 'ts' },
      cause: postedCause(request.id),
    });
  }

  /** Evacuation events: per-server outcomes in the thread, one consolidated message, a final report. */
  private async reportEvacuation(event: EvacuationEvent, told: string | undefined): Promise<void> {
    const { request } = event;
    switch (event.kind) {
      case 'evacuation.started':
        await this.placeDrainEvacuation(request);
        await this.deps.threads.refreshParent(request);
        return;
      case 'evacuation.item-started':
        await this.deps.threads.refreshParent(request); // its status line counts what runs
        return;
      case 'evacuation.item-ended': {
        // Outcomes that pile up behind Slack's one-post-per-second pace go out as one message.
        const merge = (lines: string[]) => ({
          text: t`${serversCount(lines.length)} ended`,
          blocks: [section(lines.join('\n'))],
        });
        const line = itemLine(event.item);
        // Waits for the line to be in the outbox, not for Slack (so the next outcomes can still merge
        // into it): a line the store could not write fails the report, and its journal entry stays
        // untold, to be told again, instead of being marked told with the line lost.
        let written!: () => void;
        const inOutbox = new Promise<void>((resolve) => {
          written = resolve;
        });
        const sent = this.deps.threads.threadPost(request, merge([line]), {
          group: { key: `outcomes:${request.id}`, parts: [line], merge },
          written,
          ...(told ? { cause: told } : {}),
        });
        sent.catch(() => undefined); // a failed write is this report's to throw, below
        await Promise.race([inOutbox, sent]);
        const last = this.lastEvacuationUpdate.get(request.id) ?? 0;
        if (this.deps.clock.now() - last >= this.deps.settings.progressIntervalMs) {
          this.lastEvacuationUpdate.set(request.id, this.deps.clock.now());
          await this.deps.threads.refreshParent(request);
          const drain = this.deps.store.getDrain(request.evacuation.drainId ?? '');
          if (drain) await this.deps.threads.refreshParent(drain);
        }
        return;
      }
      case 'evacuation.superseded': {
        await this.deps.threads.refreshParent(request);
        const origin = this.deps.threads.placeOf(request);
        if (!origin?.channel) return;
        const fresh = await this.deps.book.submitSuperseding(request, event.plan);
        await this.deps.poster.post(origin.channel, this.deps.threads.requestView(fresh), {
          remember: { subject: fresh.id, field: 'ts' },
          cause: postedCause(fresh.id),
        });
        await this.deps.threads.threadPost(
          request,
          {
            text: t`The plan changed; approval needed again`,
            blocks: [
              section(
                t`The cloud changed since this was approved, so the approval no longer holds. Ferry asks again with the new plan: ${code(fresh.id)}.`,
              ),
            ],
          },
          { cause: `evacuation.superseded:${request.id}` },
        );
        return;
      }
      case 'evacuation.destination-dropped':
        await this.deps.threads.threadPost(request, destinationDroppedMessage(event));
        await this.deps.threads.refreshParent(request);
        return;
      case 'evacuation.server-unreadable':
        await this.deps.threads.threadPost(request, serverUnreadableMessage(event));
        return;
      case 'evacuation.notice':
        await this.sayInThread(request, escapeMrkdwn(evacuationNoticeText(event.note)), told);
        return;
      case 'evacuation.trouble':
        // said once per outage by the evacuator, in Ferry's words (explain.ts), never the cloud's own
        await this.sayInThread(
          request,
          t`⚠️ The evacuation could not go on for a moment: ${escapeMrkdwn(event.message)} Ferry tries again every few seconds.`,
          told,
        );
        return;
      case 'evacuation.trouble-over':
        await this.sayInThread(
          request,
          t`▶️ The evacuation goes on: Ferry's looks go through again (they failed from ${clockTime(event.since, this.deps.settings.timeZone)}).`,
          told,
        );
        return;
      case 'evacuation.finished': {
        this.lastEvacuationUpdate.delete(request.id);
        const stalls = this.deps.threads.stallsOf([request.id]);
        await this.deps.threads.threadPost(
          request,
          evacuationReport(request, undefined, undefined, stalls, this.deps.threads.coldOutcomeOf),
          {
            cause: `evacuation.finished:${request.id}`,
            report: true,
            ...(request.evacuation.returnOf ? {} : { remember: { subject: request.id, field: 'reportTs' } }),
          },
        );
        await this.deps.threads.refreshParent(request);
        if (request.evacuation.returnOf)
          await this.deps.threads.refreshEvacuationReport(request.evacuation.returnOf);
        return;
      }
    }
  }

  private async sayInThread(
    request: EvacuationRecord,
    text: string,
    told: string | undefined,
  ): Promise<void> {
    await this.deps.threads.threadPost(
      request,
      { text, blocks: [section(text)] },
      told ? { cause: told } : {},
    );
  }

  /** Runner events become thread posts and status-line edits. */
  private async reportRun(event: RunEvent, told: string | undefined): Promise<void> {
    const { run } = event;
    const cause = told ? { cause: told } : {};
    const request = this.deps.store.getMove(run.requestId);
    const origin = request && this.deps.threads.whereOf(request.id);
    if (event.kind === 'run.notice') {
      // an evacuation's move has no thread of its own: its notices go to the evacuation's
      const parent = request?.parentId ? this.deps.store.getRequest(request.parentId) : undefined;
      const subject = origin ? request : parent;
      const note = runNoticeText(event);
      if (subject)
        await this.deps.threads.threadPost(
          subject,
          {
            text: escapeMrkdwn(t`${run.serverName}: ${note}`),
            blocks: [section(t`${code(run.serverName)}: ${escapeMrkdwn(note)}`)],
          },
          cause,
        );
      return;
    }
    this.evacuationMoves ??= new EvacuationMoves(this.deps); // its moves have no message of their own
    if (request?.parentId && !origin) return this.evacuationMoves.report(event, request.parentId, told);
    if (!request || !origin) return;
    switch (event.kind) {
      case 'run.phase': {
        const { autoConfirm } = this.deps.settings;
        if (event.phase === 'accepted') {
          await this.deps.threads.threadPost(run, controlsMessage(run, this.deps.approvers.describe()), {
            remember: { subject: run.id, field: 'controlsTs' },
            ...cause,
          });
        } else if (event.phase === 'awaiting-confirmation' && !autoConfirm) {
          const proofs =
            typeof event.note === 'object' && event.note.code === 'proven' ? event.note.proofs : undefined;
          await this.deps.threads.threadPost(
            run,
            controlsMessage(run, this.deps.approvers.describe(), proofs),
            {
              remember: { subject: run.id, field: 'confirmTs' },
              ...cause,
            },
          );
        } else {
          await this.deps.threads.threadPost(
            run,
            {
              text: escapeMrkdwn(t`${run.serverName}: ${runStateWord(event.phase, autoConfirm)}`),
              blocks: [
                section(
                  `${code(run.serverName)} → *${runStateWord(event.phase, autoConfirm)}*${event.note ? t` (${escapeMrkdwn(transitionNoteText(event.note))})` : ''}`,
                ),
              ],
            },
            cause,
          );
          // a confirm or revert sent: the question's buttons go (operator trial: they stayed until the end),
          // unless the move ended already and its end was said there
          const ended = this.deps.store.getRun(run.id)?.state === 'done';
          const asked = this.deps.poster.messageOf(
            this.deps.places.placeOf(run.id)?.confirmTs,
            run.id,
            'confirmTs',
          );
          if (asked && !ended && (event.phase === 'confirming' || event.phase === 'reverting'))
            await this.deps.poster.update(origin.channel, asked, decidedControls(run, event.phase));
        }
        await this.deps.threads.refreshParent(request, this.deps.threads.statusOf(request, run));
        return;
      }
      case 'run.progress': {
        // Waiting for a person to confirm is said once, with its buttons; nothing moves meanwhile.
        if (event.progress.phase === 'awaiting-confirmation') return;
        const news = progressNews(
          this.lastProgressPost.get(run.id),
          event.progress,
          this.deps.settings.progressIntervalMs,
        );
        if (!news) return;
        this.lastProgressPost.set(run.id, news);
        const { message, group } = progressPost(run, event.progress);
        await this.deps.threads.threadPost(run, message, { ...cause, group });
        await this.deps.threads.refreshParent(request, this.deps.threads.statusOf(request, run));
        return;
      }
      case 'run.landed':
        // the status line follows the move's stage: Nova ended it, Ferry proves it
        await this.deps.threads.refreshParent(request, this.deps.threads.statusOf(request, run));
        return;
      case 'run.not-converging':
        await this.deps.threads.threadPost(
          run,
          stallWarning(
            run,
            event.stalledForMs,
            event.stall,
            this.deps.approvers.describe(),
            this.deps.settings.timeZone,
          ),
          // its choices go once the policy decided or the move ended
          { ...(event.stall ? { remember: { subject: run.id, field: 'stallTs' as const } } : {}), ...cause },
        );
        return;
      case 'run.stall-policy':
        await this.deps.threads.threadPost(
          run,
          stallStepMessage(run, event.step, event.stall, event.by, event.refusal),
          cause,
        );
        await this.refreshStallWarning(run, origin.channel);
        return;
      case 'run.outcome': {
        this.lastProgressPost.delete(run.id);
        // the cold move abort-then-cold started counts the aborted live move's decision, now ended
        const stall = run.stall ?? this.deps.threads.stallBefore(request);
        await this.deps.threads.threadPost(
          run,
          outcomeMessage(run, event.outcome, stall, this.deps.threads.coldOutcomeOf),
          cause,
        );
        // Buttons that can no longer do anything are taken away.
        const ended = this.deps.store.getRun(run.id) ?? run;
        const place = this.deps.places.placeOf(run.id) ?? {};
        // The end is said once, on the latest controls message: a cold move's earlier "started" one has
        // none. A prompt still waiting in the outbox is edited once it is sent.
        const targetOf = (field: 'controlsTs' | 'confirmTs') =>
          this.deps.poster.messageOf(place[field], run.id, field);
        const latest = targetOf('confirmTs') || targetOf('controlsTs');
        if (latest) await this.deps.poster.update(origin.channel, latest, endedControls(ended));
        await this.refreshStallWarning(ended, origin.channel);
        await this.deps.threads.refreshParent(request, this.deps.threads.statusOf(request, run));
        return;
      }
    }
  }

  /**
   * A stalled move's warning, rendered again from the store: once the policy decided (or on-call chose,
   * or the move ended) it says so and its choices are gone, as other buttons go.
   */
  private async refreshStallWarning(run: RunRecord, channel: string): Promise<void> {
    const stored = this.deps.store.getRun(run.id) ?? run;
    const target = this.deps.poster.messageOf(this.deps.places.placeOf(run.id)?.stallTs, run.id, 'stallTs');
    if (!target || !stored.stall) return;
    await this.deps.poster.update(
      channel,
      target,
      stallWarning(stored, null, stored.stall, this.deps.approvers.describe(), this.deps.settings.timeZone),
    );
  }
}
