import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, until } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

describe('the ETA of a force-completed move', () => {
  it("drops the ETA the copy's pace gave once Nova accepts force-complete, and counts one again only from what Nova reports after it", async () => {
    const h = harness(fx);
    // the guest dirties memory at 80% of the copy's pace: only a fifth of it drains what is left
    fx.sandbox.cloud.setDirtyRatio('cache-1', 0.8);
    const run = await h.runner.start(await h.approved({ server: 'cache-1', destination: 'compute1' }));
    const progressOf = () =>
      h.events.flatMap((e) => (e.kind === 'run.progress' && e.run.id === run.id ? [e.progress] : []));
    await until(() => progressOf().some((p) => p.etaMs !== null && p.bytesTotal), 'an ETA');
    await h.runner.forceComplete(run.id, 'U_BOB');
    // the live line reads the stored progress: its ETA went with the force-complete
    expect(h.store.getRun(run.id)?.lastProgress).toMatchObject({ etaMs: null });
    const forced = progressOf().length;
    await h.runner.idle();
    // the pause does not show in Nova's records: not said forced (force-disk.test.ts)
    expect(h.store.getRun(run.id)?.outcome).toMatchObject({ kind: 'completed', fact: { force: 'unseen' } });
    // the guest paused, nothing dirties it: what is left drains at the whole pace, and an ETA said
    // after the force is that one, never one counted with the slower pace from before it
    const after = progressOf()
      .slice(forced)
      .filter((p) => p.bytesRemaining && p.rate && p.etaMs !== null);
    expect(after.length).toBeGreaterThan(0);
    for (const p of after)
      expect(p.etaMs).toBeLessThanOrEqual(((p.bytesRemaining as number) / (p.rate as number)) * 1000 * 1.01);
  });
});
