import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/** Nova's evacuate (rebuild elsewhere) of a dead host's server, as the real control plane did it. */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

describe('evacuate of a forced-down host', () => {
  it('refuses while the host lives, rebuilds once it is forced down, and completes when it restarts', async () => {
    const token = await fx.clients.session.token();
    const compute = await fx.clients.session.endpoint('compute');
    const call = async (method: string, path: string, body: unknown) => {
      const response = await fetch(`${compute}${path}`, {
        method,
        headers: {
          'X-Auth-Token': token,
          'OpenStack-API-Version': 'compute 2.93',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    };
    const id = fx.sandbox.cloud.resolveServer('cache-1').id;
    const service = fx.sandbox.cloud.hostOrThrow('compute2').serviceUuid;
    const evacuate = () => call('POST', `/servers/${id}/action`, { evacuate: { host: 'compute1' } });

    expect(await evacuate()).toMatchObject({
      status: 400,
      body: { badRequest: { message: 'Compute service of compute2 is still in use.' } },
    });
    await call('PUT', `/os-services/${service}`, { forced_down: true });
    expect(await evacuate()).toEqual({ status: 200, body: null });
    fx.clock.advance(5_000);
    expect((await fx.clients.nova.getServer(id)).host).toBe('compute1');
    const records = () => fx.clients.nova.listMigrations({ serverId: id, type: 'evacuation' });
    expect((await records())[0]?.status).toBe('done');
    expect((await call('PUT', `/os-services/${service}`, { forced_down: false })).status).toBe(400);
    fx.sandbox.cloud.setServiceDown('compute2', false); // nova-compute on compute2 starts again
    expect((await records())[0]?.status).toBe('completed');
    expect((await call('PUT', `/os-services/${service}`, { forced_down: false })).status).toBe(200);
  });
});
