import { afterEach, describe, expect, it } from 'vitest';
import { impactOf, readImpactFacts } from '../../src/core/move/impact.ts';
import { cloudApiFrom } from '../../src/openstack/cloud-api.ts';
import { BATCHES_AT_MOST, SERVERS_PER_REQUEST } from '../../src/openstack/neutron.ts';
import { IMPACT_FLAVORS } from '../../src/sandbox/seed.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('what a move depends on, read in bulk: extra specs and Neutron ports', () => {
  it("reads the flavor's extra specs from the server's embedded flavor (2.47+)", async () => {
    fx = await sandboxFixture();
    const cloud = fx.sandbox.cloud;
    for (const flavor of IMPACT_FLAVORS) cloud.addFlavor(flavor);
    cloud.addHost({
      name: 'impact1',
      memoryMb: 65_536,
      vcpus: 32,
      diskGb: 1_800,
      hypervisorVersion: 8_002_000,
    });
    cloud.addServer({
      name: 'pinned-1',
      host: 'impact1',
      flavor: 'p1.pinned',
      project: 'web',
      user: 'admin',
    });
    const api = cloudApiFrom(fx.clients);
    const [pinned] = await api.serversOnHost('impact1');
    expect(pinned?.flavor.extraSpecs).toEqual({ 'hw:cpu_policy': 'dedicated' });
    expect((await api.findServer('server-x')).flavor.extraSpecs).toEqual({});
    expect(await api.cloudMaxMicroversion()).toBe('2.96');
  });

  it('reads the ports of many servers in a few requests, whatever their number', async () => {
    fx = await sandboxFixture();
    const cloud = fx.sandbox.cloud;
    cloud.addHost({
      name: 'impact1',
      memoryMb: 524_288,
      vcpus: 64,
      diskGb: 7_200,
      hypervisorVersion: 8_002_000,
    });
    for (let i = 0; i < 100; i++)
      cloud.addServer({
        name: `many-${i}`,
        host: 'impact1',
        flavor: 'm1.small',
        project: 'web',
        user: 'admin',
        ports: [
          { name: 'eth0', vnicType: 'normal' },
          ...(i % 10 === 0 ? [{ name: 'sriov0', vnicType: 'direct' as const }] : []),
        ],
      });
    const api = cloudApiFrom(fx.clients);
    const servers = await api.serversOnHost('impact1');
    await api.portsOf([servers[0]?.id as string]); // the token and catalog, once
    const before = cloud.requestsServed;
    const ports = await api.portsOf(servers.map((s) => s.id));
    expect(cloud.requestsServed - before).toBe(Math.ceil(100 / SERVERS_PER_REQUEST));
    expect(ports?.size).toBe(100);
    const first = servers.find((s) => s.name === 'many-0');
    expect(ports?.get(first?.id as string)?.map((p) => [p.name, p.vnicType])).toEqual([
      ['eth0', 'normal'],
      ['sriov0', 'direct'],
    ]);
  });

  it('reads every port of the cloud in one request when the batches would be more than a handful', async () => {
    fx = await sandboxFixture();
    const cloud = fx.sandbox.cloud;
    cloud.addHost({
      name: 'impact1',
      memoryMb: 1_048_576,
      vcpus: 256,
      diskGb: 20_000,
      hypervisorVersion: 8_002_000,
    });
    const many = SERVERS_PER_REQUEST * BATCHES_AT_MOST + 1;
    for (let i = 0; i < many; i++)
      cloud.addServer({
        name: `many-${i}`,
        host: 'impact1',
        flavor: 'm1.small',
        project: 'web',
        user: 'admin',
      });
    const api = cloudApiFrom(fx.clients);
    const servers = await api.serversOnHost('impact1');
    await api.portsOf([servers[0]?.id as string]);
    const before = cloud.requestsServed;
    const ports = await api.portsOf(servers.map((s) => s.id));
    expect(cloud.requestsServed - before).toBe(1);
    expect(ports?.size).toBe(many);
    // only these servers' ports: the seeded cloud's are left out
    expect([...(ports?.values() ?? [])].every((list) => list.length === 1)).toBe(true);
    expect([...(ports?.keys() ?? [])].includes(cloud.resolveServer('server-x').id)).toBe(false);
  });

  it("reads the images' hw_ properties in bulk (Glance id=in:), and a property of the image counts as the flavor's", async () => {
    fx = await sandboxFixture();
    const cloud = fx.sandbox.cloud;
    cloud.addImage('debian-12-vtpm', { hw_tpm_version: '2.0', hw_tpm_model: 'tpm-crb', os_distro: 'debian' });
    cloud.addHost({
      name: 'impact1',
      memoryMb: 65_536,
      vcpus: 32,
      diskGb: 1_800,
      hypervisorVersion: 8_002_000,
    });
    cloud.addServer({
      name: 'tpm-img',
      host: 'impact1',
      flavor: 'm1.small',
      project: 'web',
      user: 'admin',
      image: 'debian-12-vtpm',
    });
    cloud.addServer({ name: 'plain', host: 'impact1', flavor: 'm1.small', project: 'web', user: 'admin' });
    const api = cloudApiFrom(fx.clients);
    const servers = await api.serversOnHost('impact1');
    await api.imageProperties([servers[0]?.imageId as string]);
    const before = cloud.requestsServed;
    const images = await api.imageProperties(servers.map((s) => s.imageId as string));
    expect(cloud.requestsServed - before).toBe(1);
    const tpm = servers.find((s) => s.name === 'tpm-img') as (typeof servers)[number];
    expect(images?.get(tpm.imageId as string)).toEqual({ hw_tpm_version: '2.0', hw_tpm_model: 'tpm-crb' });
    const facts = await readImpactFacts(api, servers, await api.listHypervisors());
    expect(impactOf(tpm, facts).reasons).toEqual([
      expect.objectContaining({ code: 'vtpm', fromImage: true, effect: 'cold-only' }),
    ]);
    expect(impactOf(servers.find((s) => s.name === 'plain') as (typeof servers)[number], facts).class).toBe(
      'live',
    );
  });

  it("refuses, as Nova's API does, to live-migrate a vTPM server not in host secret mode (400, nothing recorded)", async () => {
    fx = await sandboxFixture();
    const cloud = fx.sandbox.cloud;
    for (const flavor of IMPACT_FLAVORS) cloud.addFlavor(flavor);
    cloud.addHost({
      name: 'impact1',
      memoryMb: 65_536,
      vcpus: 32,
      diskGb: 1_800,
      hypervisorVersion: 8_002_000,
    });
    const server = cloud.addServer({
      name: 'vtpm-1',
      host: 'impact1',
      flavor: 't1.vtpm',
      project: 'web',
      user: 'admin',
    });
    const api = cloudApiFrom(fx.clients);
    await expect(api.liveMigrate(server.id, { blockMigration: 'auto' })).rejects.toMatchObject({
      status: 400,
      apiMessage: `Operation 'live-migration' not supported for vTPM-enabled instance (${server.id}).`,
    });
    expect(cloud.migrations.filter((m) => m.serverId === server.id)).toEqual([]);
    // a cold migration keeps the TPM: accepted
    await api.coldMigrate(server.id);
    expect(cloud.migrations.filter((m) => m.serverId === server.id).map((m) => m.type)).toEqual([
      'migration',
    ]);
  });

  it('says ports are unknown (null) when the catalog lists no network service, never guessing', async () => {
    fx = await sandboxFixture({ network: false });
    const api = cloudApiFrom(fx.clients);
    const server = await api.findServer('server-x');
    expect(await api.portsOf([server.id])).toBeNull();
  });
});
