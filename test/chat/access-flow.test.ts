import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAINTENANCE_ACTIONS } from '../../src/chat/maintenance-view.ts';
import type { Block } from '../../src/chat/render.ts';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { sandboxHostChecker } from '../helpers/sandbox-ssh.ts';
import {
  appHomeOpened,
  CHANNEL,
  type SlackHarness,
  slackHarness,
  textOf,
  waitFor,
} from '../helpers/slack.ts';

/**
 * Who may do what, through the real listeners: someone not on FERRY_REQUESTERS is refused before
 * Ferry reads the cloud, opens an SSH session or posts anything; windows bind to their own host.
 */

let fx: SandboxFixture;
let ssh: SandboxSsh;
let slack: SlackHarness;
let sshCommands: () => number;

beforeEach(async () => {
  fx = await sandboxFixture();
  fx.clock.advance(Date.parse('2026-12-03T02:00:00Z') - fx.clock.now());
  const started = await sandboxHostChecker(fx);
  ssh = started.ssh;
  sshCommands = () => ssh.connections;
  // alice may ask; bob is on call (not a requester); mallory is neither
  slack = await slackHarness(fx, { hostChecker: started.checker, requesters: ['U_ALICE'] });
});
afterEach(async () => {
  await slack.stop();
  await ssh.close();
  await fx.close();
});

const channelPosts = () => slack.fake.messages.filter((m) => !m.ephemeralTo).length;

describe('requesters are checked before anything happens', () => {
  it('refuses /migrate, /evacuate, /maintenance and /hostcheck from a non-requester without reading the cloud', async () => {
    const cloudBefore = fx.sandbox.cloud.requestsServed;
    const sshBefore = sshCommands();
    const postsBefore = channelPosts();
    const asks = [
      ['/migrate', 'server-x to compute2'],
      ['/migrate', 'server-z'],
      ['/evacuate', 'compute1 --dry-run'],
      ['/maintenance', 'compute1 2026-12-05T02:00 kernel'],
      ['/hostcheck', 'compute1 compute2'],
    ] as const;
    for (const [command, text] of asks) await slack.command('U_MALLORY', command, text);
    await waitFor(
      () =>
        (slack.privately('U_MALLORY').match(/not on Ferry's requesters list/g) ?? []).length === asks.length,
      'five refusals',
    );
    expect(slack.privately('U_MALLORY')).not.toMatch(/Did you mean|compute3|server-x \(/);
    expect(fx.sandbox.cloud.requestsServed).toBe(cloudBefore);
    expect(sshCommands()).toBe(sshBefore);
    expect(channelPosts()).toBe(postsBefore);
  });

  it('lets on-call run /hostcheck, and sends a weakness an attacker could use privately', async () => {
    await slack.command('U_BOB', '/hostcheck', 'compute3 compute1');
    const message = await waitFor(
      () => slack.fake.messages.find((m) => !m.ephemeralTo && m.text.startsWith('Host check of compute3')),
      'host check message',
      15_000,
    );
    expect(textOf(message)).not.toMatch(/auth_tcp = "none"|controls every VM/);
    expect(textOf(message)).toMatch(/🔒 1 security finding left out here: it was sent to <@U_BOB> privately/);
    await waitFor(() => slack.privately('U_BOB').includes('auth_tcp = "none"'), 'private finding');
  });

  it("refuses the reminder's Evacuate now button to a non-requester", async () => {
    await slack.command('U_ALICE', '/maintenance', 'compute1 2026-12-05T02:00 for 3h kernel upgrade');
    const scheduled = await waitFor(
      () => slack.fake.messages.find((m) => m.text.startsWith('Maintenance window w-')),
      'window message',
    );
    const windowId = /w-[0-9a-f]{6}/.exec(scheduled.text)?.[0] as string;
    const cloudBefore = fx.sandbox.cloud.requestsServed;
    await slack.press('U_MALLORY', scheduled.ts, MAINTENANCE_ACTIONS.evacuate, windowId);
    await waitFor(() => slack.privately('U_MALLORY').includes("not on Ferry's requesters list"), 'refusal');
    expect(fx.sandbox.cloud.requestsServed).toBe(cloudBefore);
    expect(slack.store.evacuations()).toEqual([]);
  });
});

describe('an evacuation tied to a window', () => {
  it('refuses an unknown window, and a window for another host, before anything is requested', async () => {
    await slack.command('U_ALICE', '/maintenance', 'compute1 2026-12-05T02:00 for 3h kernel upgrade');
    const scheduled = await waitFor(
      () => slack.fake.messages.find((m) => m.text.startsWith('Maintenance window w-')),
      'window message',
    );
    const windowId = /w-[0-9a-f]{6}/.exec(scheduled.text)?.[0] as string;
    await slack.command('U_ALICE', '/evacuate', 'compute2 --window w-abcdef');
    await waitFor(
      () => slack.privately('U_ALICE').includes('There is no maintenance window w-abcdef'),
      'unknown',
    );
    await slack.command('U_ALICE', '/evacuate', `compute2 --window ${windowId}`);
    await waitFor(
      () => slack.privately('U_ALICE').includes(`Window ${windowId} is for compute1, not compute2`),
      'other host',
    );
    expect(slack.store.evacuations()).toEqual([]);
    expect(slack.fake.messages.some((m) => m.channel === CHANNEL && m.text.startsWith('Evacuation'))).toBe(
      false,
    );
  });
});

describe('who may read what Ferry is doing', () => {
  const homeText = (user: string) =>
    textOf({ text: '', blocks: (slack.fake.homes.get(user)?.blocks ?? []) as Block[] });

  it('shows Home and the lists to requesters and on-call people, and to nobody else', async () => {
    await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    await waitFor(() => slack.store.pendingRequests()[0], 'request');
    const requestId = slack.store.pendingRequests()[0]?.id as string;
    await slack.command('U_ALICE', '/maintenance', 'compute1 2026-12-05T02:00 for 3h kernel upgrade');
    await waitFor(() => slack.store.windows().length === 1, `window: ${slack.privately('U_ALICE')}`);

    await appHomeOpened(slack, 'U_MALLORY', 'EvR1');
    await appHomeOpened(slack, 'U_ALICE', 'EvR2');
    await appHomeOpened(slack, 'U_BOB', 'EvR3');
    await waitFor(() => slack.fake.homes.size === 3, 'three Home tabs');
    expect(homeText('U_ALICE')).toContain(requestId);
    expect(homeText('U_BOB')).toContain(requestId);
    expect(homeText('U_MALLORY')).toMatch(/Only requesters and on-call staff see what Ferry is doing/);
    expect(homeText('U_MALLORY')).not.toMatch(/server-x|compute|r-[0-9a-f]{6}|<#/);
    // refreshed, it stays closed
    await slack.ferry.home.refresh();
    expect(homeText('U_MALLORY')).not.toMatch(/server-x|compute/);

    const lists = ['/migrations', `/migrations ${requestId}`, '/drain list', '/maintenance list'];
    for (const line of lists) {
      const [command, ...rest] = line.split(' ');
      await slack.command('U_MALLORY', command as string, rest.join(' '));
    }
    await waitFor(
      () =>
        (slack.privately('U_MALLORY').match(/Only requesters and on-call staff see/g) ?? []).length ===
        lists.length,
      'four refusals',
    );
    expect(slack.privately('U_MALLORY')).not.toMatch(/server-x|compute1|w-[0-9a-f]{6}/);
    await slack.command('U_BOB', '/maintenance', 'list');
    await waitFor(() => slack.privately('U_BOB').includes('compute1'), 'the list for on call');
  });

  it('shows them to FERRY_READERS too, and to everyone when it says so', async () => {
    await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    await waitFor(() => slack.store.pendingRequests()[0], 'request');
    const store = slack.store;
    for (const readers of [['U_MALLORY'], 'everyone'] as const) {
      await slack.stop();
      slack = await slackHarness(fx, {
        store,
        requesters: ['U_ALICE'],
        readers: typeof readers === 'string' ? readers : [...readers],
      });
      await appHomeOpened(slack, 'U_MALLORY', `EvX${readers.length}`);
      await waitFor(() => slack.fake.homes.get('U_MALLORY'), 'Home');
      expect(homeText('U_MALLORY')).toContain('server-x');
      await slack.command('U_MALLORY', '/migrations', '');
      await waitFor(() => slack.privately('U_MALLORY').includes('No migration is running'), 'the list');
    }
  });
});
