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

/** The evacuation's message in the channel. */
async function planOf(host: string, options = ''): Promise<StoredMessage> {
  await slack.command('U_ALICE', '/evacuate', `${host} ${options}`.trim());
  return waitFor(
    () =>
      slack.fake.messages.find(
        (m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation') && m.text.includes(host),
      ),
    'evacuation message',
  );
}

/** The text of the Approve button's confirm dialog on the evacuation's message. */
async function dialogOf(host: string): Promise<string> {
  return approveDialog(await planOf(host));
}

/** The plan's header: its first block. */
function headerOf(message: StoredMessage): string {
  const [first] = (message.blocks ?? []) as { text?: { text: string } }[];
  return first?.text?.text ?? '';
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
      /Move \d+ servers? off `compute1`, (one move|\d moves) at a time\. nova-compute there is disabled already and stays so\./,
    );
    expect(dialog).not.toContain('Disable nova-compute');
  });
});

// the operator trial (#24): "0 server(s), 0 movable, 1 at a time (of 2 asked: 0 destination host(s), …)"
describe("an empty host's evacuation plan", () => {
  it('says the host has no servers and how its service stands, with no talk of moves at a time', async () => {
    slack = await slackHarness(fx);
    // a dry run: an empty host disabled already is refused for real, as nothing would change
    const disabled = headerOf(await planOf('compute4', '--dry-run'));
    expect(disabled).toMatch(
      /^\*Dry run: evacuation\* `e-[0-9a-f]{6}`: <@U_ALICE> asks to empty `compute4` — no servers on `compute4`; nova-compute there is disabled already$/,
    );
    hostOf('compute4').status = 'enabled';
    hostOf('compute4').disabledReason = null;
    await slack.command('U_ALICE', '/evacuate', 'compute4 --concurrency 2');
    const enabled = await waitFor(
      () =>
        slack.fake.messages.filter(
          (m) =>
            !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation') && m.text.includes('compute4'),
        )[1],
      'the second plan',
    );
    expect(headerOf(enabled)).toMatch(/— no servers on `compute4`; nova-compute there is enabled$/);
    for (const header of [disabled, headerOf(enabled)])
      expect(header).not.toMatch(/\d+ servers?|movable|at a time|per destination/);
  });
});

// the operator trial: `/evacuate compute1 to compute1` was headed "no servers on `compute1`" of a host
// with servers: the plan stops at the refusal before its servers are read
describe('an evacuation onto its own host', () => {
  it('is not headed as a host with no servers', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/evacuate', 'compute1 to compute1');
    const header = headerOf(
      await waitFor(
        () =>
          slack.fake.messages.find(
            (m) =>
              !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation') && m.text.includes('compute1'),
          ),
        'evacuation message',
      ),
    );
    expect(header).toMatch(/asks to empty `compute1` — `compute1` cannot be evacuated onto itself$/);
    expect(header).not.toContain('no servers');
  });
});
