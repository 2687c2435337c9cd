import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { migrationRequest } from '../helpers/migration-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * abort-then-cold's cold move is a move of its own (#29 part 4): recorded before Nova is asked, holding
 * what a cold /migrate holds, and taken up by the Ferry that starts after a stop between the abort and
 * the cold start.
 */

let fx: SandboxFixture;
let slack: SlackHarness | undefined;

beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const options = (fake: FakeSlack) => ({
  fake,
  runner: {
    stallAfterMs: 60_000,
    stallPolicy: { action: 'abort-then-cold' as const, overrides: [], graceMs: 60_000 },
  },
});

/** Asks for ledger's move with consent and approves it; stops that Ferry once its run ended aborted. */
async function abortedThenStopped(fake: FakeSlack, file: string) {
  const first = await slackHarness(fx, { ...options(fake), store: await LowdbStore.open(file) });
  slack = first;
  await first.command('U_ALICE', '/migrate', 'ledger to compute2 --cold-fallback');
  const parent = await migrationRequest(first);
  await first.press('U_BOB', parent.ts, ACTIONS.approve, first.store.pendingRequests()[0]?.id as string);
  // Nova accepted the abort: from now on every answer is slow, so the stop comes after the run
  // ended aborted and before the cold move started
  await waitFor(() => first.store.runs()[0]?.stall?.state === 'acted', 'abort accepted', 30_000);
  applyFault(fx.sandbox.cloud, { type: 'slow', ms: 1_500 });
  await waitFor(() => first.store.runs()[0]?.state === 'done', 'aborted', 30_000);
  await first.stop();
  slack = undefined;
  applyFault(fx.sandbox.cloud, { type: 'clear' });
  return { first, parent, liveId: first.store.runs()[0]?.requestId as string };
}

/** The next Ferry on the same file: waits for the cold move to end. */
async function restartedUntilCold(fake: FakeSlack, file: string) {
  const second = await slackHarness(fx, { ...options(fake), store: await LowdbStore.open(file) });
  slack = second;
  await waitFor(
    () => second.store.runs().some((r) => r.mode === 'cold' && r.state === 'done'),
    'the cold move ended after the restart',
    30_000,
  );
  const runs = second.store.runs().filter((r) => r.mode === 'cold');
  expect(runs).toHaveLength(1);
  expect(runs[0]?.outcome?.kind).toBe('completed');
  expect((await fx.clients.nova.findServer('ledger')).host).not.toBe('compute1');
  expect(second.store.auditLog().filter((e) => e.action === 'abort')).toHaveLength(1);
  // the cold move ended: it holds nothing
  await waitFor(() => second.store.heldClaims().length === 0, 'claims let go');
  return second;
}

describe('abort-then-cold across a restart', () => {
  it('holds the claims of a cold /migrate and is started by the next Ferry', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-cold-')), 'ferry.json');
    const fake = new FakeSlack();
    await fake.start();
    try {
      const { first, parent, liveId } = await abortedThenStopped(fake, file);
      const cold = first.store.getMove(`${liveId}-cold`);
      // recorded before Nova was asked, approved by the policy, holding the server and its host
      expect(cold).toMatchObject({ status: 'approved', decidedBy: 'ferry', coldAfterStall: liveId });
      expect(first.store.runs().filter((r) => r.requestId === cold?.id)).toHaveLength(0);
      const held = first.store.heldClaims();
      expect(held.filter((c) => c.holder === cold?.id).map((c) => `${c.kind}:${c.name}`)).toEqual([
        'server:ledger',
        'host:compute1',
      ]);
      expect(held.filter((c) => c.holder === liveId)).toEqual([]);
      await restartedUntilCold(fake, file);
      const said = fake
        .threadOf(CHANNEL, parent.ts)
        .filter((m) => textOf(m).includes('Ferry migrates it cold now'));
      expect(said).toHaveLength(1);
    } finally {
      await slack?.stop();
      slack = undefined;
      await fake.stop();
    }
  }, 120_000);

  it('a stop before the cold move was recorded (kill -9): the next Ferry records it and starts it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-cold-')), 'ferry.json');
    const fake = new FakeSlack();
    await fake.start();
    try {
      const { liveId } = await abortedThenStopped(fake, file);
      // the file as a process killed between the abort's end and the record left it
      const data = JSON.parse(readFileSync(file, 'utf8'));
      const cold = data.requests.find((r: { id: string }) => r.id === `${liveId}-cold`);
      data.requests = data.requests.filter((r: { id: string }) => r !== cold);
      data.requests.find((r: { id: string }) => r.id === liveId).claims = [
        { kind: 'server', id: cold.plan.serverId, name: 'ledger', role: 'moving' },
        { kind: 'host', id: 'compute1', name: 'compute1', role: 'source' },
      ];
      for (const run of data.runs) delete run.stall?.cold;
      writeFileSync(file, JSON.stringify(data));
      const second = await restartedUntilCold(fake, file);
      expect(second.store.getMove(`${liveId}-cold`)).toMatchObject({ coldAfterStall: liveId });
    } finally {
      await slack?.stop();
      slack = undefined;
      await fake.stop();
    }
  }, 120_000);
});
