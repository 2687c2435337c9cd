import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVACUATION_ACTIONS } from '../../src/chat/evacuation-view.ts';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS, REJECT_VIEW } from '../../src/chat/render.ts';
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

/** compute1 evacuated and in service again: its report offers Move back for the 5 servers that left. */
async function evacuatedReport(): Promise<{ report: StoredMessage; evacuationId: string }> {
  slack = await slackHarness(fx, { oncallGroup: 'S0ONCALL' });
  await slack.command('U_ALICE', '/evacuate', 'compute1 --concurrency 3');
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
  const host = fx.sandbox.cloud.hosts.get('compute1') as { status: string; disabledReason: string | null };
  host.status = 'enabled';
  host.disabledReason = null;
  return { report, evacuationId: buttonValue(report, EVACUATION_ACTIONS.moveBack) };
}

const shown = (report: StoredMessage) => slack.fake.message(CHANNEL, report.ts) as StoredMessage;
const offers = (report: StoredMessage) =>
  JSON.stringify(shown(report).blocks).includes(EVACUATION_ACTIONS.moveBack);

// the operator trial (#24): a press on an old Move back answered truthfully, but the button stayed
describe("an evacuation report's Move back button", () => {
  it('goes once a press finds every server that left gone or home: the report lists why', async () => {
    const { report, evacuationId } = await evacuatedReport();
    expect(offers(report)).toBe(true);
    const left = (slack.store.getEvacuation(evacuationId)?.evacuation.items ?? []).filter(
      (item) => item.outcome?.kind === 'completed',
    );
    expect(left).toHaveLength(5);
    const [gone, ...home] = left;
    fx.sandbox.cloud.servers.delete(gone?.serverId as string);
    for (const item of home) fx.sandbox.cloud.resolveServer(item.serverId).host = 'compute1';

    await slack.press('U_BOB', report.ts, EVACUATION_ACTIONS.moveBack, evacuationId);
    await waitFor(() => slack.privately('U_BOB').includes('Nothing moved back'), 'the answer');
    await waitFor(() => !offers(report), 'the button removed');
    const said = textOf(shown(report));
    expect(said).toContain(
      'None of the 5 servers that left `compute1` can go back, so Ferry offers no move back (listed with the reason):',
    );
    expect(said).toContain(`↪️ \`${gone?.serverName}\` cannot go back: no longer exists`);
    for (const item of home)
      expect(said).toContain(`↪️ \`${item.serverName}\` cannot go back: already on compute1`);
  });

  it('stays while the host is still disabled (the offer holds for later)', async () => {
    const { report, evacuationId } = await evacuatedReport();
    const host = fx.sandbox.cloud.hosts.get('compute1') as { status: string };
    host.status = 'disabled';
    const edits = () => slack.fake.callsOf('chat.update').filter((c) => c.params.ts === report.ts).length;
    const before = edits();
    await slack.press('U_BOB', report.ts, EVACUATION_ACTIONS.moveBack, evacuationId);
    await waitFor(() => slack.privately('U_BOB').includes('compute1 is still disabled'), 'the refusal');
    // the report is edited after the press, as after every press, and keeps its button
    await waitFor(() => edits() > before, 'the report edited');
    expect(offers(report)).toBe(true);
  });

  it('goes while a move back is asked for, and comes back when that one is rejected', async () => {
    const { report, evacuationId } = await evacuatedReport();
    await slack.press('U_BOB', report.ts, EVACUATION_ACTIONS.moveBack, evacuationId);
    const back = await waitFor(
      () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Move back')),
      'the move back',
    );
    const moveBackId = /e-[0-9a-f]{6}/.exec(back.text)?.[0] as string;
    await waitFor(() => !offers(report), 'the button removed');
    expect(textOf(shown(report))).toContain(
      `↩️ <@U_BOB> asked to move them back: \`${moveBackId}\` waits for approval in its own message.`,
    );
    await slack.press('U_CAROL', back.ts, ACTIONS.reject, moveBackId);
    await waitFor(() => slack.fake.callsOf('views.open').length === 1, 'reason dialog');
    await slack.submitView('U_CAROL', REJECT_VIEW, moveBackId, { reason: { reason: { value: 'not yet' } } });
    await waitFor(() => offers(report), 'the button offered again');
    expect(textOf(shown(report))).not.toContain('waits for approval');
  });
});
