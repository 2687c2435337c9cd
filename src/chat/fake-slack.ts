import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readPrivateFile, writePrivateFile } from '../private-file.ts';
import { conversationsAnswer, type HistoryMessage } from './fake-slack-history.ts';
import { PostPace, type SLACK_POST_PACE } from './fake-slack-pace.ts';
import type { Block } from './render.ts';

/**
 * A stand-in for Slack's Web API on loopback: Bolt's WebClient talks to it through `slackApiUrl`, and
 * respond() through response URLs it hands out. It keeps the messages it was sent, so the console can
 * show them and tests can read them. Shapes follow shared/slack/payloads/*.response.json.
 */

/** A message as the fake keeps it: what its history answers with (fake-slack-history.ts), and the blocks. */
export interface StoredMessage extends HistoryMessage {
  blocks: Block[];
}

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  at: number;
}

export type FakeSlackEvent =
  | { kind: 'posted'; message: StoredMessage }
  | { kind: 'updated'; message: StoredMessage }
  | {
      kind: 'view';
      user: string;
      view: Record<string, unknown>;
      triggerId: string;
      /** views.update: the ID of the view replaced */
      updates?: string;
    };

/**
 * One call answered with a failure instead: an HTTP status (429 with Retry-After, a 5xx), Slack's
 * `{ok:false,error}` (a final no such as channel_not_found), no answer at all (`network`: the
 * connection is cut before anything is done), or an answer lost after the call was carried out.
 */
export interface InjectedFailure {
  status?: number;
  retryAfterSeconds?: number;
  error?: string;
  network?: boolean;
  /**
   * the call is carried out (a post is in the channel), then its answer is lost: `cut` closes the
   * connection, `hold` never answers (until the fake stops), as when Ferry is killed before it reads
   * the answer; `performed` runs once the call is carried out (a test kills Ferry there)
   */
  lose?: 'cut' | 'hold';
  performed?: () => void;
}

interface ResponseTarget {
  channel: string;
  user: string;
  /** the message a button sat on, for replace_original */
  messageTs?: string;
}

export class FakeSlack extends EventEmitter {
  readonly calls: RecordedCall[] = [];
  readonly messages: StoredMessage[] = [];
  readonly userGroups = new Map<string, { handle: string; users: string[] }>();
  /** `locale` is answered only when asked for (include_locale), as Slack does */
  readonly users = new Map<string, { name: string; realName: string; locale?: string }>();
  /** each user's App Home as last published (views.publish) */
  readonly homes = new Map<string, { blocks: Block[] }>();
  /** channels the bot is not a member of: posting there answers not_in_channel, as Slack does */
  readonly closedChannels = new Set<string>();
  private readonly failures = new Map<string, InjectedFailure[]>();
  /** a rule asked about every Web API call after the queued failures: a storm of faults */
  private failureRule: ((method: string) => InjectedFailure | undefined) | undefined;
  private readonly responseTargets = new Map<string, ResponseTarget>();
  private server: Server | undefined;
  private tsCounter = 0;
  /** Slack's pace for posts, held only when asked (`postPace`) */
  readonly postPace: PostPace | undefined;
  private responseCounter = 0;
  url = '';
  /** how many messages came from the journal (the console's history before a restart) */
  restored = 0;

  /**
   * `journal`: the console keeps its channel in this file, so after a restart its threads, labels and
   * buttons are still there. Tests use no journal. `postPace`: posts to a channel sooner than Slack's
   * pace are answered 429 (Retry-After 1), as Slack may; the bench's yardstick.
   */
  constructor(private readonly options: { journal?: string; postPace?: typeof SLACK_POST_PACE } = {}) {
    super();
    this.postPace = options.postPace && new PostPace(options.postPace);
    const journal = options.journal;
    if (journal) this.on('event', (event: FakeSlackEvent) => event.kind !== 'view' && this.save(journal));
  }

  async start(): Promise<string> {
    const journal = this.options.journal ? readPrivateFile(this.options.journal) : null;
    if (journal !== null) {
      const saved = JSON.parse(journal) as StoredMessage[];
      this.messages.push(...saved);
      this.restored = saved.length;
      this.tsCounter = saved.length;
    }
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error) => {
        response.writeHead(500, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ ok: false, error: String(error) }));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A response_url for a payload from `user` in `channel` (optionally on the message at `messageTs`). */
  responseUrl(target: ResponseTarget): string {
    const id = `r${++this.responseCounter}`;
    this.responseTargets.set(id, target);
    return `${this.url}/response/${id}`;
  }

  /** The next `times` calls of `method` fail this way (after any failures already queued). */
  failNext(method: string, failure: InjectedFailure, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failures.set(method, queue);
  }

  /** Every later call is first put to `rule` (undefined: answered normally); none: no storm. */
  failWhen(rule?: (method: string) => InjectedFailure | undefined): void {
    this.failureRule = rule;
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts && !m.ephemeralTo);
  }

  threadOf(channel: string, ts: string): StoredMessage[] {
    return this.messages.filter((m) => m.channel === channel && m.threadTs === ts);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      request.on('error', reject);
    });
    const params = parseBody(raw, request.headers['content-type'] ?? '');
    const path = new URL(request.url ?? '/', this.url).pathname;
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
      response.end(JSON.stringify(body));
    };

    const responseMatch = /^\/response\/(r\d+)$/.exec(path);
    if (responseMatch) {
      this.calls.push({ method: 'response_url', params, at: Date.now() });
      const target = this.responseTargets.get(responseMatch[1] as string);
      if (!target) return reply(404, { ok: false, error: 'expired_url' });
      this.fromResponseUrl(target, params);
      return reply(200, { ok: true });
    }

    const method = path.replace(/^\/api\//, '');
    this.calls.push({ method, params, at: Date.now() });
    const failure = this.failures.get(method)?.shift() ?? this.failureRule?.(method);
    if (failure?.network) {
      request.socket.destroy();
      return;
    }
    if (failure?.lose) {
      this.answer(method, params);
      failure.performed?.();
      if (failure.lose === 'cut') request.socket.destroy();
      return;
    }
    if (failure) {
      if (failure.status === 429) {
        return reply(
          429,
          { ok: false, error: 'ratelimited' },
          { 'Retry-After': String(failure.retryAfterSeconds ?? 1) },
        );
      }
      return reply(failure.status ?? 200, { ok: false, error: failure.error ?? 'internal_error' });
    }
    if (method === 'chat.postMessage' && this.postPace?.tooSoon(String(params.channel), Date.now()))
      return reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '1' });
    reply(200, this.answer(method, params));
  }

  private answer(method: string, params: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        // as recorded (shared/slack/payloads/auth.test.response.json): the workspace of the test payloads
        return {
          ok: true,
          url: 'https://example.slack.com/',
          team: 'Example',
          user: 'migrator',
          team_id: 'T0001',
          user_id: 'U0BOTUSER',
          bot_id: 'B0BOT0001',
          is_enterprise_install: false,
        };
      case 'chat.postMessage': {
        if (this.closedChannels.has(String(params.channel))) return { ok: false, error: 'not_in_channel' };
        const message: StoredMessage = {
          channel: String(params.channel),
          ts: this.nextTs(),
          text: String(params.text ?? ''),
          blocks: (params.blocks as Block[] | undefined) ?? [],
          ...(params.thread_ts ? { threadTs: String(params.thread_ts) } : {}),
          ...(isMetadata(params.metadata) ? { metadata: params.metadata } : {}),
        };
        this.messages.push(message);
        this.emit('event', { kind: 'posted', message } satisfies FakeSlackEvent);
        return {
          ok: true,
          channel: message.channel,
          ts: message.ts,
          message: { type: 'message', text: message.text, ts: message.ts, bot_id: 'B0BOT0001' },
        };
      }
      case 'chat.update': {
        const message = this.message(String(params.channel), String(params.ts));
        if (!message) return { ok: false, error: 'message_not_found' };
        message.text = String(params.text ?? message.text);
        // As in Slack: text without blocks removes the blocks.
        message.blocks = (params.blocks as Block[] | undefined) ?? [];
        this.emit('event', { kind: 'updated', message } satisfies FakeSlackEvent);
        return { ok: true, channel: message.channel, ts: message.ts, text: message.text };
      }
      case 'conversations.history':
      case 'conversations.replies':
        return conversationsAnswer(method, params, this.messages, this.closedChannels);
      case 'chat.postEphemeral': {
        const message: StoredMessage = {
          channel: String(params.channel),
          ts: this.nextTs(),
          text: String(params.text ?? ''),
          blocks: (params.blocks as Block[] | undefined) ?? [],
          ephemeralTo: String(params.user),
          ...(params.thread_ts ? { threadTs: String(params.thread_ts) } : {}),
        };
        this.messages.push(message);
        this.emit('event', { kind: 'posted', message } satisfies FakeSlackEvent);
        return { ok: true, message_ts: message.ts };
      }
      case 'views.open': {
        const view = params.view as Record<string, unknown>;
        this.emit('event', {
          kind: 'view',
          user: '',
          view,
          triggerId: String(params.trigger_id),
        } satisfies FakeSlackEvent);
        return { ok: true, view: { id: `V${++this.tsCounter}`, ...view } };
      }
      case 'views.update': {
        // as in Slack: the view opened is replaced by its ID (no trigger needed, so no 3 s limit)
        const view = params.view as Record<string, unknown>;
        this.emit('event', {
          kind: 'view',
          user: '',
          view,
          triggerId: '',
          updates: String(params.view_id),
        } satisfies FakeSlackEvent);
        return { ok: true, view: { id: String(params.view_id), ...view } };
      }
      case 'views.publish': {
        const view = params.view as { type?: string; blocks?: Block[] };
        if (view?.type !== 'home') return { ok: false, error: 'invalid_arguments' };
        this.homes.set(String(params.user_id), { blocks: view.blocks ?? [] });
        return { ok: true, view: { id: `V${++this.tsCounter}`, ...view } };
      }
      case 'usergroups.list':
        return {
          ok: true,
          usergroups: [...this.userGroups].map(([id, group]) => ({
            id,
            handle: group.handle,
            name: group.handle,
          })),
        };
      case 'usergroups.users.list': {
        const group = this.userGroups.get(String(params.usergroup));
        return group ? { ok: true, users: group.users } : { ok: false, error: 'no_such_subteam' };
      }
      case 'users.info': {
        const user = this.users.get(String(params.user));
        return user
          ? {
              ok: true,
              user: {
                id: params.user,
                name: user.name,
                real_name: user.realName,
                profile: { display_name: user.name },
                ...(user.locale && String(params.include_locale) === 'true' ? { locale: user.locale } : {}),
              },
            }
          : { ok: false, error: 'user_not_found' };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private fromResponseUrl(target: ResponseTarget, params: Record<string, unknown>): void {
    const blocks = (params.blocks as Block[] | undefined) ?? [];
    const text = String(params.text ?? '');
    if (params.replace_original === true && target.messageTs) {
      const original = this.message(target.channel, target.messageTs);
      if (original) {
        original.text = text;
        original.blocks = blocks;
        this.emit('event', { kind: 'updated', message: original } satisfies FakeSlackEvent);
        return;
      }
    }
    const inChannel = params.response_type === 'in_channel';
    const message: StoredMessage = {
      channel: target.channel,
      ts: this.nextTs(),
      text,
      blocks,
      ...(inChannel ? {} : { ephemeralTo: target.user }),
      ...(params.thread_ts ? { threadTs: String(params.thread_ts) } : {}),
    };
    this.messages.push(message);
    this.emit('event', { kind: 'posted', message } satisfies FakeSlackEvent);
  }

  private save(journal: string): void {
    writePrivateFile(journal, JSON.stringify(this.messages.filter((m) => !m.ephemeralTo)));
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.tsCounter).padStart(6, '0')}`;
  }
}

function isMetadata(value: unknown): value is StoredMessage['metadata'] {
  const metadata = value as StoredMessage['metadata'];
  return typeof metadata?.event_type === 'string' && typeof metadata.event_payload === 'object';
}

/** WebClient sends form bodies with JSON-encoded objects (blocks, view); respond() sends JSON. */
function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (!raw) return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    params[key] = /^[[{]/.test(value)
      ? safeJson(value)
      : value === 'true'
        ? true
        : value === 'false'
          ? false
          : value;
  }
  return params;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
