import type { App } from '@slack/bolt';
import type { Clock } from '../clock.ts';
import type { MaintenanceService } from '../core/maintenance/maintenance.ts';
import type {
  DrainRecord,
  EvacuationRecord,
  MoveRecord,
  NovaOutage,
  RequestRecord,
  RunRecord,
} from '../core/model/records.ts';
import type { OutboxEntry } from '../core/ports/outbox.ts';
import type { Places } from '../core/ports/places.ts';
import type { Queries } from '../core/queries.ts';
import type { ApproverPolicy, RequestBook } from '../core/requests.ts';
import { inLanguage, type Language, t } from '../i18n/index.ts';
import { hostsAtATime, hostsCount } from '../messages/counted.ts';
import { heldCauseText } from '../messages/drain.ts';
import { modeWord } from '../messages/states.ts';
import { drainApproval, drainLine } from './drain-view.ts';
import { evacuationProgressLine, stalledPart } from './evacuation-progress.ts';
import { evacuationApproval } from './evacuation-view.ts';
import {
  type HomeReads,
  homeDrains,
  homeEvacuations,
  homeRuns,
  personWait,
  waitingDrainLine,
  waitingOf,
} from './home-drains.ts';
import { windowLine } from './maintenance-view.ts';
import type { Block } from './render.ts';
import {
  actorText,
  clockTime,
  code,
  context,
  destinationText,
  escapeMrkdwn,
  moveApproval,
  section,
} from './render.ts';
import { runSummaryLine } from './run-view.ts';

/** Slack allows 100 blocks in a Home tab; each list is cut well before that. */
const LISTED = 10;
/** How often what Home shows is compared with what was published, for everyone who opened it lately. */
export const HOME_REFRESH_MS = 10_000;
/** Someone who has not opened Home for this long is no longer kept up to date. */
const VIEWER_TTL_MS = 60 * 60_000;
/** At most this many people (those who opened it last) are kept up to date; the others see it as opened. */
export const HOME_VIEWERS_MAX = 50;

export interface HomeView {
  type: 'home';
  blocks: Block[];
}

interface HomeDeps {
  /** views.publish */
  publish(user: string, view: HomeView): Promise<void>;
  languageOf(user: string): Promise<Language>;
  /** what Home reads: records as the store has them now (the core's read-only queries) */
  queries: Queries;
  places: Places;
  book: RequestBook;
  approvers: ApproverPolicy;
  maintenance: MaintenanceService;
  clock: Clock;
  timeZone: string;
  /** requesters, on call, FERRY_READERS: anyone else sees only who may */
  mayRead(user: string): Promise<boolean>;
  log: (message: string, error?: unknown) => void;
  /** messages Slack refused for good, newest first (the outbox's) */
  refused?: () => Promise<OutboxEntry[]>;
  /** approved moves and evacuations whose check before the start waits for the cloud to answer, since when */
  waitingForCloud?: () => { request: MoveRecord | EvacuationRecord; since: number }[];
  /** the Nova outage a run's or an evacuation's thread was told of, while it lasts (the runner's) */
  novaOutageOf?: (id: string) => NovaOutage | null;
  /** FERRY_COLD_CONFIRM=auto: Ferry confirms cold moves itself; false: a person presses Confirm or Revert */
  autoConfirm?: boolean;
}

/** Slack's answer to too many views.publish calls (the client Home publishes with does not wait it out). */
function retryAfterMs(error: unknown): number | null {
  const { code, retryAfter } = error as { code?: string; retryAfter?: number };
  return code === 'slack_webapi_rate_limited_error' ? Math.max(1, retryAfter ?? 1) * 1000 : null;
}

/**
 * Ferry's App Home: what waits for approval (with Approve and Reject for on-call people, the same
 * buttons and dialogs as in the channel), what is moving now, the maintenance ahead, and the user's
 * own recent requests. Published when the tab is opened, and again whenever what it shows changes
 * (its "Updated" time aside) for the HOME_VIEWERS_MAX people who opened it last within the hour,
 * compared every HOME_REFRESH_MS; one refresh at a time, and none while Slack says to wait (429).
 */
export class HomeTab {
  private readonly viewers = new Map<string, { openedAt: number; shown: string }>();
  private refreshing: Promise<void> | undefined;
  private waitUntil = 0;

  constructor(private readonly deps: HomeDeps) {}

  async open(user: string): Promise<void> {
    const { view, shown } = await this.compose(user);
    const now = this.deps.clock.now();
    // the newest viewer goes last; past the cap, whoever opened it longest ago is no longer refreshed
    this.viewers.delete(user);
    const seen = { openedAt: now, shown: '' };
    this.viewers.set(user, seen);
    for (const old of this.viewers.keys()) {
      if (this.viewers.size <= HOME_VIEWERS_MAX) break;
      this.viewers.delete(old);
    }
    try {
      await this.deps.publish(user, view);
      seen.shown = shown;
    } catch (error) {
      // not shown: the next refresh publishes it, once Slack's Retry-After has passed
      const wait = retryAfterMs(error);
      if (wait !== null) this.waitUntil = now + wait;
      throw error;
    }
  }

  /** Publishes again to every recent viewer whose Home would now look different; a call while one runs joins it. */
  refresh(): Promise<void> {
    this.refreshing ??= this.refreshViewers().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async refreshViewers(): Promise<void> {
    for (const [user, seen] of this.viewers) {
      const now = this.deps.clock.now();
      if (now < this.waitUntil) return;
      if (now - seen.openedAt > VIEWER_TTL_MS) {
        this.viewers.delete(user);
        continue;
      }
      const { view, shown } = await this.compose(user);
      if (shown === seen.shown) continue;
      try {
        await this.deps.publish(user, view);
        seen.shown = shown;
      } catch (error) {
        const wait = retryAfterMs(error);
        if (wait === null) this.deps.log(`publishing Home for ${user} failed`, error);
        else this.waitUntil = now + wait;
      }
    }
  }

  /** One person's Home, in their language. */
  async render(user: string): Promise<HomeView> {
    return (await this.compose(user)).view;
  }

  /** The view, and what it shows without the time it was made (compared to know whether it changed). */
  private async compose(user: string): Promise<{ view: HomeView; shown: string }> {
    const [language, onCall, reads, refused] = await Promise.all([
      this.deps.languageOf(user),
      this.deps.approvers.isApprover(user),
      this.deps.mayRead(user),
      this.deps.refused?.() ?? [],
    ]);
    if (!reads) {
      const view = inLanguage(language, notReader);
      return { view, shown: JSON.stringify(view.blocks) };
    }
    const blocks = inLanguage(language, () => this.build(user, onCall, refused));
    const shown = JSON.stringify(blocks);
    const footer = inLanguage(language, () =>
      context(t`Updated ${clockTime(this.deps.clock.now(), this.deps.timeZone)}`),
    );
    return { view: { type: 'home', blocks: [...blocks, footer] }, shown };
  }

  private build(user: string, onCall: boolean, refused: OutboxEntry[]): Block[] {
    const { queries, timeZone } = this.deps;
    const blocks: Block[] = [
      section(
        t`*🚢 Ferry* for <@${escapeMrkdwn(user)}>${onCall ? t` · you are on call: you may approve` : ''}`,
      ),
    ];
    const unwritable = queries.writeFailure();
    if (unwritable)
      blocks.push(
        section(
          t`⚠️ Ferry cannot write its database: ${escapeMrkdwn(unwritable.error)} (still watching, no new moves)`,
        ),
      );
    const pending = queries.pendingRequests().slice(-LISTED);
    // a held drain's new plan waits for on-call approval too; nothing of it moves meanwhile
    const heldDrains = queries
      .drains()
      .filter((d) => d.status === 'approved' && d.drain.phase === 'held')
      .slice(-LISTED);
    blocks.push(section(t`*Waiting for approval*`));
    if (pending.length === 0 && heldDrains.length === 0) blocks.push(context(t`Nothing waits for approval.`));
    for (const request of pending) {
      blocks.push(section(this.requestLine(request)));
      if (onCall && request.requestedBy !== user) blocks.push(approvalOf(request));
    }
    for (const drain of heldDrains) blocks.push(section(this.heldDrainLine(drain)));
    // a move or an evacuation only a person ends (Confirm or Revert, Force complete or Abort) waits: not moving
    const autoConfirm = this.deps.autoConfirm;
    const { moving: runs, waiting: waitingRuns } = homeRuns(queries.activeRuns().slice(-LISTED), autoConfirm);
    // a paused drain moves nothing new until someone resumes it: listed as paused, not moving (operator
    // trial); its step's evacuation too, once the moves it had in flight are over
    const approvedDrains = queries.drains().filter((d) => d.status === 'approved');
    const paused = approvedDrains.filter((d) => d.drain.phase === 'paused').slice(-LISTED);
    const stillDrains = new Set(
      approvedDrains.filter((d) => d.drain.phase === 'paused' || d.drain.phase === 'held').map((d) => d.id),
    );
    const allEvacuations = queries.evacuations();
    const reads: HomeReads = {
      evacuation: (id) => allEvacuations.find((r) => r.id === id),
      run: (id) => queries.run(id),
      ...(autoConfirm !== undefined ? { autoConfirm } : {}),
    };
    const { moving: evacuations, waiting: waitingEvacuations } = homeEvacuations(
      allEvacuations,
      { still: stillDrains, listed: LISTED },
      reads,
    );
    // one that waits for a person (Host is back, Continue, Confirm) is listed with what for, not as moving
    const { moving: drains, waiting } = homeDrains(
      approvedDrains
        .filter((d) => !['planned', 'held', 'paused', 'done'].includes(d.drain.phase))
        .slice(-LISTED),
      reads,
    );
    const held = (this.deps.waitingForCloud?.() ?? []).slice(-LISTED);
    blocks.push(section(t`*Moving now*`));
    if (runs.length === 0 && evacuations.length === 0 && drains.length === 0 && held.length === 0)
      blocks.push(context(t`Nothing is moving.`));
    for (const { request, since } of held) {
      const where = this.deps.places.placeOf(request.id)?.channel;
      blocks.push(
        section(
          request.kind === 'move'
            ? t`${code(request.id)} ${this.moveWhat(request)}: approved; its re-check before the start waits for the cloud to answer (since ${clockTime(since, timeZone)})${where ? t` · in <#${escapeMrkdwn(where)}>` : ''}`
            : t`${code(request.id)} ${this.evacuationWhat(request)}: approved; the check that its plan still holds waits for the cloud to answer (since ${clockTime(since, timeZone)})${where ? t` · in <#${escapeMrkdwn(where)}>` : ''}`,
        ),
      );
    }
    for (const drain of drains) blocks.push(section(drainLine(drain, timeZone)));
    for (const run of runs) blocks.push(section(this.runLine(run)));
    const evacuationLine = (evacuation: EvacuationRecord) => {
      const progress = `${evacuationProgressLine(
        evacuation,
        { outage: this.deps.novaOutageOf?.(evacuation.id) ?? null, timeZone },
        {
          runOf: (id) => this.deps.queries.run(id),
          now: this.deps.clock.now(),
          drainOf: (id) => approvedDrains.find((d) => d.id === id),
          ...(autoConfirm !== undefined ? { autoConfirm } : {}),
        },
      )}${stalledPart(waitingOf(evacuation, 'stall', reads))}`;
      return `${code(evacuation.id)} ${code(evacuation.evacuation.host)} ${progress}`;
    };
    for (const evacuation of evacuations) blocks.push(section(evacuationLine(evacuation)));
    if (paused.length)
      blocks.push(
        section(t`*Paused*`),
        ...paused.map((drain) =>
          section(
            t`${drainLine(drain, timeZone)} · paused by ${actorText(drain.drain.pausedBy ?? '?')}: nothing new starts until someone presses Resume in its thread`,
          ),
        ),
      );
    if (waiting.length || waitingRuns.length || waitingEvacuations.length)
      blocks.push(
        section(t`*Waiting for a person*`),
        ...waiting.map((asked) =>
          section(waitingDrainLine(asked, this.deps.places.placeOf(asked.drain.id)?.channel)),
        ),
        // a cold move's line says it waits for Confirm or Revert; a stalled live move's does not
        ...waitingRuns.map((run) =>
          section(
            `${this.runLine(run)}${personWait(run, autoConfirm) === 'stall' ? stalledPart([run.serverName]) : ''}`,
          ),
        ),
        ...waitingEvacuations.map((evacuation) => section(evacuationLine(evacuation))),
      );
    // a window that has started is under way, not ahead
    const now = this.deps.clock.now();
    const windows = this.deps.maintenance.upcoming(now).slice(0, LISTED);
    const started = windows.filter((window) => window.start <= now);
    const ahead = windows.filter((window) => window.start > now);
    if (started.length)
      blocks.push(
        section(t`*Maintenance under way*`),
        section(started.map((window) => windowLine(window, timeZone)).join('\n')),
      );
    blocks.push(section(t`*Maintenance ahead*`));
    blocks.push(
      ahead.length
        ? section(ahead.map((window) => windowLine(window, timeZone)).join('\n'))
        : context(started.length ? t`No other window is scheduled.` : t`No maintenance window is scheduled.`),
    );
    const mine = [...queries.runs()]
      .filter((run) => queries.request(run.requestId)?.requestedBy === user)
      .slice(-5)
      .reverse();
    blocks.push(section(t`*Your recent moves*`));
    blocks.push(
      mine.length
        ? section(
            mine
              .map((run) => {
                const where = this.deps.places.placeOf(run.requestId)?.channel;
                return `${this.runLine(run)}${where ? t` · in <#${escapeMrkdwn(where)}>` : ''}`;
              })
              .join('\n'),
          )
        : context(t`You have not asked Ferry to move anything lately.`),
    );
    if (refused.length) {
      blocks.push(
        section(t`*Messages Slack refused* (not posted; check the channel and Ferry's membership)`),
      );
      const lines = refused
        .slice(0, LISTED)
        .map(
          (entry) =>
            t`${clockTime(entry.endedAt ?? entry.createdAt, timeZone)} <#${escapeMrkdwn(entry.channel)}> ${code(entry.error ?? '?')}: ${escapeMrkdwn(entry.text.slice(0, 80))}`,
        );
      blocks.push(section(lines.join('\n')));
    }
    return blocks;
  }

  /** A run, with the Nova outage its thread was told of while it lasts. */
  private runLine(run: RunRecord): string {
    const outage = this.deps.novaOutageOf?.(run.id) ?? null;
    return runSummaryLine(run, {
      outage,
      timeZone: this.deps.timeZone,
      ...(this.deps.autoConfirm !== undefined ? { autoConfirm: this.deps.autoConfirm } : {}),
    });
  }

  private moveWhat(request: MoveRecord): string {
    return t`move ${code(request.plan.serverName ?? request.request.server)} ${code(request.plan.source ?? '?')} → ${destinationText(request.plan.destination)} (${modeWord(request.plan.mode)})`;
  }

  private evacuationWhat(request: EvacuationRecord): string {
    return t`empty ${code(request.evacuation.host)} (${request.evacuation.items.length} servers)`;
  }

  /** A held drain: the step it holds before, and where its Approve new plan is. */
  private heldDrainLine(drain: DrainRecord): string {
    const where = this.deps.places.placeOf(drain.id)?.channel;
    // why, as its new plan's checks found it (nova-compute down is not "no room")
    const cause = escapeMrkdwn(heldCauseText(drain.drain.held));
    return t`${code(drain.id)} drain held before step ${drain.drain.step + 1}: ${cause}; its new plan waits for on-call approval (Approve new plan in its thread) · asked by <@${escapeMrkdwn(drain.requestedBy)}>${where ? t` · in <#${escapeMrkdwn(where)}>` : ''}`;
  }

  private requestLine(request: RequestRecord): string {
    const what =
      request.kind === 'evacuation'
        ? this.evacuationWhat(request)
        : request.kind === 'drain'
          ? t`drain ${hostsCount(request.drain.hosts.length)}, ${hostsAtATime(request.drain.hostsAtOnce)}`
          : this.moveWhat(request);
    const where = this.deps.places.placeOf(request.id)?.channel;
    return t`${code(request.id)} <@${escapeMrkdwn(request.requestedBy)}> asks to ${what} · expires ${clockTime(this.deps.book.expiresAt(request), this.deps.timeZone)}${where ? t` · in <#${escapeMrkdwn(where)}>` : ''}`;
  }
}

/** Home for someone who may not read: nothing of the cloud, only how to get access. */
function notReader(): HomeView {
  return {
    type: 'home',
    blocks: [
      section(t`*🚢 Ferry*`),
      context(
        t`Only requesters and on-call staff see what Ferry is doing. Ask a Ferry admin to add you to FERRY_READERS.`,
      ),
    ],
  };
}

function approvalOf(request: RequestRecord): Block {
  if (request.kind === 'drain') return drainApproval(request);
  return request.kind === 'evacuation' ? evacuationApproval(request) : moveApproval(request);
}

/** App Home's listener: published when someone opens the tab (a failure is logged, Home stays as it was). */
export function listenHome(app: App, home: HomeTab, log: (message: string, error?: unknown) => void): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    await home.open(event.user).catch((error) => log(`publishing Home for ${event.user} failed`, error));
  });
}
