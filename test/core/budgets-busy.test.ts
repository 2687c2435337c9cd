import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { busyServers } from '../../src/core/evacuation/budget-gate.ts';
import type { EvacuationRecord } from '../../src/core/model/records.ts';
import type { GroupBudget } from '../../src/core/move/budgets.ts';
import { cloudApiFrom } from '../../src/openstack/cloud-api.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/** What a budget counts as in flight or stopped: the store's records, and Nova for a server left stopped. */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(() => fx.close());

function evacuation(items: EvacuationRecord['evacuation']['items']): EvacuationRecord {
  return {
    id: 'e-b00001',
    kind: 'evacuation',
    createdAt: 0,
    requestedBy: 'U_ALICE',
    checks: [],
    ready: true,
    evaluatedAt: 0,
    status: 'approved',
    evacuation: {
      host: 'compute1',
      serviceId: null,
      destination: null,
      concurrency: 2,
      perDestination: 1,
      reenable: false,
      fingerprint: 'f',
      items,
      phase: 'running',
      serviceDisabled: false,
    },
  };
}

describe('the servers a budget counts', () => {
  it('counts an item marked running, and a server a cold move left stopped until Nova shows it ACTIVE', async () => {
    const store = LowdbStore.memory();
    const cloud = cloudApiFrom(fx.clients);
    const [stopped, running] = ['server-x', 'db-primary'].map((name) => fx.sandbox.cloud.resolveServer(name));
    const base = { status: 'ACTIVE', flavor: 'm1.large', ramMb: 8192, destination: null } as const;
    await store.addRequest(
      evacuation([
        {
          ...base,
          serverId: stopped?.id as string,
          serverName: 'server-x',
          mode: 'cold',
          state: 'done',
          outcome: { kind: 'failed', at: 0 } as never,
        },
        {
          ...base,
          serverId: running?.id as string,
          serverName: 'db-primary',
          mode: 'live',
          state: 'running',
        },
      ]),
    );
    const group: GroupBudget = {
      id: 'g',
      name: 'db',
      policy: 'anti-affinity',
      members: [stopped?.id as string, running?.id as string],
      budget: 1,
    };
    // the cold move's failure left server-x stopped
    fx.sandbox.cloud.resolveServer('server-x').vmState = 'stopped';
    expect(await busyServers({ store, cloud }, [group])).toEqual(new Set([running?.id, stopped?.id]));
    // started again: it counts no more
    fx.sandbox.cloud.resolveServer('server-x').vmState = 'active';
    expect(await busyServers({ store, cloud }, [group])).toEqual(new Set([running?.id]));
  });
});
