import { describe, expect, it } from 'vitest';
import type { EvacuationRecord } from '../../src/core/model/records.ts';
import type { GroupBudget } from '../../src/core/move/budgets.ts';
import { evacuationItem, moveRecord, runningEvacuation } from '../helpers/records.ts';
import type { FerryStore } from './contract.ts';

/** A running evacuation of `host` whose one waiting item is `server`. */
const evacuation = (id: string, host: string, server: string): EvacuationRecord =>
  runningEvacuation(id, host, [evacuationItem(server)], false);

/**
 * What every store must do with disruption budgets (core/move/budgets.ts): a move's start is decided
 * on every operation's records as committed, so two evacuations (on two replicas, for a store that can
 * be shared) never both start a member of an anti-affinity group whose budget lets one move at once.
 */
export function budgetsContract(
  name: string,
  adapter: { fresh(): Promise<FerryStore>; replica?(store: FerryStore): Promise<FerryStore> },
): void {
  describe(`${name}: budgets`, () => {
    it('starts exactly one of two members of a group with budget 1 started at the same moment', async () => {
      const store = await adapter.fresh();
      const other = adapter.replica ? await adapter.replica(store) : store;
      // several rounds: without the budgets' lock both starts read "no member in flight"
      for (let round = 0; round < 5; round++) {
        const [a, b] = [`a${round}`, `b${round}`];
        const group: GroupBudget = {
          id: `g${round}`,
          name: `db${round}`,
          policy: 'anti-affinity',
          members: [a, b],
          budget: 1,
        };
        await store.addRequest(evacuation(`e-a${round}`, 'compute1', a));
        await store.addRequest(evacuation(`e-b${round}`, 'compute2', b));
        const look = { groups: [group], stopped: [] };
        const started = await Promise.all([
          store.startEvacuationItem(`e-a${round}`, a, moveRecord(`r-a${round}`), look),
          other.startEvacuationItem(`e-b${round}`, b, moveRecord(`r-b${round}`), look),
        ]);
        expect(started.filter((record) => record !== null)).toHaveLength(1);
        // the one refused wrote nothing: its item waits and its move's request does not exist
        const refused =
          started[0] === null
            ? { e: `e-a${round}`, r: `r-a${round}` }
            : { e: `e-b${round}`, r: `r-b${round}` };
        const winner = started.find((record) => record !== null) as EvacuationRecord;
        expect(winner.evacuation.items[0]).toMatchObject({ state: 'running' });
        expect(store.getEvacuation(refused.e)?.evacuation.items[0]?.state).toBe('waiting');
        expect(store.getRequest(refused.r)).toBeUndefined();
      }
    });

    it('counts a member stopped by a cold move, and starts the next member once none is in flight', async () => {
      const store = await adapter.fresh();
      const group: GroupBudget = {
        id: 'g',
        name: 'db',
        policy: 'anti-affinity',
        members: ['a', 'b'],
        budget: 1,
      };
      await store.addRequest(evacuation('e-a', 'compute1', 'a'));
      expect(
        await store.startEvacuationItem('e-a', 'a', moveRecord('r-a'), { groups: [group], stopped: ['b'] }),
      ).toBeNull();
      const started = await store.startEvacuationItem('e-a', 'a', moveRecord('r-a'), {
        groups: [group],
        stopped: [],
      });
      expect(started?.evacuation.items[0]).toMatchObject({ state: 'running', requestId: 'r-a' });
      expect(store.getMove('r-a')).toBeDefined();
    });
  });
}
