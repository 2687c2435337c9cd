import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvedMigration, migrationOutcome } from '../helpers/migration-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * A move to wherever Nova's scheduler puts it: "scheduler's choice" is words, never formatted like a
 * host name (operator trial of #29: it read `scheduler's choice` in code, _scheduler's choice_ in italics).
 */

let fx: SandboxFixture;
let slack: SlackHarness;

beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

describe("the scheduler's choice", () => {
  it('is said in plain words on the request, its controls and its summary, never as a host', async () => {
    slack = await slackHarness(fx);
    const parent = await approvedMigration(slack, 'server-x --cold');
    await migrationOutcome(slack, parent);
    const request = slack.fake
      .callsOf('chat.postMessage')
      .find((c) => JSON.stringify(c.params).includes('asks for'));
    await slack.command('U_ALICE', '/migrations', '');
    await waitFor(() => slack.privately('U_ALICE').includes('server-x'), '/migrations');
    const said = [
      JSON.stringify(request?.params),
      slack.privately('U_ALICE'),
      ...slack.fake.threadOf(CHANNEL, parent.ts).map(textOf),
      textOf(await waitFor(() => slack.fake.messages.find((m) => m.ts === parent.ts), 'parent')),
    ].join('\n');
    expect(said).toContain("→ scheduler's choice");
    expect(said).not.toMatch(/[`_*]scheduler's choice|scheduler's choice[`_*]|`scheduler`/);
  });
});
