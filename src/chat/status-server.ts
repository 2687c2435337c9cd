import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * /healthz and /metrics on an address of their own (FERRY_STATUS_ADDR, loopback by default), never on
 * Slack's port: a load balancer or Prometheus reaches them, the internet does not. /healthz answers
 * only ok or not unless `?detail` is asked; with FERRY_STATUS_TOKEN set, the detail and /metrics need
 * `Authorization: Bearer <token>`.
 */

/** The verdict on this Ferry: whoever builds it decides what healthy means (the store, the replica…). */
export type Health = () => Promise<{ ok: boolean; body: Record<string, unknown> }>;
export type Metrics = () => Promise<{ contentType: string; body: string }>;

export interface StatusAddress {
  host: string;
  port: number;
  /** FERRY_STATUS_TOKEN: required for /metrics and /healthz?detail when set */
  token?: string;
}

export interface StatusServer {
  /** the port it listens on (the one asked for, or the one given for port 0) */
  port: number;
  close(): Promise<void>;
}

export async function startStatusServer(
  address: StatusAddress,
  routes: { health: Health; metrics: Metrics },
): Promise<StatusServer> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://status');
    if (request.method !== 'GET') return void response.writeHead(405, { Allow: 'GET' }).end();
    if (url.pathname === '/healthz') {
      const detail = url.searchParams.has('detail');
      if (detail && !authorized(request, address.token)) return refuse(response);
      return serveHealth(routes.health, response, detail);
    }
    if (url.pathname === '/metrics') {
      if (!authorized(request, address.token)) return refuse(response);
      return serveMetrics(routes.metrics, response);
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => resolve());
  });
  const bound = server.address();
  return {
    port: typeof bound === 'object' && bound ? bound.port : address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function authorized(request: IncomingMessage, token: string | undefined): boolean {
  if (!token) return true;
  const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
  // compared as digests of equal length, in constant time
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(token));
}

function refuse(response: ServerResponse): void {
  response.writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer' });
  response.end('FERRY_STATUS_TOKEN is set: send Authorization: Bearer <token>.\n');
}

/** GET /healthz: 200 when healthy, else 503; the body says only that unless `detail` is asked. */
function serveHealth(health: Health, response: ServerResponse, detail: boolean): void {
  health()
    .catch((error: Error) => ({ ok: false, body: { status: 'error', error: error.message } }))
    .then(({ ok, body }) => {
      response.writeHead(ok ? 200 : 503, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(detail ? body : { status: body.status ?? (ok ? 'ok' : 'error') }));
    });
}

/** GET /metrics in Prometheus' text format. */
function serveMetrics(metrics: Metrics, response: ServerResponse): void {
  metrics()
    .then(({ contentType, body }) => {
      response.writeHead(200, { 'Content-Type': contentType });
      response.end(body);
    })
    .catch((error: Error) => {
      response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end(`metrics failed: ${error.message}`);
    });
}
