import { describe, expect, it } from 'vitest';
import type {
  DrainRecord,
  EvacuationItemState,
  EvacuationRecord,
  RunRecord,
} from '../../src/core/model/records.ts';
import type { Places } from '../../src/core/ports/places.ts';
import type { StorePort } from '../../src/core/ports/store.ts';
import { moveRecord, runRecord as run } from '../helpers/records.ts';

/** A store keeps the core's records and, for the chat edge, where each is shown. */
export type FerryStore = StorePort & Places;

/** How a contract opens stores of one adapter. */
export interface StoreAdapter<Store = FerryStore> {
  /** a fresh, empty store */
  fresh(): Promise<Store>;
  /** the same data seen anew, as after a restart */
  reopen?(store: Store): Promise<Store>;
  /** another process's store on the same data (a second replica), for stores that can be shared */
  replica?(store: Store): Promise<Store>;
}

/**
 * What every store adapter must do, whatever keeps the data: run it against each adapter with a
 * factory that gives a fresh, empty store (and, for `reopen`, the same data seen anew; for `replica`, a
 * second store open on the same data at the same time).
 */
export function storeContract(name: string, adapter: StoreAdapter): void {
  /** a pending evacuation of compute1 whose plan has fingerprint "abc" */
  /** what every pending request asked by U_ALICE at t=1000 holds */
  const pending = (id: string) => ({
    id,
    createdAt: 1_000,
    requestedBy: 'U_ALICE',
    status: 'pending' as const,
    checks: [],
    ready: true,
    evaluatedAt: 1_000,
  });
  const evacuation = (id: string, items: EvacuationItemState[]): EvacuationRecord => ({
    ...pending(id),
    kind: 'evacuation',
    evacuation: {
      host: 'compute1',
      serviceId: 's',
      destination: null,
      concurrency: 2,
      perDestination: 1,
      reenable: false,
      fingerprint: 'abc',
      items,
      phase: 'planned',
      serviceDisabled: false,
    },
  });
  /** a pending drain of two hosts, one at a time, whose plan has fingerprint "f1" */
  const drain = (id: string): DrainRecord => ({
    ...pending(id),
    kind: 'drain',
    drain: {
      hosts: ['compute1', 'compute2'].map((host) => ({
        host,
        serviceId: `s-${host}`,
        phase: 'waiting' as const,
        evacuationIds: [],
      })),
      hostsAtOnce: 1,
      concurrency: 2,
      returnHome: true,
      fingerprint: 'f1',
      step: 0,
      phase: 'planned',
    },
  });

  describe(`store contract: ${name}`, () => {
    it('keeps a request and answers it, pending ones among the pending', async () => {
      const store = await adapter.fresh();
      await store.addRequest(moveRecord('r-1'));
      expect(store.getMove('r-1')?.plan.serverName).toBe('server-x');
      expect(store.pendingRequests().map((r) => r.id)).toEqual(['r-1']);
      expect(store.getRequest('r-none')).toBeUndefined();
    });

    it('lets exactly one decision stand, whoever decides at the same moment', async () => {
      const store = await adapter.fresh();
      await store.addRequest(moveRecord('r-1'));
      const results = await Promise.all([
        store.decide('r-1', 'approved', 'U_BOB', 5),
        store.decide('r-1', 'rejected', 'U_CAROL', 5),
        store.decide('r-1', 'expired', 'ferry', 5),
      ]);
      const decided = results.filter((r) => r.decided);
      expect(decided).toHaveLength(1);
      // which one wins is the store's business (calls race); that the winner's decision stands is not
      expect(store.getRequest('r-1')?.status).toBe(decided[0]?.request.status);
      expect(store.getRequest('r-1')?.decidedBy).toBe(
        { approved: 'U_BOB', rejected: 'U_CAROL', expired: 'ferry' }[decided[0]?.request.status as string],
      );
      expect(store.pendingRequests()).toEqual([]);
    });

    it('approves an evacuation only for the plan fingerprint the approver saw', async () => {
      const store = await adapter.fresh();
      await store.addRequest(evacuation('e-1', []));
      expect(await store.decide('e-1', 'approved', 'U_BOB', 5, undefined, 'old')).toMatchObject({
        decided: false,
        planChanged: true,
      });
      expect(await store.decide('e-1', 'approved', 'U_BOB', 6, undefined, 'abc')).toMatchObject({
        decided: true,
      });
    });

    it("changes an evacuation's phase and its servers by name, and its fingerprint with its plan", async () => {
      const store = await adapter.fresh();
      const item = (serverId: string) => ({
        serverId,
        serverName: serverId,
        status: 'ACTIVE',
        flavor: 'm1.small',
        ramMb: 2048,
        mode: 'live' as const,
        destination: 'compute2',
        state: 'waiting' as const,
      });
      await store.addRequest(evacuation('e-1', [item('a'), item('b')]));
      await store.updateEvacuationItems(
        'e-1',
        [{ serverId: 'b', change: { mode: 'cold', destination: null } }],
        {
          fingerprint: 'def',
        },
      );
      await store.setEvacuationPhase('e-1', 'running', { startedAt: 7, serviceDisabled: true });
      await store.updateEvacuationItems('e-1', [
        { serverId: 'a', change: { state: 'running', runId: 'm-1' } },
      ]);
      await store.setEvacuationPhase('e-1', 'stopping', { stoppedBy: 'U_BOB', abortRunning: false });
      expect(store.getEvacuation('e-1')?.evacuation).toMatchObject({
        fingerprint: 'def',
        phase: 'stopping',
        startedAt: 7,
        serviceDisabled: true,
        stoppedBy: 'U_BOB',
        items: [
          { serverId: 'a', state: 'running', runId: 'm-1', mode: 'live' },
          { serverId: 'b', state: 'waiting', mode: 'cold', destination: null },
        ],
      });
      await expect(store.updateEvacuationItems('e-1', [{ serverId: 'zz', change: {} }])).rejects.toThrow();
      expect(store.evacuations().map((r) => r.id)).toEqual(['e-1']);
    });

    it('approves a drain only for the plan shown, and changes it atomically or not at all', async () => {
      const store = await adapter.fresh();
      await store.addRequest(drain('d-1'));
      expect(await store.decide('d-1', 'approved', 'U_BOB', 5, undefined, 'f0')).toMatchObject({
        decided: false,
        planChanged: true,
      });
      expect(await store.decide('d-1', 'approved', 'U_BOB', 6, undefined, 'f1')).toMatchObject({
        decided: true,
      });
      await store.updateDrain('d-1', (d) => {
        d.drain.phase = 'running';
        const first = d.drain.hosts[0];
        if (first) Object.assign(first, { phase: 'evacuating', evacuationIds: ['e-1'], startedAt: 7 });
      });
      // a change that throws half-way leaves the drain as it was
      await expect(
        store.updateDrain('d-1', (d) => {
          d.drain.step = 1;
          throw new Error('compute1 changed meanwhile');
        }),
      ).rejects.toThrow(/changed meanwhile/);
      expect(store.getDrain('d-1')?.drain).toMatchObject({
        phase: 'running',
        step: 0,
        hosts: [
          { host: 'compute1', phase: 'evacuating', evacuationIds: ['e-1'], startedAt: 7 },
          { phase: 'waiting' },
        ],
      });
      expect(store.drains().map((d) => d.id)).toEqual(['d-1']);
      expect(store.getEvacuation('d-1')).toBeUndefined();
      await expect(store.updateDrain('r-404', () => {})).rejects.toThrow();
    });

    it('creates the run of an approved request once, however many ask at once', async () => {
      const store = await adapter.fresh();
      await store.addRequest(moveRecord('r-1'));
      await expect(store.claimRun('r-1', () => run('m-0', 'r-1'))).rejects.toThrow(/not approved/);
      await store.decide('r-1', 'approved', 'U_BOB', 5);
      const claims = await Promise.all(
        [1, 2, 3].map((n) => store.claimRun('r-1', () => run(`m-${n}`, 'r-1'))),
      );
      expect(claims.filter((c) => c.created)).toHaveLength(1);
      expect(new Set(claims.map((c) => c.run.id)).size).toBe(1);
      expect(store.runs()).toHaveLength(1);
    });

    it('records transitions and the outcome, and the run leaves the active ones', async () => {
      const store = await adapter.fresh();
      await store.addRequest(moveRecord('r-1'));
      await store.decide('r-1', 'approved', 'U_BOB', 5);
      const { run: started } = await store.claimRun('r-1', () => run('m-1', 'r-1'));
      await store.transition(started.id, 'running', 3_000, 'Nova: running');
      await store.transition(started.id, 'running', 3_500);
      expect(store.getRun('m-1')?.transitions.map((t) => t.state)).toEqual(['starting', 'running']);
      expect(store.activeRuns().map((r) => r.id)).toEqual(['m-1']);
      const outcome = {
        kind: 'completed' as const,
        message: 'moved',
        host: 'compute2',
        durationMs: 1_000,
        forced: false,
      };
      expect((await store.finishRun('m-1', outcome, 4_000)).first).toBe(true);
      expect(store.getRun('m-1')).toMatchObject({ state: 'done', outcome, endedAt: 4_000 });
      expect(store.activeRuns()).toEqual([]);
      // a second outcome (another replica's, after a takeover) does not replace the first
      const late = { ...outcome, kind: 'failed' as const, message: 'late' };
      expect((await store.finishRun('m-1', late, 9_000)).first).toBe(false);
      expect(store.getRun('m-1')).toMatchObject({ outcome, endedAt: 4_000 });
      expect(store.auditLog().map((entry) => entry.action)).toEqual([
        'request',
        'approve',
        'start',
        'outcome:completed',
      ]);
    });

    it('records what Ferry asked Nova on a run, the migration it adopted and its progress', async () => {
      const store = await adapter.fresh();
      await store.addRequest(moveRecord('r-1'));
      await store.decide('r-1', 'approved', 'U_BOB', 5);
      await store.claimRun('r-1', () => run('m-1', 'r-1'));
      await store.setRunBaseline('m-1', 41);
      await store.recordRunRequest('m-1', 'start', 'req-1');
      await store.recordRunRequest('m-1', 'abort', undefined);
      await store.adoptMigration('m-1', { id: 42, uuid: 'u-42', destination: 'compute3' });
      const progress = {
        at: 3_000,
        phase: 'running' as const,
        migrationStatus: 'running',
        percent: 50,
        bytesRemaining: 1,
        bytesTotal: 2,
        rate: null,
        etaMs: null,
        elapsedMs: 1_000,
      };
      await store.saveProgress('m-1', progress);
      expect(store.getRun('m-1')).toMatchObject({
        baselineMigrationId: 41,
        novaRequestIds: ['req-1'],
        abortRequested: true,
        forceRequested: false,
        migrationId: 42,
        migrationUuid: 'u-42',
        destination: 'compute3',
        lastProgress: progress,
      });
    });

    it('keeps where the chat edge shows each request and run, merging what it learns', async () => {
      const store = await adapter.fresh();
      await store.setPlace('r-1', { channel: 'C1' });
      await store.setPlace('r-1', { ts: '1.1' });
      await store.setPlace('m-1', { controlsTs: '1.2' });
      expect(store.placeOf('r-1')).toEqual({ channel: 'C1', ts: '1.1' });
      expect(store.placeOf('m-1')).toEqual({ controlsTs: '1.2' });
      expect(store.placeOf('r-none')).toBeUndefined();
    });

    it('keeps windows and the audit trail', async () => {
      const store = await adapter.fresh();
      await store.addWindow({
        id: 'w-1',
        host: 'compute1',
        start: 10,
        end: 20,
        reason: 'kernel',
        createdBy: 'U_ALICE',
        createdAt: 1,
        status: 'scheduled',
        reminders: {},
      });
      await store.recordReminders('w-1', { '24h': { at: 5, late: false }, '1h': { skipped: true } });
      expect(store.getWindow('w-1')?.reminders).toEqual({
        '24h': { at: 5, late: false },
        '1h': { skipped: true },
      });
      const marks = await Promise.all([
        store.markWindowHandled('w-1', 'start'),
        store.markWindowHandled('w-1', 'start'),
      ]);
      expect(marks.filter((m) => m.first)).toHaveLength(1);
      await store.cancelWindow('w-1');
      expect(store.getWindow('w-1')?.status).toBe('cancelled');
      await store.recordAudit({ at: 2, actor: 'U_ALICE', action: 'maintenance-cancel', subject: 'w-1' });
      expect(store.auditLog().at(-1)).toMatchObject({ action: 'maintenance-cancel', subject: 'w-1' });
    });

    if (adapter.reopen) {
      const reopen = adapter.reopen;
      it('keeps everything across a reopen once flushed', async () => {
        const store = await adapter.fresh();
        await store.addRequest(moveRecord('r-1'));
        await store.decide('r-1', 'approved', 'U_BOB', 5);
        await store.claimRun('r-1', () => run('m-1', 'r-1'));
        await store.setPlace('r-1', { channel: 'C1', ts: '1.1' });
        await store.flush();
        const again = await reopen(store);
        expect(again.placeOf('r-1')).toEqual({ channel: 'C1', ts: '1.1' });
        expect(again.getRequest('r-1')).toMatchObject({ status: 'approved', runId: 'm-1' });
        expect(again.getRun('m-1')?.state).toBe('starting');
      });
    }

    if (adapter.replica) {
      const replica = adapter.replica;
      it('lets one decision and one run stand across replicas deciding and claiming at once', async () => {
        const first = await adapter.fresh();
        const second = await replica(first);
        await first.addRequest(moveRecord('r-1'));
        await eventually(() => expect(second.getRequest('r-1')?.status).toBe('pending'));
        const decisions = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? first : second).decide('r-1', i % 3 ? 'approved' : 'rejected', `U_${i}`, 5),
          ),
        );
        expect(decisions.filter((d) => d.decided)).toHaveLength(1);
        const winner = decisions.find((d) => d.decided)?.request.status;
        await eventually(() => expect(first.getRequest('r-1')?.status).toBe(winner));
        await eventually(() => expect(second.getRequest('r-1')?.status).toBe(winner));
        if (winner !== 'approved') return;
        let made = 0;
        const claims = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? first : second).claimRun('r-1', () => {
              made += 1;
              return run(`m-${i}`, 'r-1');
            }),
          ),
        );
        expect(claims.filter((c) => c.created)).toHaveLength(1);
        expect(made).toBe(1);
        expect(new Set(claims.map((c) => c.run.id)).size).toBe(1);
        await eventually(() => expect(second.activeRuns().map((r) => r.id)).toEqual([claims[0]?.run.id]));
        await eventually(() =>
          expect(second.auditLog().filter((entry) => entry.action === 'start')).toHaveLength(1),
        );
      });

      it("sees the other replica's changes to a record it holds, in the same object", async () => {
        const first = await adapter.fresh();
        const second = await replica(first);
        await first.addRequest(moveRecord('r-1'));
        await first.decide('r-1', 'approved', 'U_BOB', 5);
        await first.claimRun('r-1', () => run('m-1', 'r-1'));
        await eventually(() => expect(second.getRun('m-1')).toBeDefined());
        const held = second.getRun('m-1') as RunRecord;
        await first.transition('m-1', 'running', 3_000);
        await first.setPlace('m-1', { channel: 'C1', ts: '9.9' });
        await eventually(() => expect(held.state).toBe('running'));
        await eventually(() => expect(second.placeOf('m-1')).toEqual({ channel: 'C1', ts: '9.9' }));
      });
    }
  });
}

/** Retries an expectation for up to two seconds: a replica learns of another's writes shortly after. */
export async function eventually(check: () => void): Promise<void> {
  const deadline = Date.now() + 2_000;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
