import type { Clock } from '../clock.ts';
import type { Drains } from '../core/drain/drains.ts';
import type { EvacuationInput, Evacuations } from '../core/evacuation/evacuations.ts';
import type { MaintenanceService } from '../core/maintenance/maintenance.ts';
import type { EvacuationRecord, MoveRecord, RequestRecord } from '../core/model/records.ts';
import type { MoveMode } from '../core/model/types.ts';
import type { Moves, RunControl } from '../core/move/moves.ts';
import type { Permissions } from '../core/permissions.ts';
import type { ApproverPolicy, RequestBook } from '../core/requests.ts';
import type { HostChecker } from '../hostcheck/hostcheck.ts';
import { t } from '../i18n/index.ts';
import type { FerryMetrics } from '../metrics.ts';
import type { FerryStore } from '../store/ferry-store.ts';
import { ApprovedStarts } from './approved-start.ts';
import { DrainFlow } from './drain-flow.ts';
import { hostCheckMessage, privateFindingsText } from './hostcheck-view.ts';
import { readWhen } from './maintenance-input.ts';
import { digestMessage, windowLine, windowSpan } from './maintenance-view.ts';
import type { SlackPoster } from './poster.ts';
import { postedCause } from './recovery.ts';
import { clockTime, code, escapeMrkdwn, failuresMessage, section } from './render.ts';
import type { Threads } from './threads.ts';

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
  /** an ephemeral answer to the person who asked, made in their language */
  respond(say: () => string): Promise<void>;
}

/** What /evacuate and its button hand the flow: the core's input, plus where to answer. */
export type EvacuationAsk = Omit<EvacuationInput, 'origin'> & {
  channel: string;
  respond(say: () => string): Promise<void>;
};

/**
 * The conversation around a move: the request message, its approval, and the thread that tells the
 * truth until the end. Chat-specific; the decisions themselves are the core's.
 */
export class ChatFlow {
  constructor(
    private readonly deps: {
      threads: Threads;
      clock: Clock;
      book: RequestBook;
      moves: Moves;
      evacuations: Evacuations;
      drains: Drains;
      permissions: Permissions;
      maintenance: MaintenanceService;
      hostChecker?: HostChecker;
      store: FerryStore;
      approvers: ApproverPolicy;
      poster: SlackPoster;
      settings: FlowSettings;
      log: (message: string, error?: unknown) => void;
      metrics?: FerryMetrics;
    },
  ) {
    this.drain = new DrainFlow(deps);
    this.starts = new ApprovedStarts(deps);
  }

  /** Approved moves' re-checks and starts, and those waiting for the cloud to answer. */
  readonly starts: ApprovedStarts;

  /** A drain's conversation: /drain and the buttons of its message. */
  readonly drain: DrainFlow;

  /** Times a request's checks for GET /metrics (when metrics are kept). */
  private timed<T>(command: string, evaluate: () => Promise<T>): Promise<T> {
    return this.deps.metrics ? this.deps.metrics.timePreconditions(command, evaluate) : evaluate();
  }

  async submitMove(ask: MoveAsk): Promise<MoveRecord> {
    const { poster } = this.deps;
    const { request: record, plan } = await this.timed('/migrate', () =>
      this.deps.moves.ask({
        user: ask.user,
        server: ask.server,
        ...(ask.destination ? { destination: ask.destination } : {}),
        mode: ask.mode,
        dryRun: ask.dryRun,
      }),
    );
    const posted = poster.post(ask.channel, this.deps.threads.requestView(record), {
      remember: { subject: record.id, field: 'ts' },
      cause: postedCause(record.id),
    });
    // its first reply is written now, to follow the request once that is sent: a Ferry killed before it
    // read Slack's answer to the request still leaves the reply for the next one to send
    const reply = !plan.ready
      ? failuresMessage(plan.checks)
      : record.status !== 'dry-run'
        ? {
            text: t`Waiting for approval`,
            blocks: [
              section(t`Waiting for approval by ${this.deps.approvers.describe(record.requestedBy)}.`),
            ],
          }
        : undefined;
    const replied = reply && poster.post(ask.channel, reply, { threadOf: record.id });
    if (!(await posted)) {
      await ask.respond(
        () =>
          t`Ferry could not post request ${record.id} in this channel. Is the Ferry app a member of it? (/invite @ferry)`,
      );
      return record;
    }
    await replied;
    return record;
  }

  async submitEvacuation(ask: EvacuationAsk): Promise<EvacuationRecord> {
    const { channel, respond, ...input } = ask;
    const { request: record, plan } = await this.timed('/evacuate', () => this.deps.evacuations.ask(input));
    await this.postEvacuation(record, plan.ready, plan.checks, channel, respond);
    return record;
  }

  private async postEvacuation(
    record: EvacuationRecord,
    ready: boolean,
    checks: Parameters<typeof failuresMessage>[0],
    channel: string,
    respond: (say: () => string) => Promise<void>,
  ): Promise<void> {
    const ts = await this.deps.poster.post(channel, this.deps.threads.requestView(record), {
      remember: { subject: record.id, field: 'ts' },
      cause: postedCause(record.id),
    });
    if (!ts) {
      await respond(
        () =>
          t`Ferry could not post evacuation ${record.id} in this channel. Is the Ferry app a member of it?`,
      );
      return;
    }
    if (!ready) await this.deps.poster.post(channel, failuresMessage(checks), { threadTs: ts });
  }

  /** "Move back" on an evacuation's report: the move back gets its own message and thread. */
  async moveBack(evacuationId: string, user: string, channel: string): Promise<void> {
    // asked, refused or found with nothing left to move: the report then shows what the store says,
    // so an old report keeps no Move back that is taken or no longer offers anything
    const record = await this.deps.evacuations
      .moveBack(evacuationId, user)
      .finally(() => this.deps.threads.refreshEvacuationReport(evacuationId));
    const ts = await this.deps.poster.post(channel, this.deps.threads.requestView(record), {
      remember: { subject: record.id, field: 'ts' },
      cause: postedCause(record.id),
    });
    if (!ts) return;
    await this.deps.threads.threadPost(record, {
      text: t`Moving back`,
      blocks: [
        section(
          t`↩️ <@${escapeMrkdwn(user)}> asked to move back what evacuation ${code(evacuationId)} took off ${code(record.evacuation.host)}. Waiting for approval by ${this.deps.approvers.describe(user)}.`,
        ),
      ],
    });
  }

  async chooseCold(requestId: string, serverId: string, user: string): Promise<void> {
    const updated = await this.deps.evacuations.chooseCold(requestId, serverId, user);
    await this.deps.threads.refreshParent(updated);
  }

  async stopEvacuation(requestId: string, user: string, abortRunning: boolean): Promise<void> {
    const request = await this.deps.evacuations.stop(requestId, user, abortRunning);
    await this.deps.threads.threadPost(request, {
      text: t`Evacuation stopping`,
      blocks: [
        section(
          t`${abortRunning ? t`Stop and abort` : t`Stop`} requested by <@${escapeMrkdwn(user)}>: no new moves start${abortRunning ? t`; running ones are being aborted` : t`; running ones finish`}.`,
        ),
      ],
    });
    await this.deps.threads.refreshParent(request);
  }

  /** requests whose approval (or take-up) is under way in this process, and how many times over */
  private readonly approving = new Map<string, number>();

  /** Whether this process is approving or starting the request now: no sweep takes it up meanwhile. */
  startingHere(requestId: string): boolean {
    return this.approving.has(requestId);
  }

  /** `value` is the Approve button's: the request ID, and for an evacuation `@` the plan's fingerprint. */
  async approve(value: string, user: string): Promise<void> {
    const [requestId = '', seenFingerprint] = value.split('@');
    await this.underWay(requestId, () => this.decideApproval(requestId, user, seenFingerprint));
  }

  /**
   * A move or evacuation approved by a process that stopped before it began the start (a restart, a
   * replica that died), or whose check got no answer: re-checked and started now, as the approval
   * would have; its thread hears either.
   */
  takeUpApproved(requestId: string): void {
    this.underWay(requestId, () => this.starts.start(requestId)).catch((error) =>
      this.deps.log(`taking up approved request ${requestId} failed`, error),
    );
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

  private async decideApproval(requestId: string, user: string, seenFingerprint?: string): Promise<void> {
    const { book, clock } = this.deps;
    const tz = this.deps.settings.timeZone;
    // a request someone else decided first throws ApprovalError: past here, this approval decided it
    const { request } = await book.approve(requestId, user, seenFingerprint);
    this.deps.metrics?.decision('approved', request.kind);
    const by = `<@${escapeMrkdwn(user)}>`;
    if (request.kind === 'drain') {
      const started = await this.deps.drains.startApproved(requestId);
      await this.deps.threads.refreshParent(
        started.kind === 'started' ? started.request : request,
        started.kind === 'waits-for-window'
          ? t`👍 Approved by ${by}; starts with window ${code(started.window.id)} (${windowSpan(started.window, tz)}).`
          : undefined,
      );
      return;
    }
    if (request.kind === 'evacuation') {
      await this.deps.threads.refreshParent(
        request,
        t`👍 Approved by ${by} at ${clockTime(request.decidedAt ?? clock.now(), tz)}; checking the plan still holds…`,
      );
      const started = await this.starts.startEvacuation(requestId);
      if (started?.kind === 'waits-for-window')
        await this.deps.threads.refreshParent(
          request,
          t`👍 Approved by ${by}; starts with window ${code(started.window.id)} (${windowSpan(started.window, tz)}) if the plan still holds then.`,
        );
      return;
    }
    await this.deps.threads.refreshParent(
      request,
      t`👍 Approved by ${by} at ${clockTime(request.decidedAt ?? clock.now(), tz)}; re-checking before the start…`,
    );
    await this.starts.start(requestId);
  }

  async checkDecidable(requestId: string, user: string, verb: 'approve' | 'reject'): Promise<void> {
    await this.deps.book.decidable(requestId, user, verb);
  }

  async reject(requestId: string, user: string, reason: string | undefined): Promise<void> {
    const { request } = await this.deps.book.reject(requestId, user, reason);
    this.deps.metrics?.decision('rejected', request.kind);
    await this.deps.threads.refreshParent(request);
    await this.offerAgain(request);
  }

  /** Answers what to tell the person who asked, made in their language when it is said. */
  async control(kind: RunControl, runId: string, user: string): Promise<() => string> {
    const run = await this.deps.moves.control(kind, runId, user);
    const said = () =>
      ({
        abort: t`Abort requested`,
        force: t`Force complete requested`,
        confirm: t`Confirmation sent`,
        revert: t`Revert requested`,
      })[kind];
    // an evacuation's move has no thread of its own: the press is said in the evacuation's
    const request = this.deps.store.getMove(run.requestId);
    const parent = request?.parentId ? this.deps.store.getRequest(request.parentId) : undefined;
    const subject = parent && !this.deps.threads.whereOf(run.requestId) ? parent : run;
    await this.deps.threads.threadPost(subject, {
      text: said(),
      blocks: [section(t`${said()} by <@${escapeMrkdwn(user)}>.`)],
    });
    return () => t`${said()} for ${run.id}.`;
  }

  async expireDue(): Promise<void> {
    for (const request of await this.deps.book.expireDue()) {
      this.deps.metrics?.decision('expired', request.kind);
      await this.deps.threads.refreshParent(request);
      await this.offerAgain(request);
    }
  }

  /** A move back rejected or expired: its evacuation's report offers Move back again. */
  private async offerAgain(request: RequestRecord): Promise<void> {
    if (request.kind === 'evacuation' && request.evacuation.returnOf)
      await this.deps.threads.refreshEvacuationReport(request.evacuation.returnOf);
  }

  async scheduleMaintenance(input: {
    host: string;
    when: string;
    durationMs: number;
    reason: string | null;
    user: string;
    channel: string;
  }): Promise<void> {
    // the person's words are read here, in Ferry's time zone: the core gets the instant
    const { start, rest } = await readWhen(
      input.when,
      this.deps.clock.now(),
      this.deps.settings.timeZone,
      () => this.deps.permissions.mayRequest(input.user),
    );
    const window = await this.deps.maintenance.schedule({
      ...input,
      start,
      reason: input.reason ?? (rest || null),
    });
    const where = this.deps.settings.channel
      ? `<#${escapeMrkdwn(this.deps.settings.channel)}>`
      : t`this channel`;
    await this.deps.poster.post(input.channel, {
      text: escapeMrkdwn(t`Maintenance window ${window.id} for ${window.host}`),
      blocks: [
        section(
          t`🗓️ <@${escapeMrkdwn(input.user)}> scheduled maintenance: ${windowLine(window, this.deps.settings.timeZone)}`,
        ),
        section(
          t`Reminders go to ${where} before it. To have the host emptied when it starts, ask now and get it approved ahead: \`/evacuate ${escapeMrkdwn(window.host)} --window ${window.id}\`.`,
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
        t`Host checks need SSH: set FERRY_SSH_USER (and FERRY_SSH_KEY, FERRY_SSH_KNOWN_HOSTS); see README "Host check".`,
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
    if (upcoming.length === 0) return t`No maintenance window is scheduled.`;
    return t`*Upcoming maintenance*\n${upcoming.map((w) => windowLine(w, this.deps.settings.timeZone)).join('\n')}`;
  }

  /** Answers what to tell the person who asked, made in their language when it is said. */
  async cancelMaintenance(id: string, user: string): Promise<() => string> {
    const cancelled = await this.deps.maintenance.cancel(id, user);
    return () => t`Cancelled ${windowLine(cancelled, this.deps.settings.timeZone)}.`;
  }

  /** The "Evacuate now" button of a reminder: an evacuation request for the window's host. */
  async evacuateForWindow(windowId: string, user: string, channel: string): Promise<void> {
    const { request, plan } = await this.deps.evacuations.forWindow(windowId, user);
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
}
