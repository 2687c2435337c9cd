import { webApi } from '@slack/bolt';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock } from './clock.ts';
import type { FerryEvent } from './core/events.ts';
import type { RequestsPort } from './core/ports/requests.ts';
import type { RunsPort } from './core/ports/runs.ts';

/**
 * What Prometheus scrapes at GET /metrics: Ferry's own counters and histograms, gauges read from the
 * store when scraped, and the process's default metrics. One registry per Ferry (tests run several).
 */
export class FerryMetrics {
  readonly registry = new Registry();
  private readonly commands: Counter<'command' | 'kind'>;
  private readonly decisions: Counter<'decision' | 'kind'>;
  private readonly started: Counter<'mode'>;
  private readonly ended: Counter<'mode' | 'outcome'>;
  private readonly duration: Histogram<'mode' | 'outcome'>;
  private readonly preconditions: Histogram<'command'>;
  private readonly downtime: Histogram<'mode' | 'source'>;
  private readonly cloudRequests: Counter<'service' | 'status'>;
  private readonly cloudErrors: Counter<'service' | 'status'>;
  private readonly slackCalls: Counter<'method' | 'status'>;
  private readonly slackRateLimited: Counter<'method'>;
  private readonly slackWaited: Counter<'method'>;
  private readonly slackRefusedTotal: Counter<'method' | 'error'>;
  private readonly slackLookupRefusedTotal: Counter<'method' | 'error'>;

  constructor(deps: { store: RequestsPort & RunsPort; clock: Clock }) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'ferry_' });
    this.commands = new Counter({
      name: 'ferry_commands_total',
      help: 'Slash commands received, by command and what they asked for (help and error included)',
      labelNames: ['command', 'kind'],
      registers,
    });
    this.decisions = new Counter({
      name: 'ferry_decisions_total',
      help: 'Requests approved, rejected or expired, by kind of request',
      labelNames: ['decision', 'kind'],
      registers,
    });
    this.started = new Counter({
      name: 'ferry_migrations_started_total',
      help: 'Migrations Nova accepted to start, by mode',
      labelNames: ['mode'],
      registers,
    });
    this.ended = new Counter({
      name: 'ferry_migrations_ended_total',
      help: 'Migrations that reached an outcome, by mode and outcome',
      labelNames: ['mode', 'outcome'],
      registers,
    });
    this.duration = new Histogram({
      name: 'ferry_migration_duration_seconds',
      help: 'From the start Ferry asked for to the outcome, by mode and outcome',
      labelNames: ['mode', 'outcome'],
      buckets: [10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200],
      registers,
    });
    // Nova's [libvirt] live_migration_downtime (default 500 ms) is the most it lets QEMU pause the
    // guest; it gets there in live_migration_downtime_steps (default 10) from downtime/steps (50 ms)
    this.downtime = new Histogram({
      name: 'ferry_migration_downtime_seconds',
      help: "How long a live-migrated guest stood still (libvirt's Total downtime, read on the destination), by mode and source; Nova's target is [libvirt] live_migration_downtime, 500 ms by default, reached in live_migration_downtime_steps from 50 ms",
      labelNames: ['mode', 'source'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10],
      registers,
    });
    this.preconditions = new Histogram({
      name: 'ferry_precondition_evaluation_seconds',
      help: 'Time to evaluate every precondition of a request, by command',
      labelNames: ['command'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers,
    });
    this.cloudRequests = new Counter({
      name: 'ferry_cloud_requests_total',
      help: 'Requests to the cloud APIs, by service and HTTP status ("unreachable" when no answer came)',
      labelNames: ['service', 'status'],
      registers,
    });
    this.cloudErrors = new Counter({
      name: 'ferry_cloud_request_errors_total',
      help: 'Cloud API requests that failed (status 400 and above, or no answer), by service and status',
      labelNames: ['service', 'status'],
      registers,
    });
    this.slackCalls = new Counter({
      name: 'ferry_slack_api_calls_total',
      help: 'Slack Web API calls, by method and HTTP status (429: rate limited)',
      labelNames: ['method', 'status'],
      registers,
    });
    this.slackRateLimited = new Counter({
      name: 'ferry_slack_rate_limited_total',
      help: 'Slack answers 429 (rate limited), by method',
      labelNames: ['method'],
      registers,
    });
    this.slackWaited = new Counter({
      name: 'ferry_slack_rate_limit_wait_seconds_total',
      help: 'Seconds Slack asked Ferry to wait (Retry-After) before trying again, by method',
      labelNames: ['method'],
      registers,
    });
    this.slackRefusedTotal = new Counter({
      name: 'ferry_slack_messages_refused_total',
      help: 'Messages Slack refused for good (channel_not_found, not_in_channel…), by method and error: not posted',
      labelNames: ['method', 'error'],
      registers,
    });
    this.slackLookupRefusedTotal = new Counter({
      name: 'ferry_slack_lookups_refused_total',
      help: 'Looks for a post whose answer was lost that Slack refused (missing_scope, not_in_channel…), by method and error: the post was sent again, marked as a possible repeat',
      labelNames: ['method', 'error'],
      registers,
    });
    const { store, clock } = deps;
    new Gauge({
      name: 'ferry_migrations_running',
      help: 'Migrations Ferry is watching now, by mode',
      labelNames: ['mode'],
      registers,
      collect() {
        this.reset();
        for (const mode of ['live', 'cold'] as const)
          this.set({ mode }, store.activeRuns().filter((run) => run.mode === mode).length);
      },
    });
    new Gauge({
      name: 'ferry_migration_oldest_running_seconds',
      help: 'Age of the longest-running migration Ferry is watching (0 when none)',
      registers,
      collect() {
        const oldest = Math.min(...store.activeRuns().map((run) => run.startedAt));
        this.set(Number.isFinite(oldest) ? (clock.now() - oldest) / 1000 : 0);
      },
    });
    new Gauge({
      name: 'ferry_evacuations_running',
      help: 'Evacuations (and moves back) running or stopping now',
      registers,
      collect() {
        this.set(
          store
            .evacuations()
            .filter((r) => r.evacuation.phase === 'running' || r.evacuation.phase === 'stopping').length,
        );
      },
    });
    new Gauge({
      name: 'ferry_drains_running',
      help: 'Drains under way now (running, paused, held for a new approval, or stopping)',
      registers,
      collect() {
        this.set(
          store.drains().filter((d) => ['running', 'paused', 'held', 'stopping'].includes(d.drain.phase))
            .length,
        );
      },
    });
    new Gauge({
      name: 'ferry_requests_pending',
      help: 'Requests waiting for approval',
      registers,
      collect() {
        this.set(store.pendingRequests().length);
      },
    });
  }

  command(command: string, kind: string): void {
    this.commands.inc({ command, kind });
  }

  decision(decision: 'approved' | 'rejected' | 'expired', kind: string): void {
    this.decisions.inc({ decision, kind });
  }

  /** Times `evaluate` (a request's checks) for the precondition histogram. */
  async timePreconditions<T>(command: string, evaluate: () => Promise<T>): Promise<T> {
    const stop = this.preconditions.startTimer({ command });
    try {
      return await evaluate();
    } finally {
      stop();
    }
  }

  cloudRequest(service: string, status: number | 'unreachable'): void {
    const labels = { service, status: String(status) };
    this.cloudRequests.inc(labels);
    if (status === 'unreachable' || status >= 400) this.cloudErrors.inc(labels);
  }

  /** The core's events: migrations started and ended. */
  onEvent(event: FerryEvent): void {
    if (event.kind === 'run.phase' && event.phase === 'accepted') this.started.inc({ mode: event.run.mode });
    if (event.kind === 'run.outcome') {
      const labels = { mode: event.run.mode, outcome: event.outcome.kind };
      this.ended.inc(labels);
      if (event.outcome.durationMs !== undefined)
        this.duration.observe(labels, event.outcome.durationMs / 1000);
      const { fact } = event.outcome;
      // a forced completion's figure is only libvirt's final switch-over, not its blackout
      const forced = event.outcome.forced || (fact?.code === 'moved' && fact.force !== undefined);
      if (fact?.code === 'moved' && fact.blackout?.code === 'measured' && !forced)
        this.downtime.observe(
          { mode: event.run.mode, source: fact.blackout.source },
          fact.blackout.downtimeMs / 1000,
        );
    }
  }

  /**
   * A fetch for Slack's WebClient (its `fetch` option) that counts every Web API call by method and
   * HTTP status; 429s are Slack's rate limits.
   */
  slackFetch(): NonNullable<webApi.WebClientOptions['fetch']> {
    return async (url, init) => {
      const method = String(url).split('/').pop()?.split('?')[0] ?? 'unknown';
      try {
        const response = await fetch(url, init as RequestInit);
        this.slackCalls.inc({ method, status: String(response.status) });
        return response;
      } catch (error) {
        this.slackCalls.inc({ method, status: 'unreachable' });
        throw error;
      }
    };
  }

  /** How long Slack asked Ferry to wait, each time it did (the WebClient then waits and retries). */
  watchSlack(client: webApi.WebClient): void {
    client.on(webApi.WebClientEvent.RATE_LIMITED, (retryAfterSeconds: number, info: { url?: string }) => {
      const method = info.url?.split('/').pop() ?? 'unknown';
      this.slackRateLimited.inc({ method });
      this.slackWaited.inc({ method }, retryAfterSeconds);
    });
  }

  /** A message Slack refused for good: it was not posted. */
  slackRefused(method: string, error: string): void {
    this.slackRefusedTotal.inc({ method, error });
  }

  /** Slack refused for good to show whether it had a post already: sent again, maybe twice. */
  slackLookupRefused(method: string, error: string): void {
    this.slackLookupRefusedTotal.inc({ method, error });
  }

  /** The Prometheus text format. */
  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
