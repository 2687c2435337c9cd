import { stateWord } from '../core/states.ts';
import type { StorePort } from '../core/store-port.ts';
import { t } from '../i18n/index.ts';

/**
 * At the end of piped input, once the console waited for what runs: what Ferry stops watching, in
 * what state, and what becomes of it (no line when nothing is).
 */
export function stillInFlight({
  store,
  sandbox,
}: {
  store: Pick<StorePort, 'activeRuns' | 'evacuations' | 'drains'>;
  sandbox?: unknown;
}): string[] {
  const inFlight = [
    ...store.activeRuns().map((run) => `${run.id} (${stateWord(run.state)})`),
    ...store
      .evacuations()
      .filter((e) => e.status === 'approved' && ['running', 'stopping'].includes(e.evacuation.phase))
      .map((e) => `${e.id} (${stateWord(e.evacuation.phase)})`),
    ...store
      .drains()
      .filter((d) => d.status === 'approved' && d.drain.phase !== 'done')
      .map((d) => `${d.id} (${stateWord(d.drain.phase)})`),
  ];
  if (inFlight.length === 0) return [];
  return [
    sandbox
      ? t`Input ended; Ferry stops watching ${inFlight.join(t`, `)}. The built-in sandbox cloud stops with the console, so they end with it; Ferry says what it finds when it starts again.`
      : t`Input ended; Ferry stops watching ${inFlight.join(t`, `)}. They go on in the cloud; Ferry watches them again at its next start.`,
  ];
}
