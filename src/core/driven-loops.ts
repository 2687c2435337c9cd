import { RunActionError } from './move/run-errors.ts';
import type { Scheduler } from './ports/scheduler.ts';
import { FencedError, StaleRecordError } from './ports/store.ts';

/** After one look at a subject: wait for news, look again at once, or stop (it is over). */
export type Next = 'wait' | 'again' | 'over';

/** A loop looks at least this often whatever wakes it (the drain's 5-s look, its nova-compute read). */
export const SAFETY_NET_MS = 5_000;

/**
 * The loops of what this process drives (evacuations, drains), one per subject: each takes a look,
 * then waits until something wakes it (an event, a button) or the safety interval passes. A loop ends
 * when its subject is over, when it is released to another replica, or at shutdown; the subject stays
 * in the store and is driven again wherever it is resumed.
 */
export class DrivenLoops {
  private readonly loops = new Map<string, Promise<void>>();
  private readonly wakers = new Map<string, () => void>();
  /** subjects handed over to another replica: their loops end at the next wake-up */
  private readonly released = new Set<string>();
  /** subjects woken whose look has not begun, and those being looked at now */
  private readonly due = new Set<string>();
  private readonly looking = new Set<string>();
  private halted = false;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly look: (id: string) => Promise<Next>,
    /** a safety net: what the loop waits for wakes it directly */
    private readonly safetyMs = SAFETY_NET_MS,
    /**
     * A look that failed (the store cannot write, the cloud did not answer): told here, and the loop
     * looks again after the safety interval, from the store, instead of ending without a word.
     */
    private readonly failed: (id: string, error: unknown) => void = () => undefined,
    /** while true (the store cannot write) no loop looks: nothing new starts without its record */
    private readonly paused: () => boolean = () => false,
  ) {}

  /** Starts driving `id` unless it is driven already. */
  launch(id: string): void {
    if (this.loops.has(id)) return;
    this.released.delete(id);
    const loop = this.loop(id).finally(() => {
      this.loops.delete(id);
      this.due.delete(id);
    });
    this.loops.set(id, loop);
  }

  has(id: string): boolean {
    return this.loops.has(id);
  }

  ids(): string[] {
    return [...this.loops.keys()];
  }

  wake(id: string): void {
    if (this.loops.has(id)) this.due.add(id);
    this.wakers.get(id)?.();
  }

  /** No look runs and none was asked for: what the looks say has been said (the console's /wait). */
  quiet(): boolean {
    return this.due.size === 0 && this.looking.size === 0;
  }

  /** Stops driving `id` without ending it: another replica holds it now. */
  release(id: string): void {
    this.released.add(id);
    this.wake(id);
  }

  /** Whether the loop of `id` must end now (released, or shutting down). */
  stopped(id: string): boolean {
    return this.halted || this.released.has(id);
  }

  get shuttingDown(): boolean {
    return this.halted;
  }

  shutdown(): void {
    this.halted = true;
    for (const wake of this.wakers.values()) wake();
  }

  busy(): boolean {
    return this.loops.size > 0;
  }

  async idle(): Promise<void> {
    while (this.loops.size > 0) await Promise.all(this.loops.values());
  }

  private async loop(id: string): Promise<void> {
    while (!this.stopped(id)) {
      let cancel = () => {};
      const wakeUp = new Promise<void>((resolve) => {
        this.wakers.set(id, resolve);
        cancel = this.scheduler.after(this.safetyMs, resolve);
      });
      void wakeUp.then(() => cancel());
      let next: Next = 'wait';
      this.due.delete(id);
      if (!this.paused())
        try {
          this.looking.add(id);
          next = await this.look(id);
        } catch (error) {
          // another replica holds it now: it drives it, this one stops
          if (error instanceof FencedError) this.released.add(id);
          // changed under this look (by another replica): the next look reads it as stored; a stop under
          // way cut it short (the runner starts no move once stopped): no failure, the subject waits in
          // the store for the next Ferry
          else if (!(error instanceof StaleRecordError) && !(this.halted && stoppedBy(error)))
            this.failed(id, error);
        } finally {
          this.looking.delete(id);
        }
      if (next === 'over' || this.stopped(id)) return;
      if (next === 'wait') await wakeUp;
      else cancel();
    }
  }
}

/** The runner refused a start because Ferry is stopping: what a stop does, not a failure. */
function stoppedBy(error: unknown): boolean {
  return error instanceof RunActionError && error.fact?.code === 'ferry-stopping';
}
