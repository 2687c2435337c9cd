import type { DrainPlan, DrainPlanWarnings } from '../model/drain.ts';
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

/** What the plan says of whether they answer now (absent: not asked). */
type Reach = Pick<DrainMonitoringPlan, 'unanswered' | 'silencesTrouble'>;

/** The plan with what its monitoring will be (unchanged when none is configured), and whether it answered. */
export function withMonitoring(
  plan: DrainPlan,
  ports: { gates?: HealthGatesPort | undefined; silences?: SilencesPort | undefined },
  reach: Reach = {},
): DrainPlan {
  const monitoring = monitoringPlan(ports);
  return monitoring ? { ...plan, monitoring: { ...monitoring, ...reach } } : plan;
}

/**
 * Asked while a drain is planned: does Prometheus give each gate a verdict, does Alertmanager answer?
 * One that does not would hold the first step (a gate) or leave hosts unsilenced: the plan warns.
 * A gate that returns series now is no warning here: it holds the step until it passes, as planned.
 */
export async function monitoringReach(ports: {
  gates?: HealthGatesPort | undefined;
  silences?: SilencesPort | undefined;
}): Promise<Reach> {
  const [gates, silencesTrouble] = await Promise.all([
    ports.gates?.queries.length ? ports.gates.evaluate() : [],
    // a look-up of a silence no one has: read only, it answers only if Alertmanager does
    ports.silences?.find('', 'ferry-plan-probe').then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    ),
  ]);
  const unanswered = gates.filter((result) => result.verdict === 'unknown');
  return {
    ...(unanswered.length ? { unanswered } : {}),
    ...(silencesTrouble ? { silencesTrouble } : {}),
  };
}

/**
 * The plan's warnings, for its request: what the plan shows with ⚠️ (a gate without a verdict, an
 * Alertmanager not answering, a host to be rebooted whose host check fails already). None: undefined.
 */
export function planWarnings(plan: DrainPlan): DrainPlanWarnings | undefined {
  const unanswered = (plan.monitoring?.unanswered ?? []).filter((result) => result.verdict === 'unknown');
  const silencesTrouble = plan.monitoring?.silencesTrouble;
  // Ferry reboots no host someone else disabled before the drain: its host check is not a warning
  const rebooted = plan.steps.flatMap((step) =>
    step.hosts.filter((h) => !h.disabledBefore).map((h) => h.host),
  );
  const checkFailing = Object.entries(plan.reboot?.checkFailing ?? {}).filter(([host]) =>
    rebooted.includes(host),
  );
  const warnings: DrainPlanWarnings = {
    ...(unanswered.length ? { unanswered } : {}),
    ...(silencesTrouble ? { silencesTrouble } : {}),
    ...(checkFailing.length ? { checkFailing: Object.fromEntries(checkFailing) } : {}),
  };
  return Object.keys(warnings).length ? warnings : undefined;
}
