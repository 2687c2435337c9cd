/** The chat edge's message builders, each with records that make it say hostile names (hostile-names.test.ts). */

import * as drainEditView from '../../src/chat/drain-edit-view.ts';
import * as drainHostView from '../../src/chat/drain-host-view.ts';
import * as drainPlanView from '../../src/chat/drain-plan-view.ts';
import * as droppedView from '../../src/chat/dropped-view.ts';
import * as evacuationProgress from '../../src/chat/evacuation-progress.ts';
import * as evacuationReport from '../../src/chat/evacuation-report.ts';
import * as evacuationView from '../../src/chat/evacuation-view.ts';
import * as hostcheckView from '../../src/chat/hostcheck-view.ts';
import * as maintenanceView from '../../src/chat/maintenance-view.ts';
import * as ownersView from '../../src/chat/owners-view.ts';
import * as planEditView from '../../src/chat/plan-edit-view.ts';
import * as render from '../../src/chat/render.ts';
import * as runDetail from '../../src/chat/run-detail.ts';
import * as runView from '../../src/chat/run-view.ts';
import * as stallView from '../../src/chat/stall-view.ts';
import type { PlanEdit } from '../../src/core/model/plan-edits.ts';
import type { StallDecision } from '../../src/core/model/stall-policy.ts';
import {
  evacuation,
  evacuationView_,
  HOST,
  lookup,
  move,
  outcome,
  outcomeFact,
  progress,
  REASON,
  report,
  requestView,
  run,
  SERVER,
  window,
} from '../helpers/hostile.ts';
import { drain, leftOutDrain, plan } from '../helpers/hostile-drain.ts';
import { DRAIN_BUILDERS } from './hostile-drain-builders.ts';
import * as drainCases from './hostile-drain-cases.ts';

/** Edits of a plan naming hostile hosts, projects and people. */
const HOSTILE_EDITS: PlanEdit[] = [
  { code: 'skip', serverId: SERVER, by: 'U_ALICE' },
  { code: 'skip-project', projectId: REASON, by: HOST },
  { code: 'force-cold', serverId: SERVER, by: 'U_ALICE' },
  { code: 'pin', serverId: SERVER, host: HOST, by: 'U_ALICE' },
];

/** A stall policy's decision whose rule names a hostile project, chosen otherwise by a hostile actor. */
const HOSTILE_STALL: StallDecision = {
  at: 0,
  deadline: 120_000,
  chosen: 'abort',
  rule: { kind: 'project', value: REASON },
  action: 'force-complete',
  overriddenBy: HOST,
  state: 'pending',
  failure: REASON,
};

/** Each builder with the records that make it say names, reasons and notes. */
export const BUILDERS: Record<string, Record<string, () => unknown[]>> = {
  ...DRAIN_BUILDERS,
  stallView: {
    stallWarning: () => [stallView.stallWarning(run('running'), 95_000, HOSTILE_STALL, '@oncall')],
    stallPolicyBlocks: () => [
      { blocks: stallView.stallPolicyBlocks(run('running'), HOSTILE_STALL, '@oncall') },
    ],
    stallStepMessage: () =>
      (
        ['overridden', 'acting', 'acted', 'failed', 'unknown', 'cold-started', 'cold-not-started'] as const
      ).map((step) => stallView.stallStepMessage(run('running'), step, HOSTILE_STALL, HOST)),
  },
  planEditView: {
    skippedByText: () => [
      planEditView.skippedByText({ code: 'skipped-by', by: 'U_ALICE', projectId: REASON }),
      planEditView.skippedByText({ code: 'skipped-by', by: HOST }),
    ],
    editsSection: () => [
      planEditView.editsSection(HOSTILE_EDITS, [{ serverId: SERVER, serverName: SERVER }]),
    ],
    editPlanModal: () => [
      planEditView.editPlanModal(evacuation('pending', 'planned', { edits: HOSTILE_EDITS }), 0, [HOST]),
    ],
  },
  drainEditView: {
    drainEditModal: () => {
      const request = drain('pending', 'planned');
      request.drain.edits = HOSTILE_EDITS;
      return [drainEditView.drainEditModal(request, plan, 0)];
    },
    drainEditLoading: () => [drainEditView.drainEditLoading(HOST)],
    drainEditFailed: () => [drainEditView.drainEditFailed(HOST)],
  },
  render: {
    code: () => [render.code(SERVER), render.code(HOST)],
    checkLines: () => [render.checkLines(move.plan.checks), render.checkLines(move.plan.checks, true)],
    requestCheckBlocks: () => [
      { blocks: render.requestCheckBlocks(move.plan.checks, 'pending', 0, 'UTC') },
      { blocks: render.requestCheckBlocks(move.plan.checks, 'approved', 0, 'UTC') },
    ],
    requestMessage: () => [render.requestMessage(move, requestView)],
    moveApproval: () => [render.moveApproval(move)],
  },
  runView: {
    progressText: () => [runView.progressText(run('running'), progress)],
    progressPost: () => [runView.progressPost(run('running'), progress).message],
    outcomeMessage: () => [
      runView.outcomeMessage(run('done'), outcome('failed')),
      runView.outcomeMessage(run('done'), outcomeFact('failed')),
    ],
    controlsMessage: () => [
      runView.controlsMessage(run('running'), '@oncall'),
      runView.controlsMessage(run('awaiting-confirmation'), '@oncall'),
    ],
    endedControls: () => [runView.endedControls(run('done'))],
    decidedControls: () => [
      runView.decidedControls(run('confirming'), 'confirming'),
      runView.decidedControls(run('reverting'), 'reverting'),
    ],
    evacuationStallMessage: () =>
      [{}, { drainId: 'd-1' }, { moveBack: true }].map((of) =>
        runView.evacuationStallMessage(run('running'), 95_000, '@oncall', undefined, 'UTC', {
          ...{ id: 'e-1', host: HOST },
          ...of,
        }),
      ),
    runSummaryLine: () => [
      runView.runSummaryLine(run('running')),
      runView.runSummaryLine(run('running'), { outage: { since: 0, status: 503 }, timeZone: 'UTC' }),
    ],
  },
  runDetail: {
    runDetail: () => [
      runDetail.runDetail(run('done'), move, 'UTC'),
      runDetail.runDetail({ ...run('done'), outcome: outcomeFact('failed') }, move, 'UTC'),
      runDetail.runDetail(run('running'), move, 'UTC', { since: 0, status: undefined }),
      // a control asked by someone, named as Slack gave their ID
      runDetail.runDetail(run('running'), move, 'UTC', null, [
        { at: 0, actor: SERVER, action: 'force-complete', subject: 'm-1' },
      ]),
    ],
  },
  drainPlanView: {
    drainPlanMessage: () => [
      drainPlanView.drainPlanMessage(plan, 'U_ALICE'),
      drainPlanView.drainPlanMessage(plan, 'U_ALICE', true),
    ],
  },
  evacuationProgress: {
    confirmPart: () => [evacuationProgress.confirmPart([SERVER, SERVER])],
    stalledPart: () => [evacuationProgress.stalledPart([SERVER, SERVER])],
  },
  drainHostView: {
    hostCheckFailsLine: drainCases.hostCheckFailsCases,
    hostEmptyMessage: () => [
      drainHostView.hostEmptyMessage(drain('approved', 'running'), HOST, '@oncall', lookup),
      drainHostView.hostEmptyMessage(
        (() => {
          const request = drain('approved', 'running');
          for (const host of request.drain.hosts) host.service = 'disabled-before';
          return request;
        })(),
        HOST,
        '@oncall',
        lookup,
      ),
    ],
    hostNotEmptyMessage: () => [
      drainHostView.hostNotEmptyMessage(
        drain('approved', 'running'),
        HOST,
        [SERVER],
        { code: 'not-moved', failed: [{ server: SERVER, outcome: outcome('failed') }] },
        '@oncall',
      ),
      // journaled before facts: a sentence
      drainHostView.hostNotEmptyMessage(
        drain('approved', 'running'),
        HOST,
        [SERVER],
        `${SERVER} failed`,
        '@oncall',
      ),
    ],
    answeredQuestion: () => [
      drainHostView.answeredQuestion(drain('approved', 'running'), HOST),
      drainHostView.answeredQuestion(drain('approved', 'done'), null),
    ],
    hostNote: () => drain('approved', 'running').drain.hosts.map((h) => drainHostView.hostNote(h, lookup)),
    hostBackLine: () => [drainHostView.hostBackLine(drain('approved', 'running'), HOST, 'U_BOB')],
    hostContinueLine: () => [drainHostView.hostContinueLine(HOST, 'U_BOB', 'U_CAROL')],
    hostSkippedLine: () => [drainHostView.hostSkippedLine(drain('approved', 'running'), HOST)],
    rebootAttentionText: () => [true, false].map((s) => drainHostView.rebootAttentionText(leftOutDrain(s))),
  },
  evacuationView: {
    itemLine: () =>
      evacuation('approved', 'running').evacuation.items.flatMap((item) => [
        evacuationView.itemLine(item),
        evacuationView.itemLine({ ...item, state: 'waiting' }, `waits for its server group "${REASON}"`),
      ]),
    evacuationMessage: () => [
      evacuationView.evacuationMessage(evacuation('pending', 'planned'), evacuationView_),
      evacuationView.evacuationMessage(evacuation('approved', 'running'), evacuationView_),
      evacuationView.evacuationMessage(
        evacuation('approved', 'running', { returnOf: 'e-0', drainId: 'd-0' }),
        evacuationView_,
      ),
      evacuationView.evacuationMessage(
        evacuation('approved', 'running', { drainId: 'd-0' }),
        evacuationView_,
      ),
    ],
    evacuationApproval: () => [
      evacuationView.evacuationApproval(evacuation('pending', 'planned')),
      evacuationView.evacuationApproval(evacuation('pending', 'planned', { disabledAlready: true })),
      evacuationView.evacuationApproval(
        evacuation('pending', 'planned', { disabledAlready: true, items: [] }),
      ),
      evacuationView.evacuationApproval(evacuation('pending', 'planned', { items: [] })),
    ],
    evacuationSummary: () => [evacuationView.evacuationSummary(evacuation('approved', 'running'))],
  },
  evacuationReport: {
    evacuationReport: () => [
      evacuationReport.evacuationReport(evacuation('approved', 'done')),
      evacuationReport.evacuationReport(evacuation('approved', 'done', { serviceDisabled: false })),
      evacuationReport.evacuationReport(evacuation('approved', 'done', { returnOf: 'e-0' })),
      evacuationReport.evacuationReport(evacuation('approved', 'done', { drainId: 'd-0' })),
      ...(['disabled', 'disabled-before', 'disabled-again', 'enabled'] as const).map((serviceAtEnd) =>
        evacuationReport.evacuationReport(evacuation('approved', 'done', { drainId: 'd-0', serviceAtEnd })),
      ),
      evacuationReport.evacuationReport(
        evacuation('approved', 'done'),
        evacuation('approved', 'done', { returnOf: 'e-0' }),
      ),
      ...(['pending', 'approved'] as const).map((status) =>
        evacuationReport.evacuationReport(
          evacuation('approved', 'done'),
          undefined,
          evacuation(status, 'running', { returnOf: 'e-0' }),
        ),
      ),
    ],
  },
  maintenanceView: {
    windowLine: () => [maintenanceView.windowLine(window, 'UTC')],
    reminderMessage: () => [
      maintenanceView.reminderMessage(window, {
        label: REASON,
        late: true,
        servers: 2,
        cannotLive: 1,
        timeZone: 'UTC',
      }),
      maintenanceView.reminderMessage(window, {
        label: '1h',
        late: false,
        servers: 0,
        cannotLive: 0,
        timeZone: 'UTC',
      }),
    ],
    digestMessage: () => [maintenanceView.digestMessage([window], [{ window, reason: REASON }], 'UTC')],
  },
  hostcheckView: {
    hostCheckMessage: () => [hostcheckView.hostCheckMessage(report, 'U_ALICE')],
    privateFindingsText: () => [hostcheckView.privateFindingsText(report)],
  },
  ownersView: {
    runApproved: () => [ownersView.runApproved(run('accepted'), 'U_ALICE', 'U_BOB', HOST)],
    runEnded: () => [
      ownersView.runEnded(run('done'), 'completed', `${SERVER} moved`, 1),
      ownersView.runEnded(run('done'), 'failed', `${SERVER} failed`, 1),
    ],
    evacuationStarted: () => {
      const request = evacuation('approved', 'running');
      return [
        ownersView.evacuationStarted(request, request.evacuation.items, HOST),
        ownersView.evacuationStarted(
          evacuation('approved', 'running', { returnOf: 'e-0' }),
          request.evacuation.items,
          undefined,
        ),
      ];
    },
    evacuationEnded: () => {
      const request = evacuation('approved', 'done');
      return [ownersView.evacuationEnded(request, request.evacuation.items, 10)];
    },
  },
  droppedView: {
    destinationDroppedMessage: () => [
      droppedView.destinationDroppedMessage({
        kind: 'evacuation.destination-dropped',
        request: evacuation('approved', 'running'),
        host: HOST,
        why: { code: 'disabled', reason: REASON },
        servers: [SERVER],
        replanned: [{ server: SERVER, host: HOST }],
      }),
      // journaled before facts: a sentence
      droppedView.destinationDroppedMessage({
        kind: 'evacuation.destination-dropped',
        request: evacuation('approved', 'running'),
        host: HOST,
        why: REASON,
        servers: [SERVER],
        replanned: [{ server: SERVER, host: HOST }],
      }),
    ],
    serverUnreadableMessage: () => [
      droppedView.serverUnreadableMessage({
        kind: 'evacuation.server-unreadable',
        request: evacuation('approved', 'running'),
        server: SERVER,
        status: 500,
        cloudText: REASON,
        novaRequestId: REASON,
      }),
      droppedView.serverUnreadableMessage({
        kind: 'evacuation.server-unreadable',
        request: evacuation('approved', 'running'),
        server: SERVER,
        status: 500,
        cloudText: null,
      }),
    ],
  },
};
