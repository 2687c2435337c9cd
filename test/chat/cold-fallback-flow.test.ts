import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { migrationRequest } from '../helpers/migration-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * abort-then-cold as the operator read it (trial of #29): the tally said "done" right after the abort,
 * and the request's message became the cold move's, "✅ completed … Approved by Ferry", even when the
 * cold move was reverted. The live move was aborted by the policy, a cold move followed, and its own
 * outcome is what the message and the tally say; the person who approved /migrate … --cold-fallback is
 * named, and the policy said to have chosen the cold migration under that consent.
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

const threadText = (parent: StoredMessage) => slack.fake.threadOf(CHANNEL, parent.ts).map(textOf).join('\n');
const parentText = (parent: StoredMessage) => textOf(slack.fake.message(CHANNEL, parent.ts) as StoredMessage);

async function coldFallback(): Promise<StoredMessage> {
  slack = await slackHarness(fx, {
    runner: {
      stallAfterMs: 60_000,
      stallPolicy: { action: 'abort-then-cold', overrides: [], graceMs: 120_000 },
    },
  });
  await slack.command('U_ALICE', '/migrate', 'ledger to compute2 --cold-fallback');
  const parent = await migrationRequest(slack);
  await slack.press('U_BOB', parent.ts, ACTIONS.approve, slack.store.pendingRequests()[0]?.id as string);
  await waitFor(() => threadText(parent).includes('Aborted'), 'the abort', 20_000);
  // said right after the abort: the cold move is still to come, nothing is done
  expect(threadText(parent)).toContain(
    'Stall policy, 1 stalled: abort, then migrate cold: aborted, a cold migration next',
  );
  await waitFor(
    () => slack.store.runs().some((r) => r.mode === 'cold' && r.state === 'done'),
    'the cold move ended',
    30_000,
  );
  await waitFor(
    () =>
      parentText(parent).includes('then the cold migration: ↩️') ||
      parentText(parent).includes('then the cold migration: ✅'),
    'the message says the cold move ended',
  );
  return parent;
}

describe('abort-then-cold, said as it happened', () => {
  it('a cold move reverted by its proofs: the message and the tally say the abort, then the revert and why', async () => {
    applyFault(fx.sandbox.cloud, { type: 'guest-hangs', server: 'ledger' });
    const parent = await coldFallback();
    const said = parentText(parent);
    expect(said).toContain('*Migration request* `r-');
    expect(said).not.toContain('-cold`');
    expect(said).toMatch(
      /🛑 \*Aborted\* by the stall policy after [\dms ]+; then the cold migration: ↩️ \*reverted\* in [\dms ]+, on `compute1`, as a proof failed on the destination: console output unchanged for 1m 0\ds · Approved by <@U_BOB> at [\d:]+ UTC, with --cold-fallback: the stall policy chose the cold migration/,
    );
    // its status line (the last): no ✅, nothing done, not approved by Ferry
    expect(said.split('\n').at(-1)).toMatch(/^🛑/);
    expect(said.split('\n').at(-1)).not.toMatch(/✅|Approved by Ferry|done/);
    expect(threadText(parent)).toContain(
      'Stall policy, 1 stalled: abort, then migrate cold: aborted, then the cold migration reverted',
    );
    expect((await fx.clients.nova.findServer('ledger')).host).toBe('compute1');
  });

  it('a cold move confirmed once proven: the message says the abort, then where it runs now', async () => {
    const parent = await coldFallback();
    const host = (await fx.clients.nova.findServer('ledger')).host;
    expect(host).not.toBe('compute1');
    expect(parentText(parent)).toMatch(
      new RegExp(
        `🛑 \\*Aborted\\* by the stall policy after [\\dms ]+; then the cold migration: ✅ \\*completed\\* in [\\dms ]+, on \`${host}\` · Approved by <@U_BOB> at [\\d:]+ UTC, with --cold-fallback: the stall policy chose the cold migration`,
      ),
    );
    expect(parentText(parent)).not.toContain('Approved by Ferry');
    // the abort's outcome, posted just before Ferry stops it: on its source for now, the cold move next
    expect(threadText(parent)).toMatch(
      /🛑 \*Aborted\* after [\dms ]+: ledger is on compute1 for now, ACTIVE: the cold migration follows/,
    );
    expect(threadText(parent)).not.toContain('ledger stays on compute1');
    expect(threadText(parent)).toContain(
      'Stall policy, 1 stalled: abort, then migrate cold: aborted, then the cold migration completed',
    );
  });
});
