import { type App, LogLevel, webApi } from '@slack/bolt';
import { approvalNews } from './chat/approval-news.ts';
import { expireDue, registerApprovals } from './chat/approvals.ts';
import type { SlackApprovers } from './chat/approvers.ts';
import { buttonsOn } from './chat/buttons.ts';
import type { CommandDefinition } from './chat/command.ts';
import { registerDrainEdits } from './chat/drain-edits.ts';
import { explainFailure } from './chat/explain.ts';
import { HomeTab, listenHome } from './chat/home.ts';
import { JournalTeller } from './chat/journal-teller.ts';
import { UserLanguages } from './chat/languages.ts';
import { digestMessage } from './chat/maintenance-view.ts';
import { OwnerNotices, type ProjectChannel } from './chat/owners.ts';
import { registerPlanEdits } from './chat/plan-edits.ts';
import type { SlackPoster } from './chat/poster.ts';
import { wiredPoster } from './chat/poster-wiring.ts';
import { Reporter } from './chat/reporter.ts';
import type { FerryServices } from './chat/services.ts';
import { Threads } from './chat/threads.ts';
import type { Core } from './core/create-core.ts';
import type { Language } from './i18n/index.ts';
import type { FerryMetrics } from './metrics.ts';
import type { FerryStore } from './store/ferry-store.ts';

/** What the chat edge is built with besides Bolt and the core (startFerry gives them). */
export interface SlackEdgeOptions {
  /** the slash commands (commands/index.ts), each with its buttons */
  commands: CommandDefinition[];
  /** the store with the chat edge's own tables: the outbox and where each request's message is */
  store: FerryStore;
  /** Slack's Web API for the poster, which sends from the outbox with a client of its own */
  slack: { botToken: string; apiUrl?: string };
  /** minimum gap between two posts in one channel (Slack: about one per second) */
  postGapMs: number;
  approvers: SlackApprovers;
  metrics: FerryMetrics;
  /** FERRY_LANG: the channel's language */
  language: Language;
  /** FERRY_CHANNEL: reminders and digests; absent: where the window was scheduled */
  channel?: string;
  progressIntervalMs: number;
  /** FERRY_PROJECT_CHANNELS: where each project hears of moves of its servers */
  projectChannels?: ProjectChannel[];
  log: (message: string, error?: unknown) => void;
}

/** The chat edge, built: what start() drives, and what tests reach. */
export interface SlackEdge {
  poster: SlackPoster;
  threads: Threads;
  /** the thread reporter: idle() resolves once every report begun has been handed to Slack */
  reporter: Reporter;
  teller: JournalTeller;
  owners: OwnerNotices;
  /** App Home: published when opened, refreshed when what it shows changes */
  home: HomeTab;
  /** what commands and buttons are handed */
  services: FerryServices;
  /** re-checks and starts an approved request the replica's sweep took up; its thread hears either */
  takeUp(requestId: string): void;
  /** expires the requests left undecided past their time; each message says so */
  expireDue(): Promise<void>;
  /** the weekly digest of windows and hosts left disabled, in FERRY_CHANNEL */
  postDigest(): Promise<void>;
}

/**
 * The Slack edge around the core: the reporter and the threads it tells the core's events in, the
 * owners' notices, and the listeners (every command with its buttons, Approve and Reject, App Home).
 */
export function createSlackEdge(app: App, core: Core, options: SlackEdgeOptions): SlackEdge {
  const { store, approvers, metrics, log } = options;
  const { clock, timeZone, autoConfirm } = { ...core.ports, ...core.settings };
  const poster = wiredPoster({
    slack: options.slack,
    metrics,
    logger: app.logger,
    store,
    clock,
    gapMs: options.postGapMs,
    log,
  });
  const languages = new UserLanguages({
    localeOf: async (user) => (await app.client.users.info({ user, include_locale: true })).user?.locale,
    channelLanguage: options.language,
    clock,
  });
  const threads = new Threads({
    store,
    places: store,
    poster,
    approvers,
    book: core.book,
    timeZone,
    clock,
    autoConfirm,
  });
  const settings = {
    timeZone,
    progressIntervalMs: options.progressIntervalMs,
    autoConfirm,
    ...(options.channel ? { channel: options.channel } : {}),
  };
  const reporter = new Reporter({
    clock,
    store,
    places: store,
    poster,
    approvers,
    book: core.book,
    threads,
    settings,
    log,
  });
  core.events.subscribe((event) => metrics.onEvent(event));
  const owners = new OwnerNotices({
    channels: options.projectChannels ?? [],
    projects: () => core.ports.cloud.listProjects(),
    store,
    poster,
    threads,
    clock,
    log,
  });
  core.events.subscribe((event) => owners.onEvent(event));
  // journaled events are told with their entry as the cause, and marked told (journal-teller.ts)
  const teller = new JournalTeller({ store, reporter, clock, log });
  core.events.subscribe((event, journalId) => teller.onEvent(event, journalId));
  const news = approvalNews({ threads, clock, timeZone });
  const services: FerryServices = {
    core,
    poster,
    threads,
    approvers,
    news,
    clock,
    timeZone,
    autoConfirm,
    ...(options.channel ? { channel: options.channel } : {}),
    language: options.language,
    languages,
    explain: explainFailure,
    metrics,
    log,
  };
  const home = homeTab(app, core, options, services);
  const onButton = buttonsOn(app, services);
  for (const command of options.commands) command.register(app, services, onButton);
  registerApprovals(app, onButton, services);
  registerPlanEdits(app, onButton, services);
  registerDrainEdits(app, onButton, services);
  listenHome(app, home, log);
  app.error(async (error) => {
    app.logger.error(`Unhandled error in a listener: ${error.message}`);
  });
  return {
    poster,
    threads,
    reporter,
    teller,
    owners,
    home,
    services,
    takeUp: (requestId) => core.approvals.takeUp(requestId, news),
    expireDue: () => expireDue(core, threads),
    postDigest: async () => {
      const channel = options.channel;
      if (!channel) return;
      const digest = digestMessage(
        core.maintenance.upcoming(),
        await core.maintenance.stillDisabled(),
        timeZone,
      );
      if (digest) await poster.post(channel, digest);
    },
  };
}

/** App Home, published with a client of its own that does not wait out a 429 (HomeTab waits instead). */
function homeTab(app: App, core: Core, options: SlackEdgeOptions, services: FerryServices): HomeTab {
  const { store, metrics } = options;
  // Ferry's client would pause every post for the Retry-After
  const homeClient = new webApi.WebClient(app.client.token, {
    slackApiUrl: app.client.slackApiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 1, minTimeout: 500, maxTimeout: 2_000 },
    fetch: metrics.slackFetch(),
    logLevel: LogLevel.ERROR,
  });
  return new HomeTab({
    publish: async (user, view) => {
      await homeClient.views.publish({ user_id: user, view: view as never });
    },
    languageOf: (user) => services.languages.of(user),
    queries: core.queries,
    places: store,
    book: core.book,
    approvers: options.approvers,
    maintenance: core.maintenance,
    clock: core.ports.clock,
    timeZone: services.timeZone,
    autoConfirm: core.settings.autoConfirm,
    mayRead: (user) => core.permissions.mayRead(user),
    log: options.log,
    refused: () => store.failedOutbox(10),
    waitingForCloud: () => core.approvals.waitingForCloud(),
    novaOutageOf: (id) => core.queries.novaOutageOf(id),
  });
}
