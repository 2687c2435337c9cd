import type { IncomingMessage } from 'node:http';
import { NovaFault, type SandboxCloud, type TokenInfo } from '../cloud.ts';
import { validateToken } from '../keystone-tokens.ts';

/** What one API module answers; the server turns it into an HTTP response. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Context {
  method: string;
  /** without a trailing slash */
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: IncomingMessage['headers'];
  /** the sandbox's own URL, for links */
  base: string;
}

/** One API of the sandbox (Keystone, Nova, …), served under its path prefix. */
export interface Api {
  prefix: string;
  serve(cloud: SandboxCloud, context: Context): Reply;
  /** the error body this API's real service sends for a NovaFault */
  error(fault: NovaFault): Reply;
}

/** A route: a method and a path template whose `{name}` parts match one path segment each. */
export interface Route<R> {
  method: string;
  path: string;
  handle(request: R, params: string[]): Reply;
}

export interface Router<R> {
  /** the handler's reply, or a 404 fault when no route matches */
  dispatch(method: string, path: string, request: R): Reply;
}

export function router<R>(routes: Route<R>[]): Router<R> {
  const compiled = routes.map((route) => ({
    route,
    pattern: new RegExp(`^${route.path.replace(/\{[a-z_]+\}/g, '([^/]+)')}$`),
  }));
  return {
    dispatch(method, path, request) {
      for (const { route, pattern } of compiled) {
        if (route.method !== method) continue;
        const match = pattern.exec(path);
        if (match) return route.handle(request, match.slice(1));
      }
      throw new NovaFault(404, 'The resource could not be found.');
    },
  };
}

/** Nova's names for error bodies by status (nova/api/openstack/wsgi.py Fault). */
const FAULT_NAMES: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  429: 'overLimit',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

export function novaError(status: number, message: string): Reply {
  return { status, body: { [FAULT_NAMES[status] ?? 'computeFault']: { code: status, message } } };
}

export function authenticated(cloud: SandboxCloud, context: Context): TokenInfo {
  const token = context.headers['x-auth-token'];
  return validateToken(cloud, Array.isArray(token) ? token[0] : token);
}

export function isAdmin(token: TokenInfo): boolean {
  return token.roles.includes('admin');
}

export function requireAdmin(token: TokenInfo, rule: string): void {
  if (!isAdmin(token)) throw new NovaFault(403, `Policy doesn't allow ${rule} to be performed.`);
}
