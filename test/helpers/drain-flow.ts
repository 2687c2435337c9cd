import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import type { DrainRecord } from '../../src/core/model/records.ts';
import type { SandboxFixture } from './sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, textOf, waitFor } from './slack.ts';

/**
 * What the /drain flow tests read and press (test/chat/drain-flow.test.ts, drain-steer.test.ts): the
 * drain's message and thread as Slack shows them, its record, the sandbox's hosts; `world` answers
 * the test's current sandbox and Ferry.
 */
export function drainFlowHelpers(world: () => { fx: SandboxFixture; slack: SlackHarness }) {
  const drainMessage = () =>
    waitFor(
      () =>
        world().slack.fake.messages.find(
          (m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Drain d-'),
        ),
      'the drain message',
    );
  const current = (parent: StoredMessage) => world().slack.fake.message(CHANNEL, parent.ts) as StoredMessage;
  const thread = (parent: StoredMessage) => world().slack.fake.threadOf(CHANNEL, parent.ts);
  const threadText = (parent: StoredMessage) => thread(parent).map(textOf).join('\n');
  const drainOf = () =>
    world()
      .slack.store.drains()
      .find((d) => d.status !== 'dry-run') as DrainRecord;
  const hostsOf = () =>
    new Map([...world().fx.sandbox.cloud.servers.values()].map((s) => [s.name + s.id, s.host]));
  const serviceOf = (host: string) =>
    world().fx.sandbox.cloud.hosts.get(host) as { status: string; disabledReason: string | null };
  /** The thread post that says `host` is empty, with its Host is back button. */
  const emptyPost = (parent: StoredMessage, host: string, timeoutMs = 30_000) =>
    waitFor(() => thread(parent).find((m) => m.text === `${host} is empty`), `${host} is empty`, timeoutMs);
  const approve = async (parent: StoredMessage) => {
    await world().slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    await waitFor(() => drainOf()?.drain.phase === 'running', 'the drain running');
  };
  const hostBack = async (parent: StoredMessage, host: string) => {
    const post = await emptyPost(parent, host);
    await world().slack.press(
      'U_BOB',
      post.ts,
      DRAIN_ACTIONS.hostBack,
      buttonValue(post, DRAIN_ACTIONS.hostBack),
    );
  };
  /** Its first host's first evacuation, as stored. */
  const evacuation = () =>
    world().slack.store.getEvacuation(drainOf().drain.hosts[0]?.evacuationIds[0] ?? '');
  /** Pauses the drain (Bob presses Pause), then waits for its moves in flight to finish. */
  const pauseUntilIdle = async (parent: StoredMessage) => {
    await world().slack.press('U_BOB', parent.ts, DRAIN_ACTIONS.pause, drainOf().id);
    await waitFor(() => drainOf().drain.phase === 'paused', 'paused');
    await waitFor(
      () => evacuation() && !evacuation()?.evacuation.items.some((i) => i.state === 'running'),
      'moves in flight to finish',
      30_000,
    );
  };
  return {
    drainMessage,
    current,
    thread,
    threadText,
    drainOf,
    hostsOf,
    serviceOf,
    emptyPost,
    approve,
    hostBack,
    evacuation,
    pauseUntilIdle,
  };
}
