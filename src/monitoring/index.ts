import type { HealthGatesPort } from '../core/ports/health-gates.ts';
import type { SilencesPort } from '../core/ports/silences.ts';
import { AlertmanagerSilences } from './alertmanager.ts';
import { PrometheusGates } from './prometheus.ts';
import { readMonitoringSettings } from './settings.ts';

/** What the drains are gated by and silence with, read from the environment at start-up (strictly). */
export function monitoringFromEnv(env: NodeJS.ProcessEnv): {
  gates?: HealthGatesPort;
  silences?: SilencesPort;
} {
  const settings = readMonitoringSettings((name) => env[name]?.trim() || undefined);
  return {
    ...(settings.gates
      ? { gates: new PrometheusGates(settings.gates.prometheusUrl, settings.gates.queries) }
      : {}),
    ...(settings.silences
      ? {
          silences: new AlertmanagerSilences(
            settings.silences.alertmanagerUrl,
            settings.silences.matchers,
            settings.silences.leaseMs,
          ),
        }
      : {}),
  };
}
