import { Counter, Histogram, type Registry } from 'prom-client';
import type { GateResult } from '../core/ports/health-gates.ts';
import type { SilencesPort } from '../core/ports/silences.ts';

/**
 * #30 on GET /metrics: how long each health gate took to answer (by verdict), and the silences Ferry
 * asked Alertmanager for (by action and outcome).
 */
export class MonitoringMetrics {
  private readonly gateSeconds: Histogram<'verdict'>;
  private readonly silenceCalls: Counter<'action' | 'outcome'>;

  constructor(registry: Registry) {
    // one registry may serve several Ferrys (replicas in one process, a restart): registered once
    this.gateSeconds =
      (registry.getSingleMetric('ferry_drain_gate_seconds') as Histogram<'verdict'>) ??
      new Histogram({
        name: 'ferry_drain_gate_seconds',
        help: 'Time one health gate (FERRY_GATES) took to answer before a drain step, by verdict',
        labelNames: ['verdict'],
        buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
        registers: [registry],
      });
    this.silenceCalls =
      (registry.getSingleMetric('ferry_drain_silence_calls_total') as Counter<'action' | 'outcome'>) ??
      new Counter({
        name: 'ferry_drain_silence_calls_total',
        help: 'Alertmanager silences Ferry created, extended, expired or looked up, by outcome',
        labelNames: ['action', 'outcome'],
        registers: [registry],
      });
  }

  gatesEvaluated(results: GateResult[]): void {
    for (const result of results) this.gateSeconds.observe({ verdict: result.verdict }, result.tookMs / 1000);
  }

  /** The same silences, each call counted. */
  counted(silences: SilencesPort): SilencesPort {
    const count = async <T>(action: string, call: () => Promise<T>): Promise<T> => {
      try {
        const answer = await call();
        this.silenceCalls.inc({ action, outcome: 'ok' });
        return answer;
      } catch (error) {
        this.silenceCalls.inc({ action, outcome: 'error' });
        throw error;
      }
    };
    return {
      leaseMs: silences.leaseMs,
      where: silences.where,
      matchers: silences.matchers,
      find: (host, comment) => count('find', () => silences.find(host, comment)),
      create: (host, comment) => count('create', () => silences.create(host, comment)),
      extend: (id, host, comment) => count('extend', () => silences.extend(id, host, comment)),
      expire: (id) => count('expire', () => silences.expire(id)),
    };
  }
}
