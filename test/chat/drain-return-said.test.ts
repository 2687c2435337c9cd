import { afterEach, beforeEach, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { compute4Back, drainMessage, drainOf, hostBack } from '../faults/drain-run.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

let fx: SandboxFixture;
let slack: SlackHarness | undefined;
beforeEach(async () => {
  fx = await sandboxFixture();
  compute4Back(fx);
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

it("says a host's servers are back only when each came back, and names the one that did not", {
  timeout: 60_000,
}, async () => {
  slack = await slackHarness(fx);
  const harness = slack;
  await harness.command('U_ALICE', '/drain', 'compute2 --concurrency 1 --return');
  const parent = await drainMessage(harness);
  await waitFor(() => buttonValue(parent, ACTIONS.approve), 'the approve button');
  await harness.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
  await waitFor(() => drainOf(harness)?.drain.hosts[0]?.phase === 'empty', 'compute2 empty', 30_000);
  // db-replica's move back fails before the copy: it stays where the drain took it
  applyFault(fx.sandbox.cloud, { type: 'fail-migration', server: 'db-replica', stage: 'pre-live-migration' });
  await hostBack(harness, parent, 'compute2');
  const thread = () => harness.fake.threadOf(CHANNEL, parent.ts).map(textOf).join('\n');
  await waitFor(() => thread().includes('Drain report'), 'the drain report', 30_000);
  // the server not back is named with why, as its move back recorded it (operator trial, session 19)
  expect(thread()).toMatch(
    /✅ `compute2` is done and enabled again\. Not back: db-replica \(Nova rolled the migration back and marked it error: .*Preparing the destination failed on compute2/,
  );
  expect(thread()).toMatch(
    /`db-replica` → `compute\d` \(live, [^)]+\) · not back: Nova rolled the migration back/,
  );
  const message = textOf(harness.fake.message(CHANNEL, parent.ts) as StoredMessage);
  expect(message).toMatch(/`compute2` done — not back: db-replica \(Nova rolled the migration back/);
  expect(thread()).not.toContain('its servers are back');
  expect(fx.sandbox.cloud.resolveServer('db-replica').host).not.toBe('compute2');
});
