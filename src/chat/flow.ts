import type { Clock } from '../clock.ts';
import type { Evacuations } from '../core/evacuations.ts';
import type { EvacuationEvent } from '../core/evacuator.ts';
import type { MaintenanceEvent, MaintenanceService } from '../core/maintenance.ts';
import type { RequestRecord, RunRecord } from '../core/model.ts';
import type { Moves, RunControl } from '../core/moves.ts';
import type { Permissions } from '../core/permissions.ts';
import { formatDuration } from '../core/progress.ts';
import type { ApproverPolicy, RequestBook } from '../core/requests.ts';
import type { RunEvent } from '../core/runner.ts';
import type { MoveMode } from '../core/types.ts';
import type { HostChecker } from '../hostcheck/hostcheck.ts';
import type { Store } from '../store/store.ts';
import {
  counts,
  evacuationMessage,
  evacuationProgressLine,
  evacuationReport,
  itemLine,
  tally,
} from './evacuation-view.ts';
import { hostCheckMessage, privateFindingsText } from './hostcheck-view.ts';
import { digestMessage, reminderMessage, windowLine, windowSpan } from './maintenance-view.ts';
import type { SlackPoster } from './poster.ts';
import {
  capitalise,
  checkTally,
  clockTime,
  code,
  controlsMessage,
  endedControls,
  escapeMrkdwn,
  failuresMessage,
  OUTCOME_ICON,
  outcomeMessage,
  progressBar,
  progressText,
  requestMessage,
  section,
} from './render.ts';

export interface FlowSettings {
  timeZone: string;
  /** FERRY_CHANNEL: reminders and digests; absent: where the window was scheduled */
  channel?: string;
  progressIntervalMs: number;
  autoConfirm: boolean;
}

export interface MoveAsk {
  channel: string;
  user: string;
  server: string;
  destination?: string;
  mode: MoveMode;
  dryRun: boolean;
  /** an ephemeral answer to the person who asked */
  respond(text: string): Promise<void>;
}

export interface EvacuationAsk {
  channel: string;
  user: string;
  host: string;
  windowId?: string;
  destination?: string;
  concurrency: number;
  reenable: boolean;
  dryRun: boolean;
  respond(text: string): Promise<void>;
}

/**
 * The conversation around a move: the request message, its approval, and the thread that tells the
 * truth until the end. Chat-specific; the decisions themselves are the core's.
 */
export class ChatFlow {
  private readonly lastProgressPost = new Map<string, number>();
  private readonly lastEvacuationUpdate = new Map<string, number>();
  /** per-server outcome lines waiting for their turn in the channel's queue */
  private readonly pendingOutcomes = new Map<string, string[]>();
  /** reports still being written, so shutdown and the console can wait for them */
  private readonly reporting = new Set<Promise<void>>();

  constructor(
    private readonly deps: {
      clock: Clock;
      book: RequestBook;
      moves: Moves;
      evacuations: Evacuations;
      permissions: Permissions;
      maintenance: MaintenanceService;
      hostChecker?: HostChecker;
      store: Store;
      approvers: ApproverPolicy;
      poster: SlackPoster;
      settings: FlowSettings;
      log: (message: string, error?: unknown) => void;
    },
  ) {}

  async submitMove(ask: MoveAsk): Promise<RequestRecord> {
    const { poster, store } = this.deps;
    const {
      request: record,
      plan,
      suggestions,
    } = await this.deps.moves.ask({
      user: ask.user,
      server: ask.server,
      ...(ask.destination ? { destination: ask.destination } : {}),
      mode: ask.mode,
      dryRun: ask.dryRun,
      origin: { channel: ask.channel },
    });
    const ts = await poster.post(ask.channel, this.requestView(record));
    if (!ts) {
      await ask.respond(
        `Ferry could not post request ${record.id} in this channel. Is the Ferry app a member of it? (/invite @ferry)`,
      );
      return record;
    }
    await store.setRequestOrigin(record.id, { channel: ask.channel, ts });
    if (!plan.ready) {
      const failures = failuresMessage(plan.checks);
      if (suggestions.length)
        failures.blocks.push(section(`Did you mean ${suggestions.map(code).join(', ')}?`));
      await poster.post(ask.channel, failures, ts);
    } else if (record.status !== 'dry-run') {
      await poster.post(
        ask.channel,
        {
          text: 'Waiting for approval',
          blocks: [section(`Waiting for approval by ${this.deps.approvers.describe(record.requestedBy)}.`)],
        },
        ts,
      );
    }
    return record;
  }

  async submitEvacuation(ask: EvacuationAsk): Promise<RequestRecord> {
    const { request: record, plan } = await this.deps.evacuations.ask({
      user: ask.user,
      host: ask.host,
      ...(ask.windowId ? { windowId: ask.windowId } : {}),
      ...(ask.destination ? { destination: ask.destination } : {}),
      concurrency: ask.concurrency,
      reenable: ask.reenable,
      dryRun: ask.dryRun,
      origin: { channel: ask.channel },
    });
    await this.postEvacuation(record, plan.ready, plan.checks, ask.channel, ask.respond);
    return record;
  }

  private async postEvacuation(
    record: RequestRecord,
    ready: boolean,
    checks: Parameters<typeof failuresMessage>[0],
    channel: string,
    respond: (text: string) => Promise<void>,
  ): Promise<void> {
    const ts = await this.deps.poster.post(channel, this.requestView(record));
    if (!ts) {
      await respond(
        `Ferry could not post evacuation ${record.id} in this channel. Is the Ferry app a member of it?`,
      );
      return;
    }
    await this.deps.store.setRequestOrigin(record.id, { channel, ts });
    if (!ready) await this.deps.poster.post(channel, failuresMessage(checks), ts);
  }

  async chooseCold(requestId: string, serverId: string, user: string): Promise<void> {
    const updated = await this.deps.evacuations.chooseCold(requestId, serverId, user);
    await this.refreshParent(updated, this.statusOf(updated));
  }

  async stopEvacuation(requestId: string, user: string, abortRunning: boolean): Promise<void> {
    const request = await this.deps.evacuations.stop(requestId, user, abortRunning);
    await this.threadPost(request, {
      text: 'Evacuation stopping',
      blocks: [
        section(
          `${abortRunning ? 'Stop and abort' : 'Stop'} requested by <@${escapeMrkdwn(user)}>: no new moves start${abortRunning ? '; running ones are being aborted' : '; running ones finish'}.`,
        ),
      ],
    });
    await this.refreshParent(request, this.statusOf(request));
  }

  /** `value` is the Approve button's: the request ID, and for an evacuation `@` the plan's fingerprint. */
  async approve(value: string, user: string): Promise<void> {
    const { book, clock } = this.deps;
    const tz = this.deps.settings.timeZone;
    const [requestId = '', seenFingerprint] = value.split('@');
    const { request, decided } = await book.approve(requestId, user, seenFingerprint);
    if (!decided) return;
    const by = `<@${escapeMrkdwn(user)}>`;
    if (request.kind === 'evacuation') {
      await this.refreshParent(
        request,
        `👍 Approved by ${by} at ${clockTime(clock.now(), tz)}; checking the plan still holds…`,
      );
      const started = await this.deps.evacuations.startApproved(requestId);
      if (started.kind === 'waits-for-window')
        await this.refreshParent(
          request,
          `👍 Approved by ${by}; starts with window ${code(started.window.id)} (${windowSpan(started.window, tz)}) if the plan still holds then.`,
        );
      return;
    }
    await this.refreshParent(
      request,
      `👍 Approved by ${by} at ${clockTime(clock.now(), tz)}; re-checking before the start…`,
    );
    const started = await this.deps.moves.startApproved(requestId);
    if (started.kind === 'recheck-failed') {
      await this.refreshParent(
        started.request,
        `⚠️ Approved by ${by}, but the re-check failed, so nothing was started. Ask again once it is fixed.`,
      );
      await this.threadPost(started.request, failuresMessage(started.plan.checks));
    }
  }

  async checkDecidable(requestId: string, user: string, verb: 'approve' | 'reject'): Promise<void> {
    await this.deps.book.decidable(requestId, user, verb);
  }

  async reject(requestId: string, user: string, reason: string | undefined): Promise<void> {
    const { request, decided } = await this.deps.book.reject(requestId, user, reason);
    if (!decided) return;
    await this.refreshParent(request, this.statusOf(request));
  }

  async control(kind: RunControl, runId: string, user: string): Promise<string> {
    const run = await this.deps.moves.control(kind, runId, user);
    const said = {
      abort: 'Abort requested',
      force: 'Force complete requested',
      confirm: 'Confirmation sent',
      revert: 'Revert requested',
    }[kind];
    await this.threadPost(run, { text: said, blocks: [section(`${said} by <@${escapeMrkdwn(user)}>.`)] });
    return `${said} for ${run.id}.`;
  }

  /** After a restart, every thread whose work Ferry picked up again hears so once. */
  async announceResumed(runs: RunRecord[], evacuations: RequestRecord[]): Promise<void> {
    const at = clockTime(this.deps.clock.now(), this.deps.settings.timeZone);
    const say = (what: string) => ({
      text: 'Ferry restarted; watching again',
      blocks: [section(`↻ Ferry restarted at ${at} and is watching this ${what} again.`)],
    });
    for (const evacuation of evacuations) await this.threadPost(evacuation, say('evacuation'));
    for (const run of runs) {
      // a move inside an evacuation reports in the evacuation's thread, which was told above
      if (this.deps.store.getRequest(run.requestId)?.parentId) continue;
      await this.threadPost(run, say('migration'));
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

  async expireDue(): Promise<void> {
    for (const request of await this.deps.book.expireDue())
      await this.refreshParent(request, this.statusOf(request));
  }

  async scheduleMaintenance(input: {
    host: string;
    when: string;
    durationMs: number;
    reason: string | null;
    user: string;
    channel: string;
  }): Promise<void> {
    await this.deps.permissions.mayRequest(input.user);
    const window = await this.deps.maintenance.schedule(input);
    const where = this.deps.settings.channel
      ? `<#${escapeMrkdwn(this.deps.settings.channel)}>`
      : 'this channel';
    await this.deps.poster.post(input.channel, {
      text: escapeMrkdwn(`Maintenance window ${window.id} for ${window.host}`),
      blocks: [
        section(
          `🗓️ <@${escapeMrkdwn(input.user)}> scheduled maintenance: ${windowLine(window, this.deps.settings.timeZone)}`,
        ),
        section(
          `Reminders go to ${where} before it. To have the host emptied when it starts, ask now and get it approved ahead: \`/evacuate ${escapeMrkdwn(window.host)} --window ${window.id}\`.`,
        ),
      ],
    });
  }

  async hostCheck(input: {
    host: string;
    peer?: string;
    channel: string;
    user: string;
    reply(text: string): Promise<void>;
  }): Promise<void> {
    await this.deps.permissions.mayRequest(input.user, true);
    const checker = this.deps.hostChecker;
    if (!checker) {
      await input.reply(
        'Host checks need SSH: set FERRY_SSH_USER (and FERRY_SSH_KEY, FERRY_SSH_KNOWN_HOSTS); see README "Host check".',
      );
      return;
    }
    const report = await checker.check(input.host, input.peer);
    await this.deps.poster.post(input.channel, hostCheckMessage(report, input.user));
    const secret = privateFindingsText(report);
    if (secret) await input.reply(secret);
  }

  maintenanceList(): string {
    const upcoming = this.deps.maintenance.upcoming();
    if (upcoming.length === 0) return 'No maintenance window is scheduled.';
    return `*Upcoming maintenance*\n${upcoming.map((w) => windowLine(w, this.deps.settings.timeZone)).join('\n')}`;
  }

  async cancelMaintenance(id: string, user: string): Promise<string> {
    const window = this.deps.store.getWindow(id);
    if (window)
      await this.deps.permissions.mustBeOwnerOrOnCall(
        user,
        window.createdBy,
        'Only whoever scheduled the window or on-call staff may cancel it.',
      );
    const cancelled = await this.deps.maintenance.cancel(id, user);
    return `Cancelled ${windowLine(cancelled, this.deps.settings.timeZone)}.`;
  }

  /** The "Evacuate now" button of a reminder: an evacuation request for the window's host. */
  async evacuateForWindow(windowId: string, user: string, channel: string): Promise<void> {
    const { request, plan } = await this.deps.evacuations.forWindow(windowId, user, { channel });
    await this.postEvacuation(request, plan.ready, plan.checks, channel, async () => {});
  }

  async postDigest(): Promise<void> {
    const channel = this.deps.settings.channel;
    if (!channel) return;
    const digest = digestMessage(
      this.deps.maintenance.upcoming(),
      await this.deps.maintenance.stillDisabled(),
      this.deps.settings.timeZone,
    );
    if (digest) await this.deps.poster.post(channel, digest);
  }

  onMaintenanceEvent(event: MaintenanceEvent): void {
    this.track(
      this.reportMaintenance(event).catch((error) =>
        this.deps.log(`reporting window ${event.window.id} failed`, error),
      ),
    );
  }

  private async reportMaintenance(event: MaintenanceEvent): Promise<void> {
    const channel = this.deps.settings.channel ?? event.window.channel;
    if (!channel) return;
    const tz = this.deps.settings.timeZone;
    if (event.kind === 'reminder') {
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
      event.kind === 'window-started'
        ? `🔧 Maintenance window ${code(event.window.id)} of ${code(event.window.host)} has started${
            evacuation
              ? `; evacuation ${code(evacuation.id)} ${evacuation.evacuation?.phase === 'superseded' ? 'no longer matches the cloud: a new plan awaits approval' : 'is starting'}`
              : ''
          }.`
        : `✅ Maintenance window ${code(event.window.id)} of ${code(event.window.host)} has ended${
            evacuation?.evacuation?.phase === 'stopping'
              ? `; evacuation ${code(evacuation.id)} starts no new moves, those in flight finish`
              : ''
          }. Re-enable the host when it is healthy.`;
    await this.deps.poster.post(channel, {
      text: escapeMrkdwn(`Maintenance window ${event.window.id}`),
      blocks: [section(text)],
    });
  }

  /** Evacuation events: per-server outcomes in the thread, one consolidated message, a final report. */
  onEvacuationEvent(event: EvacuationEvent): void {
    this.track(
      this.reportEvacuation(event).catch((error) =>
        this.deps.log(`reporting evacuation ${event.request.id} failed`, error),
      ),
    );
  }

  private async reportEvacuation(event: EvacuationEvent): Promise<void> {
    const { request } = event;
    switch (event.kind) {
      case 'started':
        await this.refreshParent(request, this.statusOf(request));
        return;
      case 'item-started':
        return;
      case 'item-ended': {
        const origin = request.origin;
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
                ? { text: `${lines.length} server(s) ended`, blocks: [section(lines.join('\n'))] }
                : null;
            },
            origin.ts,
          );
        }
        const last = this.lastEvacuationUpdate.get(request.id) ?? 0;
        if (this.deps.clock.now() - last >= this.deps.settings.progressIntervalMs) {
          this.lastEvacuationUpdate.set(request.id, this.deps.clock.now());
          await this.refreshParent(request, this.statusOf(request));
        }
        return;
      }
      case 'superseded': {
        await this.refreshParent(request, this.statusOf(request));
        const origin = request.origin;
        if (!origin?.channel) return;
        const fresh = await this.deps.book.submitEvacuation(event.plan, {
          reenable: request.evacuation?.reenable ?? false,
          perDestination: request.evacuation?.perDestination ?? 1,
          origin: { channel: origin.channel },
        });
        const ts = await this.deps.poster.post(origin.channel, this.requestView(fresh));
        if (ts) await this.deps.store.setRequestOrigin(fresh.id, { channel: origin.channel, ts });
        await this.threadPost(request, {
          text: 'The plan changed; approval needed again',
          blocks: [
            section(
              `The cloud changed since this was approved, so the approval no longer holds. Ferry asks again with the new plan: ${code(fresh.id)}.`,
            ),
          ],
        });
        return;
      }
      case 'destination-dropped':
        await this.threadPost(request, {
          text: escapeMrkdwn(`${event.host} dropped as a destination`),
          blocks: [
            section(
              `⚠️ ${code(event.host)} is no longer a destination: ${escapeMrkdwn(event.why)}. ${
                event.servers.length
                  ? `Not moved, still on ${code(request.evacuation?.host ?? '?')}: ${event.servers.map(code).join(', ')}. Ask again once it is back, or evacuate them elsewhere.`
                  : 'No server was waiting for it.'
              }`,
            ),
          ],
        });
        await this.refreshParent(request, this.statusOf(request));
        return;
      case 'finished':
        this.lastEvacuationUpdate.delete(request.id);
        await this.threadPost(request, evacuationReport(request));
        await this.refreshParent(request, this.statusOf(request));
        return;
    }
  }

  /** Runner events become thread posts and status-line edits. */
  onRunEvent(event: RunEvent): void {
    this.track(
      this.report(event).catch((error) =>
        this.deps.log(`reporting ${event.kind} of ${event.run.id} failed`, error),
      ),
    );
  }

  private async report(event: RunEvent): Promise<void> {
    const { run } = event;
    const request = this.deps.store.getRequest(run.requestId);
    if (!request?.origin?.ts) return;
    switch (event.kind) {
      case 'phase': {
        if (event.phase === 'accepted') {
          const controls = controlsMessage(run, this.deps.approvers.describe());
          const ts = await this.threadPost(run, controls);
          if (ts)
            await this.deps.store.updateRun(run.id, (r) => {
              r.origin = { ...r.origin, controlsTs: ts };
            });
        } else if (event.phase === 'awaiting-confirmation' && !this.deps.settings.autoConfirm) {
          const ts = await this.threadPost(run, controlsMessage(run, this.deps.approvers.describe()));
          if (ts)
            await this.deps.store.updateRun(run.id, (r) => {
              r.origin = { ...r.origin, confirmTs: ts };
            });
        } else {
          await this.threadPost(run, {
            text: escapeMrkdwn(`${run.serverName}: ${event.phase}`),
            blocks: [
              section(
                `${code(run.serverName)} → *${escapeMrkdwn(event.phase)}*${event.note ? ` (${escapeMrkdwn(event.note)})` : ''}`,
              ),
            ],
          });
        }
        await this.refreshParent(request, this.statusOf(request, run));
        return;
      }
      case 'progress': {
        // Waiting for a person to confirm is said once, with its buttons; nothing moves meanwhile.
        if (event.progress.phase === 'awaiting-confirmation') return;
        const last = this.lastProgressPost.get(run.id) ?? 0;
        if (event.progress.at - last < this.deps.settings.progressIntervalMs) return;
        this.lastProgressPost.set(run.id, event.progress.at);
        await this.threadPost(run, {
          text: escapeMrkdwn(`${run.serverName} progress`),
          blocks: [section(progressText(run, event.progress))],
        });
        await this.refreshParent(request, this.statusOf(request, run));
        return;
      }
      case 'not-converging':
        await this.threadPost(run, {
          text: escapeMrkdwn(`${run.serverName} is not converging`),
          blocks: [
            section(
              `⚠️ ${code(run.serverName)} is not converging: ${formatDuration(event.stalledForMs)} without progress, the guest dirties memory as fast as it is copied. ` +
                'On-call can *Force complete* (pauses the guest briefly) or *Abort* (it stays where it is).',
            ),
          ],
        });
        return;
      case 'outcome': {
        this.lastProgressPost.delete(run.id);
        await this.threadPost(run, outcomeMessage(run, event.outcome));
        // Buttons that can no longer do anything are taken away.
        const ended = this.deps.store.getRun(run.id) ?? run;
        for (const ts of [ended.origin?.controlsTs, ended.origin?.confirmTs])
          if (ts && request.origin.channel)
            await this.deps.poster.update(request.origin.channel, ts, endedControls(ended));
        await this.refreshParent(request, this.statusOf(request, run));
        return;
      }
    }
  }

  requestView(request: RequestRecord) {
    if (request.kind === 'evacuation') {
      return evacuationMessage(request, {
        approvers: this.deps.approvers.describe(request.requestedBy),
        expiresAt: this.deps.book.expiresAt(request),
        timeZone: this.deps.settings.timeZone,
        status: this.statusOf(request),
      });
    }
    return requestMessage(request, {
      approvers: this.deps.approvers.describe(request.requestedBy),
      expiresAt: this.deps.book.expiresAt(request),
      timeZone: this.deps.settings.timeZone,
      status: this.statusOf(request),
      withButtons: request.status === 'pending',
    });
  }

  statusOf(request: RequestRecord, run?: RunRecord): string {
    const tz = this.deps.settings.timeZone;
    const by = request.decidedBy ? `<@${escapeMrkdwn(request.decidedBy)}>` : '';
    const at = request.decidedAt ? clockTime(request.decidedAt, tz) : '';
    switch (request.status) {
      case 'pending':
        return '⏳ *Waiting for approval*';
      case 'dry-run':
        return `🔍 *Dry run*: nothing was requested. ${request.plan.ready ? `${capitalise(checkTally(request.plan.checks))}.` : 'Some checks fail; see the thread.'}`;
      case 'blocked':
        return `❌ *Blocked*: ${request.plan.checks.filter((c) => c.status === 'fail').length} check(s) failed; the fixes are in the thread.`;
      case 'rejected':
        return `🚫 *Rejected* by ${by} at ${at}${request.decisionNote ? `: ${escapeMrkdwn(request.decisionNote)}` : ''}`;
      case 'expired':
        return `⌛ *Expired* at ${at}: nobody approved it in time. Ask again for fresh checks.`;
      case 'approved': {
        const evacuation = request.evacuation;
        if (evacuation) {
          if (evacuation.phase === 'superseded')
            return `🔁 *Superseded*: approved by ${by} at ${at}, but the cloud changed; a new plan was posted for approval.`;
          if (evacuation.phase === 'done')
            return `🏁 *Evacuation finished*: ${tally(counts(evacuation.items))} · Approved by ${by} at ${at}`;
          if (evacuation.phase === 'stopping')
            return `⏹️ *Stopping* (${evacuationProgressLine(request).replace('🚚 *Evacuating* ', '')}) · Approved by ${by} at ${at}`;
          if (evacuation.phase === 'running')
            return `${evacuationProgressLine(request)} · Approved by ${by} at ${at}`;
          return `👍 Approved by ${by} at ${at}`;
        }
        const current = run ?? (request.runId ? this.deps.store.getRun(request.runId) : undefined);
        const head = `Approved by ${by} at ${at}`;
        if (!current) return `👍 ${head}`;
        if (current.outcome) return `${outcomeLine(current)} · ${head}`;
        const progress = current.lastProgress;
        const bar = progress
          ? ` ${progressBar(progress.percent, 10)}${progress.etaMs !== null ? ` ETA ${formatDuration(progress.etaMs)}` : ''}`
          : '';
        return `🚚 *${escapeMrkdwn(current.state)}*${bar} · ${head}`;
      }
    }
  }

  private async refreshParent(request: RequestRecord, status: string): Promise<void> {
    const origin = request.origin;
    if (!origin?.channel || !origin.ts) return;
    const view = this.requestView(request);
    const statusIndex = view.blocks.findIndex((block) => block.block_id === 'status');
    if (statusIndex >= 0) view.blocks[statusIndex] = section(status, 'status');
    await this.deps.poster.update(origin.channel, origin.ts, view);
  }

  private async threadPost(
    subject: RequestRecord | RunRecord,
    message: { text: string; blocks: ReturnType<typeof section>[] },
  ): Promise<string | undefined> {
    const request = 'requestId' in subject ? this.deps.store.getRequest(subject.requestId) : subject;
    const origin = request?.origin;
    if (!origin?.channel || !origin.ts) return undefined;
    return this.deps.poster.post(origin.channel, message, origin.ts);
  }
}

function outcomeLine(run: RunRecord): string {
  const outcome = run.outcome;
  if (!outcome) return run.state;
  const icon = OUTCOME_ICON[outcome.kind];
  const kind = outcome.kind === 'completed' && outcome.forced ? 'completed (force-completed)' : outcome.kind;
  return `${icon} *${kind}* in ${formatDuration(outcome.durationMs)}${outcome.host ? `, on ${code(outcome.host)}` : ''}`;
}
