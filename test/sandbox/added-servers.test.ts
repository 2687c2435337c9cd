import { afterEach, describe, expect, it } from 'vitest';
import { cloudApiFrom } from '../../src/openstack/cloud-api.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('servers a bench or a test adds to the sandbox', () => {
  it('were booted in the past however many there are, so every console prints and the proofs see it grow', async () => {
    fx = await sandboxFixture();
    const cloud = fx.sandbox.cloud;
    cloud.addHost({
      name: 'many1',
      memoryMb: 262_144,
      vcpus: 128,
      diskGb: 8_000,
      hypervisorVersion: 8_002_000,
    });
    // the small profile's servers and these: past the 30th (the campaign bench's pt-09-vm2 and on)
    const added = Array.from({ length: 40 }, (_, i) =>
      cloud.addServer({
        name: `many-${i}`,
        host: 'many1',
        flavor: 'm1.small',
        project: 'web',
        user: 'admin',
      }),
    );
    expect(cloud.servers.size).toBeGreaterThan(45);
    const api = cloudApiFrom(fx.clients);
    const first = new Map<string, string | null>();
    for (const server of added) {
      expect(server.created).toBeLessThan(fx.clock.now());
      first.set(server.id, await api.consoleOutput(server.id, 20));
    }
    fx.clock.advance(2_000);
    const still = [];
    for (const server of added)
      if ((await api.consoleOutput(server.id, 20)) === first.get(server.id)) still.push(server.name);
    expect(still).toEqual([]);
    // newer servers are still listed first (the order Nova lists them in)
    const created = added.map((server) => server.created);
    expect([...created].sort((a, b) => a - b)).toEqual(created);
  });
});
