import { tellAlone } from '../journal.ts';
import type { EvacuationNotice } from '../model/evacuation.ts';
import type { EvacuationRecord, NovaOutage, RunRecord } from '../model/records.ts';
import type { RunnerDeps } from '../move/runner-deps.ts';

/**
 * A Nova outage in an evacuation's thread. Every move of the evacuation sees the same outage, and each
 * said it there on a line of its own (operator trial: a line per server, then as many "answers
 * again"). The first of its moves to see Nova go says it once for the evacuation, with how many of
 * its moves are being watched; the first to see Nova back says that once; the others say nothing. A
 * move's own thread (one not in an evacuation) keeps its own lines (run-notices.ts). Its moves are
 * all watched by one replica (the evacuation's lease), so this process's count is the whole story.
 */
export class EvacuationOutages {
  /** evacuation → the outage said in its thread (null once its end was said), and its moves in that outage */
  private readonly said = new Map<string, { outage: NovaOutage | null; moves: Set<string> }>();

  constructor(private readonly deps: Pick<RunnerDeps, 'store' | 'events' | 'clock'>) {}

  /** Nova went for `run`: false when the run is not an evacuation's (its own thread hears it). */
  async out(run: RunRecord, outage: NovaOutage): Promise<boolean> {
    const evacuation = this.evacuationOf(run);
    if (!evacuation) return false;
    let said = this.said.get(evacuation.id);
    if (!said) {
      said = { outage: null, moves: new Set() };
      this.said.set(evacuation.id, said);
    }
    said.moves.add(run.id);
    if (said.outage) return true;
    said.outage = outage;
    const moves = this.watched(evacuation.id);
    const { status } = outage;
    await this.tell(evacuation, {
      code: 'nova-out',
      since: outage.since,
      ...(status === undefined ? {} : { status }),
      moves,
    });
    return true;
  }

  /**
   * The outage said in an evacuation's thread, while it lasts: what App Home and /migrations show
   * beside its state (null once its end was said, or when none of its moves is watched here).
   */
  outageOf(evacuationId: string): NovaOutage | null {
    return this.said.get(evacuationId)?.outage ?? null;
  }

  /** Nova answers `run` again: false when the run is not an evacuation's. */
  async back(run: RunRecord, began: number): Promise<boolean> {
    const evacuation = this.evacuationOf(run);
    if (!evacuation) return false;
    const said = this.said.get(evacuation.id);
    if (!said) return true;
    said.moves.delete(run.id);
    const outage = said.outage;
    said.outage = null;
    if (said.moves.size === 0) this.said.delete(evacuation.id);
    if (!outage) return true;
    const since = Math.min(outage.since, began);
    const moves = this.watched(evacuation.id);
    await this.tell(evacuation, { code: 'nova-back', since, forMs: this.deps.clock.now() - since, moves });
    return true;
  }

  /**
   * A run no longer watched: once none of an evacuation's moves is in the outage, it is over for the
   * evacuation (a move starts only once Nova answers), so the next one is said again.
   */
  forget(runId: string): void {
    for (const [evacuationId, said] of this.said) {
      said.moves.delete(runId);
      if (said.moves.size === 0) this.said.delete(evacuationId);
    }
  }

  private evacuationOf(run: RunRecord): EvacuationRecord | undefined {
    const parentId = this.deps.store.getMove(run.requestId)?.parentId;
    return parentId ? this.deps.store.getEvacuation(parentId) : undefined;
  }

  /** the evacuation's moves under way (each watched until it ends) */
  private watched(evacuationId: string): number {
    const { store } = this.deps;
    return store.activeRuns().filter((run) => store.getMove(run.requestId)?.parentId === evacuationId).length;
  }

  private tell(request: EvacuationRecord, note: EvacuationNotice): Promise<void> {
    const { store, events, clock } = this.deps;
    return tellAlone(store, events, clock.now(), [{ kind: 'evacuation.notice', request, note }]);
  }
}
