import type {
  EvacuationItemState,
  EvacuationRecord,
  MoveRecord,
  Outcome,
  RunRecord,
  WindowRecord,
} from '../../src/core/model/records.ts';
import type { CheckResult } from '../../src/core/model/types.ts';
import type { HostCheckReport } from '../../src/hostcheck/hostcheck.ts';

/**
 * Names come from the cloud (a server's name is whatever its owner typed into Nova) and reasons from
 * people: none of them may become Slack markup. Every message builder gets these, and no `<`, `>` or
 * `&` of theirs may reach a mrkdwn text unescaped (plain_text, such as a button's label, is never
 * parsed by Slack).
 */
export const SERVER = '<!channel> <https://evil.example|click>';
export const HOST = '<@U1>&';
export const REASON = '<!here> & <#C1>';

/** The SSH host check's failed line, its title as hostile as the names. */
export const hostileFinding = {
  scope: HOST,
  mode: 'live' as const,
  source: HOST,
  destination: HOST,
  bad: 1,
  first: { title: REASON, fix: REASON },
  secret: false,
  reached: [],
};
export const RAW = ['<!channel>', '<https://evil.example|click>', '<@U1>', '<!here>', '<#C1>'];
export const ESCAPED = ['&lt;!channel&gt;', '&lt;@U1&gt;&amp;', '&lt;!here&gt;'];

/** Every mrkdwn text in a message or view: its fallback `text` and every `{type: 'mrkdwn'}` object. */
export function mrkdwnOf(value: unknown, found: string[] = [], top = true): string[] {
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
export function unescaped(texts: string[]): string[] {
  return texts.flatMap((text) => [
    ...RAW.filter((raw) => text.includes(raw)).map((raw) => `${raw} in: ${text.slice(0, 200)}`),
    ...(/&(?!amp;|lt;|gt;)/.test(text) ? [`bare & in: ${text.slice(0, 200)}`] : []),
  ]);
}

export const check = (status: CheckResult['status']): CheckResult => ({
  id: 'capacity',
  title: `Room on ${HOST}`,
  status,
  reason: `${SERVER} needs room on ${HOST}`,
  evidence: {},
  fix: `free ${HOST}`,
});

/** The same, kept as a fact: the names reach the line through the words of its code. */
export const factCheck = (status: CheckResult['status']): CheckResult => ({
  id: 'server-groups',
  status,
  fact: { code: 'group-refuses', member: SERVER, group: HOST, host: HOST },
  evidence: {},
});

/** an outcome stored before outcomes were facts: its sentence */
export const outcome = (kind: 'completed' | 'failed') => ({
  kind,
  message: `${SERVER} now runs on ${HOST}`,
  host: HOST,
  durationMs: 60_000,
  forced: false,
});

/** an outcome as Ferry stores it now: what happened, with Nova's step and its words */
export const outcomeFact = (kind: 'completed' | 'failed'): Outcome => ({
  kind,
  fact: {
    code: 'failed',
    server: SERVER,
    host: HOST,
    status: HOST,
    migrationStatus: HOST,
    reason: { code: 'step', step: { event: HOST, host: HOST, details: `${SERVER} broke` } },
  },
  host: HOST,
  durationMs: 60_000,
  forced: false,
});

export const item = (state: EvacuationItemState['state'], extra: Partial<EvacuationItemState> = {}) =>
  ({
    serverId: `id-${state}`,
    serverName: SERVER,
    status: 'ACTIVE',
    flavor: `m1.${HOST}`,
    ramMb: 2048,
    mode: 'live',
    destination: HOST,
    reason: { code: 'replanned', onto: HOST, host: HOST, why: { code: 'disabled', reason: REASON } },
    source: HOST,
    projectId: 'p1',
    alternative: 'cold',
    state,
    ...extra,
  }) as EvacuationItemState;

export const move: MoveRecord = {
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
    checks: [check('fail'), factCheck('fail'), check('warn'), check('pass')],
    candidates: [
      { host: HOST, freeMemoryMb: 1, refusal: `${HOST} is full` },
      { host: HOST, freeMemoryMb: 1, blockedBy: [{ kind: 'anti-affinity', member: SERVER, group: HOST }] },
    ],
    ready: false,
    evaluatedAt: 0,
  },
};

export const run = (state: RunRecord['state']): RunRecord => ({
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
  transitions: [
    { state: 'running', at: 0, note: `${SERVER} on ${HOST}` },
    {
      state: 'queued',
      at: 0,
      note: { code: 'nova-status', status: HOST, queue: { ahead: 1, source: HOST } },
    },
    {
      state: 'queued',
      at: 0,
      note: { code: 'nova-status', status: HOST, queue: { ferrys: [SERVER, SERVER], source: HOST } },
    },
  ],
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

export const evacuation = (
  status: EvacuationRecord['status'],
  phase: string,
  extra = {},
): EvacuationRecord => ({
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
      item('done', {
        outcome: outcome('completed'),
        notBackReason: { code: 'blocked', blockers: [{ kind: 'host-config', finding: hostileFinding }] },
      }),
      // written before facts: a sentence
      item('done', { outcome: outcome('completed'), notBack: `${REASON} on ${HOST}` }),
      item('done', { outcome: outcome('failed') }),
      item('skipped', {
        mode: null,
        reason: {
          code: 'no-room',
          live: false,
          hosts: [{ host: HOST, blockers: [{ kind: 'anti-affinity', member: SERVER, group: REASON }] }],
          outOfService: [{ host: HOST, why: 'disabled' }],
        },
      }),
      // written before facts: a sentence
      item('not-started', { reason: undefined, note: `${SERVER} stays on ${HOST}` }),
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

export const lookup = (id: string) =>
  id === 'e-000002'
    ? evacuation('approved', 'done', { returnOf: 'e-000001', drainId: 'd-000001' })
    : evacuation('approved', 'done', { drainId: 'd-000001' });

export const window: WindowRecord = {
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

export const report: HostCheckReport = {
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

export const drainView_ = {
  approvers: '@oncall',
  expiresAt: 0,
  timeZone: 'UTC',
  now: 5,
  status: 'ok',
  lookup,
};
export const evacuationView_ = { approvers: '@oncall', expiresAt: 0, timeZone: 'UTC', status: 'ok' };
export const requestView = { ...evacuationView_, withButtons: true };
export const progress = run('running').lastProgress as NonNullable<RunRecord['lastProgress']>;
