import { afterEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import type { SlackHarness } from '../helpers/slack.ts';
import { waitFor } from '../helpers/slack.ts';
import {
  cloud,
  domainOf,
  expectTicking,
  labFerry,
  requestMessage,
  runningDomains,
  thread,
  threadText,
  tickingBefore,
} from './lab-guest.ts';

/**
 * busy-1 rewrites 80 MiB a second: at the lab's 3 MiB/s cap its live migration never converges.
 * Through Ferry's thread: the not-converging warning, then Abort: Nova cancels the real migration and
 * the guest stays where it was, running.
 */

let slack: SlackHarness | undefined;
afterEach(async () => {
  await slack?.stop();
  slack = undefined;
});

describe('a live migration that does not converge', () => {
  it('warns, and Abort leaves busy-1 running where it was', async () => {
    // remaining bytes not shrinking for 30 s is "not converging" here (120 s by default)
    slack = await labFerry({ runner: { stallAfterMs: 30_000 } });
    const ferry = slack;
    const home = (await cloud.findServer('busy-1')).host as string;
    const to = home === 'compute1' ? 'compute2' : 'compute1';
    const domain = await domainOf('busy-1');
    await tickingBefore('busy-1');
    const began = Date.now();
    await slack.command('U_ALICE', '/migrate', `busy-1 to ${to}`);
    const parent = await requestMessage(slack, 'busy-1');
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, slack.store.pendingRequests()[0]?.id as string);
    await waitFor(() => threadText(ferry, parent).includes('not converging'), 'the warning', 300_000);
    const warnedAfter = (Date.now() - began) / 1000;
    const controls = thread(slack, parent).find((m) =>
      m.blocks.some((b) => String(b.block_id ?? '').startsWith('controls:')),
    ) as StoredMessage;
    const runId = slack.store.runs()[0]?.id as string;
    await slack.press('U_BOB', controls.ts, ACTIONS.abort, runId);
    await waitFor(
      () =>
        /Aborted|Completed|Moved, not proven|Rolled back|Failed|Timed out/.test(threadText(ferry, parent)),
      'an outcome',
      240_000,
    );
    const text = threadText(slack, parent);
    console.log(
      `busy-1 ${home} → ${to}: warned after ${warnedAfter.toFixed(0)} s, outcome after ${((Date.now() - began) / 1000).toFixed(0)} s\n${text}`,
    );
    expect(text).toMatch(/🛑 \*Aborted\*/);
    expect((await cloud.findServer('busy-1')).host).toBe(home);
    expect(await runningDomains(home)).toContain(domain);
    expect(await runningDomains(to)).not.toContain(domain);
    const [first, next] = await expectTicking('busy-1');
    console.log(`busy-1 on ${home}: console tick ${first} → ${next}`);
  }, 600_000);
});
