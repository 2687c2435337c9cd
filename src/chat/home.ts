import type { Clock } from '../clock.ts';
import type { MaintenanceService } from '../core/maintenance.ts';
import type { RequestRecord } from '../core/model.ts';
import type { ApproverPolicy, RequestBook } from '../core/requests.ts';
import { modeWord } from '../core/states.ts';
import type { StorePort } from '../core/store-port.ts';
import { inLanguage, type Language, t } from '../i18n/index.ts';
import { drainApproval, drainLine } from './drain-view.ts';
import { evacuationApproval, evacuationProgressLine } from './evacuation-view.ts';
import type { Block } from './fake-slack.ts';
import { windowLine } from './maintenance-view.ts';
import type { OutboxEntry } from './outbox-port.ts';
import type { Places } from './places.ts';
import { clockTime, code, context, escapeMrkdwn, moveApproval, runSummaryLine, section } from './render.ts';

/** Slack allows 100 blocks in a Home tab; each list is cut well before that. */
const LISTED = 10;
/** How often what Home shows is compared with what was published, for everyone who opened it lately. */
export const HOME_REFRESH_MS = 10_000;
/** Someone who has not opened Home for this long is no longer kept up to date. */
const VIEWER_TTL_MS = 60 * 60_000;

export interface HomeView {
  type: 'home';
  blocks: Block[];
}

interface HomeDeps {
  /** views.publish */
  publish(user: string, view: HomeView): Promise<void>;
  languageOf(user: string): Promise<Language>;
  store: StorePort;
  places: Places;
  book: RequestBook;
  approvers: ApproverPolicy;
  maintenance: MaintenanceService;
  clock: Clock;
  timeZone: string;
  log: (message: string, error?: unknown) => void;
  /** messages Slack refused for good, newest first (the outbox's) */
  refused?: () => Promise<OutboxEntry[]>;
}

/**
 * Ferry's App Home: what waits for approval (with Approve and Reject for on-call people, the same
 * buttons and dialogs as in the channel), what is moving now, the maintenance ahead, and the user's
 * own recent requests. Published when the tab is opened, and again whenever what it shows changes
 * for someone who opened it in the last hour (compared every HOME_REFRESH_MS, so Slack's limits hold).
 */
export class HomeTab {
  private readonly viewers = new Map<string, { openedAt: number; shown: string }>();

  constructor(private readonly deps: HomeDeps) {}

  async open(user: string): Promise<void> {
    const view = await this.render(user);
    this.viewers.set(user, { openedAt: this.deps.clock.now(), shown: JSON.stringify(view) });
    await this.deps.publish(user, view);
  }

  /** Publishes again to every recent viewer whose Home would now look different. */
  async refresh(): Promise<void> {
    const now = this.deps.clock.now();
    for (const [user, seen] of this.viewers) {
      if (now - seen.openedAt > VIEWER_TTL_MS) {
        this.viewers.delete(user);
        continue;
      }
      const view = await this.render(user);
      const shown = JSON.stringify(view);
      if (shown === seen.shown) continue;
      seen.shown = shown;
      await this.deps
        .publish(user, view)
        .catch((error) => this.deps.log(`publishing Home for ${user} failed`, error));
    }
  }

  /** One person's Home, in their language. */
  async render(user: string): Promise<HomeView> {
    const [language, onCall, refused] = await Promise.all([
      this.deps.languageOf(user),
      this.deps.approvers.isApprover(user),
      this.deps.refused?.() ?? [],
    ]);
    return inLanguage(language, () => this.build(user, onCall, refused));
  }

  private build(user: string, onCall: boolean, refused: OutboxEntry[]): HomeView {
    const { store, timeZone } = this.deps;
    const blocks: Block[] = [
      section(
        t`*🚢 Ferry* for <@${escapeMrkdwn(user)}>${onCall ? t` · you are on call: you may approve` : ''}`,
      ),
    ];
    const pending = store.pendingRequests().slice(-LISTED);
    blocks.push(section(t`*Waiting for approval*`));
    if (pending.length === 0) blocks.push(context(t`Nothing waits for approval.`));
    for (const request of pending) {
      blocks.push(section(this.requestLine(request)));
      if (onCall && request.requestedBy !== user) blocks.push(approvalOf(request));
    }
    const runs = store.activeRuns().slice(-LISTED);
    const evacuations = store
      .evacuations()
      .filter((r) => r.evacuation.phase === 'running' || r.evacuation.phase === 'stopping')
      .slice(-LISTED);
    const drains = store
      .drains()
      .filter((d) => d.status === 'approved' && !['planned', 'done'].includes(d.drain.phase))
      .slice(-LISTED);
    blocks.push(section(t`*Moving now*`));
    if (runs.length === 0 && evacuations.length === 0 && drains.length === 0)
      blocks.push(context(t`Nothing is moving.`));
    for (const drain of drains) blocks.push(section(drainLine(drain, timeZone)));
    for (const run of runs) blocks.push(section(runSummaryLine(run)));
    for (const evacuation of evacuations)
      blocks.push(
        section(
          `${code(evacuation.id)} ${code(evacuation.evacuation.host)} ${evacuationProgressLine(evacuation)}`,
        ),
      );
    const windows = this.deps.maintenance.upcoming().slice(0, LISTED);
    blocks.push(section(t`*Maintenance ahead*`));
    blocks.push(
      windows.length
        ? section(windows.map((window) => windowLine(window, timeZone)).join('\n'))
        : context(t`No maintenance window is scheduled.`),
    );
    const mine = [...store.runs()]
      .filter((run) => store.getRequest(run.requestId)?.requestedBy === user)
      .slice(-5)
      .reverse();
    blocks.push(section(t`*Your recent moves*`));
    blocks.push(
      mine.length
        ? section(
            mine
              .map((run) => {
                const where = this.deps.places.placeOf(run.requestId)?.channel;
                return `${runSummaryLine(run)}${where ? ` · in <#${escapeMrkdwn(where)}>` : ''}`;
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
            `${clockTime(entry.endedAt ?? entry.createdAt, timeZone)} <#${escapeMrkdwn(entry.channel)}> ${code(entry.error ?? '?')}: ${escapeMrkdwn(entry.text.slice(0, 80))}`,
        );
      blocks.push(section(lines.join('\n')));
    }
    blocks.push(context(t`Updated ${clockTime(this.deps.clock.now(), timeZone)}`));
    return { type: 'home', blocks };
  }

  private requestLine(request: RequestRecord): string {
    const what =
      request.kind === 'evacuation'
        ? t`empty ${code(request.evacuation.host)} (${request.evacuation.items.length} servers)`
        : request.kind === 'drain'
          ? t`drain ${request.drain.hosts.length} host(s), ${request.drain.hostsAtOnce} at a time`
          : t`move ${code(request.plan.serverName ?? request.request.server)} ${code(request.plan.source ?? '?')} → ${code(request.plan.destination ?? t`scheduler`)} (${modeWord(request.plan.mode)})`;
    const where = this.deps.places.placeOf(request.id)?.channel;
    return t`${code(request.id)} <@${escapeMrkdwn(request.requestedBy)}> asks to ${what} · expires ${clockTime(this.deps.book.expiresAt(request), this.deps.timeZone)}${where ? ` · in <#${escapeMrkdwn(where)}>` : ''}`;
  }
}

function approvalOf(request: RequestRecord): Block {
  if (request.kind === 'drain') return drainApproval(request);
  return request.kind === 'evacuation' ? evacuationApproval(request) : moveApproval(request);
}
