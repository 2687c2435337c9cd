import { hostname } from 'node:os';
import { type App, LogLevel } from '@slack/bolt';
import { SlackApprovers } from './chat/approvers.ts';
import { explainForLog, explainInWords } from './chat/explain.ts';
import { ChatFlow } from './chat/flow.ts';
import type { HomeTab } from './chat/home.ts';
import { JournalTeller } from './chat/journal-teller.ts';
import { UserLanguages } from './chat/languages.ts';
import { parseReminders } from './chat/maintenance-input.ts';
import { closest } from './chat/names.ts';
import { OwnerNotices } from './chat/owners.ts';
import type { SlackPoster } from './chat/poster.ts';
import { wiredPoster } from './chat/poster-wiring.ts';
import { Reporter } from './chat/reporter.ts';
import { createSlackApp } from './chat/slack-app.ts';
import { type Health, startStatusServer } from './chat/status-server.ts';
import { Threads } from './chat/threads.ts';
import { releaseEndedMove } from './core/claims.ts';
import { Drainer } from './core/drain/drainer.ts';
import { Drains } from './core/drain/drains.ts';
import { Evacuations } from './core/evacuation/evacuations.ts';
import { Evacuator } from './core/evacuation/evacuator.ts';
import { EventStream } from './core/events.ts';
import { DEFAULT_REMINDERS, MaintenanceService } from './core/maintenance/maintenance.ts';
import { Moves } from './core/move/moves.ts';
import { MigrationRunner } from './core/move/runner.ts';
import { Permissions } from './core/permissions.ts';
import { SoleLeases } from './core/ports/leases.ts';
import { Queries } from './core/queries.ts';
import { Replica } from './core/replica/replica.ts';
import { RequestBook } from './core/requests.ts';
import type { FerryOptions } from './ferry-options.ts';
import { replicaHealth } from './health.ts';
import { setChannelLanguage } from './i18n/index.ts';
import { FerryMetrics } from './metrics.ts';
import { startSchedule } from './schedule.ts';
import { listenOnSlack } from './slack-edge.ts';

/**
 * The one factory that wires Ferry: the core services over their ports, the Slack edge around them,
 * the listeners (slack-edge.ts), /healthz (health.ts), the sweep and schedule (schedule.ts).
 * src/index.ts calls it with what it read from the environment; tests and benches call it with their
 * own sandbox, clock and fake Slack.
 */

export interface RunningFerry {
  app: App;
  flow: ChatFlow;
  /** the thread reporter: idle() resolves once every report begun has been handed to Slack */
  reporter: Reporter;
  runner: MigrationRunner;
  evacuator: Evacuator;
  drainer: Drainer;
  maintenance: MaintenanceService;
  poster: SlackPoster;
  /** what runs, evacuations, drains and windows publish (tests hook faults onto it) */
  events: EventStream;
  replica: Replica;
  /** App Home: published when opened, refreshed when what it shows changes */
  home: HomeTab;
  /** one sweep of the replica, and what it tells the threads (run every LEASE_RENEW_MS) */
  sweep(): Promise<void>;
  /** what /healthz answers: the store, this replica and the leases */
  health: Health;
  /** the HTTP server in HTTP mode */
  port?: number;
  /** the port of /healthz and /metrics, when served */
  statusPort?: number;
  stop(): Promise<void>;
}

/** Builds Bolt, the core services and the listeners; starts receiving and resumes runs in flight. */
export async function startFerry(options: FerryOptions): Promise<RunningFerry> {
  const { slack, scheduler } = options;
  const language = options.language ?? 'en';
  setChannelLanguage(language);
  // what /healthz answers until the replica it reports on is built
  let health: Health = async () => ({ ok: false, body: { status: 'starting' } });
  const metrics = options.metrics ?? new FerryMetrics({ store: options.store, clock: options.clock });
  const app = await createSlackApp({
    slack,
    fetch: metrics.slackFetch(),
    ...(options.replays ? { replays: options.replays } : {}),
    clock: options.clock,
    logLevel: options.logLevel ?? LogLevel.INFO,
    ...(options.logger ? { logger: options.logger } : {}),
  });

  metrics.watchSlack(app.client);
  const log = (message: string, error?: unknown) =>
    app.logger.error(message, error === undefined ? '' : explainForLog(error));
  const poster = wiredPoster({
    slack,
    metrics,
    logger: app.logger,
    store: options.store,
    clock: options.clock,
    gapMs: options.postGapMs ?? 1_000,
    log,
  });
  const languages = new UserLanguages({
    localeOf: async (user) => (await app.client.users.info({ user, include_locale: true })).user?.locale,
    channelLanguage: language,
    clock: options.clock,
  });
  const approvers = new SlackApprovers(app.client, options.clock, options.oncallUsers, options.oncallGroup);
  const book = new RequestBook({
    store: options.store,
    clock: options.clock,
    approvers,
    ttlMs: options.approvalTtlMs,
  });
  const events = new EventStream((event, error) => log(`a listener failed on ${event.kind}`, error));
  const runner = new MigrationRunner(
    {
      cloud: options.cloud,
      clock: options.clock,
      store: options.store,
      events,
    },
    { ...options.runner, autoConfirm: options.autoConfirm },
  );
  // what every plan is made from: the cloud, the time, who may ask, and the host check when there is one
  const planner = {
    cloud: options.cloud,
    clock: options.clock,
    access: options.access,
    ...(options.hostChecker ? { hostConfig: options.hostChecker } : {}),
  };
  // a paused or held drain holds its evacuations: the drainer is built with the evacuator it drives
  let drainer: Drainer | undefined;
  const evacuator = new Evacuator({
    ...planner,
    store: options.store,
    runner,
    scheduler,
    events,
    holds: (evacuation) => drainer?.holds(evacuation) ?? false,
    log,
    explain: explainInWords,
  });
  drainer = new Drainer({
    ...planner,
    store: options.store,
    evacuator,
    book,
    scheduler,
    events,
    log,
    explain: explainInWords,
  });
  const drainEngine = drainer;
  const permissions = new Permissions({
    access: options.access,
    approvers,
    ...(options.readers ? { readers: options.readers } : {}),
  });
  const drains = new Drains({
    planner,
    permissions,
    book,
    drainer: drainEngine,
    evacuator,
    store: options.store,
    clock: options.clock,
    approvers,
    events,
  });
  const maintenanceService = new MaintenanceService({
    cloud: options.cloud,
    clock: options.clock,
    store: options.store,
    evacuator,
    drains,
    access: options.access,
    permissions,
    reminders: options.reminders ?? parseReminders(DEFAULT_REMINDERS),
    timeZone: options.timeZone,
    events,
    explain: explainInWords,
  });
  const settings = {
    timeZone: options.timeZone,
    progressIntervalMs: options.progressIntervalMs,
    autoConfirm: options.autoConfirm,
    ...(options.channel ? { channel: options.channel } : {}),
  };
  const threads = new Threads({
    store: options.store,
    places: options.store,
    poster,
    approvers,
    book,
    timeZone: options.timeZone,
    clock: options.clock,
  });
  const reporter = new Reporter({
    clock: options.clock,
    store: options.store,
    places: options.store,
    poster,
    approvers,
    book,
    threads,
    settings,
    log,
  });
  const leases = options.leases ?? new SoleLeases(`${hostname()}:${process.pid}`);
  const replica = new Replica({
    leases,
    store: options.store,
    runner,
    evacuator,
    drainer: drainEngine,
    clock: options.clock,
    // the flow below: a sweep only runs once Ferry has started
    approvedMoves: {
      startingHere: (requestId) => flow.startingHere(requestId),
      takeUp: (requestId) => flow.takeUpApproved(requestId),
    },
  });
  health = replicaHealth(options.store, replica, options.storeHealth);
  events.subscribe((event) => evacuator.onEvent(event));
  events.subscribe((event) => {
    releaseEndedMove(options.store, event).catch((error) => log("releasing a move's claims failed", error));
  });
  events.subscribe((event) => drainEngine.onEvent(event));
  events.subscribe((event) => metrics.onEvent(event));
  const owners = new OwnerNotices({
    channels: options.projectChannels ?? [],
    projects: () => options.cloud.listProjects(),
    store: options.store,
    poster,
    threads,
    clock: options.clock,
    log,
  });
  events.subscribe((event) => owners.onEvent(event));
  // journaled events are told with their entry as the cause, and marked told (journal-teller.ts)
  const teller = new JournalTeller({ store: options.store, reporter, clock: options.clock, log });
  events.subscribe((event, journalId) => teller.onEvent(event, journalId));
  const flow = new ChatFlow({
    threads,
    clock: options.clock,
    book,
    moves: new Moves({
      planner,
      book,
      runner,
      store: options.store,
      clock: options.clock,
      permissions,
      suggest: (typed, names) => closest(typed, names),
    }),
    drains,
    evacuations: new Evacuations({
      planner,
      book,
      evacuator,
      store: options.store,
      clock: options.clock,
      permissions,
    }),
    permissions,
    maintenance: maintenanceService,
    ...(options.hostChecker ? { hostChecker: options.hostChecker } : {}),
    store: options.store,
    approvers,
    poster,
    settings,
    log,
    metrics,
  });
  // what read-only commands read: the store's records and the runner's outage, never the raw store
  const queries = new Queries({ store: options.store, novaOutageOf: (id) => runner.novaOutageOf(id) });
  const home = listenOnSlack({
    app,
    commands: options.commands,
    flow,
    store: options.store,
    clock: options.clock,
    timeZone: options.timeZone,
    language,
    languages,
    book,
    approvers,
    permissions,
    maintenance: maintenanceService,
    metrics,
    queries,
    log,
  });

  // before Slack's requests are taken: an address in use stops start-up with nothing received
  const status = options.status
    ? await startStatusServer(options.status, { health: () => health(), metrics: () => metrics.text() })
    : undefined;
  let port: number | undefined;
  if (slack.mode === 'http') {
    const server = (await app.start(slack.port)) as unknown as {
      address(): { port: number } | string | null;
    };
    const address = server.address();
    port = typeof address === 'object' && address ? address.port : slack.port;
  } else {
    await app.start();
  }
  const sweepAndTell = await startSchedule({
    store: options.store,
    clock: options.clock,
    timeZone: options.timeZone,
    scheduler,
    ...(options.digestCron ? { digestCron: options.digestCron } : {}),
    leases,
    replica,
    poster,
    threads,
    reporter,
    teller,
    flow,
    maintenance: maintenanceService,
    home,
    log,
  });

  return {
    app,
    flow,
    reporter,
    runner,
    evacuator,
    drainer: drainEngine,
    maintenance: maintenanceService,
    poster,
    events,
    replica,
    home,
    health: () => health(),
    sweep: sweepAndTell,
    ...(port !== undefined ? { port } : {}),
    ...(status ? { statusPort: status.port } : {}),
    stop: async () => {
      await scheduler.stop();
      drainEngine.shutdown();
      evacuator.shutdown();
      runner.stop();
      await drainEngine.idle();
      await evacuator.idle();
      await runner.idle();
      await reporter.idle();
      await owners.idle();
      await poster.drain();
      // nothing is sent after a stop (a late listener's post, a retry's timer): it waits in the outbox
      poster.halt();
      // the others take over at their next sweep instead of waiting for the leases to expire
      await replica.releaseAll();
      await options.store.flush();
      await status?.close();
      await app.stop();
    },
  };
}
