/** The drain's message builders, each with records that make it say hostile names (hostile-names.test.ts; BUILDERS holds them too). */

import * as drainGatesView from '../../src/chat/drain-gates-view.ts';
import * as drainReportView from '../../src/chat/drain-report-view.ts';
import * as drainStatus from '../../src/chat/drain-status.ts';
import * as drainView from '../../src/chat/drain-view.ts';
import * as homeDrains from '../../src/chat/home-drains.ts';
import { drainQuestion } from '../../src/messages/drain-waits.ts';
import { check, drainView_, HOST, lookup, REASON, SERVER } from '../helpers/hostile.ts';
import { drain } from '../helpers/hostile-drain.ts';
import * as drainCases from './hostile-drain-cases.ts';

/** The drain's builders, split from hostile-builders.ts by size. */
export const DRAIN_BUILDERS: Record<string, Record<string, () => unknown[]>> = {
  drainGatesView: {
    gateHeldMessage: () => [
      drainGatesView.gateHeldMessage(drain('approved', 'running'), [
        {
          query: REASON,
          verdict: 'fail',
          series: [{ labels: { host: HOST }, value: REASON }],
          total: 9,
          tookMs: 1,
        },
        { query: HOST, verdict: 'unknown', error: REASON, tookMs: 1 },
        ...drainCases.unknownGates(),
      ]),
    ],
    gateHeldStatus: drainCases.gateHeldStatusCases,
    gatePassedLine: () => [
      drainGatesView.gatePassedLine(drain('approved', 'running'), HOST),
      drainGatesView.gatePassedLine(drain('approved', 'running'), undefined),
    ],
    silenceNote: () =>
      (['active', 'asking', 'failed', 'expired'] as const).map((state) =>
        drainGatesView.silenceNote({
          host: HOST,
          serviceId: null,
          phase: 'empty',
          evacuationIds: [],
          silence: { state, comment: REASON, id: REASON, error: REASON, at: 0 },
        }),
      ),
    silenceTroubleLine: () => [drainGatesView.silenceTroubleLine(HOST, REASON)],
    monitoringPlanLines: drainCases.monitoringPlanCases,
    monitoringWarningLines: drainCases.monitoringWarningCases,
  },
  drainView: {
    drainMessage: () => [
      ...(['pending', 'approved', 'dry-run'] as const).map((status) =>
        drainView.drainMessage(drain(status, 'running'), drainView_),
      ),
      drainView.drainMessage(drainCases.rebootFailed(), drainView_),
    ],
    drainApproval: () => [drainView.drainApproval(drain('pending', 'planned'))],
    drainHeldMessage: drainCases.heldMessageCases,
    drainLine: () => [drainView.drainLine(drain('approved', 'running'), 'UTC')],
    drainEndLine: () => [drainView.drainEndLine(drain('approved', 'done'), 'UTC')],
  },
  drainStatus: {
    // every phase, with a cold move waiting for a person; held by nova-compute down on a hostile host
    drainStatus: () =>
      (['planned', 'running', 'paused', 'held', 'stopping', 'done'] as const).map((phase) => {
        const request = drain('approved', phase);
        request.drain.held = {
          at: 0,
          fingerprint: 'f',
          failed: [{ ...check('fail'), fact: { code: 'drain-hosts-down', hosts: [HOST] } }],
        };
        return drainStatus.drainStatus(request, '<@U_BOB>', '10:00 UTC', 'UTC', [SERVER]);
      }),
  },
  homeDrains: {
    // what it waits for names its hosts and servers; where names its channel
    waitingDrainLine: () => {
      const waiting = drain('approved', 'running');
      const question = drainQuestion(waiting, [SERVER], [SERVER]) ?? '';
      return [homeDrains.waitingDrainLine({ drain: waiting, question }, REASON)];
    },
  },
  drainReportView: {
    drainReport: () => [
      drainReportView.drainReport(drain('approved', 'done'), lookup),
      drainReportView.drainReport(drainCases.rebootFailed(), lookup),
    ],
    hostDoneLine: () => {
      // a host someone else disabled before the drain, left so: their reason in the line, hostile
      const before = drain('approved', 'running');
      before.drain.hosts = before.drain.hosts.map((h) => ({
        ...h,
        leftDisabled: true,
        disabledReason: REASON,
      }));
      return [
        drainReportView.hostDoneLine(drain('approved', 'running'), HOST, lookup),
        drainReportView.hostDoneLine(before, HOST, lookup),
      ];
    },
  },
};
