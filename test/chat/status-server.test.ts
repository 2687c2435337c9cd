import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStatusServer } from '../../src/chat/status-server.ts';
import { DEFAULT_STATUS_ADDR, readSettings } from '../../src/config.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { type SlackHarness, slackHarness } from '../helpers/slack.ts';

/** /healthz and /metrics: on their own address, loopback by default, saying little unless asked. */

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

const http = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', FERRY_ONCALL_USERS: 'U1' };

describe('the status address', () => {
  it('is loopback unless FERRY_STATUS_ADDR says otherwise', () => {
    expect(DEFAULT_STATUS_ADDR).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(readSettings(http).status).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(readSettings({ ...http, FERRY_STATUS_ADDR: '9100' }).status).toEqual({
      host: '127.0.0.1',
      port: 9100,
    });
    expect(
      readSettings({ ...http, FERRY_STATUS_ADDR: '0.0.0.0:9100', FERRY_STATUS_TOKEN: 'tok' }).status,
    ).toEqual({ host: '0.0.0.0', port: 9100, token: 'tok' });
    expect(readSettings({ ...http, FERRY_STATUS_ADDR: '[::1]:9100' }).status.host).toBe('::1');
    expect(readSettings(http).warnings).toEqual([]);
    expect(readSettings({ ...http, FERRY_STATUS_ADDR: '0.0.0.0:9100' }).warnings).toEqual([
      expect.stringMatching(
        /^FERRY_STATUS_ADDR 0\.0\.0\.0:9100 is reachable beyond this machine without FERRY_STATUS_TOKEN/,
      ),
    ]);
    expect(() => readSettings({ ...http, FERRY_STATUS_ADDR: 'localhost:99999' })).toThrow(
      /^FERRY_STATUS_ADDR: must be host:port/,
    );
  });

  it("serves nothing but Slack on Slack's port, and a minimal /healthz on its own", async () => {
    slack = await slackHarness(fx);
    for (const path of ['/healthz', '/metrics', '/healthz?detail'])
      expect((await fetch(slack.url.replace('/slack/events', path))).status).toBe(404);
    const minimal = await fetch(`${slack.statusUrl}/healthz`);
    expect(minimal.status).toBe(200);
    expect(await minimal.json()).toEqual({ status: 'ok' });
    const detail = await (await fetch(`${slack.statusUrl}/healthz?detail`)).json();
    expect(detail).toMatchObject({ status: 'ok', store: { kind: 'lowdb' }, replica: { leads: true } });
    expect((await fetch(`${slack.statusUrl}/metrics`)).status).toBe(200);
  });

  it('asks for FERRY_STATUS_TOKEN before /metrics and the detail, never before the plain verdict', async () => {
    slack = await slackHarness(fx, { statusToken: 'status-s3cret' });
    const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
    expect((await fetch(`${slack.statusUrl}/healthz`)).status).toBe(200);
    for (const path of ['/metrics', '/healthz?detail']) {
      expect((await fetch(`${slack.statusUrl}${path}`)).status).toBe(401);
      expect((await fetch(`${slack.statusUrl}${path}`, bearer('wrong'))).status).toBe(401);
      expect((await fetch(`${slack.statusUrl}${path}`, bearer('status-s3cret'))).status).toBe(200);
    }
  });

  it('answers 503 on whatever verdict it is given, still saying little', async () => {
    let verdict = { ok: false, body: { status: 'degraded', store: { error: 'disk full at /var/lib/x' } } };
    const status = await startStatusServer(
      { host: '127.0.0.1', port: 0 },
      {
        health: async () => verdict,
        metrics: async () => ({ contentType: 'text/plain; version=0.0.4', body: 'ferry_up 1\n' }),
      },
    );
    try {
      const base = `http://127.0.0.1:${status.port}`;
      const degraded = await fetch(`${base}/healthz`);
      expect(degraded.status).toBe(503);
      expect(await degraded.json()).toEqual({ status: 'degraded' });
      const detail = (await (await fetch(`${base}/healthz?detail`)).json()) as { store: { error: string } };
      expect(detail.store.error).toMatch(/disk full/);
      verdict = { ok: true, body: { status: 'ok', store: { error: '' } } };
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${base}/metrics`)).text()).toBe('ferry_up 1\n');
      expect((await fetch(`${base}/other`)).status).toBe(404);
    } finally {
      await status.close();
    }
  });
});
