import * as drainGatesView from '../../src/chat/drain-gates-view.ts';
import * as drainHostView from '../../src/chat/drain-host-view.ts';
import * as drainView from '../../src/chat/drain-view.ts';
import * as render from '../../src/chat/render.ts';
import type { MissingRoom } from '../../src/core/model/drain.ts';
import type { GateResult, GateTrouble } from '../../src/core/ports/health-gates.ts';
import { check, factCheck, HOST, REASON } from '../helpers/hostile.ts';
import { drain, plan } from '../helpers/hostile-drain.ts';

/** Drain records for hostile-builders.ts: health gates without a verdict, reboots that failed. */

/** Why a gate has no verdict, with hostile text wherever Prometheus or the system put some. */
const HOSTILE_TROUBLES: GateTrouble[] = [
  { code: 'unreachable', prometheus: HOST, cause: REASON },
  { code: 'timeout', prometheus: HOST, afterMs: 5_000 },
  { code: 'error-answer', prometheus: HOST, status: 503, errorType: REASON, error: REASON },
  { code: 'error-answer', prometheus: HOST, status: 502 },
  { code: 'unreadable', prometheus: HOST, resultType: REASON },
];

/** Gates without a verdict, one per trouble, each naming a hostile host as its query. */
export const unknownGates = (): GateResult[] =>
  HOSTILE_TROUBLES.map((trouble) => ({ query: HOST, verdict: 'unknown', trouble, tookMs: 1 }));

/** The plan's health gates and silences, every configured text hostile. */
export const monitoringPlanCases = (): unknown[] =>
  drainGatesView.monitoringPlanLines({
    gates: [REASON, `up{instance="${HOST}"} == 0`],
    silences: { alertmanager: HOST, matchers: [`instance=~"${REASON}"`], leaseMs: 300_000 },
  });

/** The plan's warnings, as the plan and the approval say them: gates without a verdict, Alertmanager's trouble. */
export const monitoringWarningCases = (): unknown[] =>
  drainGatesView.monitoringWarningLines({ unanswered: unknownGates(), silencesTrouble: REASON });

/** The drain's message while gates hold it: one legacy hold, one of every trouble. */
export function gateHeldStatusCases(): unknown[] {
  return [
    drainGatesView.gateHeldStatus(
      {
        step: 0,
        since: 0,
        at: 0,
        results: [{ query: REASON, verdict: 'unknown', error: REASON, tookMs: 1 }],
      },
      // who approved, as the drain's message writes it: already mrkdwn
      render.escapeMrkdwn(REASON),
    ),
    drainGatesView.gateHeldStatus(
      { step: 1, since: 0, at: 0, results: unknownGates() },
      render.escapeMrkdwn(HOST),
    ),
  ];
}

/** A --reboot drain whose empty hosts failed their reboot check, with errors naming Slack's specials. */
export function rebootFailed() {
  const record = drain('approved', 'running');
  record.drain.reboot = { maxFailures: 1, order: 'named', onKernel: [] };
  record.drain.hosts.push(
    ...[
      { code: 'not-sent' as const, error: REASON },
      { code: 'unreadable' as const, error: REASON },
      { code: 'kernel-mismatch' as const, want: REASON, got: HOST },
      {
        code: 'not-back' as const,
        waitedMs: 1,
        bmcTried: true,
        seen: { code: 'hostcheck-failing' as const, findings: [REASON] },
      },
    ].map((failure) => ({
      host: HOST,
      serviceId: 's',
      phase: 'empty' as const,
      evacuationIds: [],
      reboot: { attempts: [], failure },
    })),
  );
  return record;
}

/** A host enabled again whose host check fails: a check kept as words and one kept as a fact. */
export const hostCheckFailsCases = (): unknown[] => [
  drainHostView.hostCheckFailsLine(HOST, [check('fail'), factCheck('fail')]),
];

/** A held drain's post: its hold kept as sentences (before facts), and as facts. */
export const heldMessageCases = (): unknown[] => {
  // written before facts: sentences
  const legacy = drain('approved', 'held');
  const held = {
    at: 0,
    fingerprint: 'g',
    failed: [check('fail')],
    missingAt: [{ step: 1, missing: plan.steps[0]?.missing[0] as MissingRoom }],
  };
  return [
    drainView.drainHeldMessage(legacy, plan),
    drainView.drainHeldMessage({ ...legacy, drain: { ...legacy.drain, held } }, plan),
  ];
};
