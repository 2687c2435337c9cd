import type { Clock } from '../clock.ts';
import type { EvacuationEvent, FerryEvent, RunEvent } from '../core/events.ts';
import type { EvacuationItemState } from '../core/model/records.ts';
import type { StorePort } from '../core/ports/store.ts';
import { t } from '../i18n/index.ts';
import { outcomeUnproven } from '../messages/proofs.ts';
import { outcomeText } from '../messages/runs.ts';
import { evacuationEnded, evacuationStarted, runApproved, runEnded } from './owners-view.ts';
import type { SlackPoster } from './poster.ts';
import { escapeMrkdwn, type Rendered, section } from './render.ts';
import type { Threads } from './threads.ts';

/** FERRY_PROJECT_CHANNELS: a project (its ID, or its name in Keystone) and the channel its people read. */
export interface ProjectChannel {
  project: string;
  channel: string;
}

/** Keystone's project names are read again after this long (a renamed project is found again). */
const NAMES_TTL_MS = 10 * 60_000;

/**
 * The people whose servers move are told in their project's channel: a move when it is approved and
 * when it ends; an evacuation (or a move back) once per project when it starts and when it ends, not
 * once per server. Notices carry no buttons. A channel Ferry cannot post to is reported to the
 * requester once, in the request's thread, and not tried again.
 */
export class OwnerNotices {
  private names: { at: number; byId: Map<string, string> } | undefined;
  private readonly failed = new Set<string>();
  private readonly notifying = new Set<Promise<void>>();

  constructor(
    private readonly deps: {
      channels: ProjectChannel[];
      projects: () => Promise<{ id: string; name: string }[]>;
      store: StorePort;
      poster: SlackPoster;
      threads: Threads;
      clock: Clock;
      log: (message: string, error?: unknown) => void;
    },
  ) {}

  onEvent(event: FerryEvent): void {
    if (this.deps.channels.length === 0) return;
    const work =
      event.kind === 'run.phase' || event.kind === 'run.outcome'
        ? this.onRun(event)
        : event.kind === 'evacuation.started' || event.kind === 'evacuation.finished'
          ? this.onEvacuation(event)
          : undefined;
    if (!work) return;
    const tracked = work.catch((error) => this.deps.log(`telling the owners of ${event.kind} failed`, error));
    this.notifying.add(tracked);
    void tracked.finally(() => this.notifying.delete(tracked));
  }

  /** Resolves once every notice begun has been handed to the poster. */
  async idle(): Promise<void> {
    while (this.notifying.size) await Promise.allSettled([...this.notifying]);
  }

  private async onRun(event: RunEvent): Promise<void> {
    const { run } = event;
    const request = this.deps.store.getMove(run.requestId);
    // a move of an evacuation is told with its evacuation, once per project
    if (!request || request.parentId || !request.plan.projectId) return;
    if (event.kind === 'run.phase' && event.phase !== 'accepted') return;
    const project = request.plan.projectId;
    const message =
      event.kind === 'run.outcome'
        ? runEnded(
            run,
            event.outcome.kind,
            outcomeText(event.outcome),
            event.outcome.durationMs,
            outcomeUnproven(event.outcome),
          )
        : runApproved(run, request.requestedBy, request.decidedBy ?? '?', await this.nameOf(project));
    await this.tell(project, message, request.id, request.requestedBy);
  }

  private async onEvacuation(event: EvacuationEvent): Promise<void> {
    if (event.kind !== 'evacuation.started' && event.kind !== 'evacuation.finished') return;
    const { request } = event;
    const byProject = new Map<string, EvacuationItemState[]>();
    for (const item of request.evacuation.items) {
      if (!item.projectId) continue;
      byProject.set(item.projectId, [...(byProject.get(item.projectId) ?? []), item]);
    }
    for (const [project, items] of byProject) {
      const name = await this.nameOf(project);
      const message =
        event.kind === 'evacuation.started'
          ? evacuationStarted(request, items, name)
          : evacuationEnded(request, items, this.deps.clock.now());
      await this.tell(project, message, request.id, request.requestedBy);
    }
  }

  private async tell(
    project: string,
    message: Rendered,
    subjectId: string,
    requester: string,
  ): Promise<void> {
    const channel = await this.channelOf(project);
    if (!channel || this.failed.has(channel)) return;
    await this.deps.poster.post(channel, message, {
      failed: (error) => {
        if (this.failed.has(channel)) return;
        this.failed.add(channel);
        void this.reportUnreachable(channel, error, subjectId, requester);
      },
    });
  }

  private async reportUnreachable(channel: string, error: string, subjectId: string, requester: string) {
    const subject = this.deps.store.getRequest(subjectId);
    if (!subject) return;
    await this.deps.threads.threadPost(subject, {
      text: t`A project channel could not be told`,
      blocks: [
        section(
          t`⚠️ <@${escapeMrkdwn(requester)}>, Ferry could not tell the owners in <#${escapeMrkdwn(channel)}> (Slack: ${escapeMrkdwn(error)}). Invite Ferry to that channel or correct FERRY_PROJECT_CHANNELS; until Ferry restarts it does not try that channel again.`,
        ),
      ],
    });
  }

  private async channelOf(projectId: string): Promise<string | undefined> {
    const byId = this.deps.channels.find((entry) => entry.project === projectId);
    if (byId) return byId.channel;
    const name = await this.nameOf(projectId);
    return this.deps.channels.find((entry) => entry.project === name)?.channel;
  }

  private async nameOf(projectId: string): Promise<string | undefined> {
    const now = this.deps.clock.now();
    if (!this.names || now - this.names.at > NAMES_TTL_MS) {
      const projects = await this.deps.projects().catch((error) => {
        this.deps.log('reading project names from Keystone failed; projects are matched by ID only', error);
        return [];
      });
      this.names = { at: now, byId: new Map(projects.map((p) => [p.id, p.name])) };
    }
    return this.names.byId.get(projectId);
  }
}
