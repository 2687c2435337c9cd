import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { explain } from '../../src/chat/explain.ts';
import { ActionOutcomeUnknownError, OpenStackApiError } from '../../src/core/cloud-errors.ts';
import { runNoticeText } from '../../src/messages/runs.ts';
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

  it('says a 502 is the load balancer answering for Nova, with the page as a short excerpt, never the page', async () => {
    const server = await fx.clients.nova.findServer('server-x');
    applyFault(fx.sandbox.cloud, { type: 'api-error', status: 502, count: 10 });
    const said = explain(await errorOf(fx.clients.nova.getServer(server.id)));
    expect(said).toBe(
      'Nova cannot be reached right now (502 Bad Gateway: the load balancer in front of it got no valid answer from it); the answer read "The server returned an invalid or incomplete response". Ferry tries again where it is watching; a command can be sent again in a minute. If it lasts, the cloud\'s admins must look at Nova\'s API and its load balancer.',
    );
  });

  it('cuts a long 5xx body to a short excerpt, escaped', () => {
    const page = `<b>*Bad*</b> ${'upstream connect error or disconnect/reset before headers '.repeat(40)}`;
    const said = explain(new OpenStackApiError('compute', 'GET', '/servers', 500, page, undefined));
    expect(said).toMatch(
      /^Nova answered 500: &lt;b&gt;\*Bad\*&lt;\/b&gt; upstream connect error[^.]{0,80}…\. The cloud had a problem/,
    );
    expect(said.length).toBeLessThan(200);
  });

  it('says a connection the cloud closed in words, and that the outcome of the request is unknown', async () => {
    const server = await fx.clients.nova.findServer('server-x');
    applyFault(fx.sandbox.cloud, { type: 'lose-answer', method: 'POST', path: '/action', how: 'drop' });
    const lost = await fx.clients.nova
      .liveMigrate(server.id, { host: 'compute2', blockMigration: 'auto' })
      .catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(ActionOutcomeUnknownError);
    const { reason } = lost as ActionOutcomeUnknownError;
    expect(reason).toBe('the cloud closed the connection before answering');
    expect(runNoticeText({ notice: { code: 'start-unanswered', reason } })).toBe(
      "Nova did not answer (the cloud closed the connection before answering), so whether the migration started is unknown until Nova's records say; checking whether it started",
    );
  });
});
