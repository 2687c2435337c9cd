/** What the hostile-names test knows of the chat edge's files and exports that are not view builders. */

/**
 * Exports that put no name of their own into a message: building blocks handed text already escaped
 * (section, context, button…), and numbers, times and fixed words.
 */
export const NOT_BUILDERS = new Set([
  'render.escapeMrkdwn',
  'render.section',
  'render.context',
  'render.button',
  'render.approvalActions',
  'render.sectionsOf',
  'render.modeLabel',
  'render.checkTally',
  'runView.progressBar',
  'render.clockTime',
  'render.capitalise',
  'drainView.drainMoves',
  'drainView.drainEta',
  'evacuationView.verdictOf',
  'evacuationView.counts',
  'evacuationView.tally',
  'evacuationView.evacuationEta',
  'evacuationView.evacuationProgressLine',
  'maintenanceView.windowSpan',
]);

/** The chat edge's files that build messages inline (not as exported builders): covered by the flow below. */
export const BUILT_IN_FLOW = new Set([
  'actions.ts',
  'approvers.ts',
  'command.ts',
  'drain-flow.ts',
  'drain-questions.ts',
  'evacuation-moves.ts',
  'explain.ts',
  'fake-slack.ts',
  'fake-slack-history.ts',
  'fake-slack-pace.ts',
  'flow.ts',
  'home.ts',
  'languages.ts',
  'names.ts',
  'outbox-port.ts',
  'owners.ts',
  'places.ts',
  'poster.ts',
  'outbox-client.ts',
  'recovery.ts',
  'redacting-logger.ts',
  'reporter.ts',
  'request-guard.ts',
  'services.ts',
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
