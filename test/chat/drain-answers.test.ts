import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import { drainLine } from '../../src/chat/drain-view.ts';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { compute4Back } from '../faults/drain-run.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { drain } from '../helpers/hostile-drain.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * A drain as the operators' trial walked it (issue #24): a host not empty, Continue by two people, a
 * host skipped. Every line stays true after the fact: the report counts each server once, answered
 * questions say who answered and lose their buttons, causes come before their effects, old reports
 * are not rewritten, and a stale button gets a true answer.
 */

const { drainMessage, current, thread, threadText, drainOf, emptyPost, approve, hostBack } = drainFlowHelpers(
  () => ({ fx, slack }),
);
const hasButtons = (message: StoredMessage) => message.blocks.some((block) => block.type === 'actions');

let fx: SandboxFixture;
let slack: SlackHarness;

describe('a drain with Continue and Skip, told truly', () => {
  beforeEach(async () => {
    fx = await sandboxFixture();
    compute4Back(fx);
  });
  afterEach(async () => {
    await slack?.stop();
    await fx.close();
  });

  it('counts each server once, answers its questions with who answered, and says things in order', async () => {
    slack = await slackHarness(fx, { oncallGroup: 'S0ONCALL' });
    applyFault(fx.sandbox.cloud, { type: 'fail-migration', server: 'cache-1', stage: 'pre-live-migration' });
    await slack.command('U_ALICE', '/drain', 'compute2 compute3 --concurrency 1 --return');
    const parent = await drainMessage();
    await approve(parent);
    const notEmpty = await waitFor(
      () => thread(parent).find((m) => m.text === 'compute2 is not empty'),
      'not empty',
      30_000,
    );
    // Nova's message ends with its own full stop: the question adds none
    expect(textOf(notEmpty)).not.toMatch(/[^.]\.\.(?!\.)/);
    applyFault(fx.sandbox.cloud, { type: 'clear' });
    const continueValue = buttonValue(notEmpty, DRAIN_ACTIONS.continueHost);
    await slack.press('U_BOB', notEmpty.ts, DRAIN_ACTIONS.continueHost, continueValue);
    // asked, not yet approved: the question still asks
    await waitFor(() => threadText(parent).includes('<@U_BOB> asks to go on with `compute2`'), 'the ask');
    expect(hasButtons(notEmpty)).toBe(true);
    await slack.press('U_CAROL', notEmpty.ts, DRAIN_ACTIONS.continueHost, continueValue);
    await hostBack(parent, 'compute2');
    // compute3 is left out once empty: enabled again as it is
    const compute3 = await emptyPost(parent, 'compute3', 30_000);
    await slack.press('U_CAROL', compute3.ts, DRAIN_ACTIONS.skip, buttonValue(compute3, DRAIN_ACTIONS.skip));
    const report = await waitFor(
      () => thread(parent).find((m) => m.text.startsWith('Drain report')),
      'the report',
      30_000,
    );
    const [first, second] = drainOf().drain.hosts[0]?.evacuationIds ?? [];

    // 1. each server of compute2 once, by its latest try; the failed count agrees with the reports
    const reportText = textOf(report);
    for (const server of ['cache-1', 'db-replica', 'legacy-app', 'web-2'])
      expect(reportText.split(`\`${server}\``).length - 1, server).toBe(1);
    expect(reportText).toContain('`cache-1` → `compute4`');
    const moveBack = slack.fake.messages.find((m) => m.text.startsWith('Move-back report')) as StoredMessage;
    expect(textOf(moveBack)).toContain('0 failed');
    expect(reportText).not.toContain('failed');
    // the reason compute2 was not empty is not said of it once it was emptied
    expect(reportText).not.toContain('rolled the migration back');
    expect(threadText(parent)).toContain('✅ `compute2` is done and enabled again; its servers are back.');

    // 2. answered questions: the answer and who gave it, no buttons; a stale press is told the truth
    const answered = current(notEmpty);
    expect(hasButtons(answered)).toBe(false);
    expect(textOf(answered)).toContain(
      'Continue with `compute2`, asked by <@U_BOB> and approved by <@U_CAROL>',
    );
    await waitFor(() => !hasButtons(current(compute3)), 'the skipped question closed');
    expect(textOf(current(compute3))).toContain('Answered: <@U_CAROL> skipped `compute3`');
    await slack.press('U_BOB', notEmpty.ts, DRAIN_ACTIONS.continueHost, continueValue);
    await waitFor(() => slack.privately('U_BOB').includes('has ended'), 'the stale press answered');
    expect(slack.privately('U_BOB')).not.toContain('resume it first');

    // 3. the evacuations' reports are written once and never edited after
    const reports = slack.fake.messages.filter((m) => m.text.startsWith('Evacuation report'));
    expect(reports).toHaveLength(3);
    const edited = slack.fake.callsOf('chat.update').filter((c) => reports.some((r) => r.ts === c.params.ts));
    expect(edited).toEqual([]);

    // 4. the press is said before what it causes
    const lines = thread(parent).map(textOf);
    const approvedAt = lines.findIndex((l) => l.includes('<@U_CAROL> approved going on with `compute2`'));
    const emptyingAt = lines.findIndex((l) => l.includes(`emptying \`compute2\` (evacuation \`${second}\``));
    expect(approvedAt).toBeGreaterThan(-1);
    expect(approvedAt).toBeLessThan(emptyingAt);
    expect(lines.findIndex((l) => l.includes(`(evacuation \`${first}\``))).toBeLessThan(approvedAt);

    // 5. who skipped is a mention, in the thread, the drain's message and its report
    expect(threadText(parent)).toContain('⏭️ <@U_CAROL> skipped `compute3`: it is enabled again as it is.');
    expect(textOf(current(parent))).toContain('skipped by <@U_CAROL>; enabled again as it was');
    expect(reportText).toContain('skipped by <@U_CAROL>');
    expect(JSON.stringify(drainOf().drain.hosts[1])).not.toContain('skipped by');

    // 6. words: no double full stop, no "not started: stopped", no "so far" once it ended
    const everything = slack.fake.messages.map(textOf).join('\n');
    expect(everything).not.toMatch(/[^.]\.\.(?!\.)/);
    expect(everything).not.toContain('not started: ');
    expect(everything).not.toContain('stopped: moves');
    expect(textOf(current(parent))).not.toContain('so far');
  }, 60_000);
});

describe('/drain list', () => {
  it('lists a drain whose only hosts were skipped without a full bar', () => {
    const skipped = drain('approved', 'done');
    for (const host of skipped.drain.hosts) host.phase = 'skipped';
    const line = drainLine(skipped, 'UTC');
    expect(line).not.toContain('100%');
    expect(line).toContain('0/2 hosts done, 2 skipped');
  });
});
