import type { Clock } from '../clock.ts';
import {
  type DrainEvent,
  type EvacuationEvent,
  type FerryEvent,
  isDrainEvent,
  isEvacuationEvent,
  isRunEvent,
  type MaintenanceEvent,
  type RunEvent,
} from '../core/events.ts';
import type { DrainRecord, EvacuationRecord, RunRecord } from '../core/model.ts';
import { formatDuration } from '../core/progress.ts';
import type { ApproverPolicy, RequestBook } from '../core/requests.ts';
import { stateWord } from '../core/states.ts';
import type { StorePort } from '../core/store-port.ts';
import { t } from '../i18n/index.ts';
import { DrainQuestions } from './drain-questions.ts';
import {
  drainHeldMessage,
  drainReport,
  hostDoneLine,
  hostEmptyMessage,
  hostNotEmptyMessage,
} from './drain-view.ts';
import { destinationDroppedMessage } from './dropped-view.ts';
import { EvacuationMoves } from './evacuation-moves.ts';
import { evacuationReport, itemLine } from './evacuation-view.ts';
import type { FlowSettings } from './flow.ts';
import { reminderMessage } from './maintenance-view.ts';
import type { Places } from './places.ts';
import type { SlackPoster } from './poster.ts';
import {
  clockTime,
  code,
  controlsMessage,
  endedControls,
  escapeMrkdwn,
  outcomeMessage,
  progressText,
  type Rendered,
  section,
} from './render.ts';
import type { Threads } from './threads.ts';

/**
 * The core's events become Slack posts: phases, progress and outcomes in a run's thread, per-server
 * outcomes and the report of an evacuation, reminders and window starts. Paced so Slack's limits hold.
 */
export class Reporter {
  private readonly lastProgressPost = new Map<string, number>();
  private readonly lastEvacuationUpdate = new Map<string, number>();
  private evacuationMoves?: EvacuationMoves;
  /** per-server outcome lines waiting for their turn in the channel's queue */
  private readonly pendingOutcomes = new Map<string, string[]>();
  /** the last trouble said in each drain's thread */
  private readonly lastTrouble = new Map<string, string>();
  /** reports still being written, so shutdown and the console can wait for them */
  private readonly reporting = new Set<Promise<void>>();
  private readonly questions: DrainQuestions;

  constructor(
    private readonly deps: {
      clock: Clock;
      store: StorePort;
      /** a run's own messages (its controls, its confirm prompt) */
      places: Places;
      poster: SlackPoster;
      approvers: ApproverPolicy;
      book: RequestBook;
      threads: Threads;
      settings: FlowSettings;
      log: (message: string, error?: unknown) => void;
    },
  ) {
    this.questions = new DrainQuestions(deps);
  }

  /** After a restart, every thread whose work Ferry picked up again hears so once. */
  /**
   * Says in each thread that Ferry watches it again: after a restart, or (`takenOver`) because the
   * replica that watched it stopped renewing its lease and this one picked it up.
   */
  async announceResumed(
    runs: RunRecord[],
    evacuations: (EvacuationRecord | DrainRecord)[],
    takenOver: boolean,
    /** the database was out of reach (for every replica) until shortly before: that is what happened */
    afterOutage?: { from: number; to: number },
  ): Promise<void> {
    const at = clockTime(this.deps.clock.now(), this.deps.settings.timeZone);
    const tz = this.deps.settings.timeZone;
    const say = (what: string) =>
      afterOutage
        ? {
            text: t`Ferry picked up watching again after a database outage`,
            blocks: [
              section(
                t`↻ Ferry could not reach its database from ${clockTime(afterOutage.from, tz)} to ${clockTime(afterOutage.to, tz)}, so no Ferry process could keep its hold on this ${what}; this one picked it up at ${at} and watches it now.`,
              ),
            ],
          }
        : takenOver
          ? {
              text: t`Ferry picked up watching again`,
              blocks: [
                section(
                  t`↻ The Ferry process watching this ${what} stopped answering; another picked it up at ${at} and watches it now.`,
                ),
              ],
            }
          : {
              text: t`Ferry restarted; watching again`,
              blocks: [section(t`↻ Ferry restarted at ${at} and is watching this ${what} again.`)],
            };
    for (const request of evacuations) await this.deps.threads.threadPost(request, say(request.kind));
    for (const run of runs) {
      // a move inside an evacuation reports in the evacuation's thread, which was told above
      if (this.deps.store.getMove(run.requestId)?.parentId) continue;
      await this.deps.threads.threadPost(run, say('migration'));
    }
  }

  /** Resolves once every report already begun has been handed to the poster. */
  async idle(): Promise<void> {
    while (this.reporting.size > 0) await Promise.allSettled([...this.reporting]);
  }

  private track(report: Promise<void>): void {
    this.reporting.add(report);
    void report.finally(() => this.reporting.delete(report));
  }

  /** Every event of the core's stream: reported in order per subject, failures logged, never thrown. */
  onEvent(event: FerryEvent): void {
    this.track(
      this.reportEvent(event).catch((error) =>
        this.deps.log(`reporting ${event.kind} of ${subjectOf(event)} failed`, error),
      ),
    );
  }

  private reportEvent(event: FerryEvent): Promise<void> {
    if (isRunEvent(event)) return this.reportRun(event);
    if (isEvacuationEvent(event)) return this.reportEvacuation(event);
    if (isDrainEvent(event)) return this.reportDrain(event);
    return this.reportMaintenance(event);
  }

  /** A drain's events: its one message re-rendered, the steps' news and decisions in its thread. */
  private async reportDrain(event: DrainEvent): Promise<void> {
    const { threads, approvers } = this.deps;
    const lookup = (id: string) => this.deps.store.getEvacuation(id);
    const say = (text: string) => threads.threadPost(event.request, { text, blocks: [section(text)] });
    // a question with buttons: they go once it is answered (DrainQuestions)
    const ask = async (host: string | null, message: Rendered) =>
      this.questions.asked(event.request, host, await threads.threadPost(event.request, message));
    switch (event.kind) {
      case 'drain.started':
        await say(
          t`▶️ The drain started at ${clockTime(this.deps.clock.now(), this.deps.settings.timeZone)}.`,
        );
        break;
      case 'drain.host-started': {
        const step = event.request.drain.step + 1;
        await say(
          t`🚚 Step ${step}: emptying ${code(event.host)} (evacuation ${code(event.evacuation.id)}, its servers in its own thread).`,
        );
        break;
      }
      case 'drain.host-empty':
        await ask(event.host, hostEmptyMessage(event.request, event.host, approvers.describe()));
        break;
      case 'drain.host-not-empty':
        await ask(
          event.host,
          hostNotEmptyMessage(event.request, event.host, event.remaining, event.why, approvers.describe()),
        );
        break;
      case 'drain.host-back':
        // a person's press is said by the flow; a host seen coming back is said here
        if (event.by === 'ferry')
          await say(
            t`🔌 nova-compute on ${code(event.host)} went down and came back up: Ferry takes the host as back.`,
          );
        break;
      case 'drain.host-done':
        await say(hostDoneLine(event.request, event.host));
        break;
      case 'drain.held':
        await ask(null, drainHeldMessage(event.request, event.plan));
        break;
      case 'drain.trouble':
        // said once per distinct trouble, not every few seconds while it lasts
        if (this.lastTrouble.get(event.request.id) === event.message) return;
        this.lastTrouble.set(event.request.id, event.message);
        await say(
          t`⚠️ The drain could not go on for a moment: ${escapeMrkdwn(event.message)} Ferry tries again every few seconds.`,
        );
        return;
      case 'drain.finished':
        this.lastTrouble.delete(event.request.id);
        await threads.threadPost(event.request, drainReport(event.request, lookup));
        break;
      case 'drain.changed':
        break;
    }
    const drain = this.deps.store.getDrain(event.request.id) ?? event.request;
    await this.questions.closeAnswered(drain);
    await threads.refreshParent(drain);
  }

  /** A drain's evacuation gets its own message (its per-server details in its thread) beside the drain. */
  private async placeDrainEvacuation(request: EvacuationRecord): Promise<void> {
    const drainId = request.evacuation.drainId;
    if (!drainId || this.deps.threads.placeOf(request)) return;
    const channel = this.deps.places.placeOf(drainId)?.channel;
    if (!channel) return;
    const ts = await this.deps.poster.post(channel, this.deps.threads.requestView(request));
    if (ts) await this.deps.threads.remember(request.id, { channel, ts });
  }

  private async reportMaintenance(event: MaintenanceEvent): Promise<void> {
    const channel = this.deps.settings.channel ?? event.window.channel;
    if (!channel) return;
    const tz = this.deps.settings.timeZone;
    if (event.kind === 'window.reminder') {
      await this.deps.poster.post(
        channel,
        reminderMessage(event.window, {
          label: event.reminder.label,
          late: event.late,
          servers: event.servers,
          cannotLive: event.cannotLive,
          timeZone: tz,
        }),
      );
      return;
    }
    const evacuation = event.evacuation;
    const text =
      event.kind === 'window.started'
        ? t`🔧 Maintenance window ${code(event.window.id)} of ${code(event.window.host)} has started${
            evacuation
              ? t`; evacuation ${code(evacuation.id)} ${evacuation.evacuation?.phase === 'superseded' ? t`no longer matches the cloud: a new plan awaits approval` : t`is starting`}`
              : ''
          }.`
        : t`✅ Maintenance window ${code(event.window.id)} of ${code(event.window.host)} has ended${
            evacuation?.evacuation?.phase === 'stopping'
              ? t`; evacuation ${code(evacuation.id)} starts no new moves, those in flight finish`
              : ''
          }. Re-enable the host when it is healthy.`;
    await this.deps.poster.post(channel, {
      text: escapeMrkdwn(t`Maintenance window ${event.window.id}`),
      blocks: [section(text)],
    });
  }

  /** Evacuation events: per-server outcomes in the thread, one consolidated message, a final report. */
  private async reportEvacuation(event: EvacuationEvent): Promise<void> {
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
        const origin = this.deps.threads.placeOf(request);
        if (!origin?.channel || !origin.ts) return;
        const pending = this.pendingOutcomes.get(request.id) ?? [];
        pending.push(itemLine(event.item));
        this.pendingOutcomes.set(request.id, pending);
        // Outcomes that pile up behind Slack's one-post-per-second pace go out as one message.
        if (pending.length === 1) {
          void this.deps.poster.post(
            origin.channel,
            () => {
              const lines = this.pendingOutcomes.get(request.id) ?? [];
              this.pendingOutcomes.delete(request.id);
              return lines.length
                ? { text: t`${lines.length} server(s) ended`, blocks: [section(lines.join('\n'))] }
                : null;
            },
            origin.ts,
          );
        }
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
        const fresh = await this.deps.book.submitEvacuation(event.plan, {
          reenable: request.evacuation.reenable,
          perDestination: request.evacuation.perDestination,
        });
        const ts = await this.deps.poster.post(origin.channel, this.deps.threads.requestView(fresh));
        if (ts) await this.deps.threads.remember(fresh.id, { channel: origin.channel, ts });
        await this.deps.threads.threadPost(request, {
          text: t`The plan changed; approval needed again`,
          blocks: [
            section(
              t`The cloud changed since this was approved, so the approval no longer holds. Ferry asks again with the new plan: ${code(fresh.id)}.`,
            ),
          ],
        });
        return;
      }
      case 'evacuation.destination-dropped':
        await this.deps.threads.threadPost(request, destinationDroppedMessage(event));
        await this.deps.threads.refreshParent(request);
        return;
      case 'evacuation.finished':
        this.lastEvacuationUpdate.delete(request.id);
        await this.deps.threads.threadPost(request, evacuationReport(request));
        await this.deps.threads.refreshParent(request);
        return;
    }
  }

  /** Runner events become thread posts and status-line edits. */
  private async reportRun(event: RunEvent): Promise<void> {
    const { run } = event;
    const request = this.deps.store.getMove(run.requestId);
    if (event.kind === 'run.notice') {
      // an evacuation's move has no thread of its own: its notices go to the evacuation's
      const parent = request?.parentId ? this.deps.store.getRequest(request.parentId) : undefined;
      const subject = request && this.deps.threads.placeOf(request)?.ts ? request : parent;
      if (subject)
        await this.deps.threads.threadPost(subject, {
          text: escapeMrkdwn(`${run.serverName}: ${event.note}`),
          blocks: [section(`${code(run.serverName)}: ${escapeMrkdwn(event.note)}`)],
        });
      return;
    }
    const origin = request && this.deps.threads.placeOf(request);
    this.evacuationMoves ??= new EvacuationMoves(this.deps); // its moves have no message of their own
    if (request?.parentId && !origin?.ts) return this.evacuationMoves.report(event, request.parentId);
    if (!request || !origin?.channel || !origin.ts) return;
    switch (event.kind) {
      case 'run.phase': {
        if (event.phase === 'accepted') {
          const controls = controlsMessage(run, this.deps.approvers.describe());
          const ts = await this.deps.threads.threadPost(run, controls);
          if (ts) await this.deps.threads.remember(run.id, { controlsTs: ts });
        } else if (event.phase === 'awaiting-confirmation' && !this.deps.settings.autoConfirm) {
          const ts = await this.deps.threads.threadPost(
            run,
            controlsMessage(run, this.deps.approvers.describe()),
          );
          if (ts) await this.deps.threads.remember(run.id, { confirmTs: ts });
        } else {
          await this.deps.threads.threadPost(run, {
            text: escapeMrkdwn(`${run.serverName}: ${stateWord(event.phase)}`),
            blocks: [
              section(
                `${code(run.serverName)} → *${stateWord(event.phase)}*${event.note ? ` (${escapeMrkdwn(event.note)})` : ''}`,
              ),
            ],
          });
        }
        await this.deps.threads.refreshParent(request, this.deps.threads.statusOf(request, run));
        return;
      }
      case 'run.progress': {
        // Waiting for a person to confirm is said once, with its buttons; nothing moves meanwhile.
        if (event.progress.phase === 'awaiting-confirmation') return;
        const last = this.lastProgressPost.get(run.id) ?? 0;
        if (event.progress.at - last < this.deps.settings.progressIntervalMs) return;
        this.lastProgressPost.set(run.id, event.progress.at);
        await this.deps.threads.threadPost(run, {
          text: escapeMrkdwn(t`${run.serverName} progress`),
          blocks: [section(progressText(run, event.progress))],
        });
        await this.deps.threads.refreshParent(request, this.deps.threads.statusOf(request, run));
        return;
      }
      case 'run.not-converging':
        await this.deps.threads.threadPost(run, {
          text: escapeMrkdwn(t`${run.serverName} is not converging`),
          blocks: [
            section(
              t`⚠️ ${code(run.serverName)} is not converging: ${formatDuration(event.stalledForMs)} without progress, the guest dirties memory as fast as it is copied. ` +
                t`On-call can *Force complete* (pauses the guest briefly) or *Abort* (it stays where it is).`,
            ),
          ],
        });
        return;
      case 'run.outcome': {
        this.lastProgressPost.delete(run.id);
        await this.deps.threads.threadPost(run, outcomeMessage(run, event.outcome));
        // Buttons that can no longer do anything are taken away.
        const ended = this.deps.store.getRun(run.id) ?? run;
        // The end is said once, on the latest controls message: a cold move's earlier "started" one has none.
        const { controlsTs, confirmTs } = this.deps.places.placeOf(run.id) ?? {};
        const latest = confirmTs ?? controlsTs;
        if (latest) await this.deps.poster.update(origin.channel, latest, endedControls(ended));
        await this.deps.threads.refreshParent(request, this.deps.threads.statusOf(request, run));
        return;
      }
    }
  }
}

function subjectOf(event: FerryEvent): string {
  if ('run' in event) return event.run.id;
  if ('window' in event) return event.window.id;
  return event.request.id;
}
