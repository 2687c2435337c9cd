import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDrain } from '../../commands/drain.ts';
import { parseEvacuate } from '../../commands/evacuate.ts';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import type { StallPolicySettings } from '../../src/core/model/stall-policy.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * `--cold-fallback` for /evacuate and /drain (#29 part 4): the consent abort-then-cold needs, shown in
 * the plan to the approver and carried by every live move; the evacuation follows the cold move.
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

const policy = (action: StallPolicySettings['action']) => ({
  runner: { stallAfterMs: 60_000, stallPolicy: { action, overrides: [], graceMs: 60_000 } },
});
const CONSENT = 'Ferry may abort it and migrate the server cold: it is stopped (--cold-fallback).';
const thread = (parent: StoredMessage) => slack.fake.threadOf(CHANNEL, parent.ts);
const threadText = (parent: StoredMessage) => thread(parent).map(textOf).join('\n');

/** /evacuate compute1 with these flags, approved by Bob: its message. */
async function approvedEvacuation(flags: string): Promise<StoredMessage> {
  await slack.command('U_ALICE', '/evacuate', `compute1${flags}`);
  const parent = await waitFor(
    () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation')),
    'evacuation message',
  );
  await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
  return parent;
}

describe('--cold-fallback for evacuations and drains', () => {
  it('parses for /evacuate and /drain, one grammar for help and parsing', () => {
    expect(parseEvacuate('compute1 --cold-fallback')).toMatchObject({ kind: 'evacuate', coldFallback: true });
    expect(parseEvacuate('compute1')).not.toHaveProperty('coldFallback');
    expect(parseDrain('compute1 compute2 --cold-fallback')).toMatchObject({
      kind: 'plan',
      coldFallback: true,
    });
    expect(parseDrain('compute1')).not.toHaveProperty('coldFallback');
  });

  it('an evacuation with --cold-fallback: shown to the approver, then its stalled move is aborted and moved cold', async () => {
    slack = await slackHarness(fx, policy('abort-then-cold'));
    const parent = await approvedEvacuation(' --cold-fallback');
    expect(textOf(parent)).toContain(CONSENT);
    await waitFor(() => threadText(parent).includes('Evacuation report'), 'report', 60_000);
    const ledger = slack.store.runs().filter((r) => r.serverName === 'ledger');
    expect(ledger.map((r) => [r.mode, r.outcome?.kind])).toEqual([
      ['live', 'aborted'],
      ['cold', 'completed'],
    ]);
    expect(fx.sandbox.cloud.resolveServer('ledger').host).not.toBe('compute1');
    // the report: ledger moved (cold), and the policy's choice counted once
    const item = slack.store.evacuations()[0]?.evacuation.items.find((i) => i.serverName === 'ledger');
    expect(item).toMatchObject({ state: 'done', outcome: { kind: 'completed' } });
    expect(threadText(parent)).toMatch(/Stall policy, 1 stalled: abort[^\n]*/);
    expect(threadText(parent)).not.toContain('(1 move)');
    // said as it happened (operator trial): ledger went cold, stopped, after the fallback; the cold move ended
    const host = fx.sandbox.cloud.resolveServer('ledger').host;
    const report = thread(parent).find((m) => textOf(m).includes('Evacuation report')) as StoredMessage;
    const row = textOf(report)
      .split('\n')
      .find((l) => l.startsWith('`ledger`'));
    expect(row).toContain(`\`compute1\` → \`${host}\` · cold, after the stall fallback (server stopped) · `);
    expect(textOf(report)).toContain(
      'Stall policy, 1 stalled: abort, then migrate cold: aborted, then the cold migration completed',
    );
    const listed = textOf(slack.fake.message(CHANNEL, parent.ts) as StoredMessage)
      .split('\n')
      .find((l) => l.includes('`ledger`'));
    expect(listed).toContain(`· cold, after the stall fallback (server stopped) → \`${host}\``);
    expect(listed).not.toContain('live →');
    // the stall notice, once the policy acted: no buttons left, and no "On-call can … Abort" in the present
    // the stall notice, rewritten once the policy acted: no buttons left, no "On-call can … Abort" in the present
    const acted = slack.fake
      .callsOf('chat.update')
      .map((call) => JSON.stringify(call.params.blocks ?? []))
      .filter((said) => said.includes('converging') && /grace period is over|grace period ended/.test(said));
    expect(acted.length).toBeGreaterThan(0);
    for (const said of acted) {
      expect(said).not.toContain('"type":"actions"');
      expect(said).not.toContain('On-call can');
    }
    expect(slack.store.heldClaims()).toEqual([]);
  });

  it('without --cold-fallback an evacuation asks, as before', async () => {
    slack = await slackHarness(fx, policy('abort-then-cold'));
    const parent = await approvedEvacuation('');
    expect(textOf(parent)).not.toContain(CONSENT);
    await waitFor(() => threadText(parent).includes('its request did not allow that'), 'refused', 30_000);
  });

  it("a drain's plan shows it", async () => {
    slack = await slackHarness(fx, policy('abort-then-cold'));
    await slack.command('U_ALICE', '/drain', 'compute1 --cold-fallback --dry-run');
    const plan = await waitFor(
      () => slack.fake.messages.find((m) => !m.ephemeralTo && textOf(m).includes('Drain plan')),
      'drain plan',
    );
    expect(textOf(plan)).toContain(CONSENT);
  });

  it("a drain's steps carry it to their evacuations, and so to every live move", async () => {
    slack = await slackHarness(fx, policy('abort-then-cold'));
    await slack.command('U_ALICE', '/drain', 'compute3 --cold-fallback');
    const parent = await waitFor(
      () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Drain d-')),
      'the drain message',
    );
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const step = await waitFor(
      () => slack.store.evacuations().find((e) => e.evacuation.drainId && e.evacuation.host === 'compute3'),
      "compute3's evacuation",
      30_000,
    );
    expect(step.evacuation.coldFallback).toBe(true);
    const moves = await waitFor(
      () => {
        const found = slack.store
          .runs()
          .map((run) => slack.store.getMove(run.requestId))
          .filter((move) => move?.parentId === step.id);
        return found.length ? found : undefined;
      },
      'its moves',
      30_000,
    );
    for (const move of moves)
      expect(move?.request.coldFallback).toBe(move?.plan.mode === 'cold' ? undefined : true);
  });
});
