import type { Logger } from '@slack/web-api';
import type { Clock } from '../clock.ts';
import type { OutboxStore } from '../core/ports/outbox.ts';
import type { Places } from '../core/ports/places.ts';
import type { FerryMetrics } from '../metrics.ts';
import { outboxClient } from './outbox-client.ts';
import { SlackPoster } from './poster.ts';

/** The poster of a Ferry: its own WebClient (counted on /metrics), a refusal logged and counted. */
export function wiredPoster(options: {
  slack: { botToken: string; apiUrl?: string };
  metrics: FerryMetrics;
  logger: Logger;
  store: OutboxStore & Places;
  clock: Clock;
  gapMs: number;
  log: (message: string, error?: unknown) => void;
}): SlackPoster {
  const { slack, metrics, log } = options;
  const client = outboxClient({
    botToken: slack.botToken,
    ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
    fetch: metrics.slackFetch(),
    logger: options.logger,
  });
  metrics.watchSlack(client);
  return new SlackPoster({
    client,
    store: options.store,
    clock: options.clock,
    gapMs: options.gapMs,
    log,
    refused: (entry) => {
      log(`Slack refused a message in ${entry.channel} for good (${entry.error})`);
      metrics.slackRefused(entry.kind === 'post' ? 'chat.postMessage' : 'chat.update', entry.error ?? '');
    },
    lookupRefused: (method, error) => metrics.slackLookupRefused(method, error),
  });
}
