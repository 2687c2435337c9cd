import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import * as drainPlanView from '../../src/chat/drain-plan-view.ts';
import * as drainView from '../../src/chat/drain-view.ts';
import * as evacuationView from '../../src/chat/evacuation-view.ts';
import * as hostcheckView from '../../src/chat/hostcheck-view.ts';
import * as maintenanceView from '../../src/chat/maintenance-view.ts';
import * as ownersView from '../../src/chat/owners-view.ts';
import * as render from '../../src/chat/render.ts';
import { messageToText } from '../../src/console/blocks-to-text.ts';
import type { DrainPlan } from '../../src/core/drain-plan.ts';
import type {
  DrainRecord,
  EvacuationItemState,
  EvacuationRecord,
  MoveRecord,
  RunRecord,
  WindowRecord,
} from '../../src/core/model.ts';
import type { CheckResult } from '../../src/core/types.ts';
import type { HostCheckReport } from '../../src/hostcheck/hostcheck.ts';
import { inLanguage } from '../../src/i18n/index.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import {
  appHomeOpened,
  buttonValue,
  CHANNEL,
  type SlackHarness,
  slackHarness,
  waitFor,
} from '../helpers/slack.ts';

/**
 * Names come from the cloud (a server's name is whatever its owner typed into Nova) and reasons from
 * people: none of them may become Slack markup. Every message builder gets these, and no `<`, `>` or
 * `&` of theirs may reach a mrkdwn text unescaped (plain_text, such as a button's label, is never
 * parsed by Slack).
 */
const SERVER = '<!channel> <https://evil.example|click>';
const HOST = '<@U1>&';
const REASON = '<!here> & <#C1>';
const RAW = ['<!channel>', '<https://evil.example|click>', '<@U1>', '<!here>', '<#C1>'];
const ESCAPED = ['&lt;!channel&gt;', '&lt;@U1&gt;&amp;', '&lt;!here&gt;'];

/** Every mrkdwn text in a message or view: its fallback `text` and every `{type: 'mrkdwn'}` object. */
function mrkdwnOf(value: unknown, found: string[] = [], top = true): string[] {
  if (typeof value === 'string') {
    if (top) found.push(value);
  } else if (Array.isArray(value)) for (const item of value) mrkdwnOf(item, found, top);
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (record.type === 'mrkdwn' && typeof record.text === 'string') found.push(record.text);
    for (const [key, inner] of Object.entries(record)) {
      if (key === 'text' && typeof inner === 'string') {
        // a message's fallback text is mrkdwn; a plain_text's is not parsed
        if (top && record.type === undefined) found.push(inner);
        continue;
      }
      mrkdwnOf(inner, found, false);
    }
  }
  return found;
}

/** What of the hostile names reaches Slack as markup: raw mentions, links, or a bare `&`. */
function unescaped(texts: string[]): string[] {
  return texts.flatMap((text) => [
    ...RAW.filter((raw) => text.includes(raw)).map((raw) => `${raw} in: ${text.slice(0, 200)}`),
    ...(/&(?!amp;|lt;|gt;)/.test(text) ? [`bare & in: ${text.slice(0, 200)}`] : []),
  ]);
}

const check = (status: CheckResult['status']): CheckResult => ({
  id: 'capacity',
  title: `Room on ${HOST}`,
  status,
  reason: `${SERVER} needs room on ${HOST}`,
  evidence: {},
  fix: `free ${HOST}`,
});

const outcome = (kind: 'completed' | 'failed') => ({
  kind,
  message: `${SERVER} now runs on ${HOST}`,
  host: HOST,
  durationMs: 60_000,
  forced: false,
});

const item = (state: EvacuationItemState['state'], extra: Partial<EvacuationItemState> = {}) =>
  ({
    serverId: `id-${state}`,
    serverName: SERVER,
    status: 'ACTIVE',
    flavor: `m1.${HOST}`,
    ramMb: 2048,
    mode: 'live',
    destination: HOST,
    note: `${SERVER} stays on ${HOST}`,
    source: HOST,
    projectId: 'p1',
    alternative: 'cold',
    state,
    ...extra,
  }) as EvacuationItemState;

const move: MoveRecord = {
  id: 'r-000001',
  kind: 'move',
  createdAt: 0,
  requestedBy: 'U_ALICE',
  status: 'pending',
  decidedBy: 'U_BOB',
  request: { server: SERVER, mode: 'live', requestedBy: 'U_ALICE' },
  plan: {
    serverId: 'id-1',
    serverName: SERVER,
    projectId: HOST,
    flavor: HOST,
    source: HOST,
    destination: null,
    mode: 'live',
    blockMigration: 'auto',
    checks: [check('fail'), check('warn'), check('pass')],
    candidates: [{ host: HOST, freeMemoryMb: 1, refusal: `${HOST} is full` }],
    ready: false,
    evaluatedAt: 0,
  },
};

const run = (state: RunRecord['state']): RunRecord => ({
  id: 'm-000001',
  requestId: move.id,
  serverId: 'id-1',
  serverName: SERVER,
  mode: 'live',
  source: HOST,
  destination: HOST,
  blockMigration: 'auto',
  state,
  startedAt: 0,
  baselineMigrationId: 0,
  novaRequestIds: [`req-${HOST}`],
  transitions: [{ state: 'running', at: 0, note: `${SERVER} on ${HOST}` }],
  lastProgress: {
    at: 0,
    phase: 'running',
    migrationStatus: HOST,
    percent: 50,
    bytesRemaining: 1,
    bytesTotal: 2,
    rate: 1,
    etaMs: 1,
    elapsedMs: 1,
  },
  forceRequested: false,
  abortRequested: false,
  revertRequested: false,
  outcome: outcome('failed'),
});

const evacuation = (status: EvacuationRecord['status'], phase: string, extra = {}): EvacuationRecord => ({
  id: 'e-000001',
  kind: 'evacuation',
  createdAt: 0,
  requestedBy: 'U_ALICE',
  decidedBy: 'U_BOB',
  status,
  checks: [check('fail')],
  ready: true,
  evaluatedAt: 0,
  evacuation: {
    host: HOST,
    serviceId: 's',
    destination: HOST,
    concurrency: 2,
    perDestination: 1,
    reenable: true,
    fingerprint: 'f',
    items: [
      item('done', { outcome: outcome('completed') }),
      item('done', { outcome: outcome('failed') }),
      item('skipped', { mode: null }),
      item('not-started'),
      item('waiting'),
    ],
    phase: phase as EvacuationRecord['evacuation']['phase'],
    serviceDisabled: true,
    startedAt: 0,
    endedAt: 1,
    stoppedBy: 'U_CAROL',
    ...extra,
  },
});

const plan: DrainPlan = {
  request: {
    hosts: [HOST],
    zone: HOST,
    aggregate: HOST,
    hostsAtOnce: 1,
    concurrency: 1,
    returnHome: true,
    requestedBy: 'U_ALICE',
  },
  hosts: [HOST],
  steps: [
    {
      hosts: [
        {
          host: HOST,
          serviceId: 's',
          items: [
            { ...item('waiting'), mode: null },
            { ...item('waiting'), mode: 'cold' },
          ],
        },
      ],
      fits: false,
      missing: [`${SERVER} needs room`],
      stuck: 1,
      staysAway: [`${SERVER} stays on ${HOST}`],
    },
  ],
  checks: [check('fail')],
  ready: false,
  fingerprint: 'f',
  evaluatedAt: 0,
};

const drain = (status: DrainRecord['status'], phase: DrainRecord['drain']['phase']): DrainRecord => ({
  id: 'd-000001',
  kind: 'drain',
  createdAt: 0,
  requestedBy: 'U_ALICE',
  decidedBy: 'U_BOB',
  status,
  checks: [check('fail')],
  ready: true,
  evaluatedAt: 0,
  drain: {
    hosts: [
      {
        host: HOST,
        serviceId: 's',
        phase: 'done',
        evacuationIds: ['e-000001'],
        returnId: 'e-000002',
        startedAt: 0,
        emptyAt: 1,
        backBy: 'U_BOB',
        backAt: 2,
        endedAt: 3,
        note: `${SERVER} stayed`,
      },
      { host: HOST, serviceId: 's', phase: 'not-empty', evacuationIds: [], note: `${SERVER} stayed` },
    ],
    hostsAtOnce: 1,
    concurrency: 1,
    returnHome: true,
    zone: HOST,
    fingerprint: 'f',
    step: 0,
    phase,
    held: { at: 0, fingerprint: 'g', missing: [`${SERVER} needs room`], reason: `${HOST} is full` },
    windowId: 'w-000001',
    startedAt: 0,
    endedAt: 4,
    stoppedBy: `window of ${HOST} ended`,
  },
});

const lookup = (id: string) =>
  id === 'e-000002'
    ? evacuation('approved', 'done', { returnOf: 'e-000001', drainId: 'd-000001' })
    : evacuation('approved', 'done', { drainId: 'd-000001' });

const window: WindowRecord = {
  id: 'w-000001',
  host: HOST,
  start: 0,
  end: 3_600_000,
  reason: REASON,
  createdBy: 'U_ALICE',
  createdAt: 0,
  status: 'scheduled',
  reminders: {},
};

const report: HostCheckReport = {
  hosts: [
    {
      host: HOST,
      settings: null,
      findings: [
        { host: HOST, id: 'x', status: 'fail', title: `${HOST} title`, evidence: SERVER, fix: REASON },
        { host: HOST, id: 'auth_tcp', status: 'fail', title: HOST, evidence: SERVER, fix: REASON },
      ],
    },
  ],
  pair: [{ host: HOST, id: 'y', status: 'warn', title: HOST, evidence: SERVER }],
  checkedAt: 0,
};

const drainView_ = { approvers: '@oncall', expiresAt: 0, timeZone: 'UTC', now: 5, status: 'ok', lookup };
const evacuationView_ = { approvers: '@oncall', expiresAt: 0, timeZone: 'UTC', status: 'ok' };
const requestView = { ...evacuationView_, withButtons: true };
const progress = run('running').lastProgress as NonNullable<RunRecord['lastProgress']>;

/** Each builder with the records that make it say names, reasons and notes. */
const BUILDERS: Record<string, Record<string, () => unknown[]>> = {
  render: {
    code: () => [render.code(SERVER), render.code(HOST)],
    checkLines: () => [render.checkLines(move.plan.checks)],
    requestMessage: () => [render.requestMessage(move, requestView)],
    moveApproval: () => [render.moveApproval(move)],
    failuresMessage: () => [render.failuresMessage(move.plan.checks)],
    progressText: () => [render.progressText(run('running'), progress)],
    outcomeMessage: () => [render.outcomeMessage(run('done'), outcome('failed'))],
    controlsMessage: () => [
      render.controlsMessage(run('running'), '@oncall'),
      render.controlsMessage(run('awaiting-confirmation'), '@oncall'),
    ],
    endedControls: () => [render.endedControls(run('done'))],
    runSummaryLine: () => [render.runSummaryLine(run('running'))],
    runDetail: () => [render.runDetail(run('done'), move, 'UTC')],
  },
  drainPlanView: {
    drainPlanMessage: () => [
      drainPlanView.drainPlanMessage(plan, 'U_ALICE'),
      drainPlanView.drainPlanMessage(plan, 'U_ALICE', true),
    ],
  },
  drainView: {
    drainMessage: () =>
      (['pending', 'approved', 'dry-run'] as const).map((status) =>
        drainView.drainMessage(drain(status, 'running'), drainView_),
      ),
    drainApproval: () => [drainView.drainApproval(drain('pending', 'planned'))],
    hostEmptyMessage: () => [drainView.hostEmptyMessage(drain('approved', 'running'), HOST, '@oncall')],
    hostNotEmptyMessage: () => [
      drainView.hostNotEmptyMessage(
        drain('approved', 'running'),
        HOST,
        [SERVER],
        `${SERVER} failed`,
        '@oncall',
      ),
    ],
    drainHeldMessage: () => [drainView.drainHeldMessage(drain('approved', 'held'), plan)],
    drainReport: () => [drainView.drainReport(drain('approved', 'done'), lookup)],
    hostDoneLine: () => [drainView.hostDoneLine(drain('approved', 'running'), HOST)],
    answeredQuestion: () => [
      drainView.answeredQuestion(drain('approved', 'running'), HOST),
      drainView.answeredQuestion(drain('approved', 'done'), null),
    ],
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
    evacuationApproval: () => [evacuationView.evacuationApproval(evacuation('pending', 'planned'))],
    evacuationReport: () => [
      evacuationView.evacuationReport(evacuation('approved', 'done')),
      evacuationView.evacuationReport(evacuation('approved', 'done', { serviceDisabled: false })),
      evacuationView.evacuationReport(evacuation('approved', 'done', { returnOf: 'e-0' })),
      evacuationView.evacuationReport(evacuation('approved', 'done', { drainId: 'd-0' })),
    ],
    evacuationSummary: () => [evacuationView.evacuationSummary(evacuation('approved', 'running'))],
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
};

const MODULES: Record<string, Record<string, unknown>> = {
  render,
  drainPlanView,
  drainView,
  evacuationView,
  maintenanceView,
  hostcheckView,
  ownersView,
};

/**
 * Exports that put no name of their own into a message: building blocks handed text already escaped
 * (section, context, button…), and numbers, times and fixed words.
 */
const NOT_BUILDERS = new Set([
  'render.escapeMrkdwn',
  'render.section',
  'render.context',
  'render.button',
  'render.approvalActions',
  'render.sectionsOf',
  'render.modeLabel',
  'render.checkTally',
  'render.progressBar',
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
const BUILT_IN_FLOW = new Set([
  'actions.ts',
  'approvers.ts',
  'command.ts',
  'drain-questions.ts',
  'explain.ts',
  'fake-slack.ts',
  'flow.ts',
  'home.ts',
  'languages.ts',
  'names.ts',
  'owners.ts',
  'places.ts',
  'poster.ts',
  'redacting-logger.ts',
  'reporter.ts',
  'request-guard.ts',
  'services.ts',
  'slack-app.ts',
  'status-server.ts',
  'threads.ts',
]);
const VIEW_FILES: Record<string, string> = {
  'render.ts': 'render',
  'drain-view.ts': 'drainView',
  'drain-plan-view.ts': 'drainPlanView',
  'evacuation-view.ts': 'evacuationView',
  'maintenance-view.ts': 'maintenanceView',
  'hostcheck-view.ts': 'hostcheckView',
  'owners-view.ts': 'ownersView',
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
