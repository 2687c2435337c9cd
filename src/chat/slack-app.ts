import { App, HTTPReceiver, type Logger, LogLevel, type Receiver, webApi } from '@slack/bolt';
import { ConsoleLogger } from '@slack/logger';
import type { Clock } from '../clock.ts';
import type { ReplayGuard } from '../core/ports/replays.ts';
import { redactingLogger } from './redacting-logger.ts';
import { memoryReplayGuard, refuseForeignAndReplayed, signedRequestOf } from './request-guard.ts';

export type { ReplayGuard } from '../core/ports/replays.ts';

/**
 * Bolt, set up the way Ferry talks to Slack: who it is (auth.test at start-up), which requests it
 * accepts (its own workspace and app, each signed request once), and a log that never repeats a
 * secret. /healthz and /metrics are served apart, on the status address (status-server.ts).
 */

export type SlackConnection =
  | { mode: 'socket'; botToken: string; appToken: string; apiUrl?: string; appId?: string }
  | { mode: 'http'; botToken: string; signingSecret: string; port: number; apiUrl?: string; appId?: string }
  /** console and tests: an in-process receiver, no auth.test */
  | { mode: 'receiver'; botToken: string; receiver: Receiver; apiUrl: string };

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

/** The Bolt app for one Slack connection, its identity checked and its guard installed. */
export async function createSlackApp(options: {
  slack: SlackConnection;
  clock: Clock;
  logLevel: LogLevel;
  logger?: Logger;
  /** signatures seen (default: this process's memory) */
  replays?: ReplayGuard;
  /** the fetch Slack's WebClient uses (metrics count its calls) */
  fetch?: NonNullable<webApi.WebClientOptions['fetch']>;
}): Promise<App> {
  const { slack } = options;
  const clientOptions = {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    // A 429 pauses the client for Retry-After and tries again: nothing is lost.
    retryConfig: { retries: 6, factor: 2, minTimeout: 500, maxTimeout: 60_000 },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const logger = redactingLogger(options.logger ?? new ConsoleLogger());
  const common = {
    token: slack.botToken,
    clientOptions,
    logLevel: options.logLevel,
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
              // what was signed identifies one request: seen twice, it is a replay
              customPropertiesExtractor: signedRequestOf,
            }),
          })
        : new App({ ...common, receiver: slack.receiver, botId: 'B0FERRY', botUserId: 'U0FERRY' });
  if (identity)
    app.use(
      refuseForeignAndReplayed(identity.teamId, appId, options.replays ?? memoryReplayGuard(options.clock)),
    );

  return app;
}
