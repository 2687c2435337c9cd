import { hostname } from 'node:os';
import { type App, LogLevel } from '@slack/bolt';
import { SlackApprovers } from './chat/approvers.ts';
import { explainForLog, explainInWords } from './chat/explain.ts';
import { createSlackApp, type SlackConnection } from './chat/slack-app.ts';
import { type Health, type StatusAddress, startStatusServer } from './chat/status-server.ts';
import { type Core, createCore } from './core/create-core.ts';
import { SoleLeases } from './core/ports/leases.ts';
import type { FerryOptions } from './ferry-options.ts';
import { replicaHealth } from './health.ts';
import { setChannelLanguage } from './i18n/index.ts';
import { closest } from './messages/closest.ts';
import { FerryMetrics } from './metrics.ts';
import { MonitoringMetrics } from './monitoring/metrics.ts';
import { startSchedule } from './schedule.ts';
import { createSlackEdge, type SlackEdge } from './slack-edge.ts';
import type { FerryStore, StoreHealth } from './store/ferry-store.ts';

/**
 * Ferry is wired in three steps: createCore (core/create-core.ts: the core over its ports, no Slack),
 * createSlackEdge (slack-edge.ts: the chat edge around it) and start() below (only starts and
 * schedules). startFerry composes the three for src/index.ts, tests, benches and the console.
 */

export interface RunningFerry {
  app: App;
  core: Core;
  edge: SlackEdge;
  /** the thread reporter: idle() resolves once every report begun has been handed to Slack */
  reporter: SlackEdge['reporter'];
  runner: Core['runner'];
  evacuator: Core['evacuator'];
  drainer: Core['drainer'];
  maintenance: Core['maintenance'];
  poster: SlackEdge['poster'];
  /** what runs, evacuations, drains and windows publish (tests hook faults onto it) */
  events: Core['events'];
  replica: Core['replica'];
  /** App Home: published when opened, refreshed when what it shows changes */
  home: SlackEdge['home'];
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

/** Builds Bolt, the core and the Slack edge around it; starts receiving and resumes what is in flight. */
export async function startFerry(options: FerryOptions): Promise<RunningFerry> {
  const { slack } = options;
  const language = options.language ?? 'en';
  setChannelLanguage(language);
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
  const monitoring = new MonitoringMetrics(metrics.registry);
  const approvers = new SlackApprovers(app.client, options.clock, options.oncallUsers, options.oncallGroup);
  const core = createCore(
    {
      cloud: options.cloud,
      store: options.store,
      clock: options.clock,
      scheduler: options.scheduler,
      leases: options.leases ?? new SoleLeases(`${hostname()}:${process.pid}`),
      approvers,
      ...(options.hostChecker ? { hostChecker: options.hostChecker, blackout: options.hostChecker } : {}),
      ...(options.guestAgent ? { guestAgent: options.guestAgent } : {}),
      ...(options.probe ? { probe: options.probe } : {}),
      ...(options.gates ? { gates: options.gates, gateTimes: (r) => monitoring.gatesEvaluated(r) } : {}),
      ...(options.silences ? { silences: monitoring.counted(options.silences) } : {}),
      ...(options.reboots ? { reboots: options.reboots } : {}),
      decisions: metrics,
    },
    {
      access: options.access,
      ...(options.readers ? { readers: options.readers } : {}),
      timeZone: options.timeZone,
      ...(options.reminders ? { reminders: options.reminders } : {}),
      approvalTtlMs: options.approvalTtlMs,
      autoConfirm: options.autoConfirm,
      ...(options.runner ? { runner: options.runner } : {}),
      ...(options.groupBudgets ? { groupBudgets: options.groupBudgets } : {}),
      suggest: (typed, names) => closest(typed, names),
      explain: explainInWords,
      log,
    },
  );
  const edge = createSlackEdge(app, core, {
    commands: options.commands,
    store: options.store,
    slack,
    postGapMs: options.postGapMs ?? 1_000,
    approvers,
    metrics,
    language,
    ...(options.channel ? { channel: options.channel } : {}),
    progressIntervalMs: options.progressIntervalMs,
    ...(options.projectChannels ? { projectChannels: options.projectChannels } : {}),
    log,
  });
  return start(app, core, edge, {
    slack,
    store: options.store,
    metrics,
    ...(options.storeHealth ? { storeHealth: options.storeHealth } : {}),
    ...(options.status ? { status: options.status } : {}),
    ...(options.digestCron ? { digestCron: options.digestCron } : {}),
    log,
  });
}

/**
 * Only starts and schedules: /healthz and /metrics, Bolt, then the poster, the resumption of what is
 * in flight, the replica's sweep and the jobs (schedule.ts). Answers the running Ferry and its stop.
 */
export async function start(
  app: App,
  core: Core,
  edge: SlackEdge,
  options: {
    slack: SlackConnection;
    store: FerryStore;
    metrics: FerryMetrics;
    storeHealth?: () => Promise<StoreHealth>;
    status?: StatusAddress;
    digestCron?: string;
    log: (message: string, error?: unknown) => void;
  },
): Promise<RunningFerry> {
  const { slack, metrics } = options;
  const { replica, runner, evacuator, drainer } = core;
  const health = replicaHealth(options.store, replica, options.storeHealth);
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
    clock: core.ports.clock,
    timeZone: core.settings.timeZone,
    scheduler: core.ports.scheduler,
    ...(options.digestCron ? { digestCron: options.digestCron } : {}),
    leases: core.ports.leases,
    replica,
    maintenance: core.maintenance,
    edge,
    log: options.log,
  });
  return {
    app,
    core,
    edge,
    reporter: edge.reporter,
    runner,
    evacuator,
    drainer,
    maintenance: core.maintenance,
    poster: edge.poster,
    events: core.events,
    replica,
    home: edge.home,
    health: () => health(),
    sweep: sweepAndTell,
    ...(port !== undefined ? { port } : {}),
    ...(status ? { statusPort: status.port } : {}),
    stop: async () => {
      await core.ports.scheduler.stop();
      await core.stop();
      await edge.reporter.idle();
      await edge.owners.idle();
      await edge.poster.drain();
      // nothing is sent after a stop (a late listener's post, a retry's timer): it waits in the outbox
      edge.poster.halt();
      // the others take over at their next sweep instead of waiting for the leases to expire
      await replica.releaseAll();
      await options.store.flush();
      await status?.close();
      await app.stop();
    },
  };
}
