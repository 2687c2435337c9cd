import { describe, expect, it } from 'vitest';
import type { Claim, DrainRecord } from '../../src/core/model/records.ts';
import { moveRecord } from '../helpers/records.ts';
import type { FerryStore } from './contract.ts';

const host = (id: string, role: Claim['role']): Claim => ({ kind: 'host', id, name: id, role });
const server = (id: string, name: string): Claim => ({ kind: 'server', id, name, role: 'moving' });

/** A pending drain of `hosts`, as requested by U_ALICE. */
const drain = (id: string, hosts: string[]): DrainRecord => ({
  id,
  kind: 'drain',
  createdAt: 1_000,
  requestedBy: 'U_ALICE',
  status: 'pending',
  checks: [],
  ready: true,
  evaluatedAt: 1_000,
  drain: {
    hosts: hosts.map((h) => ({ host: h, serviceId: `s-${h}`, phase: 'waiting' as const, evacuationIds: [] })),
    hostsAtOnce: 1,
    concurrency: 2,
    returnHome: false,
    fingerprint: `f-${id}`,
    step: 0,
    phase: 'planned',
  },
});

/**
 * What every store must do with claims (core/claims.ts): an operation's hosts and servers are taken
 * with its approval in one write, so of two operations that want one of them, exactly one is approved.
 */
export function claimsContract(name: string, adapter: { fresh(): Promise<FerryStore> }): void {
  describe(`${name}: claims`, () => {
    it('approves exactly one of two drains of one host approved at the same moment; the other learns who holds it', async () => {
      const store = await adapter.fresh();
      // several rounds: without the claims lock two approvals at once both read "nobody holds compute3"
      for (let round = 0; round < 5; round++) {
        const [a, b] = [`d-a${round}`, `d-b${round}`];
        await store.addRequest(drain(a, [`compute3-${round}`, 'compute9']));
        await store.addRequest(drain(b, [`compute3-${round}`]));
        const results = await Promise.all([
          store.approveClaiming(
            a,
            'U_BOB',
            5,
            [host(`compute3-${round}`, 'drained'), host('compute9', 'drained')],
            `f-${a}`,
          ),
          store.approveClaiming(b, 'U_CAROL', 5, [host(`compute3-${round}`, 'drained')], `f-${b}`),
        ]);
        expect(results.filter((r) => r.decided)).toHaveLength(1);
        const lost = results.find((r) => !r.decided);
        const won = results.find((r) => r.decided);
        expect(lost?.conflict).toMatchObject({
          kind: 'host',
          id: `compute3-${round}`,
          holder: won?.request.id,
        });
        expect(store.getRequest(lost?.request.id as string)?.status).toBe('pending');
        expect(store.getRequest(won?.request.id as string)?.claims?.length).toBeGreaterThan(0);
        // the winner lets go: the host is free for the next
        await store.releaseClaims(won?.request.id as string);
        await store.releaseClaims(lost?.request.id as string);
      }
      expect(store.heldClaims()).toEqual([]);
    });

    it('creates exactly one of two operations approved as they are created that want one server', async () => {
      const store = await adapter.fresh();
      for (let round = 0; round < 5; round++) {
        const results = await Promise.all(
          ['a', 'b'].map((who) =>
            store.addClaiming({ ...moveRecord(`r-${who}${round}`), status: 'approved', decidedBy: 'U_BOB' }, [
              server(`id-${round}`, 'server-x'),
              host('compute1', 'return'),
            ]),
          ),
        );
        const created = results.filter((r) => !r.conflict);
        expect(created).toHaveLength(1);
        const holder = created[0]?.request.id as string;
        expect(results.find((r) => r.conflict)?.conflict).toMatchObject({ holder });
        expect(store.getRequest(results.find((r) => r.conflict)?.request.id as string)).toBeUndefined();
        await store.releaseClaims(holder);
      }
    });

    it('lets moves share a host they leave or reach, never a server, and releases servers one by one', async () => {
      const store = await adapter.fresh();
      await store.addRequest(moveRecord('r-1'));
      await store.addRequest(moveRecord('r-2'));
      await store.addRequest(moveRecord('r-3'));
      const first = await store.approveClaiming('r-1', 'U_BOB', 5, [
        server('id-1', 'server-x'),
        server('id-9', 'server-y'),
        host('compute1', 'source'),
      ]);
      expect(first.decided).toBe(true);
      const shared = await store.approveClaiming('r-2', 'U_BOB', 5, [
        server('id-2', 'server-z'),
        host('compute1', 'destination'),
      ]);
      expect(shared.decided).toBe(true);
      const same = await store.approveClaiming('r-3', 'U_BOB', 5, [server('id-1', 'server-x')]);
      expect(same).toMatchObject({ decided: false, conflict: { holder: 'r-1', name: 'server-x' } });
      await store.releaseClaims('r-1', ['id-1']);
      expect(
        store
          .heldClaims()
          .filter((c) => c.holder === 'r-1')
          .map((c) => c.id),
      ).toEqual(['id-9', 'compute1']);
      expect((await store.approveClaiming('r-3', 'U_BOB', 5, [server('id-1', 'server-x')])).decided).toBe(
        true,
      );
    });

    it("hands a move's claims over to the move that follows it in one write (abort-then-cold)", async () => {
      const store = await adapter.fresh();
      await store.addRequest(moveRecord('r-live'));
      await store.approveClaiming('r-live', 'U_BOB', 5, [
        server('id-1', 'server-x'),
        host('compute1', 'source'),
      ]);
      const cold = { ...moveRecord('r-live-cold'), status: 'approved' as const, decidedBy: 'ferry' };
      const wanted = [server('id-1', 'server-x'), host('compute1', 'source')];
      // without the hand-over the live move's server stands in the way
      expect((await store.addClaiming({ ...cold, id: 'r-other' }, wanted)).conflict).toMatchObject({
        holder: 'r-live',
      });
      expect((await store.addClaiming(cold, wanted, 'r-live')).conflict).toBeUndefined();
      expect(store.heldClaims().map((c) => `${c.holder}:${c.id}`)).toEqual([
        'r-live-cold:id-1',
        'r-live-cold:compute1',
      ]);
      // recorded once: a second record of the same move is refused
      await expect(store.addClaiming(cold, wanted, 'r-live')).rejects.toThrow();
    });
  });
}
