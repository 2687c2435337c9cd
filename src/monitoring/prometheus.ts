import {
  GATE_SERIES_KEPT,
  type GateResult,
  type GateTrouble,
  type HealthGatesPort,
} from '../core/ports/health-gates.ts';

interface QueryAnswer {
  status?: string;
  errorType?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
}

type Sample = { metric?: Record<string, string>; value?: [number, string]; values?: [number, string][] };

/**
 * FERRY_GATES through Prometheus' HTTP API: each query asked at /api/v1/query (an instant query, as
 * of now). An empty vector (or matrix) passes; anything returned fails, with its first series; an
 * error answer, a timeout, or an answer Ferry cannot read is unknown, and unknown holds too.
 */
export class PrometheusGates implements HealthGatesPort {
  constructor(
    private readonly url: string,
    readonly queries: readonly string[],
    private readonly timeoutMs = 5_000,
  ) {}

  /** where the gates are asked, as a person may read it: host:port, never a path or query */
  private get address(): string {
    const url = new URL(this.url);
    return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
  }

  evaluate(): Promise<GateResult[]> {
    return Promise.all(this.queries.map((query) => this.one(query)));
  }

  private async one(query: string): Promise<GateResult> {
    const started = performance.now();
    const took = () => Math.round(performance.now() - started);
    const prometheus = this.address;
    const unknown = (trouble: GateTrouble): GateResult => ({
      query,
      verdict: 'unknown',
      trouble,
      tookMs: took(),
    });
    let answer: QueryAnswer;
    let status: number;
    try {
      const response = await fetch(`${this.url}/api/v1/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      answer = (await response.json().catch(() => ({}))) as QueryAnswer;
    } catch (error) {
      if ((error as Error).name === 'TimeoutError')
        return unknown({ code: 'timeout', prometheus, afterMs: this.timeoutMs });
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return unknown({
        code: 'unreachable',
        prometheus,
        cause: String(cause?.code ?? cause?.message ?? (error as Error).message).slice(0, 200),
      });
    }
    if (answer.status !== 'success')
      return unknown({
        code: 'error-answer',
        prometheus,
        status,
        ...(answer.errorType ? { errorType: String(answer.errorType).slice(0, 100) } : {}),
        ...(answer.error ? { error: String(answer.error).slice(0, 500) } : {}),
      });
    const { resultType, result } = answer.data ?? {};
    if ((resultType === 'vector' || resultType === 'matrix') && Array.isArray(result)) {
      if (result.length === 0) return { query, verdict: 'pass', tookMs: took() };
      const series = (result as Sample[]).slice(0, GATE_SERIES_KEPT).map((sample) => ({
        labels: sample.metric ?? {},
        value: String(sample.value?.[1] ?? sample.values?.at(-1)?.[1] ?? ''),
      }));
      return { query, verdict: 'fail', series, total: result.length, tookMs: took() };
    }
    // a scalar or a string is an answer, never an empty one
    if ((resultType === 'scalar' || resultType === 'string') && Array.isArray(result))
      return {
        query,
        verdict: 'fail',
        series: [{ labels: {}, value: String(result[1]) }],
        total: 1,
        tookMs: took(),
      };
    return unknown({ code: 'unreadable', prometheus, resultType: String(resultType).slice(0, 100) });
  }
}
