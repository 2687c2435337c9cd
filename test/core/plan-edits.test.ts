import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editDrain } from '../../src/core/drain/edits.ts';
import { planDrain } from '../../src/core/drain/plan.ts';
import { editEvacuation, PlanEditRefused } from '../../src/core/evacuation/edits.ts';
import { fingerprintOf } from '../../src/core/evacuation/plan.ts';
import { StaleRecordError } from '../../src/core/ports/store.ts';
import { plannerFor } from '../helpers/core.ts';
import { evacuationHarness } from '../helpers/evacuations.ts';
import { harness } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/** Edits of an evacuation's plan land only on a plan waiting for its decision. */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

describe('an edit of an approved plan', () => {
  it('is refused by the core, and by the store on the record as stored (an approval that won the race)', async () => {
    const h = evacuationHarness(fx);
    const id = await h.approved({ host: 'compute1' });
    const approved = h.store.getEvacuation(id);
    if (!approved) throw new Error('no evacuation');
    const fingerprint = approved.evacuation.fingerprint;
    const worker = approved.evacuation.items.find((i) => i.serverName === 'worker')?.serverId as string;
    const edits = [{ code: 'skip' as const, serverId: worker, by: 'U_ALICE' }];
    const planner = plannerFor(fx);
    await expect(editEvacuation({ planner, store: h.store }, approved, edits)).rejects.toBeInstanceOf(
      PlanEditRefused,
    );
    // the core read the record as pending an instant before the approval landed: the store refuses
    const asRead = { ...approved, status: 'pending' as const };
    await expect(editEvacuation({ planner, store: h.store }, asRead, edits)).rejects.toBeInstanceOf(
      StaleRecordError,
    );
    expect(h.store.getEvacuation(id)?.evacuation).toMatchObject({ fingerprint });
    expect(h.store.getEvacuation(id)?.evacuation.edits).toBeUndefined();
  });

  it('keeps the fingerprint of a plan without edits as it was before edits existed', () => {
    const items = [
      {
        serverId: 's1',
        serverName: 'a',
        status: 'ACTIVE',
        flavor: 'f',
        ramMb: 1,
        mode: 'live' as const,
        destination: 'compute2',
      },
    ];
    expect(fingerprintOf('compute1', items)).toBe(fingerprintOf('compute1', items, []));
    expect(
      fingerprintOf('compute1', items, [{ code: 'pin', serverId: 's1', host: 'compute2', by: 'U' }]),
    ).not.toBe(fingerprintOf('compute1', items));
  });
});

describe('an edit of a pending plan', () => {
  it('drops a cold move or a pin of a server it also leaves where it is (with its project)', async () => {
    const h = evacuationHarness(fx);
    const record = await h.book.submitEvacuation(await h.plan({ host: 'compute1' }), {
      perDestination: 1,
    });
    const worker = record.evacuation.items.find((i) => i.serverName === 'worker');
    if (!worker?.projectId) throw new Error('no worker with a project');
    const edits = [
      { code: 'skip-project' as const, projectId: worker.projectId, by: 'U_ALICE' },
      { code: 'force-cold' as const, serverId: worker.serverId, by: 'U_ALICE' },
    ];
    const edited = await editEvacuation({ planner: plannerFor(fx), store: h.store }, record, edits);
    expect(edited.evacuation.edits).toEqual([edits[0]]);
    expect(edited.evacuation.items.find((i) => i.serverId === worker.serverId)?.reason).toMatchObject({
      code: 'skipped-by',
    });
  });
});

describe('an edit of a drain', () => {
  it('skips servers only, and is refused on the record as stored once approved (an approval that won the race)', async () => {
    const h = harness(fx);
    const planner = { ...plannerFor(fx), clock: fx.clock };
    const drain = await h.book.submitDrain(
      await planDrain(planner, {
        hosts: ['compute3'],
        hostsAtOnce: 1,
        concurrency: 2,
        returnHome: false,
        requestedBy: 'U_ALICE',
      }),
    );
    const fingerprint = drain.drain.fingerprint;
    const worker = [...fx.sandbox.cloud.servers.values()].find(
      (s) => s.name === 'worker' && s.host === 'compute3',
    )?.id as string;
    // a cold move or a pin is no drain's edit: a drain places each step again when its turn comes
    const { drain: edited } = await editDrain({ planner, store: h.store }, drain, [
      { code: 'skip', serverId: worker, by: 'U_ALICE' },
      { code: 'force-cold', serverId: worker, by: 'U_ALICE' },
      { code: 'pin', serverId: worker, host: 'compute2', by: 'U_ALICE' },
    ]);
    expect(edited.drain.edits).toEqual([{ code: 'skip', serverId: worker, by: 'U_ALICE' }]);
    expect(edited.drain.fingerprint).not.toBe(fingerprint);
    expect(edited.drain.hosts[0]?.planned).toMatchObject({ servers: 3, leaving: 2 });
    // a server no step holds is refused, nothing changes
    await expect(
      editDrain({ planner, store: h.store }, edited, [{ code: 'skip', serverId: 'nope', by: 'U_ALICE' }]),
    ).rejects.toBeInstanceOf(PlanEditRefused);
    await h.book.approve(drain.id, 'U_CAROL', edited.drain.fingerprint);
    // the core read the record as pending an instant before the approval landed: the write refuses
    const asRead = { ...structuredClone(edited), status: 'pending' as const };
    await expect(editDrain({ planner, store: h.store }, asRead, [])).rejects.toBeInstanceOf(PlanEditRefused);
    expect(h.store.getDrain(drain.id)?.drain).toMatchObject({ fingerprint: edited.drain.fingerprint });
    expect(h.store.getDrain(drain.id)?.drain.edits).toHaveLength(1);
  });
});
