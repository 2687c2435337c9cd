import { afterEach, describe, expect, it } from 'vitest';
import { blockerText } from '../../src/messages/fit.ts';
import { schedule } from '../../src/sandbox/placement-and-scheduling.ts';
import { check, plan, plannerFor } from '../helpers/core.ts';
import { evacuationHarness } from '../helpers/evacuations.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/**
 * Nova's availability zone rule for a move (its AvailabilityZoneFilter, on the zone kept in the server's
 * request spec): a server created in a zone stays in it; one created in none may go to any zone. Nova
 * says which from 2.96 (`pinned_availability_zone`); before that Ferry keeps a server in the zone it
 * runs in, the one choice Nova accepts either way. The sandbox's scheduler applies the same rule.
 */

let fx: SandboxFixture;
afterEach(async () => {
  await fx?.close();
});

/** Zone za: za-1 (the servers' host) and za-2 (room for one m1.large); zone zb: zb-1, roomy. */
async function twoZones(maxMicroversion?: string): Promise<SandboxFixture> {
  fx = await sandboxFixture(maxMicroversion ? { maxMicroversion } : {});
  const cloud = fx.sandbox.cloud;
  cloud.addHost({
    name: 'za-1',
    zone: 'za',
    memoryMb: 65_536,
    vcpus: 32,
    diskGb: 2_000,
    hypervisorVersion: 8_002_000,
  });
  cloud.addHost({
    name: 'za-2',
    zone: 'za',
    memoryMb: 9_000,
    vcpus: 32,
    diskGb: 2_000,
    hypervisorVersion: 8_002_000,
  });
  cloud.addHost({
    name: 'zb-1',
    zone: 'zb',
    memoryMb: 262_144,
    vcpus: 64,
    diskGb: 4_000,
    hypervisorVersion: 8_002_000,
  });
  // the small profile's hosts (zone nova) take nothing here: only the two zones are in play
  for (const host of ['compute1', 'compute2', 'compute3', 'compute4'])
    if (cloud.hosts.has(host)) cloud.hostOrThrow(host).status = 'disabled';
  const seed = { host: 'za-1', flavor: 'm1.large', project: 'web', user: 'admin', sharedStorage: true };
  cloud.addServer({ ...seed, name: 'pinned-1', pinnedZone: 'za' });
  cloud.addServer({ ...seed, name: 'pinned-2', pinnedZone: 'za' });
  cloud.addServer({ ...seed, name: 'free-1' });
  return fx;
}

describe('availability zones', () => {
  it('an evacuation keeps a server created in a zone there, and sends one created in none anywhere', async () => {
    await twoZones();
    const h = evacuationHarness(fx);
    const { items } = await h.plan({ host: 'za-1' });
    const item = (name: string) => items.find((i) => i.serverName === name);
    // za-2 has room for one: a pinned server goes there, the other pinned one has no room in za
    const pinned = [item('pinned-1'), item('pinned-2')];
    expect(pinned.map((i) => i?.destination).sort()).toEqual([null, 'za-2']);
    const stuck = pinned.find((i) => i?.destination === null);
    expect(stuck?.reason?.code).toBe('no-room');
    const zb =
      stuck?.reason?.code === 'no-room' ? stuck.reason.hosts.find((h) => h.host === 'zb-1') : undefined;
    expect(zb?.blockers.map(blockerText)).toContain(
      'in availability zone zb: it was created in za, and Nova keeps its moves there',
    );
    // created in no zone: zb-1 takes it (Nova lets it go to any zone)
    expect(item('free-1')?.destination).toBe('zb-1');
  });

  it('Nova before 2.96 does not say: every server is kept in the zone it runs in', async () => {
    await twoZones('2.95');
    const h = evacuationHarness(fx);
    const { items } = await h.plan({ host: 'za-1' });
    const destinations = items.map((i) => i.destination);
    expect(destinations.filter((d) => d === 'zb-1')).toEqual([]);
    expect(destinations.filter((d) => d === 'za-2')).toHaveLength(1);
  });

  it('/migrate to a host of another zone: refused for a server created in its zone, a warning where Nova does not say', async () => {
    await twoZones();
    const refused = check(await plan(fx, { server: 'pinned-1', destination: 'zb-1' }), 'availability-zone');
    expect(refused.status).toBe('fail');
    expect(refused.reason).toBe(
      'zb-1 is in availability zone zb; pinned-1 was created in za, and Nova keeps its moves there.',
    );
    const free = check(await plan(fx, { server: 'free-1', destination: 'zb-1' }), 'availability-zone');
    expect(free.status).toBe('pass');
    expect(free.reason).toBe(
      'zb-1 is in availability zone zb; free-1 was created in no zone, so Nova lets it move to any.',
    );
    // the destination exists: its own line says so, whatever the zone
    expect(check(await plan(fx, { server: 'pinned-1', destination: 'zb-1' }), 'destination').status).toBe(
      'pass',
    );
    await fx.close();
    await twoZones('2.95');
    const unsure = check(await plan(fx, { server: 'free-1', destination: 'zb-1' }), 'availability-zone');
    expect(unsure.status).toBe('warn');
    expect(unsure.reason).toContain('Nova refuses the move if free-1 was created in za');
  });

  it("the sandbox's scheduler applies the same rule, and shows the pin from 2.96", async () => {
    await twoZones();
    const cloud = fx.sandbox.cloud;
    expect(schedule(cloud, cloud.resolveServer('pinned-1'), 'zb-1', true)).toBeNull();
    expect(schedule(cloud, cloud.resolveServer('free-1'), 'zb-1', true)?.name).toBe('zb-1');
    const read = async (name: string) => {
      const found = await plannerFor(fx).cloud.findServer(name);
      return (await plannerFor(fx).cloud.getServer(found.id)).pinnedZone;
    };
    expect(await read('pinned-1')).toBe('za');
    expect(await read('free-1')).toBeNull();
  });
});
