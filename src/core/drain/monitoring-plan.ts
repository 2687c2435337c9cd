import type { DrainPlan } from '../model/drain.ts';
import type { DrainMonitoringPlan } from '../model/drain-monitoring.ts';
import type { HealthGatesPort } from '../ports/health-gates.ts';
import type { SilencesPort } from '../ports/silences.ts';

/**
 * #30: what a drain's plan says of its monitoring, so that the one approval covers it: the health
 * gates that will hold each step (FERRY_GATES) and the silence each host gets while it is out of
 * service (FERRY_ALERTMANAGER_URL, FERRY_SILENCE_MATCHERS, the lease). Neither configured: nothing.
 */
export function monitoringPlan(ports: {
  gates?: HealthGatesPort | undefined;
  silences?: SilencesPort | undefined;
}): DrainMonitoringPlan | undefined {
  const gates = ports.gates?.queries ?? [];
  const silences = ports.silences;
  if (gates.length === 0 && !silences) return undefined;
  return {
    gates: [...gates],
    ...(silences
      ? {
          silences: {
            alertmanager: silences.where,
            matchers: [...silences.matchers],
            leaseMs: silences.leaseMs,
          },
        }
      : {}),
  };
}

/** The plan with what its monitoring will be (unchanged when none is configured). */
export function withMonitoring(
  plan: DrainPlan,
  ports: { gates?: HealthGatesPort | undefined; silences?: SilencesPort | undefined },
): DrainPlan {
  const monitoring = monitoringPlan(ports);
  return monitoring ? { ...plan, monitoring } : plan;
}
