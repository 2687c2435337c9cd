import type { ChatFlow } from './chat/flow.ts';
import { HOME_REFRESH_MS, type HomeTab } from './chat/home.ts';
import type { JournalTeller } from './chat/journal-teller.ts';
import type { SlackPoster } from './chat/poster.ts';
import { Resumption } from './chat/recovery.ts';
import type { Reporter } from './chat/reporter.ts';
import { StoreNotices } from './chat/store-notices.ts';
import type { Threads } from './chat/threads.ts';
import type { Clock } from './clock.ts';
import { DEFAULT_DIGEST_CRON, type MaintenanceService } from './core/maintenance/maintenance.ts';
import { LEASE_RENEW_MS, type Leases } from './core/ports/leases.ts';
import type { Scheduler } from './core/ports/scheduler.ts';
import type { Replica } from './core/replica/replica.ts';
import type { FerryStore } from './store/ferry-store.ts';

const EXPIRY_SWEEP_MS = 15_000;
const MAINTENANCE_TICK_MS = 60_000;

/** What the replica sweep and the scheduled jobs drive, as startFerry wired it. */
export interface ScheduleParts {
  store: FerryStore;
  clock: Clock;
  timeZone: string;
  scheduler: Scheduler;
  /** FERRY_DIGEST_CRON, in timeZone (default weekdays 09:00) */
  digestCron?: string;
  leases: Leases;
  replica: Replica;
  poster: SlackPoster;
  threads: Threads;
  reporter: Reporter;
  teller: JournalTeller;
  flow: ChatFlow;
  maintenance: MaintenanceService;
  home: HomeTab;
  log: (message: string, error?: unknown) => void;
}

/**
 * Starts the poster, resumes what is in flight and schedules the sweep and the jobs; answers one
 * sweep of the replica and what it tells the threads.
 */
export async function startSchedule(parts: ScheduleParts): Promise<() => Promise<void>> {
  const { scheduler, replica, poster, flow, maintenance, log } = parts;
  // Resume what is in flight: after a restart everything (one process), among replicas what nobody
  // alive watches; then keep renewing, taking over, and running the jobs only where the lease is.
  const leading = (job: () => Promise<void>, what: string) => () => {
    if (replica.leads()) job().catch((error) => log(`${what} failed`, error));
  };
  // The leader runs the scheduled jobs, and a new leader (at start, or after the last one stopped)
  // catches up on them at once: a reminder due during the handover is sent, late if need be.
  const catchUp = async () => {
    await flow.expireDue();
    await maintenance.tick();
  };
  const storeNotices = new StoreNotices({
    store: parts.store,
    threads: parts.threads,
    clock: parts.clock,
    timeZone: parts.timeZone,
    log,
  });
  await poster.start();
  // what the journal holds untold (the process stopped between a change and its messages) is begun
  // first; then threads hear that Ferry watches again, and a question whose post Slack refused is asked again
  await parts.teller.tellUntold().catch((error) => log('telling what the journal holds failed', error));
  const resumption = new Resumption({
    store: parts.store,
    poster,
    threads: parts.threads,
    clock: parts.clock,
    timeZone: parts.timeZone,
    report: (event) => parts.reporter.report(event),
  });
  const first = await replica.sweep();
  await resumption.resumed(first, parts.leases.shared);
  if (first.tookLead) await catchUp();
  const sweepAndTell = async () => {
    // messages another replica wrote and did not send (it stopped) are claimed once its claim runs
    // out; what Slack answered while the store could not write is written
    poster.kick();
    const sweep = await replica.sweep();
    if (sweep.storeFailed || sweep.storeBack)
      await storeNotices.announce(
        {
          ...(sweep.storeFailed ? { failed: sweep.storeFailed } : {}),
          ...(sweep.storeBack ? { back: sweep.storeBack } : {}),
        },
        replica.watching(),
      );
    // among replicas: what one that stopped left untold, once ORPHANED_MS old
    await parts.teller.tellUntold().catch((error) => log('telling what the journal holds failed', error));
    await resumption.resumed(sweep, true, sweep.afterOutage);
    if (sweep.tookLead) await catchUp();
  };
  scheduler.every(LEASE_RENEW_MS, () => {
    sweepAndTell().catch((error) => log('the replica sweep failed', error));
  });
  scheduler.every(HOME_REFRESH_MS, () => {
    parts.home.refresh().catch((error) => log('refreshing Home failed', error));
  });
  scheduler.every(
    EXPIRY_SWEEP_MS,
    leading(() => flow.expireDue(), 'expiring requests'),
  );
  // Reminders and window starts/ends are checked every minute against the store, so they survive restarts.
  // An interval, not a cron slot: the tick decides by wall time, and a wall clock stepped back must not
  // hold it until the clock reaches the minute it was expected at again.
  scheduler.every(
    MAINTENANCE_TICK_MS,
    leading(() => maintenance.tick(), 'maintenance tick'),
  );
  scheduler.cron(
    parts.digestCron ?? DEFAULT_DIGEST_CRON,
    parts.timeZone,
    leading(() => flow.postDigest(), 'digest'),
  );
  return sweepAndTell;
}
