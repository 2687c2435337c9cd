import {
  type AnyMiddlewareArgs,
  App,
  HTTPReceiver,
  type Logger,
  LogLevel,
  type Middleware,
  type Receiver,
  webApi,
} from '@slack/bolt';
import { ConsoleLogger } from '@slack/logger';
import type { Clock } from '../clock.ts';
import type { CloudApi } from '../core/cloud-port.ts';
import { Evacuations } from '../core/evacuations.ts';
import { Evacuator } from '../core/evacuator.ts';
import {
  DEFAULT_DIGEST_CRON,
  DEFAULT_REMINDERS,
  MaintenanceService,
  parseReminders,
  type Reminder,
} from '../core/maintenance.ts';
import { Moves } from '../core/moves.ts';
import { Permissions } from '../core/permissions.ts';
import { RequestBook } from '../core/requests.ts';
import { MigrationRunner, type RunnerOptions } from '../core/runner.ts';
import type { Scheduler } from '../core/scheduler.ts';
import type { AccessPolicy } from '../core/types.ts';
import type { HostChecker } from '../hostcheck/hostcheck.ts';
import type { Store } from '../store/store.ts';
import { registerActions } from './actions.ts';
import { SlackApprovers } from './approvers.ts';
import type { CommandDefinition } from './command.ts';
import { explainFailure } from './explain.ts';
import { ChatFlow } from './flow.ts';
import { closest } from './names.ts';
import { SlackPoster } from './poster.ts';
import { redactingLogger } from './redacting-logger.ts';
import { Reporter } from './reporter.ts';
import { Threads } from './threads.ts';

export type SlackConnection =
  | { mode: 'socket'; botToken: string; appToken: string; apiUrl?: string; appId?: string }
  | { mode: 'http'; botToken: string; signingSecret: string; port: number; apiUrl?: string; appId?: string }
  /** console and tests: an in-process receiver, no auth.test */
  | { mode: 'receiver'; botToken: string; receiver: Receiver; apiUrl: string };

export interface FerryOptions {
  /** the slash commands (commands/index.ts) */
  commands: CommandDefinition[];
  clock: Clock;
  cloud: CloudApi;
  store: Store;
  slack: SlackConnection;
  oncallUsers: string[];
  oncallGroup?: string;
  access: AccessPolicy;
  /** the SSH host check: /hostcheck, and host findings among /migrate's checks */
  hostChecker?: HostChecker;
  timeZone: string;
  /** FERRY_CHANNEL, for reminders and the digest */
  channel?: string;
  /** FERRY_REMINDERS (default 24h, 1h, 10m before a window) */
  reminders?: Reminder[];
  /** FERRY_DIGEST_CRON, in timeZone (default weekdays 09:00) */
  digestCron?: string;
  /** recurring jobs (expiry sweep, maintenance tick, digest) and one-off waits */
  scheduler: Scheduler;
  progressIntervalMs: number;
  approvalTtlMs: number;
  autoConfirm: boolean;
  runner?: RunnerOptions;
  /** minimum gap between two posts in one channel (Slack: about one per second) */
  postGapMs?: number;
  logLevel?: LogLevel;
  /** where Bolt and Ferry log; absent: Bolt's console logger */
  logger?: Logger;
}

export interface RunningFerry {
  app: App;
  flow: ChatFlow;
  /** the thread reporter: idle() resolves once every report begun has been handed to Slack */
  reporter: Reporter;
  runner: MigrationRunner;
  evacuator: Evacuator;
  maintenance: MaintenanceService;
  poster: SlackPoster;
  /** the HTTP server in HTTP mode */
  port?: number;
  stop(): Promise<void>;
}

const EXPIRY_SWEEP_MS = 15_000;

/** Slack could not be reached or refused Ferry's token at start-up: one line, no stack, no token. */
export class SlackStartError extends Error {
  override readonly name = 'SlackStartError';
}

/** Who Ferry is in Slack: requests from any other workspace or app are refused. */
interface SlackIdentity {
  teamId: string;
  botId: string;
  botUserId: string;
  /** absent when auth.test does not say and SLACK_APP_ID is not set: api_app_id is then not checked */
  appId?: string;
}

async function slackIdentity(botToken: string, apiUrl: string | undefined): Promise<SlackIdentity> {
  const client = new webApi.WebClient(botToken, {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    retryConfig: { retries: 2, factor: 1, minTimeout: 500, maxTimeout: 2_000 },
    timeout: 10_000,
    logLevel: LogLevel.ERROR,
  });
  let answer: Awaited<ReturnType<typeof client.auth.test>>;
  try {
    answer = await client.auth.test();
  } catch (error) {
    const where = apiUrl ?? 'https://slack.com/api/';
    const code = (error as { code?: string; data?: { error?: string } }).data?.error;
    throw new SlackStartError(
      code
        ? `Slack refused SLACK_BOT_TOKEN at auth.test (${code}): check the token and that the app is installed.`
        : `Slack's Web API at ${where} could not be reached (${(error as Error).message.replace(/xox[a-z]-[\w-]+/g, 'xox…')}): check the network and SLACK_API_URL.`,
    );
  }
  if (!answer.team_id || !answer.bot_id || !answer.user_id)
    throw new SlackStartError(
      'Slack answered auth.test without team_id, bot_id or user_id: is SLACK_BOT_TOKEN a bot token?',
    );
  return {
    teamId: answer.team_id,
    botId: answer.bot_id,
    botUserId: answer.user_id,
    ...(answer.app_id ? { appId: answer.app_id } : {}),
  };
}

/** Slack repeats nothing on its own for commands and buttons: the same signature twice is a replay. */
const REPLAY_WINDOW_MS = 5 * 60_000;

/** Builds Bolt, the core services and the listeners; starts receiving and resumes runs in flight. */
export async function startFerry(options: FerryOptions): Promise<RunningFerry> {
  const { slack } = options;
  const clientOptions = {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    // A 429 pauses the client for Retry-After and tries again: nothing is lost.
    retryConfig: { retries: 6, factor: 2, minTimeout: 500, maxTimeout: 60_000 },
  };
  const logger = redactingLogger(options.logger ?? new ConsoleLogger());
  const common = {
    token: slack.botToken,
    clientOptions,
    logLevel: options.logLevel ?? LogLevel.INFO,
    logger,
  };
  const identity = slack.mode === 'receiver' ? undefined : await slackIdentity(slack.botToken, slack.apiUrl);
  const appId = (slack.mode !== 'receiver' && slack.appId) || identity?.appId;
  const known = identity ? { botId: identity.botId, botUserId: identity.botUserId } : {};
  const app =
    slack.mode === 'socket'
      ? new App({ ...common, ...known, socketMode: true, appToken: slack.appToken })
      : slack.mode === 'http'
        ? new App({
            ...common,
            ...known,
            receiver: new HTTPReceiver({
              signingSecret: slack.signingSecret,
              logger,
              logLevel: common.logLevel,
              // the signature identifies one signed request: seen twice, it is a replay
              customPropertiesExtractor: (request) => ({
                slackSignature: String(request.headers['x-slack-signature'] ?? ''),
              }),
              customRoutes: [
                {
                  path: '/healthz',
                  method: ['GET'],
                  handler: (_request, response) => {
                    response.writeHead(200, { 'Content-Type': 'text/plain' });
                    response.end('ok');
                  },
                },
              ],
            }),
          })
        : new App({ ...common, receiver: slack.receiver, botId: 'B0FERRY', botUserId: 'U0FERRY' });
  if (identity) app.use(refuseForeignAndReplayed(identity.teamId, appId, options.clock));

  const log = (message: string, error?: unknown) =>
    app.logger.error(message, error instanceof Error ? error.message : (error ?? ''));
  const poster = new SlackPoster(app.client, options.clock, options.postGapMs ?? 1_000, log);
  const approvers = new SlackApprovers(app.client, options.clock, options.oncallUsers, options.oncallGroup);
  const book = new RequestBook({
    store: options.store,
    clock: options.clock,
    approvers,
    ttlMs: options.approvalTtlMs,
  });
  let reporter: Reporter | undefined;
  let evacuator: Evacuator | undefined;
  const runner = new MigrationRunner(
    {
      cloud: options.cloud,
      clock: options.clock,
      store: options.store,
      emit: (event) => {
        reporter?.onRunEvent(event);
        evacuator?.onRunEvent(event);
      },
    },
    { ...options.runner, autoConfirm: options.autoConfirm },
  );
  evacuator = new Evacuator({
    cloud: options.cloud,
    clock: options.clock,
    store: options.store,
    runner,
    access: options.access,
    scheduler: options.scheduler,
    ...(options.hostChecker ? { hostConfig: options.hostChecker } : {}),
    emit: (event) => reporter?.onEvacuationEvent(event),
  });
  const maintenanceService = new MaintenanceService({
    cloud: options.cloud,
    clock: options.clock,
    store: options.store,
    evacuator,
    access: options.access,
    reminders: options.reminders ?? parseReminders(DEFAULT_REMINDERS),
    timeZone: options.timeZone,
    emit: (event) => reporter?.onMaintenanceEvent(event),
  });
  const planner = {
    cloud: options.cloud,
    clock: options.clock,
    access: options.access,
    ...(options.hostChecker ? { hostConfig: options.hostChecker } : {}),
  };
  const permissions = new Permissions({ access: options.access, approvers });
  const settings = {
    timeZone: options.timeZone,
    progressIntervalMs: options.progressIntervalMs,
    autoConfirm: options.autoConfirm,
    ...(options.channel ? { channel: options.channel } : {}),
  };
  const threads = new Threads({ store: options.store, poster, approvers, book, timeZone: options.timeZone });
  reporter = new Reporter({
    clock: options.clock,
    store: options.store,
    poster,
    approvers,
    book,
    threads,
    settings,
    log,
  });
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
  });
  const services = { flow, store: options.store, timeZone: options.timeZone, explain: explainFailure };
  for (const command of options.commands) command.register(app, services);
  registerActions(app, services);
  app.error(async (error) => {
    app.logger.error(`Unhandled error in a listener: ${error.message}`);
  });

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
  const resumedEvacuations = await evacuator.resumeAll();
  const resumedRuns = await runner.resumeAll();
  await reporter.announceResumed(resumedRuns, resumedEvacuations);
  const { scheduler } = options;
  scheduler.every(EXPIRY_SWEEP_MS, () => {
    flow?.expireDue().catch((error) => log('expiring requests failed', error));
  });
  await flow.expireDue();
  // Reminders and window starts/ends are checked every minute against the store, so they survive restarts.
  await maintenanceService.tick();
  scheduler.cron('* * * * *', options.timeZone, () => {
    maintenanceService.tick().catch((error) => log('maintenance tick failed', error));
  });
  scheduler.cron(options.digestCron ?? DEFAULT_DIGEST_CRON, options.timeZone, () => {
    flow?.postDigest().catch((error) => log('digest failed', error));
  });

  return {
    app,
    flow,
    reporter,
    runner,
    evacuator,
    maintenance: maintenanceService,
    poster,
    ...(port !== undefined ? { port } : {}),
    stop: async () => {
      await scheduler.stop();
      evacuator?.shutdown();
      runner.stop();
      await evacuator?.idle();
      await runner.idle();
      await reporter.idle();
      await poster.drain();
      await options.store.flush();
      await app.stop();
    },
  };
}

/**
 * A correctly signed request from another workspace or app (a shared signing secret, a second app) is
 * refused, and so is a signed request seen twice (a replay inside Slack's five-minute window).
 */
function refuseForeignAndReplayed(
  teamId: string,
  appId: string | undefined,
  clock: Clock,
): Middleware<AnyMiddlewareArgs> {
  const seen = new Map<string, number>();
  return async (args) => {
    const body = args.body as {
      team_id?: string;
      team?: { id?: string } | null;
      user?: { team_id?: string };
      api_app_id?: string;
    };
    const ack = (args as { ack?: () => Promise<void> }).ack;
    const team = body.team_id ?? body.team?.id ?? body.user?.team_id;
    if ((team && team !== teamId) || (appId && body.api_app_id && body.api_app_id !== appId)) {
      args.logger.warn(
        `Refused a request from team ${team ?? '?'}, app ${body.api_app_id ?? '?'}: not Ferry's own.`,
      );
      await ack?.();
      return;
    }
    const signature = (args.context as { slackSignature?: string }).slackSignature;
    if (signature) {
      const now = clock.now();
      for (const [key, at] of seen) if (now - at > REPLAY_WINDOW_MS) seen.delete(key);
      if (seen.has(signature)) {
        args.logger.warn('Refused a replayed request (a signature seen before).');
        await ack?.();
        return;
      }
      seen.set(signature, now);
    }
    await args.next();
  };
}
