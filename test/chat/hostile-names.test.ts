import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import * as drainHostView from '../../src/chat/drain-host-view.ts';
import * as drainPlanView from '../../src/chat/drain-plan-view.ts';
import * as drainView from '../../src/chat/drain-view.ts';
import * as droppedView from '../../src/chat/dropped-view.ts';
import * as evacuationReport from '../../src/chat/evacuation-report.ts';
import * as evacuationView from '../../src/chat/evacuation-view.ts';
import * as hostcheckView from '../../src/chat/hostcheck-view.ts';
import * as maintenanceView from '../../src/chat/maintenance-view.ts';
import * as ownersView from '../../src/chat/owners-view.ts';
import * as render from '../../src/chat/render.ts';
import * as runView from '../../src/chat/run-view.ts';
import { messageToText } from '../../src/console/blocks-to-text.ts';
import { inLanguage } from '../../src/i18n/index.ts';
import {
  drain,
  drainView_,
  ESCAPED,
  evacuation,
  evacuationView_,
  HOST,
  lookup,
  move,
  mrkdwnOf,
  outcome,
  plan,
  progress,
  REASON,
  report,
  requestView,
  run,
  SERVER,
  unescaped,
  window,
} from '../helpers/hostile.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import {
  appHomeOpened,
  buttonValue,
  CHANNEL,
  type SlackHarness,
  slackHarness,
  waitFor,
} from '../helpers/slack.ts';
import { BUILT_IN_FLOW, NOT_BUILDERS } from './chat-files.ts';

/** Each builder with the records that make it say names, reasons and notes. */
const BUILDERS: Record<string, Record<string, () => unknown[]>> = {
  render: {
    code: () => [render.code(SERVER), render.code(HOST)],
    checkLines: () => [render.checkLines(move.plan.checks)],
    requestMessage: () => [render.requestMessage(move, requestView)],
    moveApproval: () => [render.moveApproval(move)],
    failuresMessage: () => [render.failuresMessage(move.plan.checks)],
  },
  runView: {
    progressText: () => [runView.progressText(run('running'), progress)],
    progressPost: () => [runView.progressPost(run('running'), progress).message],
    outcomeMessage: () => [runView.outcomeMessage(run('done'), outcome('failed'))],
    controlsMessage: () => [
      runView.controlsMessage(run('running'), '@oncall'),
      runView.controlsMessage(run('awaiting-confirmation'), '@oncall'),
    ],
    endedControls: () => [runView.endedControls(run('done'))],
    evacuationStallMessage: () => [runView.evacuationStallMessage(run('running'), 95_000, '@oncall')],
    runSummaryLine: () => [
      runView.runSummaryLine(run('running')),
      runView.runSummaryLine(run('running'), { outage: { since: 0, status: 503 }, timeZone: 'UTC' }),
    ],
    runDetail: () => [
      runView.runDetail(run('done'), move, 'UTC'),
      runView.runDetail(run('running'), move, 'UTC', { since: 0, status: undefined }),
    ],
  },
  drainPlanView: {
    drainPlanMessage: () => [
      drainPlanView.drainPlanMessage(plan, 'U_ALICE'),
      drainPlanView.drainPlanMessage(plan, 'U_ALICE', true),
    ],
  },
  drainHostView: {
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
        `${SERVER} failed`,
        '@oncall',
      ),
    ],
    answeredQuestion: () => [
      drainHostView.answeredQuestion(drain('approved', 'running'), HOST),
      drainHostView.answeredQuestion(drain('approved', 'done'), null),
    ],
    hostNote: () => drain('approved', 'running').drain.hosts.map(drainHostView.hostNote),
    hostBackLine: () => [drainHostView.hostBackLine(drain('approved', 'running'), HOST, 'U_BOB')],
    hostContinueLine: () => [drainHostView.hostContinueLine(HOST, 'U_BOB', 'U_CAROL')],
    hostSkippedLine: () => [drainHostView.hostSkippedLine(drain('approved', 'running'), HOST)],
  },
  drainView: {
    drainMessage: () =>
      (['pending', 'approved', 'dry-run'] as const).map((status) =>
        drainView.drainMessage(drain(status, 'running'), drainView_),
      ),
    drainApproval: () => [drainView.drainApproval(drain('pending', 'planned'))],
    drainHeldMessage: () => [drainView.drainHeldMessage(drain('approved', 'held'), plan)],
    drainReport: () => [drainView.drainReport(drain('approved', 'done'), lookup)],
    hostDoneLine: () => [drainView.hostDoneLine(drain('approved', 'running'), HOST)],
    drainLine: () => [drainView.drainLine(drain('approved', 'running'), 'UTC')],
  },
  evacuationView: {
    itemLine: () => evacuation('approved', 'running').evacuation.items.map(evacuationView.itemLine),
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

const MODULES: Record<string, Record<string, unknown>> = {
  render,
  runView,
  drainHostView,
  drainPlanView,
  drainView,
  evacuationView,
  evacuationReport,
  maintenanceView,
  hostcheckView,
  ownersView,
  droppedView,
};

const VIEW_FILES: Record<string, string> = {
  'render.ts': 'render',
  'run-view.ts': 'runView',
  'drain-view.ts': 'drainView',
  'drain-host-view.ts': 'drainHostView',
  'drain-plan-view.ts': 'drainPlanView',
  'evacuation-view.ts': 'evacuationView',
  'evacuation-report.ts': 'evacuationReport',
  'maintenance-view.ts': 'maintenanceView',
  'hostcheck-view.ts': 'hostcheckView',
  'owners-view.ts': 'ownersView',
  'dropped-view.ts': 'droppedView',
};

describe('hostile names through every message builder', () => {
  it('knows every file of the chat edge, and every exported function of the view modules', () => {
    const files = readdirSync(new URL('../../src/chat/', import.meta.url)).filter((f) => f.endsWith('.ts'));
    expect(files.filter((file) => !BUILT_IN_FLOW.has(file) && !(file in VIEW_FILES))).toEqual([]);
    const unlisted = Object.entries(MODULES).flatMap(([name, module]) =>
      Object.entries(module)
        .filter(([, value]) => typeof value === 'function')
        .map(([exported]) => `${name}.${exported}`)
        .filter(
          (key) =>
            !NOT_BUILDERS.has(key) && !BUILDERS[key.split('.')[0] as string]?.[key.split('.')[1] as string],
        ),
    );
    expect(unlisted).toEqual([]);
  });

  for (const language of ['en', 'zh-CN'] as const)
    it(`escapes every name in every builder's text and blocks (${language}), and the console shows them as typed`, () => {
      for (const [module, builders] of Object.entries(BUILDERS))
        for (const [name, build] of Object.entries(builders)) {
          const outputs = inLanguage(language, build);
          const texts = outputs.flatMap((output) => mrkdwnOf(output));
          expect(unescaped(texts), `${module}.${name}`).toEqual([]);
          // the case really carried a hostile name into the message (a drain's list line names none)
          if (name !== 'drainLine')
            expect(
              texts.some((text) => ESCAPED.some((escaped) => text.includes(escaped))),
              `${module}.${name} shows a name`,
            ).toBe(true);
          for (const output of outputs) {
            if (!output || typeof output !== 'object' || !('blocks' in output)) continue;
            const shown = messageToText(
              (output as { blocks: never[] }).blocks,
              '',
              new Map(),
              false,
            ).lines.join('\n');
            // the terminal shows the name as it is, never as "@channel" or a link
            expect(shown, `${module}.${name} in the console`).not.toMatch(/(^|[^<])@channel|click \(https/);
          }
        }
    });
});

describe('hostile names through a whole evacuation in Slack', () => {
  let fx: SandboxFixture;
  let slack: SlackHarness;
  afterEach(async () => {
    await slack?.stop();
    await fx?.close();
  });

  it('escapes them in the request, its thread, the report, the owners notices and App Home', async () => {
    fx = await sandboxFixture();
    const worker = [...fx.sandbox.cloud.servers.values()].find(
      (server) => server.name === 'worker' && server.host === 'compute3',
    );
    if (!worker) throw new Error('the sandbox has no server "worker"');
    worker.name = SERVER;
    const analytics = fx.sandbox.cloud.projects.get('analytics')?.id as string;
    slack = await slackHarness(fx, {
      projectChannels: [
        { project: 'web', channel: 'C0WEB' },
        { project: analytics, channel: 'C0ANALYTICS' },
      ],
    });
    await slack.command('U_ALICE', '/evacuate', 'compute3');
    const parent = await waitFor(
      () =>
        slack.fake.messages.find(
          (m) => m.channel === CHANNEL && !m.threadTs && m.text.startsWith('Evacuation'),
        ),
      'the evacuation',
    );
    await appHomeOpened(slack, 'U_BOB', 'Ev01');
    await slack.press(
      'U_BOB',
      parent.ts,
      render.ACTIONS.approve,
      buttonValue(parent, render.ACTIONS.approve),
    );
    await waitFor(
      () => slack.fake.messages.some((m) => m.text.startsWith('Evacuation report')),
      'the report',
      30_000,
    );
    await slack.ferry.reporter.idle();
    // a move of it by its ID (a name like this cannot be typed): its request, thread and owners' notices
    const destination = worker.host === 'compute1' ? 'compute2' : 'compute1';
    await slack.command('U_ALICE', '/migrate', `${worker.id} to ${destination}`);
    const request = await waitFor(
      () =>
        slack.fake.messages.find(
          (m) => m.channel === CHANNEL && !m.threadTs && m.text.startsWith('Migration request'),
        ),
      'the move',
    );
    await slack.press(
      'U_BOB',
      request.ts,
      render.ACTIONS.approve,
      buttonValue(request, render.ACTIONS.approve),
    );
    await waitFor(() => worker.host === destination, 'the move', 30_000);
    await waitFor(
      () => slack.fake.messages.filter((m) => m.channel === 'C0ANALYTICS').length >= 4,
      'the owners told of the move',
      30_000,
    );
    await slack.ferry.reporter.idle();
    await slack.ferry.home.refresh();
    await appHomeOpened(slack, 'U_ALICE', 'Ev02');
    await waitFor(() => slack.fake.homes.has('U_ALICE'), 'Home');
    const calls = ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'views.publish'].flatMap(
      (method) => slack.fake.callsOf(method),
    );
    const texts = calls.flatMap((call) => mrkdwnOf(call.params));
    expect(unescaped(texts)).toEqual([]);
    // the name was there to escape: in the request, the report and the owners' notice
    const named = calls.filter((call) => JSON.stringify(call.params).includes('&lt;!channel&gt;'));
    expect(named.length).toBeGreaterThan(3);
    expect(
      slack.fake
        .callsOf('chat.postMessage')
        .some(
          (call) =>
            call.params.channel === 'C0ANALYTICS' && JSON.stringify(call.params).includes('&lt;!channel&gt;'),
        ),
    ).toBe(true);
  }, 60_000);
});
