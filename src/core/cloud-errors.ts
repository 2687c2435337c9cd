/**
 * Typed errors of the cloud port, raised by the OpenStack adapter and understood by the core and the
 * edges. Each carries what an operator needs to act, never a secret.
 */

export type OpenStackService = 'identity' | 'compute' | 'placement' | 'network' | 'image';

/** A setting is missing, unreadable or contradicts another; raised at start-up. */
export class CloudConfigError extends Error {
  override readonly name = 'CloudConfigError';
  constructor(
    message: string,
    readonly setting: string,
  ) {
    super(message);
  }
}

/** The API answered with an error status. `apiMessage` is the service's own explanation. */
export class OpenStackApiError extends Error {
  override readonly name = 'OpenStackApiError';
  constructor(
    readonly service: OpenStackService,
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly apiMessage: string,
    readonly requestId: string | undefined,
  ) {
    super(
      `${service} ${method} ${path} answered ${status}: ${apiMessage}${requestId ? ` (${requestId})` : ''}`,
    );
  }
}

/**
 * Whether the answer is Nova's word for an error inside itself ("Unexpected API Error. Please report
 * this at …", nova/api/openstack/wsgi.py, always a 500): it tells an operator nothing, so Ferry says
 * what it means.
 */
export function isInternalCloudError(error: OpenStackApiError): boolean {
  return error.status === 500 && /^Unexpected API Error\b/.test(error.apiMessage);
}

/** The answer in one short line with its status, said once ("503: 503 Service Unavailable …" is not). */
export function answerLine(error: OpenStackApiError): string {
  const first = excerpt(error.apiMessage.split('\n')[0] ?? '');
  return first.startsWith(String(error.status)) ? first : `${error.status}: ${first}`;
}

/**
 * At most `max` characters of a text from the cloud (a proxy's page, a message), one line without
 * control characters, cut at a word with "…": enough to recognise the answer, never a whole page.
 */
export function excerpt(text: string, max = 80): string {
  const line = text
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const word = cut.lastIndexOf(' ');
  return `${(word > max / 2 ? cut.slice(0, word) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

/**
 * Whether the service is not there to answer at all (503: the load balancer in front of it has no
 * working backend, or its API is restarting): nothing inside it failed, it is away for now.
 */
export function isUnavailableCloudError(error: OpenStackApiError): boolean {
  return error.status === 503;
}

/**
 * Whether an HTTP status is a gateway's (502-504): the proxy in front of the API found no service
 * behind it, so the whole service is away, not one request failing inside it.
 */
export function isGatewayStatus(status: number): boolean {
  return status >= 502 && status <= 504;
}

/** No answer in time, or no connection at all. */
export class OpenStackUnreachableError extends Error {
  override readonly name: string = 'OpenStackUnreachableError';
  /** a read tried again before it failed: how many tries, over how long (real ms), each without an answer in time */
  tries: { count: number; overMs: number; allTimedOut: boolean } | undefined;
  constructor(
    readonly service: OpenStackService,
    readonly method: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${service} ${method} ${path} failed: ${reason}`);
  }
}

/**
 * The request went out, but no answer came back (no answer in time, the connection reset): the
 * service may have carried it out. A refused connection or an unknown host is the parent class: not sent.
 */
export class OpenStackNoAnswerError extends OpenStackUnreachableError {
  override readonly name = 'OpenStackNoAnswerError';
}

/**
 * A server action (migrate, confirm…) was sent and its answer lost: no answer, a reset connection or a
 * 5xx. Nova may or may not have carried it out; only its records (migrations, instance actions) tell.
 * `requestId` is Nova's, when an error answer carried one.
 */
export class ActionOutcomeUnknownError extends Error {
  override readonly name = 'ActionOutcomeUnknownError';
  constructor(
    readonly serverId: string,
    readonly action: string,
    readonly reason: string,
    readonly requestId: string | undefined,
  ) {
    super(`compute POST /servers/${serverId}/action (${action}): outcome unknown: ${reason}`);
  }
}

/** The cloud's API is older than the oldest microversion Ferry can work with. */
export class UnsupportedCloudError extends Error {
  override readonly name = 'UnsupportedCloudError';
}

/** No server has the name or ID asked for (`query`); src/messages/cloud.ts words it. */
export class ServerNotFoundError extends Error {
  override readonly name = 'ServerNotFoundError';
  constructor(readonly query: string) {
    super(`no server named or with ID "${query}"`);
  }
}

export interface ServerCandidate {
  id: string;
  name: string;
  host: string | null;
  projectId: string;
}

/** Several servers have the name asked for (`query`): its candidates; src/messages/cloud.ts words it. */
export class AmbiguousServerError extends Error {
  override readonly name = 'AmbiguousServerError';
  constructor(
    readonly query: string,
    readonly candidates: ServerCandidate[],
  ) {
    super(`${candidates.length} servers named "${query}": ${candidates.map((c) => c.id).join(', ')}`);
  }
}

/** An error the cloud gave (an answer, or none in time): Ferry explains these in its own words. */
export function isCloudError(error: unknown): error is OpenStackApiError | OpenStackUnreachableError {
  return error instanceof OpenStackApiError || error instanceof OpenStackUnreachableError;
}

/** The cloud gave no answer to act on: none at all, or a 5xx (it failed, it did not refuse). */
export function isCloudUnanswered(error: unknown): error is OpenStackApiError | OpenStackUnreachableError {
  return (
    error instanceof OpenStackUnreachableError || (error instanceof OpenStackApiError && error.status >= 500)
  );
}
