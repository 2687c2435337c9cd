import cron from 'node-cron';
import type { Scheduler } from './core/ports/scheduler.ts';

/**
 * The scheduler on real time: node-cron for calendar jobs, timers for the rest. `recurring: false`
 * (tests) keeps one-off waits but starts no recurring job: the test calls the work itself.
 */
export function systemScheduler(options: { recurring?: boolean } = {}): Scheduler {
  const recurring = options.recurring ?? true;
  const intervals: NodeJS.Timeout[] = [];
  const jobs: { stop(): void | Promise<void> }[] = [];
  return {
    every: (ms, task) => {
      if (!recurring) return;
      const interval = setInterval(task, ms);
      interval.unref();
      intervals.push(interval);
    },
    cron: (expression, timeZone, task) => {
      if (!recurring) return;
      jobs.push(cron.schedule(expression, task, { timezone: timeZone }));
    },
    after: (ms, task) => {
      const timer = setTimeout(task, ms);
      timer.unref();
      return () => clearTimeout(timer);
    },
    stop: async () => {
      for (const interval of intervals) clearInterval(interval);
      for (const job of jobs) await job.stop();
    },
  };
}
