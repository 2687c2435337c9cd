import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planEvacuation } from '../../src/core/evacuation/plan.ts';
import { recentDepartures } from '../../src/core/move/fit.ts';
import { itemReasonText } from '../../src/messages/evacuation.ts';
import { plannerFor } from '../helpers/core.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/** An evacuation's plan with the moves Ferry's runs record as ended lately (core/move/fit.ts). */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
  for (const name of ['rack9-1', 'rack9-2', 'rack9-3'])
    fx.sandbox.cloud.addHost({
      name,
      memoryMb: 65_536,
      vcpus: 32,
      diskGb: 1_800,
      hypervisorVersion: 8_002_000,
    });
  fx.sandbox.cloud.addGroup('db-e', 'anti-affinity', 'data');
  for (const [name, host] of [
    ['db-e-1', 'rack9-1'],
    ['db-e-2', 'rack9-2'],
  ] as const)
    fx.sandbox.cloud.addServer({
      name,
      host,
      flavor: 'm1.small',
      project: 'data',
      user: 'admin',
      group: 'db-e',
    });
});
afterEach(() => fx.close());

describe('an evacuation planned just after a member of the group left a host', () => {
  it('does not send another member there while Nova still counts the one that left', async () => {
    const left = fx.sandbox.cloud.resolveServer('db-e-2');
    // db-e-2 came to rack9-2 from rack9-3 30 s ago, by a run Ferry recorded
    const run = {
      serverId: left.id,
      serverName: 'db-e-2',
      source: 'rack9-3',
      endedAt: fx.clock.now() - 30_000,
      outcome: { kind: 'completed' },
    };
    const ask = (departures: () => ReturnType<typeof recentDepartures>) =>
      planEvacuation(
        { ...plannerFor(fx), departures },
        { host: 'rack9-1', destination: 'rack9-3', concurrency: 1, requestedBy: 'U_ALICE' },
      );
    const fresh = await ask(() => recentDepartures([run], fx.clock.now()));
    const item = fresh.items.find((i) => i.serverName === 'db-e-1');
    expect(item?.mode).toBeNull();
    expect(itemReasonText(item?.reason as never)).toContain(
      `db-e-2 of anti-affinity group "db-e" left it 30 s ago: Nova's scheduler counts it there for up to 2 minutes`,
    );
    // two minutes later the scheduler has synced: rack9-3 takes it
    fx.clock.advance(120_000);
    const later = await ask(() => recentDepartures([run], fx.clock.now()));
    expect(later.items.find((i) => i.serverName === 'db-e-1')).toMatchObject({
      mode: 'live',
      destination: 'rack9-3',
    });
  });
});
