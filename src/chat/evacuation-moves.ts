import type { RunEvent } from '../core/events.ts';
import type { EvacuationRecord } from '../core/model/records.ts';
import type { Places } from '../core/ports/places.ts';
import type { StorePort } from '../core/ports/store.ts';
import type { ApproverPolicy } from '../core/requests.ts';
import type { SlackPoster } from './poster.ts';
import { type ProgressPosted, progressNews } from './progress-pace.ts';
import {
  controlsMessage,
  decidedControls,
  endedControls,
  evacuationStallMessage,
  type MoveOf,
  progressPost,
} from './run-view.ts';
import { stallStepMessage } from './stall-view.ts';
import type { ReportSettings, Threads } from './threads.ts';

/**
 * A move an evacuation started has no message of its own: its outcome is the evacuation's to tell (a
 * line per server), while its progress and a stall are said in the evacuation's thread, paced like a
 * single move's, so a long move is never silent there. A cold move that waits for a person asks there
 * with Confirm and Revert, as a single move does in its own thread; its end takes the buttons away.
 */
export class EvacuationMoves {
  private readonly lastProgressPost = new Map<string, ProgressPosted>();

  constructor(
    private readonly deps: {
      store: StorePort;
      threads: Threads;
      settings: ReportSettings;
      places: Places;
      poster: SlackPoster;
      approvers: ApproverPolicy;
    },
  ) {}

  /** `told`: the event's journal entry, the cause of the post it makes */
  async report(event: RunEvent, evacuationId: string, told: string | undefined): Promise<void> {
    const { run } = event;
    const cause = told ? { cause: told } : {};
    const evacuation = this.deps.store.getEvacuation(evacuationId);
    if (!evacuation) return;
    if (event.kind === 'run.outcome') {
      this.lastProgressPost.delete(run.id);
      const channel = this.deps.threads.whereOf(evacuation.id)?.channel;
      // a Confirm/Revert question, or a stall's Abort/Force complete, loses its buttons
      for (const field of ['confirmTs', 'controlsTs'] as const) {
        const asked = this.deps.poster.messageOf(this.deps.places.placeOf(run.id)?.[field], run.id, field);
        if (channel && asked)
          await this.deps.poster.update(channel, asked, endedControls(this.deps.store.getRun(run.id) ?? run));
      }
      return;
    }
    if (event.kind === 'run.phase') {
      if (event.phase === 'awaiting-confirmation' && !this.deps.settings.autoConfirm)
        await this.deps.threads.threadPost(evacuation, controlsMessage(run, this.deps.approvers.describe()), {
          remember: { subject: run.id, field: 'confirmTs' },
          ...cause,
        });
      // a confirm or revert sent: the question's buttons go, unless the move ended and said so there
      const ended = this.deps.store.getRun(run.id)?.state === 'done';
      const channel = this.deps.threads.whereOf(evacuation.id)?.channel;
      const asked = this.deps.poster.messageOf(
        this.deps.places.placeOf(run.id)?.confirmTs,
        run.id,
        'confirmTs',
      );
      if (channel && asked && !ended && (event.phase === 'confirming' || event.phase === 'reverting'))
        await this.deps.poster.update(channel, asked, decidedControls(run, event.phase));
      return;
    }
    // a move Nova ended is counted as proving, apart from those running
    if (event.kind === 'run.landed') return this.deps.threads.refreshParent(evacuation);
    if (event.kind === 'run.progress') {
      if (event.progress.phase === 'awaiting-confirmation') return;
      const news = progressNews(
        this.lastProgressPost.get(run.id),
        event.progress,
        this.deps.settings.progressIntervalMs,
      );
      if (!news) return;
      this.lastProgressPost.set(run.id, news);
      const { message, group } = progressPost(run, event.progress);
      await this.deps.threads.threadPost(evacuation, message, { ...cause, group });
      // at the same pace, the evacuation's own line: its counts and ETA recomputed from this progress
      await this.deps.threads.refreshParent(evacuation);
      return;
    }
    if (event.kind === 'run.not-converging')
      await this.deps.threads.threadPost(
        evacuation,
        evacuationStallMessage(
          run,
          event.stalledForMs,
          this.deps.approvers.describe(),
          event.stall,
          this.deps.settings.timeZone,
          moveOf(evacuation),
        ),
        // its buttons are taken away when the move ends
        { remember: { subject: run.id, field: 'controlsTs' }, ...cause },
      );
    if (event.kind === 'run.stall-policy') {
      await this.deps.threads.threadPost(
        evacuation,
        stallStepMessage(run, event.step, event.stall, event.by, event.refusal),
        cause,
      );
      // its warning, read again from the store: the policy's choices go once it decided
      const channel = this.deps.threads.whereOf(evacuation.id)?.channel;
      const warned = this.deps.poster.messageOf(
        this.deps.places.placeOf(run.id)?.controlsTs,
        run.id,
        'controlsTs',
      );
      const stored = this.deps.store.getRun(run.id) ?? run;
      if (channel && warned && stored.state !== 'done')
        await this.deps.poster.update(
          channel,
          warned,
          evacuationStallMessage(
            stored,
            null,
            this.deps.approvers.describe(),
            stored.stall,
            this.deps.settings.timeZone,
            moveOf(evacuation),
          ),
        );
    }
  }
}

/** The evacuation a move belongs to, as its Abort button says it. */
export function moveOf(evacuation: EvacuationRecord): MoveOf {
  const { host, drainId, returnOf } = evacuation.evacuation;
  // a drain stops a step's evacuation for a move that does not complete, never its move back
  if (returnOf) return { id: evacuation.id, host, moveBack: true };
  return { id: evacuation.id, host, ...(drainId ? { drainId } : {}) };
}
