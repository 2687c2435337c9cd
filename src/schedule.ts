import { HOME_REFRESH_MS } from './chat/home.ts';
import { Resumption } from './chat/recovery.ts';
import { StoreNotices } from './chat/store-notices.ts';
import type { Clock } from './clock.ts';
import { DEFAULT_DIGEST_CRON, type MaintenanceService } from './core/maintenance/maintenance.ts';
import { LEASE_RENEW_MS, type Leases } from './core/ports/leases.ts';
import type { Scheduler } from './core/ports/scheduler.ts';
import type { Replica, Sweep } from './core/replica/replica.ts';
import type { SlackEdge } from './slack-edge.ts';
import type { FerryStore } from './store/ferry-store.ts';

const EXPIRY_SWEEP_MS = 15_000;
const MAINTENANCE_TICK_MS = 60_000;

/** What the replica sweep and the scheduled jobs drive, as start() (ferry.ts) hands them. */
export interface ScheduleParts {
  store: FerryStore;
  clock: Clock;
  timeZone: string;
  scheduler: Scheduler;
  /** FERRY_DIGEST_CRON, in timeZone (default weekdays 09:00) */
  digestCron?: string;
  leases: Leases;
  replica: Replica;
  maintenance: MaintenanceService;
  /** the chat edge: its poster, threads, reporter and teller, and what it says of expiries and digests */
  edge: SlackEdge;
  log: (message: string, error?: unknown) => void;
}

/**
 * Starts the poster, resumes what is in flight and schedules the sweep and the jobs; answers one
 * sweep of the replica and what it tells the threads.
 */
export async function startSchedule(parts: ScheduleParts): Promise<() => Promise<void>> {
  const { scheduler, replica, maintenance, edge, log } = parts;
  const { poster } = edge;
  // Resume what is in flight: after a restart everything (one process), among replicas what nobody
  // alive watches; then keep renewing, taking over, and running the jobs only where the lease is.
  const leading = (job: () => Promise<void>, what: string) => () => {
    if (replica.leads()) job().catch((error) => log(`${what} failed`, error));
  };
  // The leader runs the scheduled jobs, and a new leader (at start, or after the last one stopped)
  // catches up on them at once: a reminder due during the handover is sent, late if need be.
  const catchUp = async () => {
    await edge.expireDue();
    await maintenance.tick();
  };
  // approved requests whose start nobody began, whose lease the sweep took: re-checked and started here
  const takeUp = (sweep: Sweep) => {
    for (const requestId of sweep.toTakeUp) edge.takeUp(requestId);
  };
  const storeNotices = new StoreNotices({
    store: parts.store,
    threads: edge.threads,
    clock: parts.clock,
    timeZone: parts.timeZone,
    log,
  });
  await poster.start();
  // what the journal holds untold (the process stopped between a change and its messages) is begun
  // first; then threads hear that Ferry watches again, and a question whose post Slack refused is asked again
  await edge.teller.tellUntold().catch((error) => log('telling what the journal holds failed', error));
  const resumption = new Resumption({
    store: parts.store,
    poster,
    threads: edge.threads,
    clock: parts.clock,
    timeZone: parts.timeZone,
    report: (event) => edge.reporter.report(event),
  });
  const first = await replica.sweep();
  takeUp(first);
  await resumption.resumed(first, parts.leases.shared);
  if (first.tookLead) await catchUp();
  const sweepAndTell = async () => {
    // messages another replica wrote and did not send (it stopped) are claimed once its claim runs
    // out; what Slack answered while the store could not write is written
    poster.kick();
    const sweep = await replica.sweep();
    takeUp(sweep);
    if (sweep.storeFailed || sweep.storeBack)
      await storeNotices.announce(
        {
          ...(sweep.storeFailed ? { failed: sweep.storeFailed } : {}),
          ...(sweep.storeBack ? { back: sweep.storeBack } : {}),
        },
        replica.watching(),
      );
    // among replicas: what one that stopped left untold, once ORPHANED_MS old
    await edge.teller.tellUntold().catch((error) => log('telling what the journal holds failed', error));
    await resumption.resumed(sweep, true, sweep.afterOutage);
    if (sweep.tookLead) await catchUp();
  };
  scheduler.every(LEASE_RENEW_MS, () => {
    sweepAndTell().catch((error) => log('the replica sweep failed', error));
  });
  scheduler.every(HOME_REFRESH_MS, () => {
    edge.home.refresh().catch((error) => log('refreshing Home failed', error));
  });
  scheduler.every(
    EXPIRY_SWEEP_MS,
    leading(() => edge.expireDue(), 'expiring requests'),
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
    leading(() => edge.postDigest(), 'digest'),
  );
  return sweepAndTell;
}
