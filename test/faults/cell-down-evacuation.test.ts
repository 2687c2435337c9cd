import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/chat/render.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { contradictionsWithNova } from '../helpers/consistency.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * The cell database of one server does not answer during an evacuation: Nova answers 500 (its text
 * ending in a Python class line) for that server, and answers for everything else.
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

const onCompute3 = () => [...fx.sandbox.cloud.servers.values()].filter((s) => s.host === 'compute3');

describe('an evacuation while the cell of one of its servers is down', () => {
  it('moves the others, says which server Nova could not read and what to do, and moves it once Nova answers', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/evacuate', 'compute3 --concurrency 1');
    const parent = await waitFor(
      () =>
        slack?.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation')),
      'evacuation message',
    );
    // analytics-1 is first in the plan: without the fix the evacuation stops at it
    applyFault(fx.sandbox.cloud, { type: 'cell-down', servers: ['analytics-1'], seconds: 86_000 });
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const thread = () => (slack as SlackHarness).fake.threadOf(CHANNEL, parent.ts).map(textOf);
    await waitFor(
      () =>
        onCompute3()
          .map((s) => s.name)
          .join() === 'analytics-1',
      'the other servers moved',
      30_000,
    );
    const told = await waitFor(
      () => thread().find((text) => text.includes('Nova could not read `analytics-1`')),
      'the server Nova could not read',
    );
    expect(told).toMatch(/answered 500, an error inside Nova/);
    expect(told).toMatch(/Stop starting new moves/);
    expect(thread().filter((text) => text.includes('could not read')).length).toBe(1);

    applyFault(fx.sandbox.cloud, { type: 'clear' });
    await waitFor(() => thread().some((text) => text.includes('Evacuation report')), 'report', 30_000);
    expect(onCompute3()).toEqual([]);
    const everything = [...thread(), ...slack.logged.map((line) => line.text)].join('\n');
    expect(everything).not.toMatch(/<class|oslo_db|Traceback/);
    expect(contradictionsWithNova(slack.store.runs(), fx.sandbox.cloud, thread())).toEqual([]);
  }, 60_000);
});
