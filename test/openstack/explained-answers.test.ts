import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { explain } from '../../src/chat/explain.ts';
import { OpenStackApiError } from '../../src/core/cloud-errors.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/** Nova's error answers, over HTTP from the sandbox, as Ferry explains them to a person. */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

async function errorOf(promise: Promise<unknown>): Promise<OpenStackApiError> {
  const error = await promise.catch((e: unknown) => e);
  if (!(error instanceof OpenStackApiError)) throw new Error(`expected an OpenStackApiError, got ${error}`);
  return error;
}

describe("Nova's error answers explained", () => {
  it('says a 503 is Nova not available right now, never an error inside it', async () => {
    const server = await fx.clients.nova.findServer('server-x');
    applyFault(fx.sandbox.cloud, { type: 'outage', seconds: 60, answer: 'error', status: 503 });
    const error = await errorOf(fx.clients.nova.getServer(server.id));
    expect(error.status).toBe(503);
    // the load balancer's page, without its markup
    expect(error.apiMessage).toBe('503 Service Unavailable No server is available to handle this request.');
    const said = explain(error);
    expect(said).toMatch(/^Nova is not available right now \(503 Service Unavailable: /);
    expect(said).toMatch(/Ferry tries again where it is watching/);
    expect(said).not.toMatch(/error inside|cell database|<html/);
  });

  it("says a 500 with Nova's unexpected-error text is an error inside it", async () => {
    const server = await fx.clients.nova.findServer('server-x');
    applyFault(fx.sandbox.cloud, { type: 'cell-down', servers: ['server-x'], seconds: 60 });
    const said = explain(await errorOf(fx.clients.nova.getServer(server.id)));
    expect(said).toMatch(/^Nova had an error inside it \(500/);
    expect(said).not.toMatch(/Unexpected API Error|<class/);
  });
});
