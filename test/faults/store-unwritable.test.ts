import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import type { RunRecord } from '../../src/core/model/records.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';
import { canMount, type SmallDisk, smallDisk } from '../helpers/small-disk.ts';

/**
 * Ferry on a lowdb file whose disk fills up (a real tmpfs, ENOSPC) or turns read-only (EROFS) while
 * work runs: the failed write is undone in memory too, the thread and App Home say so, /healthz is
 * 503, nothing new starts, and once the disk takes writes again everything carries on, no restart.
 */
describe.skipIf(!canMount)('a store that cannot write', () => {
  let fx: SandboxFixture;
  let slack: SlackHarness | undefined;
  let disk: SmallDisk;
  let path: string;

  beforeEach(async () => {
    fx = await sandboxFixture();
    disk = smallDisk();
    path = join(disk.dir, 'ferry.json');
  });
  afterEach(async () => {
    disk.free();
    await disk.writable();
    await slack?.stop();
    slack = undefined;
    await fx.close();
    disk.close();
  });

  const start = async () => {
    slack = await slackHarness(fx, {
      store: await LowdbStore.open(path),
      runner: { timeoutMs: 24 * 3_600_000, stallAfterMs: 24 * 3_600_000 },
    });
    return slack;
  };
  const onFile = () => JSON.parse(readFileSync(path, 'utf8')) as { runs: RunRecord[] };
  const thread = (parent: StoredMessage) =>
    (slack as SlackHarness).fake.threadOf(CHANNEL, parent.ts).map(textOf).join('\n');
  const healthz = async () => (await fetch(`${(slack as SlackHarness).statusUrl}/healthz`)).status;
  const warning = 'Ferry cannot write its database';
  /**
   * Makes writes fail and sweeps until the thread is told. A write under way when the disk filled
   * frees its temp file, and a later, smaller write may fit there: the sweep's probe would then find
   * the store writable again, truly. So the disk is topped up before each sweep.
   */
  const untilTold = async (parent: StoredMessage, breakDisk: () => void) => {
    await waitFor(
      () => {
        breakDisk();
        return store().writeFailure();
      },
      'a write to fail',
      20_000,
    );
    for (let sweeps = 0; !thread(parent).includes(warning); sweeps++) {
      if (sweeps === 50) throw new Error('the thread was never told the store cannot write');
      breakDisk();
      await (slack as SlackHarness).ferry.sweep();
    }
  };
  const store = () => (slack as SlackHarness).store;
  const requestFor = (server: string) =>
    waitFor(
      () =>
        slack?.fake.messages.find(
          (m) => !m.threadTs && !m.ephemeralTo && m.text.includes('request') && textOf(m).includes(server),
        ),
      `the request for ${server}`,
    );

  for (const fault of ['full', 'read-only'] as const)
    it(`keeps watching a migration honestly while the disk is ${fault}, and finishes it after`, async () => {
      const { store, ferry } = await start();
      applyFault(fx.sandbox.cloud, { type: 'stall', server: 'server-x' });
      await slack?.command('U_ALICE', '/migrate', 'server-x to compute2');
      const parent = await requestFor('server-x');
      await slack?.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
      const run = await waitFor(() => store.activeRuns()[0], 'the run');
      await waitFor(() => run.state === 'running', 'the copy to run', 20_000);

      if (fault === 'read-only') await disk.readOnly();
      await untilTold(parent, () => fault === 'full' && disk.fill());
      expect(thread(parent)).toContain(fault === 'full' ? 'the disk is full' : 'read-only');
      expect(thread(parent)).toContain('(still watching, no new moves)');
      expect(textOf((await ferry.home.render('U_BOB')) as never)).toContain(warning);
      expect(await healthz()).toBe(503);

      // Nova ends the move while Ferry cannot record it: memory stays as the file is
      applyFault(fx.sandbox.cloud, { type: 'converge', server: 'server-x' });
      await waitFor(
        () => fx.sandbox.cloud.migrations.find((m) => m.status === 'completed'),
        'Nova to complete',
        20_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(store.getRun(run.id)?.state).toBe(onFile().runs.find((r) => r.id === run.id)?.state);
      expect(store.getRun(run.id)?.state).not.toBe('done');
      expect(thread(parent)).not.toContain('Completed');

      if (fault === 'full') disk.free();
      else await disk.writable();
      await ferry.sweep();
      await waitFor(
        () => thread(parent).includes('Ferry writes its database again'),
        'the thread told again',
      );
      await waitFor(() => thread(parent).includes('Completed'), 'the outcome', 20_000);
      await store.flush();
      expect(onFile().runs.find((r) => r.id === run.id)?.state).toBe('done');
      expect(await healthz()).toBe(200);
      expect(textOf((await ferry.home.render('U_BOB')) as never)).not.toContain(warning);
    });

  it('starts no new move of an evacuation while the disk is full, and carries on once it is not', async () => {
    const { ferry } = await start();
    const live = ['db-primary', 'ledger', 'server-x'];
    for (const server of live) applyFault(fx.sandbox.cloud, { type: 'stall', server });
    await slack?.command('U_ALICE', '/evacuate', 'compute1 --concurrency 1 --reenable');
    const parent = await waitFor(
      () =>
        slack?.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation')),
      'the evacuation message',
    );
    await slack?.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const migrations = () => fx.sandbox.cloud.migrations;
    await waitFor(
      () => migrations().some((m) => m.status === 'running' && m.type === 'live-migration'),
      'a live move',
      20_000,
    );

    await untilTold(parent, () => disk.fill());
    // every move may end now; none may start while the store cannot record it
    const started = migrations().length;
    for (const server of live) applyFault(fx.sandbox.cloud, { type: 'converge', server });
    const ended = (m: { status: string }) => ['completed', 'confirmed'].includes(m.status);
    await waitFor(() => migrations().every(ended), 'the moves to end', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(migrations()).toHaveLength(started);
    // nor is the host enabled again before the store can record the end
    expect(fx.sandbox.cloud.hostOrThrow('compute1').status).toBe('disabled');

    disk.free();
    await ferry.sweep();
    await waitFor(() => thread(parent).includes('Evacuation report'), 'the report', 60_000);
    // what could move did; the two that cannot (locked, no live destination) stay
    const left = [...fx.sandbox.cloud.servers.values()].filter((s) => s.host === 'compute1');
    expect(left.map((s) => s.name).sort()).toEqual(['vault', 'web-1']);
    expect(migrations().filter(ended)).toHaveLength(5);
    await waitFor(() => fx.sandbox.cloud.hostOrThrow('compute1').status === 'enabled', 'compute1 enabled');
  }, 90_000);
});
