/**
 * Health gates (FERRY_GATES): queries that must come back empty before a drain takes its next step.
 * The adapter (src/monitoring/prometheus.ts) asks Prometheus; the core reads facts, never words.
 */

/** One series a gate query returned: its labels and value as Prometheus gave them. */
export interface GateSeries {
  labels: Record<string, string>;
  value: string;
}

/**
 * One gate's verdict: passed (an empty answer), failed (what it returned, the first few series and
 * how many in all), or unknown (no answer, an error, an answer Ferry cannot read): unknown holds too.
 */
export type GateResult =
  | { query: string; verdict: 'pass'; tookMs: number }
  | { query: string; verdict: 'fail'; series: GateSeries[]; total: number; tookMs: number }
  | {
      query: string;
      verdict: 'unknown';
      /** why there is no verdict (absent in a hold recorded by Ferry before facts: `error` then) */
      trouble?: GateTrouble;
      /** written by Ferry before facts; shown as stored */
      error?: string;
      tookMs: number;
    };

/**
 * Why a gate has no verdict. `prometheus` is where it was asked, as host:port only (never the URL's
 * path or query, which may carry a token).
 */
export type GateTrouble =
  /** the connection failed: the system's code (ECONNREFUSED, ENOTFOUND…), or its message without one */
  | { code: 'unreachable'; prometheus: string; cause: string }
  /** no answer within the adapter's timeout */
  | { code: 'timeout'; prometheus: string; afterMs: number }
  /** an answer that is not a success: its HTTP status, and Prometheus' own error where it gave one */
  | { code: 'error-answer'; prometheus: string; status: number; errorType?: string; error?: string }
  /** a success whose result Ferry cannot read */
  | { code: 'unreadable'; prometheus: string; resultType: string };

export interface HealthGatesPort {
  /** the configured queries, in order */
  readonly queries: readonly string[];
  /** every gate evaluated now (concurrently); never throws: a failure is an 'unknown' verdict */
  evaluate(): Promise<GateResult[]>;
}

/** How many series of a failed gate are kept in the record (the thread shows them, the count says the rest). */
export const GATE_SERIES_KEPT = 5;
