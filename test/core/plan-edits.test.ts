import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editEvacuation, PlanEditRefused } from '../../src/core/evacuation/edits.ts';
import { fingerprintOf } from '../../src/core/evacuation/plan.ts';
import { StaleRecordError } from '../../src/core/ports/store.ts';
import { plannerFor } from '../helpers/core.ts';
import { evacuationHarness } from '../helpers/evacuations.ts';
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
