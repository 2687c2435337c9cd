import { GATE_SERIES_KEPT, type GateResult, type HealthGatesPort } from '../core/ports/health-gates.ts';

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

  evaluate(): Promise<GateResult[]> {
    return Promise.all(this.queries.map((query) => this.one(query)));
  }

  private async one(query: string): Promise<GateResult> {
    const started = performance.now();
    const took = () => Math.round(performance.now() - started);
    const unknown = (error: string): GateResult => ({ query, verdict: 'unknown', error, tookMs: took() });
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
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return unknown(
        (error as Error).name === 'TimeoutError'
          ? `no answer from Prometheus within ${this.timeoutMs / 1000} s`
          : `Prometheus did not answer (${cause ?? (error as Error).message})`,
      );
    }
    if (answer.status !== 'success')
      return unknown(
        answer.error
          ? `Prometheus: ${answer.errorType ?? 'error'}: ${answer.error}`
          : `Prometheus answered HTTP ${status} without a result`,
      );
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
    return unknown(`Prometheus answered a result Ferry cannot read (${String(resultType)})`);
  }
}
