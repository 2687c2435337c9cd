import type { Clock } from '../../clock.ts';
import { isCloudError } from '../cloud-errors.ts';
import type { Next } from '../driven-loops.ts';
import type { EventSink } from '../events.ts';
import { tellAlone } from '../journal.ts';
import type { JournalPort } from '../ports/journal.ts';
import type { RequestsPort } from '../ports/requests.ts';

/**
 * An evacuation whose looks fail because the cloud does not answer (Nova down, answering 5xx to
 * everything, or not in time): said once in its thread when the trouble begins, however many looks
 * fail while it lasts, and once when a look goes through again. While a move of it runs, its moves'
 * notice ("Nova is not available since …", evacuation-outages.ts) says it in the same thread: the
 * evacuation does not say it twice.
 * Other failures (the store) are the loop's to log, as before; the store's own notices say those.
 */
export class EvacuationTroubles {
  /** evacuations whose looks fail on the cloud: since when (wall time), and whether the thread was told */
  private readonly troubled = new Map<string, { since: number; said: boolean }>();

  constructor(
    private readonly deps: {
      clock: Clock;
      store: RequestsPort & JournalPort;
      events: EventSink;
      /** the error in Ferry's words (never the cloud's own text) */
      explain?: (error: unknown) => string;
    },
  ) {}

  /** One look through `look`: a failure is said (once) and thrown on to the loop, which looks again. */
  async watch(id: string, look: () => Promise<Next>): Promise<Next> {
    let next: Next;
    try {
      next = await look();
    } catch (error) {
      if (isCloudError(error)) await this.failed(id, error);
      throw error;
    }
    await this.wentThrough(id);
    return next;
  }

  private async failed(id: string, error: Error): Promise<void> {
    const trouble = this.troubled.get(id) ?? { since: this.deps.clock.now(), said: false };
    this.troubled.set(id, trouble);
    const request = this.deps.store.getEvacuation(id);
    if (trouble.said || !request || request.evacuation.items.some((item) => item.state === 'running')) return;
    trouble.said = true;
    await tellAlone(this.deps.store, this.deps.events, this.deps.clock.now(), [
      { kind: 'evacuation.trouble', request, message: this.deps.explain?.(error) ?? error.message },
    ]);
  }

  private async wentThrough(id: string): Promise<void> {
    const trouble = this.troubled.get(id);
    if (!trouble) return;
    this.troubled.delete(id);
    const request = this.deps.store.getEvacuation(id);
    // the look that went through may have ended it: its report is the last word, not "goes on"
    if (!trouble.said || !request || request.evacuation.phase === 'done') return;
    await tellAlone(this.deps.store, this.deps.events, this.deps.clock.now(), [
      { kind: 'evacuation.trouble-over', request, since: trouble.since },
    ]);
  }
}
