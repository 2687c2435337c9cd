import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRAIN_ACTIONS, hostEmptyMessage } from '../../src/chat/drain-host-view.ts';
import { drainApproval } from '../../src/chat/drain-view.ts';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import type {
  DrainHostState,
  DrainRecord,
  EvacuationItemState,
  EvacuationRecord,
} from '../../src/core/model/records.ts';
import { compute4Back, drainMessage, finished, hostBack } from '../faults/drain-run.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/** With --return, what the approval and the "host is empty" post promise is what Ferry then does. */

let fx: SandboxFixture;
let slack: SlackHarness | undefined;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack?.stop();
  slack = undefined;
  await fx.close();
});

const PATIENCE = 30_000;
const dialogOf = (message: StoredMessage, actionId: string) => {
  for (const block of message.blocks as { elements?: { action_id?: string; confirm?: unknown }[] }[])
    for (const element of block.elements ?? [])
      if (element.action_id === actionId) return JSON.stringify(element.confirm);
  throw new Error(`no ${actionId} button on the message`);
};

async function approvedDrain(harness: SlackHarness, args: string): Promise<StoredMessage> {
  await harness.command('U_ALICE', '/drain', args);
  const parent = await drainMessage(harness);
  await waitFor(() => buttonValue(parent, ACTIONS.approve), 'the approve button');
  return parent;
}

const emptyPost = (harness: SlackHarness, parent: StoredMessage, host: string) =>
  waitFor(
    () => harness.fake.threadOf(CHANNEL, parent.ts).find((m) => m.text === `${host} is empty`),
    `${host} is empty`,
    PATIENCE,
  );

describe('/drain --return says only what will happen', () => {
  it('promises no move back when none of the servers can go back (older QEMU at home), and lists why', {
    timeout: 90_000,
  }, async () => {
    compute4Back(fx);
    slack = await slackHarness(fx);
    const harness = slack;
    // compute3 runs QEMU 6.2, every other host 8.2: what leaves it live cannot come back live
    const parent = await approvedDrain(harness, 'compute3 --return');
    const approval = dialogOf(parent, ACTIONS.approve);
    expect(approval).toContain(
      'Disable and empty `compute3`, one host at a time; none of their 3 servers can go back (the plan says why).',
    );
    expect(approval).not.toContain('bringing their servers back');
    // the drain's message and its plan say the same, never "servers go back … once it is back"
    const none = 'servers stay where they go: none of the 3 that leave can go back (the plan says why).';
    const plan = () =>
      harness.fake
        .threadOf(CHANNEL, parent.ts)
        .map((m) => textOf(m))
        .join('\n');
    await waitFor(() => plan().includes('Drain plan'), 'the plan');
    expect(plan()).toContain(none);
    expect(textOf(harness.fake.message(CHANNEL, parent.ts) as StoredMessage)).toContain(none);
    await harness.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const empty = await emptyPost(harness, parent, 'compute3');
    const said = textOf(empty);
    expect(said).toContain(
      'enables it (none of its 3 servers can go back, listed with the reason) and goes on.',
    );
    expect(said).not.toContain('moves its servers back');
    for (const name of ['analytics-1', 'cache-2', 'worker'])
      expect(said).toMatch(
        new RegExp(`\`${name}\` cannot go back: QEMU 6\\.2\\.0 on compute3 is older than QEMU 8\\.2\\.0`),
      );
    expect(dialogOf(empty, DRAIN_ACTIONS.hostBack)).toContain(
      'once it reports up; none of its servers can go back.',
    );
    // and so it goes: enabled, nothing moved back
    await hostBack(harness, parent, 'compute3');
    await finished(harness, parent);
    expect(fx.sandbox.cloud.hosts.get('compute3')?.status).toBe('enabled');
    expect([...fx.sandbox.cloud.servers.values()].filter((s) => s.host === 'compute3')).toEqual([]);
  });

  // its words in a drain with other hosts: drain-idle-host (the thread), the approval's below; alone,
  // with --return as without, approving would change nothing (operator trial: /evacuate refuses it)
  it('refuses a host disabled before the drain and empty: nothing to empty, nothing to bring back', async () => {
    slack = await slackHarness(fx);
    const harness = slack;
    // compute4 is disabled for its DIMMs and runs no server
    await harness.command('U_ALICE', '/drain', 'compute4 --return');
    await waitFor(
      () =>
        harness
          .privately('U_ALICE')
          .includes(
            'compute4 runs no servers and nova-compute there is disabled already: a drain would have nothing to do',
          ),
      'the refusal',
    );
    expect(harness.fake.messages.filter((m) => !m.ephemeralTo)).toEqual([]);
    expect(harness.store.drains()).toEqual([]);
    expect(fx.sandbox.cloud.hosts.get('compute4')).toMatchObject({
      status: 'disabled',
      disabledReason: 'DIMM replacement, ticket OPS-4121',
    });
  });
});

describe('the drain words, from the facts recorded', () => {
  const host = (name: string, planned: DrainHostState['planned']): DrainHostState => ({
    host: name,
    serviceId: null,
    phase: 'empty',
    evacuationIds: [`e-${name}`],
    service: 'disabled',
    ...(planned ? { planned } : {}),
  });
  const drainOfHosts = (hosts: DrainHostState[]): DrainRecord => ({
    id: 'd-000001',
    kind: 'drain',
    createdAt: 0,
    requestedBy: 'U_ALICE',
    status: 'pending',
    checks: [],
    ready: true,
    evaluatedAt: 0,
    drain: {
      hosts,
      hostsAtOnce: 1,
      concurrency: 2,
      returnHome: true,
      fingerprint: 'f',
      step: 0,
      phase: 'planned',
    },
  });
  const leftLive = (name: string, notBack?: string): EvacuationItemState => ({
    serverId: name,
    serverName: name,
    status: 'ACTIVE',
    flavor: 'm1.small',
    ramMb: 2048,
    mode: 'live',
    destination: 'compute2',
    state: 'done',
    outcome: { kind: 'completed', message: 'moved', host: 'compute2', durationMs: 1, forced: false },
    ...(notBack ? { notBack } : {}),
  });

  it('counts the servers that go back and lists those that cannot, in the host-empty post and its dialog', () => {
    const drain = drainOfHosts([host('compute3', undefined)]);
    const evacuation = {
      evacuation: { items: [leftLive('web-1'), leftLive('web-2', 'QEMU 6.2.0 on compute3 is older')] },
    } as EvacuationRecord;
    const message = hostEmptyMessage(drain, 'compute3', '@oncall', () => evacuation);
    const said = textOf(message);
    expect(said).toContain(
      'enables it, moves 1 of its 2 servers back (1 cannot, listed with the reason) and goes on.',
    );
    expect(said).toContain('`web-2` cannot go back: QEMU 6.2.0 on compute3 is older');
    expect(said).not.toContain('`web-1` cannot');
    expect(JSON.stringify(message.blocks)).toContain('once it reports up and moves 1 of its 2 servers back.');
  });

  it('promises back in the approval only what the plan brings back, and nothing for a host disabled before', () => {
    const some = drainOfHosts([
      host('compute2', { disabledBefore: false, servers: 4, leaving: 3, staysAway: 1 }),
      host('compute4', { disabledBefore: true, servers: 2, leaving: 2, staysAway: 0 }),
      host('compute5', { disabledBefore: true, servers: 0, leaving: 0, staysAway: 0 }),
    ]);
    const dialog = JSON.stringify(drainApproval(some));
    expect(dialog).toContain(
      'Disable and empty `compute2`, one host at a time, bringing back after each the servers that can go back (1 of 3 cannot: the plan says why).',
    );
    expect(dialog).toContain(
      'Empty `compute4`, disabled before the drain: Ferry leaves them disabled, so their servers stay where they go.',
    );
    expect(dialog).toContain('Nothing to empty on `compute5`');
  });
});
