import { rebootedByFerry } from '../core/drain/hosts.ts';
import type { DrainHostPhase, RunRecord } from '../core/model/records.ts';
import type { RunState } from '../core/model/run-facts.ts';
import type { RequestsPort } from '../core/ports/requests.ts';
import type { RunsPort } from '../core/ports/runs.ts';
import { t } from '../i18n/index.ts';
import { drainQuestion } from '../messages/drain-waits.ts';
import { stateWord } from '../messages/states.ts';
import { drainsWaitingForPerson } from './drain-waiting.ts';

/**
 * When the console ends (piped input ended, once it waited for what runs; or someone typed exit):
 * what Ferry stops watching, in what state, and what becomes of it (no line when nothing is). What
 * waits for a person is said with what it waits for, not as running: nothing goes on in the cloud for
 * it until someone answers, and a drain takes it up again from its record at the next start.
 * `lead`: how the console ended ("Input ended", "Leaving").
 */
export function stillInFlight({
  store,
  sandbox,
  lead,
  autoConfirm,
}: {
  store: Pick<RunsPort, 'activeRuns'> & Pick<RequestsPort, 'evacuations' | 'drains' | 'pendingRequests'>;
  sandbox?: unknown;
  lead: string;
  /** FERRY_COLD_CONFIRM=auto: a cold move in VERIFY_RESIZE is Ferry's to confirm, nobody's to press */
  autoConfirm?: boolean;
}): string[] {
  const runs = store.activeRuns();
  const asks = (run: RunRecord) => run.state === 'awaiting-confirmation' && !autoConfirm;
  const drains = store.drains().filter((d) => d.status === 'approved' && d.drain.phase !== 'done');
  const waiting = [
    ...runs.flatMap((run) => (asks(run) ? [t`${run.id} waits for someone to press Confirm or Revert`] : [])),
    ...drainsWaitingForPerson(drains),
  ];
  const inFlight = [
    ...runs
      .filter((run) => !asks(run))
      .map((run) => t`${run.serverName} (${run.id}, ${runStage(run.state)})`),
    ...store
      .evacuations()
      .filter((e) => e.status === 'approved' && ['running', 'stopping'].includes(e.evacuation.phase))
      .map((e) => t`${e.id} (${stateWord(e.evacuation.phase)})`),
    // a drain with a question may still move another host of its step: that goes on, and is said too
    ...drains
      .filter(
        (d) =>
          !drainQuestion(d) || d.drain.hosts.some((host) => BUSY.has(host.phase) || rebootedByFerry(d, host)),
      )
      .map((d) => t`${d.id} (${stateWord(d.drain.phase)})`),
  ];
  // asked and not yet approved: nothing was requested of the cloud for them
  const pending = store.pendingRequests().map((request) => request.id);
  const lines = [
    ...(inFlight.length === 0
      ? []
      : [
          sandbox
            ? t`${lead}; Ferry stops watching ${inFlight.join(t`, `)}.`
            : t`${lead}; Ferry stops watching ${inFlight.join(t`, `)}. They go on in the cloud; Ferry watches them again at its next start.`,
        ]),
    ...waiting.map((what) =>
      sandbox
        ? t`${lead}; ${what}.`
        : t`${lead}; ${what}. It waits in Ferry's records: at its next start Ferry takes it up where it is.`,
    ),
    ...(pending.length === 0
      ? []
      : [
          t`${lead}; waiting for approval: ${pending.join(t`, `)}. Nothing was asked of the cloud for them; they stay in Ferry's records and can still be approved after its next start, until they expire (FERRY_APPROVAL_TTL after they were asked).`,
        ]),
  ];
  // said once, after all of it
  if (sandbox && lines.length)
    lines.push(
      inFlight.length
        ? t`The built-in sandbox cloud stops with the console, so what Ferry stops watching ends with it; Ferry says what it finds when it starts again.`
        : t`The built-in sandbox cloud stops with the console; Ferry says what it finds when it starts again.`,
    );
  return lines;
}

/** Where a move Ferry stops watching stands, in words rather than its state's name. */
function runStage(state: RunState): string {
  switch (state) {
    case 'starting':
      return t`being asked of Nova`;
    case 'accepted':
    case 'queued':
    case 'preparing':
      return t`accepted by Nova, not started yet`;
    case 'awaiting-confirmation':
      return t`in VERIFY_RESIZE: Ferry confirms it once its proofs pass`;
    case 'confirming':
      return t`being confirmed`;
    case 'reverting':
      return t`being reverted`;
    default:
      return t`under way`;
  }
}

/** A drain host's phases in which Ferry (or the cloud) is at work on it, not a person. */
const BUSY = new Set<DrainHostPhase>(['evacuating', 'coming-back', 'returning']);
