import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planDrain } from '../../src/core/drain/plan.ts';
import type { EvacuationRecord } from '../../src/core/model/records.ts';
import { ApprovalError } from '../../src/core/requests.ts';
import { approvalRefusalText } from '../../src/messages/requests.ts';
import { plan, plannerFor } from '../helpers/core.ts';
import { evacuationHarness } from '../helpers/evacuations.ts';
import { harness } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/** A refused decision as the person who pressed is told it. */
const refusal = (attempt: Promise<unknown>) =>
  attempt.then(
    () => 'not refused',
    (error: unknown) =>
      error instanceof ApprovalError && error.refusal ? approvalRefusalText(error.refusal) : String(error),
  );

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

describe('four-eyes approval', () => {
  it('lets an on-call person other than the requester approve, once', async () => {
    const h = harness(fx);
    const record = await h.book.submit(
      await plan(fx, { server: 'server-x', destination: 'compute2', requestedBy: 'U_BOB' }),
    );
    expect(record.status).toBe('pending');
    await expect(refusal(h.book.approve(record.id, 'U_BOB'))).resolves.toMatch(
      /someone else must approve it/,
    );
    await expect(refusal(h.book.approve(record.id, 'U_DAVE'))).resolves.toMatch(
      /Only on-call staff may approve/,
    );
    const approved = await h.book.approve(record.id, 'U_CAROL');
    expect(approved.decided).toBe(true);
    await expect(refusal(h.book.approve(record.id, 'U_CAROL'))).resolves.toMatch(
      /already approved by U_CAROL/,
    );
  });

  it('blocks a request whose checks fail, and records dry runs without asking anyone', async () => {
    const h = harness(fx);
    const blocked = await h.book.submit(await plan(fx, { server: 'vault', destination: 'compute2' }));
    expect(blocked.status).toBe('blocked');
    await expect(h.book.approve(blocked.id, 'U_BOB')).rejects.toThrow(ApprovalError);
    const dry = await h.book.submit(await plan(fx, { server: 'server-x', destination: 'compute2' }), {
      dryRun: true,
    });
    expect(dry.status).toBe('dry-run');
  });

  it('expires an unanswered request after its TTL', async () => {
    const h = harness(fx);
    const record = await h.book.submit(await plan(fx, { server: 'server-x', destination: 'compute2' }));
    fx.clock.advance(29 * 60_000);
    expect(await h.book.expireDue()).toHaveLength(0);
    fx.clock.advance(2 * 60_000);
    expect((await h.book.expireDue()).map((r) => r.id)).toEqual([record.id]);
    await expect(refusal(h.book.approve(record.id, 'U_CAROL'))).resolves.toMatch(/already expired/);
  });

  it('lets a reject carry a reason', async () => {
    const h = harness(fx);
    const record = await h.book.submit(await plan(fx, { server: 'server-x', destination: 'compute2' }));
    await h.book.reject(record.id, 'U_BOB', '  change freeze until Monday ');
    expect(h.store.getRequest(record.id)).toMatchObject({
      status: 'rejected',
      decidedBy: 'U_BOB',
      decisionNote: 'change freeze until Monday',
    });
  });
});

// the operator trial (#24): rejecting one's own evacuation said "You asked for this move, …"
describe("the four-eyes refusal names the request's kind", () => {
  it('says evacuation, move back, drain and move, for approve and reject alike', async () => {
    const h = evacuationHarness(fx);
    const evacuation = await h.book.submitEvacuation(
      await h.plan({ host: 'compute1', requestedBy: 'U_CAROL' }),
    );
    await expect(refusal(h.book.reject(evacuation.id, 'U_CAROL'))).resolves.toMatch(
      /^You asked for this evacuation, so someone else must reject it \(four-eyes rule\)/,
    );
    await expect(refusal(h.book.approve(evacuation.id, 'U_CAROL'))).resolves.toMatch(
      /^You asked for this evacuation, so someone else must approve it/,
    );
    // a move back is an evacuation onto its host again: named as what it is
    const moveBack: EvacuationRecord = {
      ...evacuation,
      id: 'e-00b0c1',
      evacuation: { ...evacuation.evacuation, returnOf: evacuation.id },
    };
    await h.store.addRequest(moveBack);
    await expect(refusal(h.book.reject(moveBack.id, 'U_CAROL'))).resolves.toMatch(
      /^You asked for this move back, so someone else must reject it/,
    );
    const drain = await h.book.submitDrain(
      await planDrain(
        { ...plannerFor(fx), clock: fx.clock },
        { hosts: ['compute4'], hostsAtOnce: 1, concurrency: 2, returnHome: false, requestedBy: 'U_CAROL' },
      ),
    );
    await expect(refusal(h.book.reject(drain.id, 'U_CAROL'))).resolves.toMatch(
      /^You asked for this drain, so someone else must reject it/,
    );
    const move = await h.book.submit(
      await plan(fx, { server: 'server-x', destination: 'compute2', requestedBy: 'U_CAROL' }),
    );
    await expect(refusal(h.book.reject(move.id, 'U_CAROL'))).resolves.toMatch(
      /^You asked for this move, so someone else must reject it/,
    );
  });
});
