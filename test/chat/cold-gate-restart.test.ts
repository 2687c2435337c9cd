import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { controlsMessage } from '../../src/chat/run-view.ts';
import { gateProofs } from '../../src/core/model/proof-facts.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { approvedMigration, migrationOutcome } from '../helpers/migration-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * The cold gate's proofs (#29 part 2) are written on the run with its entry into VERIFY_RESIZE: after a
 * restart the Confirm / Revert message and the outcome show the proofs made then, not new ones.
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

const PROVEN = 'Proven: Nova shows it VERIFY_RESIZE on compute2; port bound; console alive.';
/**
 * The fake clock moves with every sleep, the feed's included: while the test waits in real time for
 * Slack and the restart, an hour of it can pass (the quicker Nova answers, the more). These tests are
 * of the gate, not of the run's limit (runner.test.ts): a day is beyond what they reach.
 */
const runner = { timeoutMs: 24 * 60 * 60_000 };

describe('the cold gate across a restart', () => {
  it('FERRY_COLD_CONFIRM=manual: the proofs made before the restart are those shown and said at the end', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-gate-')), 'ferry.json');
    const fake = new FakeSlack();
    await fake.start();
    try {
      slack = await slackHarness(fx, {
        fake,
        autoConfirm: false,
        runner,
        store: await LowdbStore.open(file),
      });
      const first = slack;
      const parent = await approvedMigration(first, 'server-x to compute2 --cold');
      const thread = () => fake.threadOf(CHANNEL, parent.ts);
      const waiting = await waitFor(
        () => thread().find((m) => m.text.includes('confirm or revert')),
        'confirmation message',
        20_000,
      );
      expect(textOf(waiting)).toContain(PROVEN);
      await first.stop();
      slack = undefined;
      const made = gateProofs(first.store.runs()[0] as never);
      expect(made?.map((p) => p.code)).toEqual(expect.arrayContaining(['nova-running', 'ports-bound']));

      slack = await slackHarness(fx, {
        fake,
        autoConfirm: false,
        runner,
        store: await LowdbStore.open(file),
      });
      const second = slack;
      const run = await waitFor(
        () => second.store.runs().find((r) => r.state === 'awaiting-confirmation'),
        'the run waiting',
      );
      // the message as a restarted Ferry builds it: the same proofs
      expect(textOf(controlsMessage(run, 'on-call') as never)).toContain(PROVEN);
      await second.press('U_BOB', waiting.ts, ACTIONS.confirm, run.id);
      const outcome = textOf(await migrationOutcome(second, parent));
      // the outcome carries the proofs made in VERIFY_RESIZE before the restart (Nova's among them
      // saw VERIFY_RESIZE), not new ones made after the confirmation
      expect(outcome).toContain('Proven: port bound; console alive.');
      const fact = second.store.runs()[0]?.outcome?.fact;
      expect(fact?.code === 'moved' ? fact.proofs : undefined).toEqual(made);
      expect(made).toContainEqual({ code: 'nova-running', host: 'compute2', status: 'VERIFY_RESIZE' });
    } finally {
      await slack?.stop();
      slack = undefined;
      await fake.stop();
    }
  }, 120_000);

  it('decides once from the proofs it made: a restart does not prove again (and so cannot confirm a failed one)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-gate-')), 'ferry.json');
    const fake = new FakeSlack();
    await fake.start();
    try {
      applyFault(fx.sandbox.cloud, { type: 'guest-hangs', server: 'server-x' });
      // manual first: the proofs are made and written, and nobody decides before the stop
      slack = await slackHarness(fx, {
        fake,
        autoConfirm: false,
        runner,
        store: await LowdbStore.open(file),
      });
      const first = slack;
      const parent = await approvedMigration(first, 'server-x to compute2 --cold');
      await waitFor(
        () => fake.threadOf(CHANNEL, parent.ts).find((m) => m.text.includes('confirm or revert')),
        'confirmation message',
        30_000,
      );
      await first.stop();
      slack = undefined;
      expect(gateProofs(first.store.runs()[0] as never)).toContainEqual(
        expect.objectContaining({ code: 'console-still' }),
      );
      // the guest prints again: proofs made now would pass
      fx.sandbox.cloud.resolveServer('server-x').consoleFrozenAt = null;
      applyFault(fx.sandbox.cloud, { type: 'clear' });
      slack = await slackHarness(fx, { fake, autoConfirm: true, runner, store: await LowdbStore.open(file) });
      const outcome = textOf(await migrationOutcome(slack, parent, 30_000));
      expect(outcome).toMatch(
        /^↩️ \*Reverted\* after [\dhms ]+: server-x is back on compute1 and ACTIVE\. Ferry reverted it because a proof failed on compute2, where it waited for confirmation: it runs on its source again\. What Ferry saw on compute2 before the revert: ⚠️ Proof failed: console output unchanged/m,
      );
      expect(fx.sandbox.cloud.resolveServer('server-x').host).toBe('compute1');
    } finally {
      await slack?.stop();
      slack = undefined;
      await fake.stop();
    }
  }, 120_000);
});
