import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { type SlackHarness, slackHarness, waitFor } from '../helpers/slack.ts';

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

/** The text of the Approve button's confirm dialog on the evacuation's message. */
async function dialogOf(host: string): Promise<string> {
  await slack.command('U_ALICE', '/evacuate', host);
  const parent = await waitFor(
    () =>
      slack.fake.messages.find(
        (m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation') && m.text.includes(host),
      ),
    'evacuation message',
  );
  return approveDialog(parent);
}

function approveDialog(message: StoredMessage): string {
  const actions = (message.blocks ?? []) as { elements?: { action_id?: string; confirm?: unknown }[] }[];
  const approve = actions.flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTIONS.approve);
  expect(approve, 'an Approve button').toBeDefined();
  return JSON.stringify(approve?.confirm);
}

const hostOf = (name: string) =>
  fx.sandbox.cloud.hosts.get(name) as { status: string; disabledReason: string | null };

// the operator trial (#24): "Disable nova-compute on compute4 and move 0 server(s)" of a host disabled and empty
describe("an evacuation's approval dialog says what approving does", () => {
  it('of an empty host disabled already: nothing changes, nothing to disable or move', async () => {
    slack = await slackHarness(fx);
    const dialog = await dialogOf('compute4');
    expect(dialog).toContain(
      '`compute4` runs no servers and nova-compute there is disabled already: approving changes nothing.',
    );
    expect(dialog).not.toContain('Disable nova-compute');
    expect(dialog).not.toMatch(/move 0/i);
  });

  it('of an empty host in service: it is disabled, and nothing moves', async () => {
    hostOf('compute4').status = 'enabled';
    slack = await slackHarness(fx);
    const dialog = await dialogOf('compute4');
    expect(dialog).toContain('Disable nova-compute on `compute4`. It runs no servers, so nothing moves.');
    expect(dialog).not.toMatch(/move 0/i);
  });

  it('of a host with servers disabled already: they move, and nothing is disabled', async () => {
    hostOf('compute1').status = 'disabled';
    hostOf('compute1').disabledReason = 'disk swap';
    slack = await slackHarness(fx);
    const dialog = await dialogOf('compute1');
    expect(dialog).toMatch(
      /Move \d+ server\(s\) off `compute1`, \d at a time\. nova-compute there is disabled already and stays so\./,
    );
    expect(dialog).not.toContain('Disable nova-compute');
  });
});
