/** Typed errors of the OpenStack client. Each carries what an operator needs to act, never a secret. */

export type OpenStackService = 'identity' | 'compute' | 'placement';

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

/** No answer in time, or no connection at all. */
export class OpenStackUnreachableError extends Error {
  override readonly name = 'OpenStackUnreachableError';
  constructor(
    readonly service: OpenStackService,
    readonly method: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${service} ${method} ${path} failed: ${reason}`);
  }
}

/** The cloud's API is older than the oldest microversion Ferry can work with. */
export class UnsupportedCloudError extends Error {
  override readonly name = 'UnsupportedCloudError';
}

export class ServerNotFoundError extends Error {
  override readonly name = 'ServerNotFoundError';
  constructor(readonly query: string) {
    super(`No server named or with ID "${query}" exists in any project.`);
  }
}

export interface ServerCandidate {
  id: string;
  name: string;
  host: string | null;
  projectId: string;
}

export class AmbiguousServerError extends Error {
  override readonly name = 'AmbiguousServerError';
  constructor(
    readonly query: string,
    readonly candidates: ServerCandidate[],
  ) {
    super(
      `${candidates.length} servers are named "${query}"; use the ID of the one you mean: ${candidates
        .map((c) => `${c.id} (on ${c.host ?? 'no host'}, project ${c.projectId})`)
        .join(', ')}`,
    );
  }
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
