import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerInstead, errorReply, fateOf } from './answer-faults.ts';
import { computeApi } from './api/compute.ts';
import { controlApi } from './api/control.ts';
import { type Api, type Context, novaError, type Reply } from './api/http.ts';
import { identityApi } from './api/identity.ts';
import { imageApi } from './api/image.ts';
import { networkApi } from './api/network.ts';
import { placementApi } from './api/placement.ts';
import { NovaFault, type SandboxCloud } from './cloud.ts';

/** Each API under its path prefix, as a cloud's catalog lists them (one port here). */
const APIS: Api[] = [identityApi, computeApi, placementApi, imageApi, networkApi, controlApi];

export interface RunningSandbox {
  url: string;
  /** the OS_* variables that point the openstack CLI (or Ferry) at this sandbox */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Serves the sandbox cloud's Keystone, Nova, Placement (and a minimal Glance) on one loopback port. */
export async function startSandboxServer(
  cloud: SandboxCloud,
  port = 0,
  host = '127.0.0.1',
): Promise<RunningSandbox> {
  let base = '';
  const server: Server = createServer((request, response) => {
    handle(cloud, request, response, base).catch((error) => {
      send(response, { status: 500, body: { computeFault: { code: 500, message: String(error) } } });
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  base = `http://${host}:${address.port}`;
  return {
    url: base,
    env: sandboxEnv(base),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sandboxEnv(base: string): Record<string, string> {
  return {
    OS_AUTH_URL: `${base}/identity/v3`,
    OS_USERNAME: 'admin',
    OS_PASSWORD: 'sandbox-admin',
    OS_PROJECT_NAME: 'admin',
    OS_USER_DOMAIN_NAME: 'Default',
    OS_PROJECT_DOMAIN_NAME: 'Default',
    OS_REGION_NAME: 'RegionOne',
    OS_INTERFACE: 'public',
    OS_IDENTITY_API_VERSION: '3',
  };
}

const observers = new WeakMap<SandboxCloud, (method: string, path: string) => void>();

const holds = new WeakMap<SandboxCloud, () => Promise<void>>();

/**
 * Holds each request to the cloud's APIs until the promise `hold` returns settles (null: none held), so
 * a test can answer requests in batches and see which a client sends before it has any answer.
 */
export function holdRequests(cloud: SandboxCloud, hold: (() => Promise<void>) | null): void {
  if (hold) holds.set(cloud, hold);
  else holds.delete(cloud);
}

/**
 * Tells `observer` of each request to the cloud's APIs before it is served (or failed by a fault), so
 * a test can inject a fault at the moment a given call arrives.
 */
export function observeRequests(cloud: SandboxCloud, observer: (method: string, path: string) => void): void {
  observers.set(cloud, observer);
}

async function handle(
  cloud: SandboxCloud,
  request: IncomingMessage,
  response: ServerResponse,
  base: string,
): Promise<void> {
  const url = new URL(request.url ?? '/', base);
  cloud.requestsServed += 1;
  const raw = await readBody(request);
  let body: unknown;
  if (raw) {
    try {
      body = JSON.parse(raw);
    } catch {
      return send(response, novaError(400, 'Malformed request body'));
    }
  }
  const context: Context = {
    method: request.method ?? 'GET',
    path: url.pathname.replace(/\/+$/, '') || '/',
    query: url.searchParams,
    body,
    headers: request.headers,
    base,
  };
  if (cloud.faults.slowMs > 0) await new Promise((resolve) => setTimeout(resolve, cloud.faults.slowMs));
  const api = APIS.find((candidate) => context.path.startsWith(candidate.prefix));
  if (!api) return send(response, { status: 404, body: { error: 'not found' } });
  if (api !== controlApi) {
    await holds.get(cloud)?.();
    observers.get(cloud)?.(context.method, context.path);
    const injected = cloud.takeApiFault(context.path);
    if (injected) return send(response, errorReply(injected.status));
    const instead = answerInstead(cloud, context);
    if (instead) return send(response, instead);
  }
  cloud.sync();
  let reply: Reply;
  try {
    reply = api.serve(cloud, context);
  } catch (error) {
    if (!(error instanceof NovaFault)) throw error;
    reply = api.error(error);
  }
  if (api === controlApi) return send(response, reply);
  // the request has been carried out; its answer may still be lost or late
  const fate = fateOf(cloud, context, reply);
  if (fate.lose === 'drop') {
    response.socket?.destroy();
    return;
  }
  if (fate.delayMs) await new Promise((resolve) => setTimeout(resolve, fate.delayMs));
  send(response, fate.reply);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload = '';
  if (typeof reply.body === 'string') payload = reply.body;
  else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['Content-Type'] ??= 'application/json';
  }
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  response.writeHead(reply.status, headers);
  response.end(payload);
}
