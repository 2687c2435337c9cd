import { type App, LogLevel, webApi } from '@slack/bolt';
import { registerActions } from './chat/actions.ts';
import type { SlackApprovers } from './chat/approvers.ts';
import type { CommandDefinition } from './chat/command.ts';
import { explainFailure } from './chat/explain.ts';
import type { ChatFlow } from './chat/flow.ts';
import { HomeTab } from './chat/home.ts';
import type { UserLanguages } from './chat/languages.ts';
import type { Clock } from './clock.ts';
import type { MaintenanceService } from './core/maintenance/maintenance.ts';
import type { Permissions } from './core/permissions.ts';
import type { Queries } from './core/queries.ts';
import type { RequestBook } from './core/requests.ts';
import type { Language } from './i18n/index.ts';
import type { FerryMetrics } from './metrics.ts';
import type { FerryStore } from './store/ferry-store.ts';

/** What Slack's listeners reach, as startFerry wired it. */
export interface SlackEdgeParts {
  app: App;
  commands: CommandDefinition[];
  flow: ChatFlow;
  store: FerryStore;
  clock: Clock;
  timeZone: string;
  language: Language;
  languages: UserLanguages;
  book: RequestBook;
  approvers: SlackApprovers;
  permissions: Permissions;
  maintenance: MaintenanceService;
  metrics: FerryMetrics;
  /** what read-only commands read (records, and the Nova outage a thread was told of): never the raw store */
  queries: Queries;
  log: (message: string, error?: unknown) => void;
}

/** Registers App Home, the slash commands, the buttons and the error listener on Bolt; answers Home. */
export function listenOnSlack(parts: SlackEdgeParts): HomeTab {
  const { app, metrics, permissions, log } = parts;
  // Home publishes with a client of its own that does not wait out a 429 (HomeTab waits instead):
  // Ferry's client would pause every post for the Retry-After
  const homeClient = new webApi.WebClient(app.client.token, {
    slackApiUrl: app.client.slackApiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 1, minTimeout: 500, maxTimeout: 2_000 },
    fetch: metrics.slackFetch(),
    logLevel: LogLevel.ERROR,
  });
  const home = new HomeTab({
    publish: async (user, view) => {
      await homeClient.views.publish({ user_id: user, view: view as never });
    },
    languageOf: (user) => parts.languages.of(user),
    store: parts.store,
    places: parts.store,
    book: parts.book,
    approvers: parts.approvers,
    maintenance: parts.maintenance,
    clock: parts.clock,
    timeZone: parts.timeZone,
    mayRead: (user) => permissions.mayRead(user),
    log,
    refused: () => parts.store.failedOutbox(10),
    waitingForCloud: () => parts.flow.starts.waitingForCloud(),
    novaOutageOf: (id) => parts.queries.novaOutageOf(id),
  });
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    await home.open(event.user).catch((error) => log(`publishing Home for ${event.user} failed`, error));
  });
  const services = {
    flow: parts.flow,
    permissions,
    queries: parts.queries,
    timeZone: parts.timeZone,
    language: parts.language,
    languages: parts.languages,
    explain: explainFailure,
    metrics,
  };
  for (const command of parts.commands) command.register(app, services);
  registerActions(app, services);
  app.error(async (error) => {
    app.logger.error(`Unhandled error in a listener: ${error.message}`);
  });
  return home;
}
