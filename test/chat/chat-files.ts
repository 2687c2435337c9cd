/** What the hostile-names test knows of the chat edge's files and exports that are not view builders. */

import * as drainEditView from '../../src/chat/drain-edit-view.ts';
import * as drainFigures from '../../src/chat/drain-figures.ts';
import * as drainGatesView from '../../src/chat/drain-gates-view.ts';
import * as drainHostView from '../../src/chat/drain-host-view.ts';
import * as drainPlanView from '../../src/chat/drain-plan-view.ts';
import * as drainReportView from '../../src/chat/drain-report-view.ts';
import * as drainStatus from '../../src/chat/drain-status.ts';
import * as drainView from '../../src/chat/drain-view.ts';
import * as droppedView from '../../src/chat/dropped-view.ts';
import * as evacuationProgress from '../../src/chat/evacuation-progress.ts';
import * as evacuationReport from '../../src/chat/evacuation-report.ts';
import * as evacuationView from '../../src/chat/evacuation-view.ts';
import * as forceWords from '../../src/chat/force-words.ts';
import * as homeDrains from '../../src/chat/home-drains.ts';
import * as hostcheckView from '../../src/chat/hostcheck-view.ts';
import * as maintenanceView from '../../src/chat/maintenance-view.ts';
import * as ownersView from '../../src/chat/owners-view.ts';
import * as planEditView from '../../src/chat/plan-edit-view.ts';
import * as render from '../../src/chat/render.ts';
import * as runDetail from '../../src/chat/run-detail.ts';
import * as runView from '../../src/chat/run-view.ts';
import * as stallView from '../../src/chat/stall-view.ts';

/**
 * Exports that put no name of their own into a message: building blocks handed text already escaped
 * (section, context, button…), and numbers, times and fixed words.
 */
export const NOT_BUILDERS = new Set([
  // parts of the Edit plan dialogs, whose builders (editPlanModal, drainEditModal) are tested whole
  'planEditView.option',
  'planEditView.projectsInput',
  'render.escapeMrkdwn',
  'render.escapeNamingPeople',
  'render.section',
  'render.context',
  'render.button',
  'render.approvalActions',
  'render.sectionsOf',
  'render.modeLabel',
  'render.checkTally',
  'drainPlanView.serversAfter',
  'runView.progressBar',
  'runView.outcomeIcon',
  'runView.outageWords',
  // a run's state word and the progress read in it, shown whole by runSummaryLine and the status line
  'runView.runStage',
  // the Abort dialog's words, built whole by evacuationStallMessage
  'runView.abortWords',
  // the Force complete dialog's words and the stall warnings' clause, built whole by controlsMessage,
  // stallWarning and evacuationStallMessage
  'forceWords.forceWords',
  'forceWords.forcePauseClause',
  'render.clockTime',
  'render.capitalise',
  'render.actorText',
  'render.destinationText',
  'drainFigures.drainMoves',
  'drainFigures.latestItems',
  'drainFigures.drainEta',
  'drainFigures.drainOutcomes',
  'drainFigures.drainLandings',
  'drainFigures.homeByLaterStep',
  'evacuationView.verdictOf',
  'evacuationProgress.stageOf',
  'evacuationProgress.counts',
  'evacuationProgress.tally',
  'evacuationProgress.unknownPart',
  // a count's words and whether a revert was a person's: shown whole by tally and the progress line
  'evacuationProgress.revertedPart',
  'evacuationProgress.revertedByPerson',
  'evacuationProgress.evacuationEta',
  'evacuationProgress.evacuationProgressLine',
  // the names of the servers whose cold move waits: shown by confirmPart, which escapes them
  'evacuationProgress.waitingForConfirm',
  'maintenanceView.windowSpan',
  'planEditView.editPlanButton',
  'planEditView.editsFromForm',
  'planEditView.formErrors',
  'drainEditView.drainEditButton',
  'drainHostView.hostSays',
  // a step's number only, no name from outside
  'drainHostView.stepDroppedLine',
  'drainEditView.drainEditPage',
  'drainEditView.drainEditsFromForm',
  'stallView.stallChoiceValue',
  'stallView.policySpeaks',
  // which drains App Home lists as moving and which as waiting: records, shown by waitingDrainLine
  'homeDrains.homeDrains',
  // which moves and evacuations App Home lists as waiting for a person, and whose: records and names,
  // shown by runSummaryLine, evacuationProgressLine and stalledPart, which escape them
  'homeDrains.personWait',
  'homeDrains.waitingOf',
  'homeDrains.homeRuns',
  'homeDrains.homeEvacuations',
  // the servers whose cold move waits: names for drainStatus, which escapes them
  'drainStatus.drainWaitsForConfirm',
]);

/** The chat edge's files that build messages inline (not as exported builders): covered by the flow below. */
export const BUILT_IN_FLOW = new Set([
  'approval-news.ts',
  'approvals.ts',
  'approvers.ts',
  'buttons.ts',
  'command.ts',
  'drain-edits.ts',
  'drain-questions.ts',
  'evacuation-moves.ts',
  'explain.ts',
  'fake-slack.ts',
  'fake-slack-history.ts',
  'fake-slack-pace.ts',
  'home.ts',
  'languages.ts',
  'maintenance-input.ts',
  'names.ts',
  'options.ts',
  'owners.ts',
  'plan-edits.ts',
  'progress-pace.ts',
  'poster.ts',
  'post-options.ts',
  'poster-wiring.ts',
  'outbox-client.ts',
  'outbox-send.ts',
  'outbox-waiters.ts',
  'recovery.ts',
  'redacting-logger.ts',
  'drain-reports.ts',
  'reporter.ts',
  'request-guard.ts',
  'services.ts',
  'shown-request.ts',
  'slack-app.ts',
  'slack-lookup.ts',
  'slack-pace.ts',
  'slack-verdict.ts',
  'status-server.ts',
  'store-notices.ts',
  'threads.ts',
  'journal-teller.ts',
  'window-reports.ts',
]);

/** The chat edge's view files, each by the name its module has in MODULES. */
export const VIEW_FILES: Record<string, string> = {
  'render.ts': 'render',
  'run-view.ts': 'runView',
  'run-detail.ts': 'runDetail',
  'drain-view.ts': 'drainView',
  'drain-report-view.ts': 'drainReportView',
  'drain-figures.ts': 'drainFigures',
  'drain-host-view.ts': 'drainHostView',
  'drain-plan-view.ts': 'drainPlanView',
  'evacuation-view.ts': 'evacuationView',
  'evacuation-progress.ts': 'evacuationProgress',
  'evacuation-report.ts': 'evacuationReport',
  'maintenance-view.ts': 'maintenanceView',
  'hostcheck-view.ts': 'hostcheckView',
  'owners-view.ts': 'ownersView',
  'dropped-view.ts': 'droppedView',
  'plan-edit-view.ts': 'planEditView',
  'drain-edit-view.ts': 'drainEditView',
  'drain-gates-view.ts': 'drainGatesView',
  'stall-view.ts': 'stallView',
  'force-words.ts': 'forceWords',
  'home-drains.ts': 'homeDrains',
  'drain-status.ts': 'drainStatus',
};

/** Every view module, by its name in VIEW_FILES: the test lists their exported functions. */
export const MODULES: Record<string, Record<string, unknown>> = {
  render,
  runView,
  runDetail,
  drainHostView,
  drainPlanView,
  drainView,
  drainReportView,
  drainFigures,
  evacuationView,
  evacuationProgress,
  evacuationReport,
  maintenanceView,
  hostcheckView,
  ownersView,
  droppedView,
  planEditView,
  drainEditView,
  drainGatesView,
  stallView,
  forceWords,
  homeDrains,
  drainStatus,
};
