import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyFault } from '../../src/sandbox/index.ts';
import { contradictionsWithNova } from '../helpers/consistency.ts';
import { evacuationHarness } from '../helpers/evacuations.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

describe("an evacuation's move that Nova did not start at first", () => {
  it('is tried again once Nova shows nothing started, and the host ends empty', async () => {
    const h = evacuationHarness(fx);
    const id = await h.approved({ host: 'compute3', concurrency: 1 });
    // the first move's os-migrateLive answers 503 (nothing carried out); Nova answers again after it
    applyFault(fx.sandbox.cloud, { type: 'api-error', status: 503, count: 1, path: '/action' });
    await h.evacuator.start(id);
    await h.evacuator.idle();
    await h.runner.idle();
    const items = h.store.getEvacuation(id)?.evacuation?.items ?? [];
    const moved = items.filter((item) => item.state !== 'skipped');
    expect(moved.length).toBeGreaterThan(1);
    expect(moved.map((item) => [item.serverName, item.outcome?.kind])).toEqual(
      moved.map((item) => [item.serverName, 'completed']),
    );
    expect([...fx.sandbox.cloud.servers.values()].filter((s) => s.host === 'compute3')).toEqual([]);
    // the retried one says it took two tries
    const notes = h.runEvents.flatMap((e) => (e.kind === 'run.notice' ? [e.note] : []));
    expect(notes).toContain('Nova accepted the migration on try 2');
    expect(contradictionsWithNova(h.store.runs(), fx.sandbox.cloud)).toEqual([]);
  });
});
