import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ActionOutcomeUnknownError,
  AmbiguousServerError,
  OpenStackApiError,
  OpenStackNoAnswerError,
  OpenStackUnreachableError,
  ServerNotFoundError,
  UnsupportedCloudError,
} from '../../src/core/cloud-errors.ts';
import { capacityOf, freeOf } from '../../src/core/model/cloud.ts';
import { serverLookupText } from '../../src/messages/cloud.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture;

beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

async function statusOf<T>(promise: Promise<T>): Promise<OpenStackApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OpenStackApiError) return error;
    throw error;
  }
  throw new Error('expected an OpenStackApiError');
}

describe('Nova client against the sandbox over HTTP', () => {
  it('negotiates the newest microversion both sides know', async () => {
    expect(await fx.clients.nova.negotiate()).toBe('2.96');
  });

  it('refuses a cloud older than Stein, saying which versions it found', async () => {
    const old = await sandboxFixture({ maxMicroversion: '2.60' });
    try {
      await expect(old.clients.nova.negotiate()).rejects.toThrow(UnsupportedCloudError);
      await expect(old.clients.nova.negotiate()).rejects.toThrow(/up to 2\.60.*at least 2\.71/);
    } finally {
      await old.close();
    }
  });

  it('adapts to a cloud between the oldest and newest microversion', async () => {
    const zed = await sandboxFixture({ maxMicroversion: '2.93' });
    try {
      expect(await zed.clients.nova.negotiate()).toBe('2.93');
      const server = await zed.clients.nova.findServer('server-x');
      expect(server.host).toBe('compute1');
    } finally {
      await zed.close();
    }
  });

  it('finds servers by name across projects and by ID', async () => {
    const byName = await fx.clients.nova.findServer('server-x');
    expect(byName).toMatchObject({ name: 'server-x', host: 'compute1', status: 'ACTIVE', powerState: 1 });
    expect(byName.flavor).toMatchObject({ name: 'm1.large', ramMb: 8192, vcpus: 4 });
    expect(byName.hypervisorHostname).toBe('compute1.sandbox.ferry.test');
    const byId = await fx.clients.nova.findServer(byName.id);
    expect(byId.id).toBe(byName.id);
    const volumeBacked = await fx.clients.nova.findServer('db-primary');
    expect(volumeBacked.imageId).toBeNull();
    expect(volumeBacked.volumeIds).toHaveLength(1);
    const locked = await fx.clients.nova.findServer('vault');
    expect(locked).toMatchObject({ locked: true, lockedReason: 'PCI audit until Friday' });
    // As real Nova: a list answer carries no server_groups, so neither does a lookup by a name first
    // seen (the list's answer); a read by ID names them, and the client keeps them as a hint.
    const listed = await fx.clients.nova.listServers({ name: '^web-1$' });
    expect(listed[0]?.serverGroupIds).toBeNull();
    const found = await fx.clients.nova.findServer('web-1');
    expect(found.serverGroupIds).toBeNull();
    expect(fx.clients.nova.serverGroupsSeen('web-1')).toBeNull();
    const grouped = await fx.clients.nova.getServer(found.id);
    const group = await fx.clients.nova.getServerGroup(grouped.serverGroupIds?.[0] as string);
    expect(fx.clients.nova.serverGroupsSeen('web-1')).toEqual([group.id]);
    expect(fx.clients.nova.serverGroupsSeen(found.id)).toEqual([group.id]);
    expect(group.policy).toBe('anti-affinity');
    expect(group.members).toHaveLength(2);
    const everyGroup = await fx.clients.nova.listServerGroups();
    expect(everyGroup.find((g) => g.id === group.id)?.members).toContain(grouped.id);
  });

  it('lists every candidate of an ambiguous name, with IDs and hosts', async () => {
    const error = await fx.clients.nova.findServer('worker').catch((e) => e);
    expect(error).toBeInstanceOf(AmbiguousServerError);
    expect((error as AmbiguousServerError).candidates.map((c) => c.host).sort()).toEqual([
      'compute1',
      'compute3',
    ]);
    expect(serverLookupText(error)).toMatch(/2 servers are named "worker"/);
  });

  it('treats regex characters in a name literally', async () => {
    await expect(fx.clients.nova.findServer('server-.')).rejects.toThrow(ServerNotFoundError);
    await expect(fx.clients.nova.findServer('.*')).rejects.toThrow(ServerNotFoundError);
  });

  it('lists servers on a host, hypervisors and compute services', async () => {
    const onCompute1 = await fx.clients.nova.serversOnHost('compute1');
    expect(onCompute1.map((s) => s.name).sort()).toEqual([
      'batch-7',
      'db-primary',
      'ledger',
      'server-x',
      'vault',
      'web-1',
      'worker',
    ]);
    const hypervisors = await fx.clients.nova.listHypervisors();
    expect(hypervisors.map((h) => h.serviceHost)).toEqual(['compute1', 'compute2', 'compute3', 'compute4']);
    expect(hypervisors.find((h) => h.serviceHost === 'compute3')?.version).toBeLessThan(
      hypervisors[0]?.version ?? 0,
    );
    const services = await fx.clients.nova.listComputeServices();
    expect(services.find((s) => s.host === 'compute4')).toMatchObject({
      status: 'disabled',
      disabledReason: 'DIMM replacement, ticket OPS-4121',
    });
  });

  it("reads every page of the lists Nova pages, whatever the cloud's max_limit", async () => {
    const small = await sandboxFixture({ maxLimit: 2 });
    try {
      const { nova } = small.clients;
      const cloud = small.sandbox.cloud;
      expect((await nova.listServers()).length).toBe(cloud.servers.size);
      expect((await nova.listHypervisors()).map((h) => h.serviceHost).sort()).toEqual(
        [...cloud.hosts.keys()].sort(),
      );
      for (const name of ['server-x', 'cache-1', 'web-2', 'vault']) {
        const server = await nova.findServer(name);
        await nova.coldMigrate(server.id).catch(() => undefined);
      }
      small.clock.advance(60_000);
      const all = await nova.listMigrations();
      expect(all.length).toBe(cloud.migrations.length);
      expect(all.length).toBeGreaterThan(2);
      expect((await nova.listMigrations({ limit: 1 })).length).toBe(1);
    } finally {
      await small.close();
    }
  });

  it('disables and enables a compute service with a reason', async () => {
    const compute2 = (await fx.clients.nova.listComputeServices()).find((s) => s.host === 'compute2');
    const disabled = await fx.clients.nova.setServiceEnabled(
      compute2?.id as string,
      false,
      'Ferry evacuation #12',
    );
    expect(disabled).toMatchObject({ status: 'disabled', disabledReason: 'Ferry evacuation #12' });
    const enabled = await fx.clients.nova.setServiceEnabled(compute2?.id as string, true);
    expect(enabled).toMatchObject({ status: 'enabled', disabledReason: null });
  });

  it('computes free memory from Placement as Nova does', async () => {
    const compute1 = (await fx.clients.nova.listHypervisors()).find((h) => h.serviceHost === 'compute1');
    const capacity = await fx.clients.placement.capacity(compute1?.id as string);
    const memory = capacity.MEMORY_MB;
    expect(memory).toMatchObject({ total: 65536, reserved: 512, allocationRatio: 1 });
    // compute1 holds server-x 8192 + web-1 4096 + db-primary 4096 + batch-7 2048 + vault 2048 + ledger 16384 + worker 2048
    expect(memory?.used).toBe(38912);
    expect(freeOf(memory as NonNullable<typeof memory>)).toBe(65536 - 512 - 38912);
    expect(capacityOf(capacity.VCPU as NonNullable<typeof capacity.VCPU>)).toBe(128);
  });

  it('live-migrates with honest progress and a completed record', async () => {
    const nova = fx.clients.nova;
    const server = await nova.findServer('server-x');
    const accepted = await nova.liveMigrate(server.id, { host: 'compute2', blockMigration: 'auto' });
    expect(accepted.requestId).toMatch(/^req-/);
    expect((await nova.getServer(server.id)).status).toBe('MIGRATING');
    fx.clock.advance(3_000);
    const [running] = await nova.listServerMigrations(server.id);
    expect(running?.status).toBe('running');
    fx.clock.advance(10_000);
    const progressed = await nova.getServerMigration(server.id, running?.id as number);
    // server-x has local disk, so "auto" chose block migration: disk first, then memory.
    expect(progressed?.disk?.total).toBe(80 * 1024 ** 3);
    expect(progressed?.disk?.processed).toBeGreaterThan(0);
    fx.clock.advance(10 * 60_000);
    expect(await nova.getServerMigration(server.id, running?.id as number)).toBeNull();
    const [record] = await nova.listMigrations({ serverId: server.id, type: 'live-migration', limit: 1 });
    expect(record).toMatchObject({ status: 'completed', sourceCompute: 'compute1', destCompute: 'compute2' });
    expect((await nova.getServer(server.id)).host).toBe('compute2');
    const action = await nova.getInstanceAction(server.id, accepted.requestId as string);
    expect(action.events.map((e) => e.event)).toContain('compute_post_live_migration_at_destination');
  });

  it('cold-migrates to VERIFY_RESIZE, then confirms and reverts', async () => {
    const nova = fx.clients.nova;
    const batch = await nova.findServer('batch-7');
    await nova.coldMigrate(batch.id, 'compute2');
    expect((await nova.getServer(batch.id)).status).toBe('RESIZE');
    // 20 GiB of local disk to copy at 150 MiB/s
    fx.clock.advance(60_000);
    expect((await nova.getServer(batch.id)).status).toBe('RESIZE');
    fx.clock.advance(120_000);
    expect(await nova.getServer(batch.id)).toMatchObject({ status: 'VERIFY_RESIZE', host: 'compute2' });
    await nova.confirmResize(batch.id);
    fx.clock.advance(2_000);
    expect(await nova.getServer(batch.id)).toMatchObject({ status: 'SHUTOFF', host: 'compute2' });

    const legacy = await nova.findServer('legacy-app');
    await nova.coldMigrate(legacy.id);
    fx.clock.advance(600_000);
    expect((await nova.getServer(legacy.id)).status).toBe('VERIFY_RESIZE');
    await nova.revertResize(legacy.id);
    fx.clock.advance(5_000);
    expect(await nova.getServer(legacy.id)).toMatchObject({ status: 'SHUTOFF', host: 'compute2' });
    const [reverted] = await nova.listMigrations({ serverId: legacy.id });
    expect(reverted?.status).toBe('reverted');
  });

  it('aborts a stalled live migration and force-completes another', async () => {
    const nova = fx.clients.nova;
    const ledger = await nova.findServer('ledger');
    await nova.liveMigrate(ledger.id, { host: 'compute2', blockMigration: 'auto' });
    fx.clock.advance(120_000);
    const [stalled] = await nova.listServerMigrations(ledger.id);
    const remaining = stalled?.memory?.remaining as number;
    fx.clock.advance(60_000);
    const later = await nova.getServerMigration(ledger.id, stalled?.id as number);
    expect(later?.memory?.remaining).toBe(remaining);
    expect(later?.memory?.processed).toBeGreaterThan(stalled?.memory?.processed as number);
    await nova.forceCompleteMigration(ledger.id, stalled?.id as number);
    fx.clock.advance(60_000);
    expect((await nova.getServer(ledger.id)).host).toBe('compute2');

    applyFault(fx.sandbox.cloud, { type: 'stall', server: 'cache-1' });
    const cache = await nova.findServer('cache-1');
    await nova.liveMigrate(cache.id, { host: 'compute1', blockMigration: 'auto' });
    fx.clock.advance(30_000);
    const [running] = await nova.listServerMigrations(cache.id);
    expect(running?.status).toBe('running');
    await nova.abortMigration(cache.id, running?.id as number);
    fx.clock.advance(1_000);
    expect(await nova.getServer(cache.id)).toMatchObject({ status: 'ACTIVE', host: 'compute2' });
    const [cancelled] = await nova.listMigrations({ serverId: cache.id, type: 'live-migration' });
    expect(cancelled?.status).toBe('cancelled');
  });

  it("carries Nova's message, status and request ID in a 409", async () => {
    const nova = fx.clients.nova;
    const server = await nova.findServer('server-x');
    await nova.liveMigrate(server.id, { host: 'compute2', blockMigration: 'auto' });
    const error = await statusOf(nova.liveMigrate(server.id, { host: 'compute2', blockMigration: 'auto' }));
    expect(error.status).toBe(409);
    expect(error.apiMessage).toBe(
      `Cannot 'os-migrateLive' instance ${server.id} while it is in task_state migrating`,
    );
    expect(error.requestId).toMatch(/^req-/);
    const unknown = await statusOf(
      nova.liveMigrate((await nova.findServer('cache-1')).id, { host: 'compute9', blockMigration: 'auto' }),
    );
    expect(unknown).toMatchObject({ status: 400, apiMessage: 'Compute host compute9 could not be found.' });
  });

  it('reports a scheduler refusal that comes after the 202, as real Nova does', async () => {
    const nova = fx.clients.nova;
    const server = await nova.findServer('cache-1');
    const accepted = await nova.liveMigrate(server.id, { host: 'compute4', blockMigration: 'auto' });
    fx.clock.advance(5_000);
    const [record] = await nova.listMigrations({ serverId: server.id });
    expect(record?.status).toBe('error');
    const action = await nova.getInstanceAction(server.id, accepted.requestId as string);
    expect(action.message).toBe('Error');
    expect(action.events.find((e) => e.result === 'Error')).toMatchObject({
      event: 'conductor_live_migrate_instance',
      // Nova's text as people read it (its trailing space trimmed)
      details: 'No valid host was found.',
    });
    expect(await nova.getServer(server.id)).toMatchObject({ status: 'ACTIVE', host: 'compute2' });
  });

  it('retries reads through 5xx answers but never retries an action', async () => {
    const nova = fx.clients.nova;
    const server = await nova.findServer('server-x');
    applyFault(fx.sandbox.cloud, { type: 'api-error', status: 503, count: 2 });
    expect((await nova.getServer(server.id)).name).toBe('server-x');
    applyFault(fx.sandbox.cloud, { type: 'api-error', status: 500, count: 1, path: '/action' });
    // a 5xx to an action: sent once, its outcome unknown (Nova may have carried it out)
    const error = await nova
      .liveMigrate(server.id, { host: 'compute2', blockMigration: 'auto' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionOutcomeUnknownError);
    expect((error as ActionOutcomeUnknownError).reason).toMatch(/^500: Unexpected API Error/);
    expect(fx.sandbox.cloud.migrations).toHaveLength(0);
  });

  it("keeps Nova's Python class line of an unexpected error out of the typed error", async () => {
    const nova = fx.clients.nova;
    const server = await nova.findServer('server-x');
    applyFault(fx.sandbox.cloud, { type: 'cell-down', servers: ['server-x'], seconds: 60 });
    const error = await nova.getServer(server.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenStackApiError);
    expect((error as OpenStackApiError).status).toBe(500);
    expect((error as OpenStackApiError).apiMessage).toMatch(/^Unexpected API Error\./);
    expect((error as Error).message).not.toMatch(/<class|oslo_db/);
  });

  it('tells an action that got no answer (unknown) from one that never reached Nova (not sent)', async () => {
    const nova = fx.clients.nova;
    const server = await nova.findServer('server-x');
    applyFault(fx.sandbox.cloud, { type: 'lose-answer', method: 'POST', path: '/action', how: 'drop' });
    const lost = await nova
      .liveMigrate(server.id, { host: 'compute2', blockMigration: 'auto' })
      .catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(ActionOutcomeUnknownError);
    // Nova carried it out although its answer never came
    expect(fx.sandbox.cloud.migrations).toHaveLength(1);
    expect(await nova.listInstanceActions(server.id)).toContainEqual(
      expect.objectContaining({
        action: 'live-migration',
        requestId: fx.sandbox.cloud.migrations[0]?.requestId,
      }),
    );
    await fx.close();
    // once the client has seen its kept-alive connection close, the next request needs a new one
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await nova.coldMigrate(server.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenStackUnreachableError);
    expect(refused).not.toBeInstanceOf(OpenStackNoAnswerError);
    expect((refused as OpenStackUnreachableError).reason).toMatch(/connection refused/);
  });

  it('renews the token before expiry and after a 401', async () => {
    const nova = fx.clients.nova;
    await nova.findServer('server-x');
    const first = await fx.clients.session.token();
    fx.clock.advance(3_600_000 - 60_000);
    const renewed = await fx.clients.session.token();
    expect(renewed).not.toBe(first);
    applyFault(fx.sandbox.cloud, { type: 'expire-tokens' });
    expect((await nova.findServer('server-x')).name).toBe('server-x');
    expect(await fx.clients.session.token()).not.toBe(renewed);
  });

  it('explains a 403 for a user without admin rights', async () => {
    const viewer = await sandboxFixture({
      env: { OS_USERNAME: 'viewer', OS_PASSWORD: 'sandbox-viewer', OS_PROJECT_NAME: 'web' },
    });
    try {
      const error = await statusOf(viewer.clients.nova.listHypervisors());
      expect(error.status).toBe(403);
      expect(error.apiMessage).toMatch(/Policy doesn't allow os_compute_api:os-hypervisors:list/);
    } finally {
      await viewer.close();
    }
  });

  it('rejects wrong credentials with a message that names the source, not the secret', async () => {
    const wrong = await sandboxFixture({ env: { OS_PASSWORD: 'not-the-password' } });
    try {
      const error = await statusOf(wrong.clients.nova.negotiate());
      expect(error.status).toBe(401);
      expect(error.message).toMatch(/Keystone refused the credentials from OS_\* environment variables/);
      expect(error.message).not.toContain('not-the-password');
    } finally {
      await wrong.close();
    }
  });

  it('authenticates with an application credential', async () => {
    const appcred = await sandboxFixture({
      env: {
        OS_AUTH_TYPE: 'v3applicationcredential',
        OS_APPLICATION_CREDENTIAL_ID: 'ferry-sandbox-appcred',
        OS_APPLICATION_CREDENTIAL_SECRET: 'sandbox-appcred-secret',
        OS_USERNAME: '',
        OS_PASSWORD: '',
        OS_PROJECT_NAME: '',
        OS_USER_DOMAIN_NAME: '',
        OS_PROJECT_DOMAIN_NAME: '',
      },
    });
    try {
      expect((await appcred.clients.nova.findServer('server-x')).name).toBe('server-x');
    } finally {
      await appcred.close();
    }
  });

  it('names OS_REGION_NAME when the catalog has no such region', async () => {
    const elsewhere = await sandboxFixture({ env: { OS_REGION_NAME: 'RegionNine' } });
    try {
      await expect(elsewhere.clients.nova.negotiate()).rejects.toThrow(/region RegionNine.*OS_REGION_NAME/);
    } finally {
      await elsewhere.close();
    }
  });
});
