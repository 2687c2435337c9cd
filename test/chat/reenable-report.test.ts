import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/chat/render.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
  applyFault(fx.sandbox.cloud, { type: 'converge', server: 'ledger' });
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

/** /evacuate with these options, approved by Bob: the report's text once it is posted */
async function reportOf(options: string): Promise<string> {
  slack = await slackHarness(fx);
  await slack.command('U_ALICE', '/evacuate', `compute1 ${options}`);
  const parent = await waitFor(
    () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation')),
    'evacuation message',
  );
  await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
  const report = await waitFor(
    () => slack.fake.threadOf(CHANNEL, parent.ts).find((m) => m.text.startsWith('Evacuation report')),
    'report',
    30_000,
  );
  return textOf(report);
}

// operator trial: "compute1 is enabled again" and then "After the maintenance, with compute1 enabled again"
describe('the report of an evacuation that enabled its host again (--reenable)', () => {
  it('says once that the host is enabled, and offers the move back without saying it again', async () => {
    const said = await reportOf('--reenable --concurrency 3');
    expect(fx.sandbox.cloud.hosts.get('compute1')?.status).toBe('enabled');
    expect(said).toMatch(/nova-compute on `compute1` is enabled again\./);
    expect(said.match(/enabled again/g)).toHaveLength(1);
    expect(said).toMatch(/On-call can move its 5 servers back: live where they can/);
  });

  it('still says after the maintenance when the host stays disabled', async () => {
    const said = await reportOf('--concurrency 3');
    expect(said).toMatch(/stays \*disabled\*/);
    expect(said).toMatch(
      /After the maintenance, with `compute1` enabled again, on-call can move its 5 servers back/,
    );
  });
});
