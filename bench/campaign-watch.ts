import type { HealthGatesPort } from '../src/core/ports/health-gates.ts';
import type { SandboxCloud } from '../src/sandbox/index.ts';

/**
 * What the campaign figure watches from outside Ferry: the sandbox's os-services state of each host
 * (read in this process every 10 ms, no request: nothing in the sandbox moves for it), Alertmanager's
 * silences as its API lists them (polled every 100 ms), each gate evaluation timed around the query,
 * and Prometheus's own account of the queries it answered (its /metrics).
 */

/** When the sandbox's os-services first showed each host disabled, and enabled again after. */
export function watchServices(
  cloud: SandboxCloud,
  hosts: string[],
): { disabledAt: Map<string, number>; enabledAt: Map<string, number>; stop(): void } {
  const disabledAt = new Map<string, number>();
  const enabledAt = new Map<string, number>();
  const look = () => {
    const now = Date.now();
    for (const host of hosts) {
      const status = cloud.hosts.get(host)?.status;
      if (status === 'disabled' && !disabledAt.has(host)) disabledAt.set(host, now);
      if (status === 'enabled' && disabledAt.has(host) && !enabledAt.has(host)) enabledAt.set(host, now);
    }
  };
  const timer = setInterval(look, 10);
  return { disabledAt, enabledAt, stop: () => clearInterval(timer) };
}

export interface SilenceSeen {
  host: string;
  startsAt: number;
  endsAt: number;
  /** when this bench's poll first listed it, and first listed it expired */
  firstSeen: number;
  expiredSeen?: number;
}

interface ListedSilence {
  id: string;
  status: { state: string };
  comment: string;
  startsAt: string;
  endsAt: string;
}

/** Alertmanager's /api/v2/silences polled every 100 ms: Ferry's silences (by their comment), by ID. */
export function watchSilences(url: string): { seen: Map<string, SilenceSeen>; stop(): Promise<void> } {
  const seen = new Map<string, SilenceSeen>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const listed = (await fetch(`${url}/api/v2/silences`)
        .then((r) => r.json())
        .catch(() => [])) as ListedSilence[];
      const now = Date.now();
      for (const s of listed) {
        const host = /^Ferry drain \S+: (\S+) out of service$/.exec(s.comment)?.[1];
        if (!host) continue;
        const known = seen.get(s.id) ?? {
          host,
          startsAt: Date.parse(s.startsAt),
          endsAt: Date.parse(s.endsAt),
          firstSeen: now,
        };
        known.endsAt = Date.parse(s.endsAt);
        if (s.status.state === 'expired' && known.expiredSeen === undefined) known.expiredSeen = now;
        seen.set(s.id, known);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    seen,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/** The gates Ferry is given, each evaluation timed by the bench around Prometheus's answer. */
export function timedGates(
  gates: HealthGatesPort,
): HealthGatesPort & { evaluations: { at: number; ms: number; selfMs: number[]; verdicts: string[] }[] } {
  const evaluations: { at: number; ms: number; selfMs: number[]; verdicts: string[] }[] = [];
  return {
    queries: gates.queries,
    evaluations,
    evaluate: async () => {
      const at = Date.now();
      const started = performance.now();
      const results = await gates.evaluate();
      evaluations.push({
        at,
        ms: performance.now() - started,
        selfMs: results.map((r) => r.tookMs),
        verdicts: results.map((r) => r.verdict),
      });
      return results;
    },
  };
}

/** Prometheus's own histogram of /api/v1/query: how many it answered, their total time, how many in ≤ 1 s. */
export async function prometheusQueryTimes(
  url: string,
): Promise<{ count: number; sumS: number; withinOneS: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (pattern: RegExp) =>
    text
      .split('\n')
      .filter((line) => pattern.test(line))
      .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
  const handler = 'handler="/api/v1/query"';
  return {
    count: value(new RegExp(`^prometheus_http_request_duration_seconds_count\\{.*${handler}`)),
    sumS: value(new RegExp(`^prometheus_http_request_duration_seconds_sum\\{.*${handler}`)),
    withinOneS: value(new RegExp(`^prometheus_http_request_duration_seconds_bucket\\{.*${handler}.*le="1"`)),
  };
}
