import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { SlackStartError } from '../../src/chat/slack-app.ts';
import { requestersPolicy } from '../../src/core/requests.ts';
import { startFerry } from '../../src/ferry.ts';
import { cloudApiFrom } from '../../src/openstack/cloud-api.ts';
import { systemScheduler } from '../../src/scheduler.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import {
  buttonValue,
  CHANNEL,
  type SlackHarness,
  slackHarness,
  slackSignature,
  waitFor,
} from '../helpers/slack.ts';

/** What reaches Ferry from outside its own workspace and app, twice, or not at all. */

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

const requestsPosted = () =>
  (slack as SlackHarness).fake.messages.filter((m) => !m.threadTs && !m.ephemeralTo && m.channel === CHANNEL);

describe('requests that are signed but not for Ferry', () => {
  it('refuses a slash command from another workspace or another app', async () => {
    slack = await slackHarness(fx);
    const before = fx.sandbox.cloud.requestsServed;
    expect(
      (await slack.command('U_ALICE', '/migrate', 'server-x to compute2', { team_id: 'T0OTHER' })).status,
    ).toBe(200);
    expect(
      (await slack.command('U_ALICE', '/migrate', 'server-x to compute2', { api_app_id: 'A0OTHER' })).status,
    ).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(requestsPosted()).toEqual([]);
    expect(fx.sandbox.cloud.requestsServed).toBe(before);
    expect(slack.store.pendingRequests()).toEqual([]);
  });

  it('refuses a button pressed in another workspace', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    const parent = await waitFor(() => requestsPosted()[0], 'request');
    const value = buttonValue(parent, ACTIONS.approve);
    const requestId = slack.store.pendingRequests()[0]?.id as string;
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, value, {
      team: { id: 'T0OTHER', domain: 'other' },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slack.store.getRequest(requestId)?.status).toBe('pending');
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, value);
    await waitFor(() => slack?.store.getRequest(requestId)?.status !== 'pending', 'approval from home');
    expect(slack.store.getRequest(requestId)?.decidedBy).toBe('U_BOB');
  });

  it('does not act twice on a replayed slash command', async () => {
    slack = await slackHarness(fx);
    const body = slack.commandBody('U_ALICE', '/migrate', 'server-x to compute2 --dry-run');
    const timestamp = String(Math.floor(Date.now() / 1000));
    await slack.post(body, 'application/x-www-form-urlencoded', {}, timestamp);
    await waitFor(() => requestsPosted().length === 1, 'first request');
    expect((await slack.post(body, 'application/x-www-form-urlencoded', {}, timestamp)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(requestsPosted()).toHaveLength(1);
    expect(slack.store.auditLog().filter((entry) => entry.action === 'request')).toHaveLength(1);
  });
});

describe('one signed request, one action', () => {
  const form = 'application/x-www-form-urlencoded';
  const now = () => String(Math.floor(Date.now() / 1000));
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

  it('refuses a signature with anything after its 64 hex digits, even the first time it is seen', async () => {
    slack = await slackHarness(fx);
    const body = slack.commandBody('U_ALICE', '/migrate', 'server-x to compute2 --dry-run');
    const timestamp = now();
    const signature = slackSignature(timestamp, body);
    // Bolt checks only "v0" and the hex: this header passes its check
    expect(
      (await slack.post(body, form, { 'X-Slack-Signature': `${signature}=replay` }, timestamp)).status,
    ).toBe(200);
    await settle();
    expect(requestsPosted()).toEqual([]);
    expect(slack.logged.map((line) => line.text).join('\n')).toMatch(/signature is not of the form/);
  });

  it('acts once on a signed /migrate sent again with suffixes on its signature', async () => {
    slack = await slackHarness(fx);
    const body = slack.commandBody('U_ALICE', '/migrate', 'server-x to compute2 --dry-run');
    const timestamp = now();
    const signature = slackSignature(timestamp, body);
    for (const header of [signature, signature, `${signature}=replay`, `${signature}=replay2`])
      expect((await slack.post(body, form, { 'X-Slack-Signature': header }, timestamp)).status).toBe(200);
    await waitFor(() => requestsPosted().length === 1, 'first request');
    await settle();
    expect(requestsPosted()).toHaveLength(1);
    expect(slack.store.auditLog().filter((entry) => entry.action === 'request')).toHaveLength(1);
  });

  it('acts once on a button press that arrives twice, each time freshly signed', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    const parent = await waitFor(() => requestsPosted()[0], 'request');
    const body = slack.pressBody('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const requestId = slack.store.pendingRequests()[0]?.id as string;
    await slack.post(body, form, {}, now());
    await waitFor(() => slack?.store.getRequest(requestId)?.status !== 'pending', 'approval');
    // the same interaction (its trigger_id, its action on that message) a second later: a new signature
    await slack.post(body, form, {}, String(Number(now()) + 1));
    await settle();
    expect(slack.privately('U_BOB')).not.toMatch(/already/);
    expect(slack.logged.map((line) => line.text).join('\n')).toMatch(/interaction that arrived before/);
  });

  it('answers two people who press one button in the same instant (same action_ts)', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    const parent = await waitFor(() => requestsPosted()[0], 'request');
    const bob = slack.pressBody('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const payload = JSON.parse(new URLSearchParams(bob).get('payload') as string);
    const carol = new URLSearchParams({
      payload: JSON.stringify({
        ...payload,
        user: { ...payload.user, id: 'U_CAROL', username: 'carol', name: 'carol' },
        trigger_id: `${payload.trigger_id}-carol`,
      }),
    }).toString();
    await Promise.all([slack.post(bob, form, {}, now()), slack.post(carol, form, {}, now())]);
    // one of them approved it; the other is told so, not left without an answer
    await waitFor(
      () => `${slack?.privately('U_BOB')}${slack?.privately('U_CAROL')}`.match(/already approved/),
      'the other presser told it is already approved',
    );
  });
});

describe('start-up with Slack unreachable', () => {
  it('fails with one clear line naming the problem and no token, and leaves nothing running', async () => {
    // a port that refuses connections: nothing listens on it
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const started = Date.now();
    const error = await startFerry({
      commands: COMMANDS,
      clock: fx.clock,
      cloud: cloudApiFrom(fx.clients),
      store: LowdbStore.memory(),
      slack: {
        mode: 'http',
        botToken: 'xoxb-secret-token-value',
        signingSecret: 'secret',
        port: 0,
        apiUrl: `http://127.0.0.1:${closed}/api/`,
      },
      oncallUsers: ['U_BOB'],
      access: requestersPolicy([]),
      timeZone: 'UTC',
      scheduler: systemScheduler({ recurring: false }),
      progressIntervalMs: 30_000,
      approvalTtlMs: 60_000,
      autoConfirm: true,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackStartError);
    expect((error as Error).message).toMatch(
      /^Slack's Web API at http:\/\/127\.0\.0\.1:\d+\/api\/ could not be reached/,
    );
    expect((error as Error).message).not.toContain('xoxb-secret');
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 20_000);
});
