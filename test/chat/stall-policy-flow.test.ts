import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack, type StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { stallChoiceValue } from '../../src/chat/stall-view.ts';
import type { StallPolicySettings } from '../../src/core/model/stall-policy.ts';
import { inLanguage } from '../../src/i18n/index.ts';
import { stallDecisionText } from '../../src/messages/stall-policy.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { IMPACT_FLAVORS } from '../../src/sandbox/seed.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { migrationRequest } from '../helpers/migration-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * The stall policy (#29 part 4) on the sandbox's never-converging server (ledger: its guest dirties
 * memory faster than it is copied), through the real Slack listeners, on the fake clock.
 */

let fx: SandboxFixture;
let slack: SlackHarness;

beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const STALL_AFTER = 60_000;
const policy = (action: StallPolicySettings['action'], more: Partial<StallPolicySettings> = {}) => ({
  runner: { stallAfterMs: STALL_AFTER, stallPolicy: { action, overrides: [], graceMs: 120_000, ...more } },
});

const requestMessage = () => migrationRequest(slack);
const thread = (parent: StoredMessage) => slack.fake.threadOf(CHANNEL, parent.ts);
const threadText = (parent: StoredMessage) => thread(parent).map(textOf).join('\n');
const aborts = () => slack.store.auditLog().filter((e) => e.action === 'abort');
const forces = () => slack.store.auditLog().filter((e) => e.action === 'force-complete');

/** Asks for the move, approves it, and waits for the stall warning. */
async function stalledMove(server: string, to: string, flags = ''): Promise<StoredMessage> {
  await slack.command('U_ALICE', '/migrate', `${server} to ${to}${flags}`);
  const parent = await requestMessage();
  await slack.press('U_BOB', parent.ts, ACTIONS.approve, slack.store.pendingRequests()[0]?.id as string);
  await waitFor(() => threadText(parent).includes('not converging'), 'stall warning', 15_000);
  return parent;
}

/** Lets the fake clock run past the warning's grace period (and some), the run still watched. */
async function pastGrace(ms = 200_000): Promise<void> {
  const warned = slack.store.runs()[0]?.stall?.at ?? fx.clock.now();
  await waitFor(() => fx.clock.now() > warned + ms, 'time past the grace period', 15_000);
}

describe('the stall policy', () => {
  it('ask (the default): says nothing new and does nothing by itself', async () => {
    slack = await slackHarness(fx, { runner: { stallAfterMs: STALL_AFTER } });
    const parent = await stalledMove('ledger', 'compute2');
    await pastGrace();
    expect(threadText(parent)).not.toContain('Policy');
    expect(aborts()).toHaveLength(0);
    expect(forces()).toHaveLength(0);
    expect(slack.store.runs()[0]?.state).toBe('running');
    expect(slack.store.runs()[0]?.stall).toMatchObject({ chosen: 'ask', state: 'left' });
  });

  it('ask, then on-call\'s Force complete: the move\'s count says on-call settled it, not "not carried out" (console trial)', async () => {
    slack = await slackHarness(fx, { runner: { stallAfterMs: STALL_AFTER } });
    const parent = await stalledMove('ledger', 'compute2');
    await pastGrace();
    const withForce = [parent, ...thread(parent)].find((m) =>
      JSON.stringify(m.blocks).includes(ACTIONS.force),
    );
    if (!withForce) throw new Error('no Force complete button');
    await slack.press('U_BOB', withForce.ts, ACTIONS.force, buttonValue(withForce, ACTIONS.force));
    await waitFor(() => threadText(parent).includes('Completed'), 'completed', 15_000);
    expect(forces()).toEqual([expect.objectContaining({ actor: 'U_BOB' })]);
    expect(threadText(parent)).toContain(
      'Stall policy, 1 stalled: ask on-call, leave it running, then on-call asked Nova to force-complete it; the move completed',
    );
    expect(threadText(parent)).not.toContain('not carried out');
    // its history says who asked for the force, when (operator trial: /migrations m-… left it out)
    const runId = slack.store.runs()[0]?.id as string;
    await slack.command('U_BOB', '/migrations', runId);
    await waitFor(() => slack.privately('U_BOB').includes('History'), '/migrations m-…');
    expect(slack.privately('U_BOB')).toMatch(
      /\d\d:\d\d:\d\d UTC force complete asked by <@U_BOB>\n.*completed/,
    );
  });

  it('abort: says so with the warning, then aborts once when nobody acts', async () => {
    slack = await slackHarness(fx, policy('abort'));
    const parent = await stalledMove('ledger', 'compute2');
    expect(threadText(parent)).toContain(
      'Policy: abort (the default policy, set by FERRY_STALL_POLICY). Ferry does it in 2m 00s unless on-call acts or chooses otherwise.',
    );
    // no bracket inside a bracket, in either language (operator trial)
    const pending = slack.store.runs()[0]?.stall;
    if (!pending) throw new Error('no stall decision');
    for (const language of ['en', 'zh-CN'] as const)
      expect(inLanguage(language, () => stallDecisionText(pending))).not.toMatch(/[(（][^)）]*[(（]/);
    await waitFor(() => threadText(parent).includes('Aborted'), 'aborted', 15_000);
    expect(threadText(parent)).toMatch(
      /Grace period over, nobody acted: Ferry asks Nova to \*abort\* `ledger`/,
    );
    expect(threadText(parent)).toContain('Nova accepted the abort of `ledger`');
    expect(aborts()).toEqual([expect.objectContaining({ actor: 'ferry' })]);
    expect(thread(parent).filter((m) => textOf(m).includes('Grace period over'))).toHaveLength(1);
    // the move's report counts the choice
    expect(threadText(parent)).toContain('Stall policy, 1 stalled: abort, done');
    const run = slack.store.runs()[0];
    expect(run?.stall).toMatchObject({ action: 'abort', state: 'acted' });
    // it acted after the grace period, not before
    expect((run?.stall?.actedAt ?? 0) - (run?.stall?.at ?? 0)).toBeGreaterThanOrEqual(120_000);
    // and within 5 s of it (issue #29: "the stall policy acts within grace + 5 s")
    expect((run?.stall?.actedAt ?? 0) - (run?.stall?.at ?? 0)).toBeLessThanOrEqual(125_000);
    expect((await fx.clients.nova.findServer('ledger')).host).toBe('compute1');
  });

  it('force-complete: asks Nova to force it to complete, and the move completes', async () => {
    slack = await slackHarness(fx, policy('force-complete'));
    const parent = await stalledMove('ledger', 'compute2');
    await waitFor(() => threadText(parent).includes('Completed'), 'completed', 15_000);
    expect(threadText(parent)).toContain('Nova accepted the force-complete of `ledger`');
    expect(forces()).toEqual([expect.objectContaining({ actor: 'ferry' })]);
    expect((await fx.clients.nova.findServer('ledger')).host).toBe('compute2');
  });

  it('an override pressed within the grace period wins; only on-call may press it', async () => {
    slack = await slackHarness(fx, policy('abort'));
    const parent = await stalledMove('ledger', 'compute2');
    const warning = thread(parent).find((m) => m.blocks.some((b) => b.block_id?.startsWith('stall:')));
    const runId = slack.store.runs()[0]?.id as string;
    await slack.press('U_DAVE', warning?.ts as string, ACTIONS.stallChoice, stallChoiceValue(runId, 'ask'));
    await waitFor(() => slack.privately('U_DAVE').includes('Only on-call'), 'refusal');
    await slack.press('U_BOB', warning?.ts as string, ACTIONS.stallChoice, stallChoiceValue(runId, 'ask'));
    await waitFor(() => threadText(parent).includes('chose to leave'), 'override said');
    await pastGrace();
    expect(aborts()).toHaveLength(0);
    expect(slack.store.runs()[0]?.stall).toMatchObject({
      action: 'ask',
      overriddenBy: 'U_BOB',
      state: 'left',
    });
    expect(slack.store.runs()[0]?.state).toBe('running');
  });

  it("on-call's choice within the grace period: the notice names who chose it and when it acts, and the policy carries it out", async () => {
    slack = await slackHarness(fx, policy('abort-then-cold'));
    const parent = await stalledMove('ledger', 'compute2', ' --cold-fallback');
    const warning = thread(parent).find((m) => m.blocks.some((b) => b.block_id?.startsWith('stall:')));
    const runId = slack.store.runs()[0]?.id as string;
    await slack.press('U_BOB', warning?.ts as string, ACTIONS.stallChoice, stallChoiceValue(runId, 'abort'));
    const notice = () => textOf(slack.fake.message(CHANNEL, warning?.ts as string) as StoredMessage);
    await waitFor(() => notice().includes('chosen by'), 'the notice rewritten');
    // who chose it instead of what, and the original deadline (not "in 15s", not the default policy)
    expect(notice()).toMatch(
      /Policy: abort, chosen by <@U_BOB> instead of abort-then-cold; at \d\d:\d\d:\d\d/,
    );
    expect(notice()).not.toMatch(/FERRY_STALL_POLICY|Ferry does it in/);
    await waitFor(() => threadText(parent).includes('Aborted'), 'aborted', 15_000);
    expect(threadText(parent)).toContain("🤖 Grace period over: Ferry carries out <@U_BOB>'s choice");
    expect(threadText(parent)).not.toContain('nobody acted');
  });

  it('the choices go once the policy acted; a late press is told what happened and changes nothing', async () => {
    slack = await slackHarness(fx, policy('abort'));
    const parent = await stalledMove('ledger', 'compute2');
    const warning = thread(parent).find((m) => m.blocks.some((b) => b.block_id?.startsWith('stall:')));
    const runId = slack.store.runs()[0]?.id as string;
    await waitFor(() => threadText(parent).includes('Grace period over'), 'the policy acts', 15_000);
    // pressed late (operator trial: the buttons stayed after the grace period)
    await slack.press('U_BOB', warning?.ts as string, ACTIONS.stallChoice, stallChoiceValue(runId, 'ask'));
    await waitFor(() => /Too late|has already ended/.test(slack.privately('U_BOB')), 'the late answer');
    expect(slack.privately('U_BOB')).toMatch(
      /Too late: (the grace period is over, and the stall policy carries out abort now|the stall policy carried out abort when the grace period ended)\. Nothing was changed\.|has already ended \(aborted\)/,
    );
    await waitFor(() => threadText(parent).includes('Aborted'), 'aborted', 15_000);
    expect(slack.store.runs()[0]?.stall).toMatchObject({ action: 'abort', state: 'acted' });
    expect(slack.store.runs()[0]?.stall?.overriddenBy).toBeUndefined();
    expect(aborts()).toHaveLength(1);
    // the warning, rendered again from the store: what the policy did, and no choices left
    await waitFor(
      () =>
        textOf(slack.fake.message(CHANNEL, warning?.ts as string) as StoredMessage).includes('Carried out'),
      'the warning updated',
    );
    const updated = slack.fake.message(CHANNEL, warning?.ts as string) as StoredMessage;
    expect(updated.blocks.some((b) => b.block_id?.startsWith('stall:'))).toBe(false);
    expect(textOf(updated)).toContain(
      'Policy: abort (the default policy, set by FERRY_STALL_POLICY). Carried out when the grace period ended.',
    );
    expect(textOf(updated)).not.toContain('Ferry does it in');
  });

  it('never forces a vGPU server to complete: falls back to asking, saying why', async () => {
    for (const flavor of IMPACT_FLAVORS) fx.sandbox.cloud.addFlavor(flavor);
    for (const name of ['gpu1', 'gpu2'])
      fx.sandbox.cloud.addHost({
        name,
        memoryMb: 65_536,
        vcpus: 32,
        diskGb: 1_800,
        hypervisorVersion: 8_002_000,
      });
    fx.sandbox.cloud.addServer({
      name: 'render-1',
      host: 'gpu1',
      flavor: 'g1.vgpu',
      project: 'data',
      user: 'admin',
      sharedStorage: true,
      dirtyRatio: 1.2,
    });
    slack = await slackHarness(fx, policy('force-complete'));
    const parent = await stalledMove('render-1', 'gpu2');
    expect(threadText(parent)).toContain(
      'Policy: force complete (the default policy, set by FERRY_STALL_POLICY), refused: Ferry never forces a server with a vGPU to complete',
    );
    // in plain words who decides now (operator trial: "left to on-call" was jargon)
    expect(threadText(parent)).toContain('Ferry does nothing itself: an on-call person decides.');
    expect(threadText(parent)).not.toContain('left to on-call');
    await pastGrace();
    expect(forces()).toHaveLength(0);
    expect(slack.store.runs()[0]?.stall).toMatchObject({
      chosen: 'force-complete',
      action: 'ask',
      state: 'left',
    });
  });

  it('abort-then-cold without consent: refused, it asks', async () => {
    slack = await slackHarness(fx, policy('abort-then-cold'));
    const parent = await stalledMove('ledger', 'compute2');
    expect(threadText(parent)).toContain(
      'its request did not allow that (/migrate, /evacuate or /drain … --cold-fallback)',
    );
    await pastGrace();
    expect(aborts()).toHaveLength(0);
  });

  it('abort-then-cold with --cold-fallback: aborts, then migrates it cold where Nova chooses', async () => {
    slack = await slackHarness(fx, policy('abort-then-cold'));
    const parent = await stalledMove('ledger', 'compute2', ' --cold-fallback');
    expect(textOf(parent)).toContain(
      '*If it stops converging* and the stall policy for it is abort-then-cold (FERRY_STALL_POLICY), Ferry may abort it and migrate it cold',
    );
    await waitFor(() => threadText(parent).includes('Ferry migrates it cold now'), 'cold started', 15_000);
    await waitFor(
      () => slack.store.runs().some((r) => r.mode === 'cold' && r.state === 'done'),
      'cold ended',
      15_000,
    );
    const cold = slack.store.runs().find((r) => r.mode === 'cold');
    expect(cold?.outcome?.kind).toBe('completed');
    expect((await fx.clients.nova.findServer('ledger')).host).not.toBe('compute1');
    expect(aborts()).toHaveLength(1);
  });

  it("a request whose answer is lost is not sent again: Nova's record tells what happened", async () => {
    slack = await slackHarness(fx, policy('force-complete'));
    const parent = await stalledMove('ledger', 'compute2');
    // Nova carries the force-complete out; its answer never comes
    applyFault(fx.sandbox.cloud, {
      type: 'lose-answer',
      method: 'POST',
      path: '/migrations/',
      how: 'drop',
      ms: 10_000,
      count: 1,
    });
    await waitFor(() => threadText(parent).includes('has no answer'), 'unknown said', 20_000);
    await waitFor(() => threadText(parent).includes('Completed'), 'completed', 15_000);
    expect(thread(parent).filter((m) => textOf(m).includes('Grace period over'))).toHaveLength(1);
    // the only force-complete Nova got is the one whose answer was lost: none was answered
    expect(forces()).toHaveLength(0);
    expect(slack.store.runs()[0]?.stall).toMatchObject({ state: 'failed', failure: 'unanswered' });
  });

  it("an evacuation's stalled move follows its project's override, and the report counts it", async () => {
    slack = await slackHarness(fx, {
      runner: {
        stallAfterMs: STALL_AFTER,
        stallPolicy: {
          action: 'ask',
          overrides: [{ match: 'project', value: 'data', action: 'abort' }],
          graceMs: 60_000,
        },
      },
    });
    await slack.command('U_ALICE', '/evacuate', 'compute1');
    const parent = await waitFor(
      () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation')),
      'evacuation message',
    );
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    await waitFor(() => threadText(parent).includes('Evacuation report'), 'report', 60_000);
    // the warning said it (its message lost its buttons, and with them its words, when the move ended)
    const posted = slack.fake.callsOf('chat.postMessage').map((call) => JSON.stringify(call.params));
    expect(posted.some((p) => p.includes('Policy: abort (the override for project data)'))).toBe(true);
    expect(threadText(parent)).toContain('Stall policy, 1 stalled: abort, done');
    expect(aborts()).toEqual([expect.objectContaining({ actor: 'ferry' })]);
  });

  it('a restart during the grace period still acts, once', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-stall-')), 'ferry.json');
    const fake = new FakeSlack();
    await fake.start();
    try {
      // the fake clock runs as fast as the runner looks: a grace period of hours cannot end before
      // the stop (one of 10 minutes once did, under load); after the restart the clock is moved past
      // it, still short of the sandbox's live_migration_completion_timeout for ledger (3h 33m)
      const grace = 2 * 3_600_000;
      const { runner } = policy('abort', { graceMs: grace });
      const options = { runner: { ...runner, timeoutMs: 2 * grace }, fake };
      slack = await slackHarness(fx, { ...options, store: await LowdbStore.open(file) });
      const parent = await stalledMove('ledger', 'compute2');
      await slack.stop();
      expect(slack.store.runs()[0]?.stall?.state).toBe('pending');
      slack = await slackHarness(fx, { ...options, store: await LowdbStore.open(file) });
      fx.clock.advance(grace);
      await waitFor(() => threadText(parent).includes('Aborted'), 'aborted after restart', 15_000);
      expect(aborts()).toHaveLength(1);
      expect(thread(parent).filter((m) => textOf(m).includes('Grace period over'))).toHaveLength(1);
      expect(thread(parent).filter((m) => textOf(m).includes('Policy: abort'))).toHaveLength(1);
      // by the deadline written with the warning: the restart did not begin the grace period again
      const stall = slack.store.runs()[0]?.stall;
      expect((stall?.actedAt ?? 0) - (stall?.at ?? 0)).toBeGreaterThanOrEqual(grace);
    } finally {
      await slack.stop();
      await fake.stop();
      slack = undefined as unknown as SlackHarness;
    }
  });
});
