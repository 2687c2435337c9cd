import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOME_VIEWERS_MAX } from '../../src/chat/home.ts';
import type { Block } from '../../src/chat/render.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import {
  appHomeOpened,
  CHANNEL,
  type SlackHarness,
  slackHarness,
  textOf,
  waitFor,
} from '../helpers/slack.ts';

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const homeText = (user: string) =>
  textOf({ text: '', blocks: (slack.fake.homes.get(user)?.blocks ?? []) as Block[] });
const approveButtons = (user: string) =>
  (slack.fake.homes.get(user)?.blocks ?? []).filter(
    (b) => b.type === 'actions' && String(b.block_id).startsWith('approval:'),
  );

describe('App Home', () => {
  it('shows what waits for approval, with Approve for on-call people only, and approves from Home', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    await waitFor(
      () => slack.fake.messages.some((m) => m.channel === CHANNEL && m.text.includes('server-x')),
      'request',
    );
    const requestId = slack.store.pendingRequests()[0]?.id as string;

    await appHomeOpened(slack, 'U_BOB', 'Ev01');
    await appHomeOpened(slack, 'U_DAVE', 'Ev02');
    await appHomeOpened(slack, 'U_ALICE', 'Ev03');
    await waitFor(() => slack.fake.homes.size === 3, 'three Home tabs');
    expect(homeText('U_BOB')).toContain(
      `\`${requestId}\` <@U_ALICE> asks to move \`server-x\` \`compute1\` → \`compute2\` (live)`,
    );
    expect(homeText('U_BOB')).toContain('you are on call: you may approve');
    expect(approveButtons('U_BOB')).toHaveLength(1);
    // the same confirm dialog as the channel's
    const channelMessage = slack.fake.messages.find(
      (m) => m.channel === CHANNEL && m.text.includes('server-x'),
    );
    const dialog = (blocks: Block[]) =>
      JSON.stringify(
        (blocks.find((b) => String(b.block_id).startsWith('approval:')) as unknown as { elements: unknown[] })
          .elements,
      );
    expect(dialog(slack.fake.homes.get('U_BOB')?.blocks ?? [])).toBe(dialog(channelMessage?.blocks ?? []));
    expect(approveButtons('U_DAVE')).toHaveLength(0); // not on call
    expect(approveButtons('U_ALICE')).toHaveLength(0); // four eyes: not the requester

    // Approve pressed in App Home: no channel, a view container
    const payload = JSON.parse(
      readFileSync(new URL('../fixtures/slack/block_actions.payload.json', import.meta.url), 'utf8'),
    );
    payload.user = { id: 'U_BOB', username: 'u_bob', name: 'u_bob', team_id: 'T0001' };
    payload.container = { type: 'view', view_id: 'V1' };
    delete payload.channel;
    delete payload.message;
    payload.view = { id: 'V1', type: 'home', blocks: slack.fake.homes.get('U_BOB')?.blocks };
    payload.actions = [
      {
        type: 'button',
        action_id: ACTIONS.approve,
        block_id: `approval:${requestId}`,
        value: requestId,
        action_ts: '1',
      },
    ];
    await slack.post(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
    );
    await waitFor(() => fx.sandbox.cloud.migrations.length === 1, 'the migration Nova started');
    await slack.ferry.home.refresh();
    expect(homeText('U_BOB')).toContain('Nothing waits for approval.');
    expect(homeText('U_ALICE')).toMatch(/Your recent moves\*\n`m-[0-9a-f]{6}` `server-x`/);
  });

  it('handles an event Slack delivers again only once', async () => {
    slack = await slackHarness(fx);
    await appHomeOpened(slack, 'U_BOB', 'Ev10');
    await appHomeOpened(slack, 'U_BOB', 'Ev10', 1);
    await appHomeOpened(slack, 'U_BOB', 'Ev10', 2);
    await waitFor(() => slack.fake.homes.has('U_BOB'), 'Home');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(slack.fake.callsOf('views.publish')).toHaveLength(1);
    await appHomeOpened(slack, 'U_BOB', 'Ev11');
    await waitFor(() => slack.fake.callsOf('views.publish').length === 2, 'a new opening published');
  });

  it('publishes again only when what Home shows changes, not its time, one refresh at a time', async () => {
    slack = await slackHarness(fx);
    await slack.ferry.home.open('U_BOB');
    const published = () => slack.fake.callsOf('views.publish').length;
    expect(published()).toBe(1);
    // ten seconds later nothing changed but the "Updated" time: nothing is sent
    fx.clock.advance(10_000);
    await slack.ferry.home.refresh();
    expect(published()).toBe(1);
    await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    await waitFor(() => slack.store.pendingRequests().length === 1, 'the request');
    // a refresh asked for while one runs joins it instead of running beside it
    const first = slack.ferry.home.refresh();
    expect(slack.ferry.home.refresh()).toBe(first);
    await first;
    expect(published()).toBe(2);
    expect(homeText('U_BOB')).toContain('asks to move `server-x`');
  });

  it("backs off when Slack answers 429, without waiting in Ferry's client, and publishes after Retry-After", async () => {
    slack = await slackHarness(fx);
    await slack.ferry.home.open('U_BOB');
    await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    await waitFor(() => slack.store.pendingRequests().length === 1, 'the request');
    slack.fake.failNext('views.publish', { status: 429, retryAfterSeconds: 30 });
    const started = Date.now();
    await slack.ferry.home.refresh();
    // Ferry's own client would pause every post for the 30 s
    expect(Date.now() - started).toBeLessThan(5_000);
    const published = () => slack.fake.callsOf('views.publish').length;
    expect(published()).toBe(2);
    fx.clock.advance(20_000);
    await slack.ferry.home.refresh();
    expect(published()).toBe(2);
    fx.clock.advance(10_000);
    await slack.ferry.home.refresh();
    expect(published()).toBe(3);
    expect(homeText('U_BOB')).toContain('asks to move `server-x`');
    // a Home opened into a 429 is published by the first refresh after the wait
    slack.fake.failNext('views.publish', { status: 429, retryAfterSeconds: 5 });
    await expect(slack.ferry.home.open('U_CAROL')).rejects.toThrow();
    expect(slack.fake.homes.has('U_CAROL')).toBe(false);
    fx.clock.advance(5_000);
    await slack.ferry.home.refresh();
    expect(homeText('U_CAROL')).toContain('asks to move `server-x`');
  }, 20_000);

  it(`keeps only the ${HOME_VIEWERS_MAX} people who opened Home last up to date`, async () => {
    slack = await slackHarness(fx);
    const viewers = Array.from({ length: HOME_VIEWERS_MAX + 5 }, (_, i) => `U_VIEWER${i}`);
    for (const user of viewers) await slack.ferry.home.open(user);
    await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    await waitFor(() => slack.store.pendingRequests().length === 1, 'the request');
    const before = slack.fake.callsOf('views.publish').length;
    await slack.ferry.home.refresh();
    const refreshed = slack.fake.callsOf('views.publish').slice(before);
    expect(refreshed).toHaveLength(HOME_VIEWERS_MAX);
    expect(refreshed.map((call) => call.params.user_id)).toEqual(viewers.slice(5));
  });

  it('lists a window that has started under way, not ahead, and says where in the reader’s language', async () => {
    slack = await slackHarness(fx);
    slack.fake.users.set('U_LI', { name: 'li', realName: 'Li Wei', locale: 'zh-CN' });
    await slack.command('U_ALICE', '/maintenance', 'compute1 2026-11-27T12:30 for 2h kernel upgrade');
    await waitFor(() => slack.store.windows().length === 1, 'the window');
    const home = async (user: string) =>
      textOf({ text: '', blocks: (await slack.ferry.home.render(user)).blocks as Block[] });
    expect(await home('U_BOB')).toMatch(/\*Maintenance ahead\*\n`w-[0-9a-f]{6}` `compute1`/);
    fx.clock.advance(40 * 60_000);
    const started = await home('U_BOB');
    expect(started).toMatch(
      /\*Maintenance under way\*\n`w-[0-9a-f]{6}` `compute1` .*kernel upgrade\n\*Maintenance ahead\*\nNo other window is scheduled\./,
    );
    await slack.command('U_LI', '/migrate', 'server-x to compute2');
    await waitFor(() => slack.store.pendingRequests().length === 1, 'the request');
    expect(await home('U_LI')).toMatch(/申请.*· 在 <#C0MIGRATE>/);
  });
});
