import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LogLevel } from '@slack/bolt';
import { COMMANDS } from '../../commands/index.ts';
import { FakeSlack, type StoredMessage } from '../../src/chat/fake-slack.ts';
import type { Block } from '../../src/chat/render.ts';
import type { Clock } from '../../src/clock.ts';
import type { RunnerOptions } from '../../src/core/move/runner-deps.ts';
import type { ProbeConfig } from '../../src/core/ports/reachability.ts';
import type { RebootPort } from '../../src/core/ports/reboot.ts';
import type { Scheduler } from '../../src/core/ports/scheduler.ts';
import { requestersPolicy } from '../../src/core/requests.ts';
import { type RunningFerry, startFerry } from '../../src/ferry.ts';
import type { FerryOptions } from '../../src/ferry-options.ts';
import type { HostChecker } from '../../src/hostcheck/hostcheck.ts';
import type { Language } from '../../src/i18n/index.ts';
import { cloudApiFrom } from '../../src/openstack/cloud-api.ts';
import { systemScheduler } from '../../src/scheduler.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { expectNoContradictions } from './consistency.ts';
import { type LogLine, recordingLogger } from './logger.ts';
import type { SandboxFixture } from './sandbox.ts';

export const SECRET = 'test-signing-secret';
export const CHANNEL = 'C0MIGRATE';
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/slack/${name}`, import.meta.url), 'utf8'));

export interface SlackHarness<S extends LowdbStore | PostgresStore = LowdbStore> {
  fake: FakeSlack;
  /** everything only `user` was shown (ephemeral messages and private answers), as text */
  privately(user: string): string;
  /** everything Bolt and Ferry logged */
  logged: LogLine[];
  ferry: RunningFerry;
  store: S;
  url: string;
  /** where /healthz and /metrics are served (FERRY_STATUS_ADDR, here a loopback port of its own) */
  statusUrl: string;
  /** overrides: form fields of the slash command, e.g. another team_id */
  command(user: string, command: string, text: string, overrides?: Record<string, string>): Promise<Response>;
  commandBody(user: string, command: string, text: string, overrides?: Record<string, string>): string;
  /** overrides: top-level fields of the payload, e.g. another api_app_id */
  press(
    user: string,
    messageTs: string,
    actionId: string,
    value: string,
    overrides?: Record<string, unknown>,
  ): Promise<Response>;
  /** the form body of a button press, to send as the test likes */
  pressBody(
    user: string,
    messageTs: string,
    actionId: string,
    value: string,
    overrides?: Record<string, unknown>,
  ): string;
  submitView(
    user: string,
    callbackId: string,
    privateMetadata: string,
    values: Record<string, Record<string, unknown>>,
  ): Promise<Response>;
  post(
    body: string,
    contentType: string,
    headers?: Record<string, string>,
    timestamp?: string,
  ): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * Slack's app_home_opened event for `user`, as recorded. A redelivery (`retry`) is a new request: a
 * later timestamp, so a new signature, and Slack's X-Slack-Retry-Num header.
 */
export function appHomeOpened(slack: SlackHarness, user: string, eventId: string, retry?: number) {
  const recorded = fixture('event_callback.app_home_opened.json');
  const body = JSON.stringify({ ...recorded, event_id: eventId, event: { ...recorded.event, user } });
  const timestamp = String(Math.floor(Date.now() / 1000) + (retry ?? 0));
  return slack.post(body, 'application/json', retry ? { 'X-Slack-Retry-Num': String(retry) } : {}, timestamp);
}

/** Ferry in HTTP mode on a loopback port, a fake Slack Web API behind it, the sandbox cloud behind that. */
export async function slackHarness<S extends LowdbStore | PostgresStore = LowdbStore>(
  fx: Pick<SandboxFixture, 'clients'> & { clock: Clock },
  options: {
    store?: S;
    runner?: RunnerOptions;
    autoConfirm?: boolean;
    oncallGroup?: string;
    fake?: FakeSlack;
    hostChecker?: HostChecker;
    reboots?: RebootPort;
    /** FERRY_PROBE, with the way it is carried out */
    probe?: ProbeConfig;
    /** FERRY_REQUESTERS; empty or absent: everyone may ask */
    requesters?: string[];
    /** FERRY_READERS */
    readers?: string[] | 'everyone';
    /** FERRY_PROJECT_CHANNELS */
    projectChannels?: { project: string; channel: string }[];
    /** FERRY_GROUP_BUDGETS */
    groupBudgets?: ReadonlyMap<string, number>;
    /** FERRY_LANG */
    language?: Language;
    /** absent: real timers, and no recurring job (the test calls the work itself) */
    scheduler?: Scheduler;
    /** FERRY_STATUS_TOKEN */
    statusToken?: string;
    /** FERRY_PROGRESS_INTERVAL; 30 s unless a test wants more posts */
    progressIntervalMs?: number;
    /** FERRY_GATES and FERRY_ALERTMANAGER_URL (test/helpers/prometheus.ts) */
    monitoring?: Pick<FerryOptions, 'gates' | 'silences'>;
  } = {},
): Promise<SlackHarness<S>> {
  const fake = options.fake ?? new FakeSlack();
  if (!options.fake) await fake.start();
  fake.userGroups.set('S0ONCALL', { handle: 'oncall', users: ['U_CAROL'] });
  const store = options.store ?? (LowdbStore.memory() as S);
  const logged: LogLine[] = [];
  const logger = recordingLogger(logged);
  const ferry = await startFerry({
    commands: COMMANDS,
    clock: fx.clock,
    cloud: cloudApiFrom(fx.clients),
    store,
    slack: {
      mode: 'http',
      botToken: 'xoxb-test',
      signingSecret: SECRET,
      port: 0,
      apiUrl: fake.apiUrl,
      appId: 'A123456',
    },
    oncallUsers: ['U_BOB'],
    ...(options.oncallGroup ? { oncallGroup: options.oncallGroup } : {}),
    access: requestersPolicy(options.requesters ?? []),
    ...(options.readers ? { readers: options.readers } : {}),
    ...(options.hostChecker ? { hostChecker: options.hostChecker } : {}),
    ...(options.reboots ? { reboots: options.reboots } : {}),
    ...(options.probe ? { probe: options.probe } : {}),
    ...(options.projectChannels ? { projectChannels: options.projectChannels } : {}),
    ...(options.groupBudgets ? { groupBudgets: options.groupBudgets } : {}),
    ...(options.language ? { language: options.language } : {}),
    ...options.monitoring,
    timeZone: 'UTC',
    scheduler: options.scheduler ?? systemScheduler({ recurring: false }),
    progressIntervalMs: options.progressIntervalMs ?? 30_000,
    approvalTtlMs: 1_800_000,
    autoConfirm: options.autoConfirm ?? true,
    ...(options.runner ? { runner: options.runner } : {}),
    logLevel: LogLevel.WARN,
    logger,
    status: { host: '127.0.0.1', port: 0, ...(options.statusToken ? { token: options.statusToken } : {}) },
  });
  const url = `http://127.0.0.1:${ferry.port}/slack/events`;

  const { post, command, commandBody, press, pressBody, submitView } = signedRequests(url, fake);

  let stopped = false;
  return {
    fake,
    privately: (user) =>
      fake.messages
        .filter((m) => m.ephemeralTo === user)
        .map(textOf)
        .join('\n'),
    ferry,
    store,
    logged,
    url,
    statusUrl: `http://127.0.0.1:${ferry.statusPort}`,
    command,
    commandBody,
    press,
    pressBody,
    submitView,
    post,
    // once: a test that stops its harness to restart Ferry, then fails, is stopped again by its clean-up
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await ferry.stop();
      if (!options.fake) await fake.stop();
      expectNoContradictions(fake);
    },
  };
}

/** X-Slack-Signature of a request, as Slack computes it with the app's signing secret. */
export function slackSignature(timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/**
 * Requests into a Ferry's /slack/events as Slack sends them: signed with the app's secret, built from
 * the recorded payloads, with response URLs and messages from the fake Slack behind it.
 */
export function signedRequests(url: string, fake: FakeSlack) {
  const post = (
    body: string,
    contentType: string,
    headers: Record<string, string> = {},
    timestamp = String(Math.floor(Date.now() / 1000)),
  ) => {
    const signature = slackSignature(timestamp, body);
    return fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': contentType,
        'X-Slack-Request-Timestamp': timestamp,
        'X-Slack-Signature': signature,
        ...headers,
      },
      body,
    });
  };

  const commandBody = (user: string, name: string, text: string, overrides: Record<string, string> = {}) => {
    const base = fixture('slash-command.decoded.json') as Record<string, string>;
    return new URLSearchParams({
      ...base,
      command: name,
      text,
      user_id: user,
      user_name: user.toLowerCase(),
      channel_id: CHANNEL,
      response_url: fake.responseUrl({ channel: CHANNEL, user }),
      // each command typed is a new interaction, as in Slack: its own trigger
      trigger_id: `trigger-${Date.now()}-${randomBytes(4).toString('hex')}`,
      ...overrides,
    }).toString();
  };
  const command = (user: string, name: string, text: string, overrides: Record<string, string> = {}) =>
    post(commandBody(user, name, text, overrides), 'application/x-www-form-urlencoded');

  const pressBody = (
    user: string,
    messageTs: string,
    actionId: string,
    value: string,
    overrides: Record<string, unknown> = {},
  ) => {
    const payload = fixture('block_actions.payload.json');
    const message = fake.messages.find((m) => m.ts === messageTs);
    payload.user = { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T0001' };
    payload.container = { type: 'message', message_ts: messageTs, channel_id: CHANNEL, is_ephemeral: false };
    payload.channel = { id: CHANNEL, name: 'ops-migrations' };
    payload.message = {
      ...payload.message,
      ts: messageTs,
      text: message?.text ?? '',
      blocks: message?.blocks ?? [],
      ...(message?.threadTs ? { thread_ts: message.threadTs } : {}),
    };
    payload.actions = [
      {
        type: 'button',
        action_id: actionId,
        block_id: `b:${value}`,
        value,
        text: { type: 'plain_text', text: actionId },
        action_ts: nextActionTs(),
      },
    ];
    payload.response_url = fake.responseUrl({ channel: CHANNEL, user, messageTs });
    // each press is a new interaction, as in Slack: its own trigger
    payload.trigger_id = `trigger-${Date.now()}-${randomBytes(4).toString('hex')}`;
    return new URLSearchParams({ payload: JSON.stringify({ ...payload, ...overrides }) }).toString();
  };
  const press = (
    user: string,
    messageTs: string,
    actionId: string,
    value: string,
    overrides: Record<string, unknown> = {},
  ) => post(pressBody(user, messageTs, actionId, value, overrides), 'application/x-www-form-urlencoded');

  const submitView = (
    user: string,
    callbackId: string,
    privateMetadata: string,
    values: Record<string, Record<string, unknown>>,
  ) => {
    const payload = fixture('view_submission.payload.json');
    payload.user = { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T0001' };
    payload.view = {
      ...payload.view,
      callback_id: callbackId,
      private_metadata: privateMetadata,
      state: { values },
    };
    // each submission is a new interaction, as in Slack: its own trigger (a second one is no replay)
    payload.trigger_id = `trigger-${Date.now()}-${randomBytes(4).toString('hex')}`;
    return post(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
    );
  };

  return { post, command, commandBody, press, pressBody, submitView };
}

/**
 * How much longer than its bound a wait may take: each bound was chosen on a quiet machine, and it
 * bounds a hang, never a speed (those are `npm run bench`'s); CI's two cores run test files, real
 * processes and PostgreSQL side by side (a 10 s wait ran out there on work that takes 2 s alone).
 */
const PATIENCE = 3;

/** Polls in real time until `find` answers something (within `timeoutMs` times PATIENCE). */
export async function waitFor<T>(
  find: () => T | undefined | null | false,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs * PATIENCE;
  while (Date.now() < deadline) {
    const found = find();
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function textOf(message: { text: string; blocks: Record<string, unknown>[] }): string {
  const parts: string[] = [message.text];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.text === 'string') parts.push(record.text);
      Object.values(record).forEach(visit);
    }
  };
  visit(message.blocks);
  return parts.join('\n');
}

/**
 * The replies a post carries: itself, or, joined (its metadata's `part_blocks`), one per part: its
 * line of the text and its blocks. The text's lines stand for each reply's text (newlines in one
 * are spaces, as in a joined post), so a run that joined and one that did not compare alike.
 */
export function repliesOf(message: StoredMessage): { text: string; blocks: Block[] }[] {
  const counts = message.metadata?.event_payload.part_blocks;
  if (typeof counts !== 'string')
    return [{ text: message.text.replaceAll('\n', ' '), blocks: message.blocks }];
  const texts = message.text.split('\n');
  let from = 0;
  return counts.split(' ').map((count, i) => {
    const blocks = message.blocks.slice(from, from + Number(count));
    from += Number(count);
    return { text: texts[i] ?? '', blocks };
  });
}

let lastActionMicros = 0;
/** Slack's action_ts: microseconds, and distinct for every press (two presses never share one) */
function nextActionTs(): string {
  lastActionMicros = Math.max(Date.now() * 1000, lastActionMicros + 1);
  return `${Math.floor(lastActionMicros / 1e6)}.${String(lastActionMicros % 1e6).padStart(6, '0')}`;
}

/** The value a button on this message carries, as Slack would send it back when pressed. */
export function buttonValue(message: { blocks: Record<string, unknown>[] }, actionId: string): string {
  for (const block of message.blocks) {
    for (const element of (block.elements as { action_id?: string; value?: string }[] | undefined) ?? [])
      if (element.action_id === actionId && element.value) return element.value;
  }
  throw new Error(`no ${actionId} button on the message`);
}
