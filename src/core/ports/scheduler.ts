/**
 * Waiting for later: the core says what should happen when; an adapter does the waiting (node-cron
 * and timers in production; tests drive the same work by hand with a fake clock).
 */
export interface Scheduler {
  /** every `ms` milliseconds */
  every(ms: number, task: () => void): void;
  /** on a five-field cron expression in `timeZone` */
  cron(expression: string, timeZone: string, task: () => void): void;
  /** once, after `ms` (a safety net, not a clock: it never holds the process open); answers a cancel */
  after(ms: number, task: () => void): () => void;
  /** no job fires after this */
  stop(): Promise<void>;
}
