import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StallDecision } from '../../src/core/model/stall-policy.ts';
import { RunActionError } from '../../src/core/move/run-errors.ts';
import { moveRecord, runRecord } from '../helpers/records.ts';
import { harness } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/**
 * A choice pressed once the stall policy's grace period is over, before its next look carries it out
 * (operator trial of #29: the buttons stayed usable): refused with what happens instead, nothing changed.
 */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

describe('a stall choice after the grace period', () => {
  it('is refused and changes nothing; within the grace period it is taken', async () => {
    const { runner, store } = harness(fx, {
      stallPolicy: { action: 'abort', overrides: [], graceMs: 120_000 },
    });
    await store.addRequest(moveRecord('r-1', { status: 'approved' }));
    const { run } = await store.claimRun('r-1', () => ({ ...runRecord('m-1', 'r-1'), state: 'running' }));
    const now = fx.clock.now();
    const decision: StallDecision = {
      at: now - 130_000,
      deadline: now - 10_000,
      chosen: 'abort',
      rule: { kind: 'default' },
      action: 'abort',
      state: 'pending',
    };
    await store.updateStall(run.id, () => decision);
    const late = await runner.chooseOnStall(run.id, 'ask', 'U_BOB').catch((error: unknown) => error);
    expect(late).toBeInstanceOf(RunActionError);
    expect((late as RunActionError).fact).toEqual({
      code: 'stall-policy-decided',
      state: 'pending',
      action: 'abort',
    });
    expect(store.getRun(run.id)?.stall).toEqual(decision);
    // the same choice within the grace period is taken
    await store.updateStall(run.id, () => ({ ...decision, deadline: now + 60_000 }));
    await runner.chooseOnStall(run.id, 'ask', 'U_BOB');
    expect(store.getRun(run.id)?.stall).toMatchObject({
      action: 'ask',
      state: 'left',
      overriddenBy: 'U_BOB',
    });
  });
});
