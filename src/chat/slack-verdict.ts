import type { Clock } from '../clock.ts';

/**
 * What one failed Slack call means for the message: try again (Slack was busy, broken for a moment,
 * or not reached) or never (Slack said no for good). Codes as @slack/web-api 8 raises them
 * (shared/docs/slack-platform.md §5: rate limited, HTTP, request and platform errors).
 */
export type Verdict = { retry: string; afterMs?: number } | { final: string };

/** Platform errors (ok:false) that say "not now" rather than "no". */
const TRANSIENT = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

export function verdictOf(error: unknown): Verdict {
  const failure = error as {
    code?: string;
    retryAfter?: number;
    statusCode?: number;
    data?: { error?: string };
  };
  switch (failure.code) {
    case 'slack_webapi_rate_limited_error':
      return { retry: 'ratelimited', afterMs: Math.max(0, failure.retryAfter ?? 1) * 1000 };
    case 'slack_webapi_http_error': {
      const status = failure.statusCode ?? 0;
      return status >= 500 || status === 408 || status === 429
        ? { retry: `http_${status}` }
        : { final: `http_${status}` };
    }
    case 'slack_webapi_request_error':
      return { retry: 'unreachable' };
    case 'slack_webapi_platform_error': {
      const code = failure.data?.error ?? 'unknown_error';
      return TRANSIENT.has(code) ? { retry: code } : { final: code };
    }
    default:
      return { final: 'unknown_error' };
  }
}

/** Waits between tries of one message: 1 s, 2 s, 4 s… at most 10 s, unless Slack said how long. */
export function retryDelayMs(attempts: number, verdict: { afterMs?: number }): number {
  return verdict.afterMs ?? Math.min(10_000, 1_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Time that only goes forward, for pacing and waits: the clock's steps back count as no time passing,
 * so a clock set back an hour does not hold Slack posts for an hour.
 */
export class SteadyTime {
  private last: number;
  private elapsed: number;

  constructor(private readonly clock: Clock) {
    this.last = clock.now();
    this.elapsed = this.last;
  }

  now(): number {
    const current = this.clock.now();
    this.elapsed += Math.max(0, current - this.last);
    this.last = current;
    return this.elapsed;
  }
}
