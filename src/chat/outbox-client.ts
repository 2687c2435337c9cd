import { type Logger, LogLevel, WebClient } from '@slack/web-api';

/** How long one Slack call may take before it counts as unanswered (and is tried again). */
export const SLACK_CALL_TIMEOUT_MS = 10_000;

/**
 * The WebClient the outbox sends with: it neither waits out a 429 nor retries by itself (the outbox
 * does, on its own clock, with what is written in the store), and gives up on a call after a while.
 */
export function outboxClient(options: {
  botToken: string;
  apiUrl?: string;
  fetch?: NonNullable<ConstructorParameters<typeof WebClient>[1]>['fetch'];
  logger: Logger;
}): WebClient {
  return new WebClient(options.botToken, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: SLACK_CALL_TIMEOUT_MS,
    logger: options.logger,
    logLevel: LogLevel.ERROR,
  });
}
