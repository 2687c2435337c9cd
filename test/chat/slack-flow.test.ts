import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack, type StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS, REJECT_VIEW } from '../../src/chat/render.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

let fx: SandboxFixture;
let slack: SlackHarness;

beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const requestMessage = () =>
  waitFor(
    () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.includes('request')),
    'request message',
  );
const thread = (parent: StoredMessage) => slack.fake.threadOf(CHANNEL, parent.ts);
const threadText = (parent: StoredMessage) => thread(parent).map(textOf).join('\n');
const hasButtons = (message: StoredMessage) => message.blocks.some((b) => b.type === 'actions');

describe('/migrate through the real Bolt listeners', () => {
  it('runs the happy path: request, approval, progress in the thread, completion', async () => {
    slack = await slackHarness(fx);
    const response = await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    expect(response.status).toBe(200);
    const parent = await requestMessage();
    expect(hasButtons(parent)).toBe(true);
    expect(textOf(parent)).toContain('✅ *Parameters*');
    expect(textOf(parent)).toContain('<@U_ALICE> asks for a live migration');
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, slack.store.pendingRequests()[0]?.id as string);
    await waitFor(() => threadText(parent).includes('Completed'), 'outcome in thread', 15_000);
    const text = threadText(parent);
    const posted = slack.fake.callsOf('chat.postMessage').map((call) => JSON.stringify(call.params));
    expect(posted.some((p) => p.includes('started: `compute1` → `compute2`'))).toBe(true);
    expect(text).toMatch(/\[▓+░*\] \d+%/);
    expect(text).toMatch(/ETA/);
    expect(text).toMatch(/server-x now runs on compute2/);
    await waitFor(
      () => textOf(slack.fake.message(CHANNEL, parent.ts) as StoredMessage).includes('*completed*'),
      'status line',
    );
    const updated = slack.fake.message(CHANNEL, parent.ts) as StoredMessage;
    expect(hasButtons(updated)).toBe(false);
    expect(textOf(updated)).toMatch(/✅ \*completed\* in .* · Approved by <@U_BOB> at/);
    expect((await fx.clients.nova.findServer('server-x')).host).toBe('compute2');
  });

  it('answers the slash command at once, before the cloud is asked', async () => {
    slack = await slackHarness(fx);
    applyFault(fx.sandbox.cloud, { type: 'slow', ms: 4_000 });
    const started = Date.now();
    const response = await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3_000);
    applyFault(fx.sandbox.cloud, { type: 'slow', ms: 0 });
    await requestMessage();
  });

  it('posts a failed precondition without buttons, its fix under it', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/migrate', 'vault to compute2');
    const parent = await requestMessage();
    expect(hasButtons(parent)).toBe(false);
    expect(textOf(parent)).toContain('❌ *Server state*');
    expect(textOf(parent)).toContain('*Blocked*');
    expect(textOf(parent)).toMatch(/\n {3}➜ [^\n]*openstack server unlock/);
  });

  it('suggests close names for an unknown server and refuses malformed input without touching the cloud', async () => {
    slack = await slackHarness(fx);
    const before = slack.fake.calls.length;
    // a name no server has changes nothing: no request recorded, nothing posted, close names privately
    await slack.command('U_ALICE', '/migrate', 'server-z to compute2');
    await waitFor(() => slack.privately('U_ALICE').includes('Did you mean'), 'suggestion');
    expect(slack.privately('U_ALICE')).toMatch(
      /No server named or with ID "server-z" exists in any project\. Did you mean server-x/,
    );
    await slack.command('U_ALICE', '/migrate', 'server-x; rm -rf / to compute2');
    await waitFor(() => slack.privately('U_ALICE').includes('cannot be'), 'refusal');
    await slack.command('U_ALICE', '/migrate', 'server-x --blok');
    await waitFor(() => slack.privately('U_ALICE').includes('Did you mean --'), 'flag suggestion');
    // answered privately (after reading the person's locale), nothing posted
    expect(
      slack.fake.calls.slice(before).every((call) => ['response_url', 'users.info'].includes(call.method)),
    ).toBe(true);
  });

  it('never contradicts itself: unknown destinations are refused, warnings are not "every check passed"', async () => {
    slack = await slackHarness(fx);
    // a destination that is not a compute host is refused as /evacuate and /drain refuse one: nothing
    // posted, "did you mean" for the name in another case (Nova's host names are case-sensitive)
    await slack.command('U_ALICE', '/migrate', 'server-x to COMPUTE2');
    await waitFor(
      () =>
        slack
          .privately('U_ALICE')
          .includes(
            'COMPUTE2 is not a compute host of this cloud. Did you mean compute2? Nothing was requested.',
          ),
      `the refusal: ${slack.privately('U_ALICE')}`,
    );
    await slack.command('U_ALICE', '/migrate', 'server-x to compute9');
    await waitFor(
      () =>
        slack
          .privately('U_ALICE')
          .includes(
            'compute9 is not a compute host of this cloud: name one as openstack compute service list shows it (host names are case-sensitive), or leave the destination out and Ferry picks one. Nothing was requested.',
          ),
      'the refusal of compute9',
    );
    expect(slack.fake.messages.filter((m) => !m.ephemeralTo)).toEqual([]);
    expect(slack.store.pendingRequests()).toEqual([]);
    await slack.command('U_ALICE', '/migrate', 'server-x to compute2 --block-migration --dry-run');
    const dry = await waitFor(
      () => slack.fake.messages.find((m) => !m.threadTs && m.text.startsWith('Dry run')),
      'dry run',
    );
    expect(textOf(dry)).toMatch(/⚠️ \*Storage and block migration\*/);
    expect(textOf(dry)).toMatch(/🔍 \*Dry run\*: nothing was requested\. 1 warning\./);
    expect(dry.text).toMatch(/\(1 warning\)$/);
    // slack.stop() runs the contradiction check over every message of every test in this file
  });

  it('neutralises bidi overrides in everything it repeats, and accepts printable Unicode names', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/migrate', 'abc\u202Etxt.exe to compute2');
    await waitFor(() => slack.privately('U_ALICE').includes('right-to-left override'), 'refusal');
    const everything = slack.fake.calls.map((call) => JSON.stringify(call.params)).join('\n');
    expect(everything).not.toMatch(/\u202E|\\u202e/i);
    fx.sandbox.cloud.resolveServer('server-x').name = 'сервер-1';
    await slack.command('U_ALICE', '/migrate', 'сервер-1 to compute2 --dry-run');
    const dry = await waitFor(
      () => slack.fake.messages.find((m) => !m.threadTs && m.text.startsWith('Dry run')),
      'dry run of a Unicode name',
    );
    expect(textOf(dry)).toMatch(/✅ \*Parameters\*: сервер-1 \(/);
    await slack.command('U_ALICE', '/migrate', 'no★star');
    await waitFor(() => slack.privately('U_ALICE').includes('its ID, a UUID, always works'), 'UUID hint');
  });

  it('lists every server of an ambiguous name with its ID, and suggests nothing', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/migrate', 'worker to compute2');
    const parent = await requestMessage();
    // the check says it on the request's message, with every candidate's ID
    expect(textOf(parent)).toContain('servers are named');
    const ids = [...fx.sandbox.cloud.servers.values()].filter((s) => s.name === 'worker').map((s) => s.id);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(textOf(parent)).toContain(id);
    expect(threadText(parent)).not.toMatch(/Did you mean/);
  });

  it('never offers the requester as their own approver', async () => {
    slack = await slackHarness(fx, { oncallGroup: 'oncall' });
    await slack.command('U_BOB', '/migrate', 'server-x to compute2');
    const parent = await requestMessage();
    expect(textOf(parent)).toMatch(/Needs one approval from @oncall \(not the requester\)/);
    expect(textOf(parent)).not.toMatch(/Needs one approval from .*<@U_BOB>/);
  });

  it('lets on-call reject with a reason', async () => {
    slack = await slackHarness(fx, { oncallGroup: 'oncall' });
    await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    const parent = await requestMessage();
    const requestId = slack.store.pendingRequests()[0]?.id as string;
    await slack.press('U_CAROL', parent.ts, ACTIONS.reject, requestId);
    await waitFor(() => slack.fake.callsOf('views.open').length === 1, 'reason dialog');
    const response = await slack.submitView('U_CAROL', REJECT_VIEW, requestId, {
      reason: { reason: { value: 'change freeze' } },
    });
    expect(response.status).toBe(200);
    await waitFor(
      () => textOf(slack.fake.message(CHANNEL, parent.ts) as StoredMessage).includes('Rejected'),
      'rejection',
    );
    expect(textOf(slack.fake.message(CHANNEL, parent.ts) as StoredMessage)).toMatch(
      /🚫 \*Rejected\* by <@U_CAROL> at .*: change freeze/,
    );
    expect(fx.sandbox.cloud.migrations).toHaveLength(0);
  });

  it('expires an unanswered request and removes its buttons', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    const parent = await requestMessage();
    // the request knows its message once the post has returned
    await waitFor(
      () => slack.store.placeOf(slack.store.pendingRequests()[0]?.id ?? '')?.ts,
      'request origin',
    );
    fx.clock.advance(31 * 60_000);
    await slack.ferry.edge.expireDue();
    await waitFor(
      () => textOf(slack.fake.message(CHANNEL, parent.ts) as StoredMessage).includes('Expired'),
      'expiry',
    );
    expect(hasButtons(slack.fake.message(CHANNEL, parent.ts) as StoredMessage)).toBe(false);
  });

  it('refuses self-approval and approval by someone not on call, privately', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_BOB', '/migrate', 'server-x to compute2');
    const parent = await requestMessage();
    const requestId = slack.store.pendingRequests()[0]?.id as string;
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, requestId);
    await waitFor(() => slack.privately('U_BOB').includes('four-eyes'), 'self-approval refusal');
    await slack.press('U_DAVE', parent.ts, ACTIONS.approve, requestId);
    await waitFor(() => slack.privately('U_DAVE').includes('Only on-call'), 'non-on-call refusal');
    expect(slack.store.getRequest(requestId)?.status).toBe('pending');
    expect(fx.sandbox.cloud.migrations).toHaveLength(0);
  });

  it('starts exactly one migration when two approvers press at once', async () => {
    slack = await slackHarness(fx, { oncallGroup: 'S0ONCALL' });
    await slack.command('U_ALICE', '/migrate', 'db-primary to compute2');
    const parent = await requestMessage();
    const requestId = slack.store.pendingRequests()[0]?.id as string;
    await Promise.all([
      slack.press('U_BOB', parent.ts, ACTIONS.approve, requestId),
      slack.press('U_CAROL', parent.ts, ACTIONS.approve, requestId),
      slack.press('U_BOB', parent.ts, ACTIONS.approve, requestId),
    ]);
    await waitFor(() => threadText(parent).includes('Completed'), 'outcome', 15_000);
    expect(fx.sandbox.cloud.migrations).toHaveLength(1);
    expect(slack.store.runs()).toHaveLength(1);
  });

  it('re-checks on approval and starts nothing when a check fails since the request, saying why', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/migrate', 'db-primary to compute2');
    const parent = await requestMessage();
    const requestId = slack.store.pendingRequests()[0]?.id as string;
    applyFault(fx.sandbox.cloud, { type: 'service-down', host: 'compute2' });
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, requestId);
    await waitFor(
      () => threadText(parent).includes('re-check before the start failed'),
      'told in the thread',
    );
    await waitFor(
      () =>
        textOf(slack.fake.message(CHANNEL, parent.ts) as StoredMessage).includes(
          're-check before the start failed',
        ),
      'status line',
    );
    // the failed check with its fix is on the message, said once: the thread is told, not shown again
    expect(textOf(slack.fake.message(CHANNEL, parent.ts) as StoredMessage)).toMatch(
      /❌ \*nova-compute up and enabled\*: nova-compute on compute2 is down[^\n]*\n {3}➜ /,
    );
    expect(threadText(parent)).not.toContain('nova-compute on compute2 is down');
    expect(fx.sandbox.cloud.migrations).toHaveLength(0);
    expect(slack.store.runs()).toHaveLength(0);
  });

  it('aborts from the thread button', async () => {
    slack = await slackHarness(fx, { runner: { stallAfterMs: 60_000 } });
    await slack.command('U_ALICE', '/migrate', 'ledger to compute2');
    const parent = await requestMessage();
    const requestId = slack.store.pendingRequests()[0]?.id as string;
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, requestId);
    await waitFor(() => threadText(parent).includes('not converging'), 'stall warning', 15_000);
    const controls = thread(parent).find((m) =>
      m.blocks.some((b) => b.block_id?.startsWith('controls:')),
    ) as StoredMessage;
    const runId = slack.store.runs()[0]?.id as string;
    await slack.press('U_DAVE', controls.ts, ACTIONS.abort, runId);
    await waitFor(() => slack.privately('U_DAVE').includes('Only on-call'), 'refusal');
    await slack.press('U_BOB', controls.ts, ACTIONS.abort, runId);
    await waitFor(() => threadText(parent).includes('Aborted'), 'aborted', 15_000);
    expect(threadText(parent)).toMatch(/Abort requested by <@U_BOB>/);
    await waitFor(
      () => textOf(slack.fake.message(CHANNEL, controls.ts) as StoredMessage).includes('ended: *aborted*'),
      'controls retired',
    );
    expect((await fx.clients.nova.findServer('ledger')).host).toBe('compute1');
  });

  it("tells the thread about a failed migration with Nova's fault and what to do", async () => {
    slack = await slackHarness(fx);
    applyFault(fx.sandbox.cloud, {
      type: 'fail-migration',
      server: 'cache-1',
      stage: 'driver-error',
      message: 'libvirt: migration stream broke',
    });
    await slack.command('U_ALICE', '/migrate', 'cache-1 to compute1');
    const parent = await requestMessage();
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, slack.store.pendingRequests()[0]?.id as string);
    await waitFor(() => threadText(parent).includes('Failed'), 'failure', 15_000);
    expect(threadText(parent)).toMatch(/ERROR on compute2: Nova: libvirt: migration stream broke/);
    expect(threadText(parent)).toMatch(/Look at the server before retrying/);
  });

  it('waits out a 429 from Slack and loses nothing', async () => {
    slack = await slackHarness(fx);
    slack.fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
    const parent = await requestMessage();
    expect(textOf(parent)).toContain('server-x');
    expect(slack.fake.callsOf('chat.postMessage').length).toBeGreaterThanOrEqual(2);
  });

  it('continues in the same thread after a restart in the middle of a run', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-slack-')), 'ferry.json');
    const fake = new FakeSlack();
    await fake.start();
    try {
      slack = await slackHarness(fx, { store: await LowdbStore.open(file), fake });
      await slack.command('U_ALICE', '/migrate', 'server-x to compute2');
      const parent = await requestMessage();
      await slack.press('U_BOB', parent.ts, ACTIONS.approve, slack.store.pendingRequests()[0]?.id as string);
      await waitFor(() => slack.store.runs()[0]?.state === 'running', 'running');
      await slack.stop();
      fx.clock.advance(30 * 60_000);
      slack = await slackHarness(fx, { store: await LowdbStore.open(file), fake });
      await waitFor(() => threadText(parent).includes('Completed'), 'outcome after restart', 15_000);
      expect(threadText(parent)).toMatch(
        /↻ Ferry restarted at \d\d:\d\d:\d\d UTC and is watching this migration again\./,
      );
      await waitFor(
        () => textOf(fake.message(CHANNEL, parent.ts) as StoredMessage).includes('*completed*'),
        'status line after restart',
      );
      expect(thread(parent).filter((m) => m.text.includes('completed (')).length).toBe(1);
    } finally {
      await slack.stop();
      await fake.stop();
      slack = undefined as unknown as SlackHarness;
    }
  });

  it('escapes names from the cloud so <!channel> pings nobody', async () => {
    slack = await slackHarness(fx);
    const server = fx.sandbox.cloud.resolveServer('server-x');
    server.name = 'x<!channel>&';
    await slack.command('U_ALICE', '/migrate', `${server.id} to compute2`);
    const parent = await requestMessage();
    const text = textOf(parent);
    expect(text).toContain('x&lt;!channel&gt;&amp;');
    expect(text).not.toContain('<!channel>');
  });

  it('rejects unsigned or badly signed requests and serves /healthz', async () => {
    slack = await slackHarness(fx);
    const body = 'command=%2Fmigrate&text=server-x';
    const unsigned = await fetch(slack.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(unsigned.status).toBe(401);
    const forged = await fetch(slack.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Slack-Request-Timestamp': String(Math.floor(Date.now() / 1000)),
        'X-Slack-Signature': 'v0=deadbeef',
      },
      body,
    });
    expect(forged.status).toBe(401);
    const health = await fetch(`${slack.statusUrl}/healthz?detail`);
    expect(health.status).toBe(200);
    // one process on its own store: it leads (runs the scheduled jobs) and holds every lease
    expect(await health.json()).toMatchObject({
      status: 'ok',
      store: { kind: 'lowdb', ok: true },
      replica: { leads: true, lastError: null, watching: { runs: [], evacuations: [] } },
    });
  });
});
