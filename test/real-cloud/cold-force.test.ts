import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import type { SlackHarness } from '../helpers/slack.ts';
import { waitFor } from '../helpers/slack.ts';
import { homeByNova, otherHost } from './lab.ts';
import {
  cloud,
  expectLiveOutcome,
  labFerry,
  OUTCOME,
  requestMessage,
  runsOn,
  thread,
  threadText,
  tickingBefore,
} from './lab-guest.ts';

/**
 * Moves through Ferry's whole front door (signed requests into Bolt, the fake Slack) on the lab, each
 * followed by the guest running on: cold with Confirm and with Revert (web-1), busy-1 never converging
 * then Force complete (post-copy), and Force complete pressed while a block migration still copies
 * the disk, where Nova accepts it and does nothing: Ferry says only what the cloud showed.
 */

let slack: SlackHarness | undefined;
afterEach(async () => {
  await slack?.stop();
  slack = undefined;
});

const hasButton = (message: StoredMessage, action: string) =>
  JSON.stringify(message.blocks).includes(`"action_id":"${action}"`);
const controls = (ferry: SlackHarness, parent: StoredMessage) =>
  waitFor(() => thread(ferry, parent).find((m) => hasButton(m, ACTIONS.force)), 'the controls', 120_000);

async function approvedMove(ferry: SlackHarness, server: string, args: string) {
  await tickingBefore(server);
  const began = Date.now();
  await ferry.command('U_ALICE', '/migrate', `${server} ${args}`);
  const parent = await requestMessage(ferry, server);
  await ferry.press('U_BOB', parent.ts, ACTIONS.approve, ferry.store.pendingRequests()[0]?.id as string);
  return { parent, began };
}

/** a migration's duration by Nova's own record (created_at → updated_at) */
const seconds = (m: { createdAt: string; updatedAt: string | null }) =>
  ((Date.parse(m.updatedAt ?? m.createdAt) - Date.parse(m.createdAt)) / 1000).toFixed(0);

async function outcomeOf(ferry: SlackHarness, parent: StoredMessage, began: number, what: string) {
  await waitFor(() => OUTCOME.test(threadText(ferry, parent)), 'an outcome', 420_000);
  const text = threadText(ferry, parent);
  const run = ferry.store.runs().at(-1);
  console.log(
    `${what}: outcome after ${((Date.now() - began) / 1000).toFixed(0)} s (Nova's record ${((run?.outcome?.durationMs ?? 0) / 1000).toFixed(0)} s)\n${text}`,
  );
  return text;
}

describe('cold moves through Slack, the guest running on', () => {
  it('cold-migrates web-1 and, on Confirm, it runs on the destination', async () => {
    slack = await labFerry({ autoConfirm: false });
    const ferry = slack;
    const { from, to } = await otherHost('web-1');
    const { parent, began } = await approvedMove(ferry, 'web-1', `to ${to} --cold`);
    const question = await waitFor(
      () => thread(ferry, parent).find((m) => hasButton(m, ACTIONS.confirm)),
      'the confirm question',
      300_000,
    );
    expect((await cloud.findServer('web-1')).status).toBe('VERIFY_RESIZE');
    await ferry.press('U_BOB', question.ts, ACTIONS.confirm, ferry.store.runs()[0]?.id as string);
    const text = await outcomeOf(ferry, parent, began, `cold web-1 ${from} → ${to}, confirmed`);
    expect(text).toMatch(/✅ \*Completed\*/);
    await runsOn('web-1', to, from);
  }, 600_000);

  it('cold-migrates web-1 and, on Revert, it runs where it was', async () => {
    slack = await labFerry({ autoConfirm: false });
    const ferry = slack;
    const { from, to } = await otherHost('web-1');
    const { parent, began } = await approvedMove(ferry, 'web-1', `to ${to} --cold`);
    const question = await waitFor(
      () => thread(ferry, parent).find((m) => hasButton(m, ACTIONS.revert)),
      'the confirm question',
      300_000,
    );
    await ferry.press('U_BOB', question.ts, ACTIONS.revert, ferry.store.runs()[0]?.id as string);
    const text = await outcomeOf(ferry, parent, began, `cold web-1 ${from} → ${to}, reverted`);
    expect(text).toMatch(/Reverted/);
    await runsOn('web-1', from, to);
  }, 600_000);
});

describe('Force complete through Slack, said only as the cloud showed it', () => {
  it('busy-1 does not converge; Force complete switches it to post-copy and it completes, the guest running on', async () => {
    slack = await labFerry({ runner: { stallAfterMs: 30_000 } });
    const ferry = slack;
    const from = (await cloud.findServer('busy-1')).host as string;
    const { to } = await otherHost('busy-1');
    const { parent, began } = await approvedMove(ferry, 'busy-1', `to ${to}`);
    await waitFor(() => threadText(ferry, parent).includes('not converging'), 'the warning', 300_000);
    const buttons = await controls(ferry, parent);
    await ferry.press('U_BOB', buttons.ts, ACTIONS.force, ferry.store.runs()[0]?.id as string);
    const text = await outcomeOf(ferry, parent, began, `busy-1 ${from} → ${to}, forced`);
    expect(text).toContain(`busy-1 now runs on ${to} after force-complete (Nova switched it to post-copy)`);
    expectLiveOutcome(text, await runsOn('busy-1', to, from));
    // home where the lab seeds it, straight through Nova: the forced leg above is what this test proves
    const home = await homeByNova('busy-1', 'compute1');
    if (home) console.log(`busy-1 home by Nova: ${seconds(home)} s (Nova's created_at → updated_at)`);
    await runsOn('busy-1', 'compute1', to);
  }, 900_000);

  it('Force complete pressed while the disk is copied: Ferry does not say it forced what Nova did not', async () => {
    slack = await labFerry();
    const ferry = slack;
    const { from, to } = await otherHost('server-x');
    const logBefore = readFileSync(`/tmp/ferry-lab/log/nova-compute-${from}.log`, 'utf8').length;
    const { parent, began } = await approvedMove(ferry, 'server-x', `to ${to}`);
    // at once, as soon as Nova says running: libvirt still mirrors the disk then
    await waitFor(() => ferry.store.runs()[0]?.state === 'running', 'running', 120_000);
    const buttons = await controls(ferry, parent);
    await ferry.press('U_BOB', buttons.ts, ACTIONS.force, ferry.store.runs()[0]?.id as string);
    const text = await outcomeOf(
      ferry,
      parent,
      began,
      `server-x ${from} → ${to}, force during the disk copy`,
    );
    const novaLog = readFileSync(`/tmp/ferry-lab/log/nova-compute-${from}.log`, 'utf8').slice(logBefore);
    const switched = /Switching to post-copy migration mode/.test(novaLog);
    console.log(
      `nova-compute on ${from}: ${switched ? 'switched to post-copy' : (/Failed to switch to post-copy[^\n]*/.exec(novaLog)?.[0] ?? 'no post-copy switch')}`,
    );
    // Ferry's words follow the cloud: forced only when Nova switched, else it says it saw no effect
    if (switched) expect(text).toContain('after force-complete (Nova switched it to post-copy)');
    else {
      expect(text).toContain("Force complete was requested; Nova's records showed no post-copy");
      expect(text).not.toMatch(/after force-complete|force-completed/);
    }
    expectLiveOutcome(text, await runsOn('server-x', to, from));
  }, 600_000);
});
