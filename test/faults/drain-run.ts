import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import type { DrainRecord } from '../../src/core/model/records.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import {
  buttonValue,
  CHANNEL,
  repliesOf,
  type SlackHarness,
  slackHarness,
  textOf,
  waitFor,
} from '../helpers/slack.ts';

/**
 * `/drain compute2 compute3 --return` through the real listeners, on-call pressing Host is back as
 * each host is empty, and what Slack was shown: every thread's posts in order (numbers masked, so two
 * runs compare modulo times and IDs).
 */

/** compute4's DIMMs were replaced: it is in service again and takes what leaves compute2. */
export function compute4Back(fx: SandboxFixture): void {
  const compute4 = fx.sandbox.cloud.hosts.get('compute4') as {
    status: string;
    disabledReason: string | null;
  };
  compute4.status = 'enabled';
  compute4.disabledReason = null;
}

export const drainOf = (slack: SlackHarness) =>
  slack.store.drains().find((d) => d.status !== 'dry-run') as DrainRecord | undefined;

/** How long one step of the drain is waited for, in real milliseconds (a loaded machine needs more). */
const PATIENCE = 30_000;

export const drainMessage = (slack: SlackHarness, waitMs = PATIENCE) =>
  waitFor(
    () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Drain d-')),
    'the drain message',
    waitMs,
  );

const thread = (slack: SlackHarness, parent: StoredMessage) => slack.fake.threadOf(CHANNEL, parent.ts);

export async function startDrain(slack: SlackHarness, waitMs = PATIENCE): Promise<StoredMessage> {
  await slack.command('U_ALICE', '/drain', 'compute2 compute3 --return');
  const parent = await drainMessage(slack, waitMs);
  await waitFor(
    () => thread(slack, parent).some((m) => textOf(m).includes('Step 1')),
    'the plan in the thread',
    waitMs,
  );
  await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
  await waitFor(() => drainOf(slack)?.drain.phase === 'running', 'the drain running', waitMs);
  return parent;
}

/** Waits for "`host` is empty" in the drain's thread and presses its Host is back. */
export async function hostBack(
  slack: SlackHarness,
  parent: StoredMessage,
  host: string,
  waitMs = PATIENCE,
): Promise<void> {
  const post = await waitFor(
    () => thread(slack, parent).find((m) => m.text === `${host} is empty`),
    `${host} is empty`,
    waitMs,
  );
  await slack.press('U_BOB', post.ts, DRAIN_ACTIONS.hostBack, buttonValue(post, DRAIN_ACTIONS.hostBack));
}

export async function finished(slack: SlackHarness, parent: StoredMessage, waitMs = PATIENCE): Promise<void> {
  await waitFor(() => drainOf(slack)?.drain.phase === 'done', 'the drain done', waitMs);
  // a report is its own post (outbox `alone`), never a line inside another after a backlog
  await waitFor(
    () => thread(slack, parent).some((m) => m.text.startsWith('Drain report')),
    'the drain report, its own post',
    waitMs,
  );
  await slack.ferry.reporter.idle();
  await slack.ferry.poster.drain();
}

const mask = (text: string) => text.replace(/\b[de]-[0-9a-f]+/g, 'ID').replace(/\d+/g, '#');

/**
 * Every top-level message with its thread's posts, in order. Progress lines are left out (paced by
 * time), and servers' outcomes, which Ferry merges into one post while they wait their turn, count as
 * their lines (one per server).
 */
export function conversation(slack: SlackHarness): string[][] {
  const shown = slack.fake.messages.filter((m) => !m.ephemeralTo && m.channel === CHANNEL);
  return shown
    .filter((m) => !m.threadTs)
    .map((top) =>
      doneBeforeNextStep([
        mask(top.text),
        ...shown
          .filter((m) => m.threadTs === top.ts)
          .flatMap(repliesOf)
          .filter((m) => !/progress$/.test(m.text))
          .flatMap((m) =>
            /\d+ servers? ended$/.test(m.text)
              ? textOf(m)
                  .split('\n')
                  .slice(1)
                  .map((line) => `ended: ${mask(line)}`)
              : [mask(m.text)],
          ),
      ]),
    );
}

/**
 * The next step starts once the last step's servers are home (as Nova's records show), while the
 * host's done line waits for their proofs: the two are said in either order, so both runs are
 * compared with the done line first. Nothing is dropped or added.
 */
function doneBeforeNextStep(lines: string[]): string[] {
  const out = [...lines];
  for (let i = 0; i < out.length; i++) {
    if (!out[i]?.startsWith('🚚 Step')) continue;
    let j = i + 1;
    while (out[j]?.startsWith('Ferry restarted')) j++;
    if (out[j]?.startsWith('✅ `') && out[j]?.includes('is done and enabled again')) {
      const [done] = out.splice(j, 1);
      out.splice(i, 0, done as string);
      i++;
    }
  }
  return out;
}

/** The yardstick: the drain without any fault, on a sandbox of its own. */
export async function faultFreeDrain(waitMs = PATIENCE): Promise<string[][]> {
  const fx = await sandboxFixture();
  compute4Back(fx);
  const slack = await slackHarness(fx);
  try {
    const parent = await startDrain(slack, waitMs);
    await hostBack(slack, parent, 'compute2', waitMs);
    await hostBack(slack, parent, 'compute3', waitMs);
    await finished(slack, parent, waitMs);
    return conversation(slack);
  } finally {
    await slack.stop();
    await fx.close();
  }
}
