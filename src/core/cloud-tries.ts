import { AsyncLocalStorage } from 'node:async_hooks';
import type { OpenStackService } from './cloud-errors.ts';

/** One try of a cloud read that got no answer in time, while the adapter tries again. */
export interface UnansweredTry {
  service: OpenStackService;
  /** when the try was sent (the clock's wall time) */
  sentAt: number;
  /** how long it waited for an answer (real ms) */
  waitedMs: number;
}

const hearers = new AsyncLocalStorage<(tried: UnansweredTry) => void>();

/**
 * Runs `work` with `hear` told of each try of its cloud reads that got no answer in time while more
 * tries follow: a read that gets no answer is tried again for minutes before it fails, and whoever
 * waits on it may say so as soon as the first try went unanswered. Work spawned inside (a run's
 * watch) is told too: `hear` decides until when it listens.
 */
export function hearingUnansweredTries<T>(
  hear: (tried: UnansweredTry) => void,
  work: () => Promise<T>,
): Promise<T> {
  return hearers.run(hear, work);
}

/** The adapter's side: a try got no answer in time and another follows. */
export function tellUnansweredTry(tried: UnansweredTry): void {
  try {
    hearers.getStore()?.(tried);
  } catch {
    // whoever listens says its own failures; the read it was told of goes on regardless
  }
}
