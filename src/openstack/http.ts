import { readFileSync } from 'node:fs';
import { Agent, type Dispatcher, request as undiciRequest } from 'undici';
import type { Clock } from '../clock.ts';
import {
  OpenStackApiError,
  OpenStackNoAnswerError,
  type OpenStackService,
  OpenStackUnreachableError,
} from '../core/cloud-errors.ts';
import { tellUnansweredTry } from '../core/cloud-tries.ts';
import type { Redactor } from './redact.ts';

export interface HttpRequest {
  service: OpenStackService;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Only reads are retried: a POST action that timed out may still have been carried out. */
  idempotent: boolean;
}

export interface HttpResponse {
  status: number;
  /** a header's value by its name, any case */
  headers: { get(name: string): string | null };
  body: unknown;
}

export interface TransportOptions {
  clock: Clock;
  timeoutMs?: number;
  retries?: number;
  /** PEM bundle path (OS_CACERT) */
  cacert?: string;
  /** false only when the cloud config says `verify: false` */
  verify?: boolean;
  /** cuts known secrets out of everything the cloud answers before it becomes an error */
  redactor: Redactor;
  /** told of every answer (its HTTP status) and every request that got none, e.g. for metrics */
  observe?: (service: OpenStackService, status: number | 'unreachable') => void;
}

const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);
/** tries that got no answer within the timeout (not a refused or reset connection) */
const TIMED_OUT = new WeakSet<Error>();

export class HttpTransport {
  private readonly dispatcher: Dispatcher | undefined;
  private readonly timeoutMs: number;
  private readonly retries: number;

  constructor(private readonly options: TransportOptions) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retries = options.retries ?? 3;
    if (options.cacert || options.verify === false) {
      this.dispatcher = new Agent({
        connect: {
          ...(options.cacert ? { ca: readFileSync(options.cacert, 'utf8') } : {}),
          rejectUnauthorized: options.verify !== false,
        },
      });
    }
  }

  get redactor(): Redactor {
    return this.options.redactor;
  }

  /** The error for an error status, its text cleared of every secret Ferry knows. */
  errorFrom(request: HttpRequest, response: HttpResponse): OpenStackApiError {
    return apiErrorFrom(request, response, this.options.redactor);
  }

  /** Sends a request; answers every HTTP status, throws only when no answer came. */
  async send(request: HttpRequest): Promise<HttpResponse> {
    const attempts = request.idempotent ? this.retries + 1 : 1;
    // real time, as the timeout of each try is (AbortSignal.timeout)
    const began = performance.now();
    let lastFailure: OpenStackUnreachableError | undefined;
    let timeouts = 0;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await this.options.clock.sleep(backoffMs(attempt - 1));
      const sentAt = this.options.clock.now();
      try {
        const response = await this.once(request);
        if (request.idempotent && RETRYABLE_STATUS.has(response.status) && attempt < attempts) continue;
        return response;
      } catch (error) {
        if (!(error instanceof OpenStackUnreachableError)) throw error;
        lastFailure = error;
        if (!TIMED_OUT.has(error)) continue;
        timeouts += 1;
        if (attempt < attempts)
          tellUnansweredTry({ service: request.service, sentAt, waitedMs: this.timeoutMs });
      }
    }
    if (!lastFailure) throw new Error('unreachable: no attempt was made');
    if (attempts > 1) {
      const overMs = performance.now() - began;
      lastFailure.tries = { count: attempts, overMs, allTimedOut: timeouts === attempts };
      lastFailure.message += ` (the last of ${attempts} tries over ${Math.round(overMs / 1000)} s)`;
    }
    throw lastFailure;
  }

  /** Like send, but an error status becomes an OpenStackApiError. */
  async expectOk(request: HttpRequest): Promise<HttpResponse> {
    const response = await this.send(request);
    if (response.status >= 400) throw this.errorFrom(request, response);
    return response;
  }

  private async once(request: HttpRequest): Promise<HttpResponse> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': 'ferry/0.1',
      ...request.headers,
    };
    let payload: string | undefined;
    if (request.body !== undefined) {
      payload = JSON.stringify(request.body);
      headers['Content-Type'] = 'application/json';
    }
    try {
      // undici's request, not fetch: the same connection pool without WHATWG streams and objects, a
      // third of fetch's CPU per request (#31: Ferry's own time between two waves of requests)
      const response = await undiciRequest(request.url, {
        method: request.method,
        headers,
        body: payload,
        signal: AbortSignal.timeout(this.timeoutMs),
        ...(this.dispatcher ? { dispatcher: this.dispatcher } : {}),
      });
      const text = await response.body.text();
      const received = response.headers;
      const header = (name: string): string | null => {
        const value = received[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      };
      let body: unknown = text;
      if (text && header('content-type')?.includes('json')) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      this.options.observe?.(request.service, response.statusCode);
      return { status: response.statusCode, headers: { get: header }, body };
    } catch (error) {
      this.options.observe?.(request.service, 'unreachable');
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const reason = timedOut
        ? `no answer within ${this.timeoutMs / 1000} s`
        : this.options.redactor.redact(describeNetworkError(error));
      // Only a connection that was never made proves the request was not sent; anything else may
      // have reached the service, which may have carried it out.
      const Unanswered = !timedOut && neverSent(error) ? OpenStackUnreachableError : OpenStackNoAnswerError;
      // the whole address: "connection refused" means little without the URL that refused
      const failure = new Unanswered(request.service, request.method, withoutUserInfo(request.url), reason);
      if (timedOut) TIMED_OUT.add(failure);
      throw failure;
    }
  }
}

function apiErrorFrom(request: HttpRequest, response: HttpResponse, redactor: Redactor): OpenStackApiError {
  const fallback =
    typeof response.body === 'string' && response.body
      ? textOfPage(response.body).slice(0, 300)
      : 'no details';
  const message = withoutInternals(apiMessageFrom(response.body, fallback));
  return new OpenStackApiError(
    request.service,
    request.method,
    pathOf(request.url),
    response.status,
    redactor.redact(message),
    response.headers.get('x-openstack-request-id') ??
      response.headers.get('x-compute-request-id') ??
      undefined,
  );
}

function backoffMs(retry: number): number {
  return 250 * 2 ** (retry - 1) + Math.floor(Math.random() * 100);
}

function withoutUserInfo(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}

function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

/** Errors raised before a connection existed: the request cannot have reached the service. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** what went wrong underneath: undici's request throws it, or names it as its error's cause */
function causeOf(error: unknown): { code?: string; message?: string } | undefined {
  const failure = error as { cause?: { code?: string; message?: string }; code?: string; message?: string };
  return failure?.cause ?? failure;
}

function neverSent(error: unknown): boolean {
  const cause = causeOf(error);
  const code = cause?.code ?? '';
  return NOT_CONNECTED.has(code) || code.startsWith('ERR_TLS') || code.includes('CERT');
}

function describeNetworkError(error: unknown): string {
  const cause = causeOf(error);
  if (cause?.code === 'ECONNREFUSED') return 'connection refused (is the service running and the URL right?)';
  if (cause?.code === 'ENOTFOUND') return 'host name does not resolve';
  if (cause?.code?.startsWith('ERR_TLS') || cause?.code?.includes('CERT'))
    return `TLS failure (${cause.code}); set OS_CACERT to the cloud's CA bundle`;
  // undici's own words for these ("other side closed") mean nothing to an operator (operator trial)
  if (cause?.code === 'UND_ERR_SOCKET') return 'the cloud closed the connection before answering';
  if (cause?.code === 'ECONNRESET') return 'the connection was reset before an answer came';
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/**
 * A service's message without what is for its developers: Nova's unexpected errors end in the Python
 * class of the exception (`<class 'oslo_db.exception.DBConnectionError'>`, nova/api/openstack/wsgi.py),
 * and a message may carry a traceback. Neither reaches a person or Ferry's log.
 */
export function withoutInternals(message: string): string {
  return humanPart(message) ?? 'no details';
}

/**
 * The part of a Nova text written for people, or null when it has none. Beyond `withoutInternals`'
 * class lines and tracebacks: an error raised on another host arrives as oslo.messaging's RemoteError,
 * "Remote error: <Class> <message>\n[u'Traceback (most recent call last):\n', …]", and a fault or an
 * event's details is the bare class name when Nova could not format the exception
 * (`exception_to_dict`, nova/compute/utils.py): "MessagingTimeout" says nothing to an operator.
 */
export function humanPart(message: string): string | null {
  const text = message.replace(/^\s*Remote error: [\w.]+(?=\s|$)/, '');
  const traceback = text.search(/(\[u?['"])?\s*Traceback \(most recent call last\)/);
  const kept = (traceback === -1 ? text : text.slice(0, traceback))
    .split('\n')
    .filter((line) => !/^\s*<(class|type) '[\w.]+'>\s*$/.test(line))
    .join('\n')
    .trim();
  return kept && !PYTHON_CLASS.test(kept) ? kept : null;
}

/** `MessagingTimeout`, `oslo_db.exception.DBConnectionError`: a name of code, not a sentence */
const PYTHON_CLASS = /^(?:[a-z_]\w*\.)*[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+$/;

/**
 * A body that is not the service's JSON comes from whatever stands in front of it (a load balancer's
 * 503 page, a web server's error page): its words without the markup.
 */
function textOfPage(body: string): string {
  return (
    body
      .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || 'no details'
  );
}

/** Extracts the human message from the error bodies of Nova, Keystone and Placement. */
export function apiMessageFrom(body: unknown, fallback: string): string {
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    // Placement: {"errors": [{"detail": "..."}]}
    if (Array.isArray(record.errors) && record.errors.length > 0) {
      const first = record.errors[0] as Record<string, unknown>;
      const text = first.detail ?? first.title;
      if (typeof text === 'string') return text.trim();
    }
    // Nova: {"badRequest": {"message": "..."}}; Keystone: {"error": {"message": "..."}}
    for (const value of Object.values(record)) {
      if (
        value &&
        typeof value === 'object' &&
        typeof (value as { message?: unknown }).message === 'string'
      ) {
        return (value as { message: string }).message;
      }
    }
  }
  return fallback;
}
