import { afterEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { buttonValue, CHANNEL, type SlackHarness, textOf, waitFor } from '../helpers/slack.ts';
import { computesInService, HOSTS } from './lab.ts';
import { cloud, labFerry, runsOn, tickingBefore } from './lab-guest.ts';

/**
 * `/evacuate <host> --reenable` through Ferry's front door (signed requests into Bolt, the fake Slack)
 * on the lab: the host that holds stopped-1 (SHUTOFF: a cold move, confirmed by on-call in the
 * evacuation's thread) beside running guests (live moves, two at a time). Never busy-1's host: it
 * never converges. The service is disabled with Ferry's reason while it empties, every server leaves,
 * each running guest runs on at its destination, and the service is enabled again.
 */

let slack: SlackHarness | undefined;
afterEach(async () => {
  await slack?.stop();
  slack = undefined;
});

const hasButton = (message: StoredMessage, action: string) =>
  JSON.stringify(message.blocks).includes(`"action_id":"${action}"`);

/** the suite's tidy-up, straight through Nova: a SHUTOFF server cold-migrated to `host` and confirmed */
async function coldByNova(server: string, host: string): Promise<void> {
  const { id } = await cloud.findServer(server);
  await cloud.coldMigrate(id, host);
  const settled = async (status: string) => {
    const deadline = Date.now() + 300_000;
    for (;;) {
      const now = await cloud.getServer(id);
      if (now.status === status && now.taskState === null) return;
      if (Date.now() > deadline) throw new Error(`${server} stayed ${now.status}/${now.taskState}`);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    }
  };
  await settled('VERIFY_RESIZE');
  await cloud.confirmResize(id);
  await settled('SHUTOFF');
}

describe('/evacuate through Slack on the lab', () => {
  it('empties the host of stopped-1: live and cold moves, the guests running on, the service enabled again', async () => {
    await computesInService(HOSTS);
    // the host (not busy-1's) with the most running guests, stopped-1 brought there if it is elsewhere
    const busyHost = (await cloud.findServer('busy-1')).host as string;
    const loads = await Promise.all(
      HOSTS.filter((h) => h !== busyHost).map(async (h) => ({
        h,
        running: (await cloud.serversOnHost(h)).filter((s) => s.status === 'ACTIVE').length,
      })),
    );
    const host = loads.sort((a, b) => b.running - a.running)[0]?.h as string;
    if ((await cloud.findServer('stopped-1')).host !== host) await coldByNova('stopped-1', host);
    const leaving = await cloud.serversOnHost(host);
    const running = leaving.filter((s) => s.status === 'ACTIVE').map((s) => s.name);
    expect(leaving.map((s) => s.name)).toContain('stopped-1');
    expect(running.length).toBeGreaterThan(0);
    for (const name of running) await tickingBefore(name);
    console.log(`evacuating ${host}: ${leaving.map((s) => `${s.name} (${s.status})`).join(', ')}`);

    slack = await labFerry({ autoConfirm: false });
    const ferry = slack;
    const began = Date.now();
    await ferry.command('U_ALICE', '/evacuate', `${host} --concurrency 2 --reenable`);
    const parent = await waitFor(
      () => ferry.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation')),
      'the evacuation message',
      120_000,
    );
    await ferry.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const threadOf = () => ferry.fake.threadOf(CHANNEL, parent.ts);
    const text = () => threadOf().map(textOf).join('\n');

    // disabled in Ferry's name while it empties
    await waitFor(() => ferry.store.evacuations()[0]?.evacuation.phase === 'running', 'running', 120_000);
    const service = async () =>
      (await cloud.listComputeServices()).find((s) => s.host === host && s.binary === 'nova-compute');
    expect((await service())?.status).toBe('disabled');
    expect((await service())?.disabledReason).toMatch(/^Ferry evacuation e-[0-9a-f]{6}/);

    // stopped-1's cold move waits for on-call in the evacuation's thread: Confirm
    const question = await waitFor(
      () => threadOf().find((m) => hasButton(m, ACTIONS.confirm) && textOf(m).includes('stopped-1')),
      "stopped-1's confirm question",
      600_000,
    );
    expect((await cloud.findServer('stopped-1')).status).toBe('VERIFY_RESIZE');
    await ferry.press('U_BOB', question.ts, ACTIONS.confirm, buttonValue(question, ACTIONS.confirm));

    await waitFor(() => text().includes('Evacuation report'), 'the report', 900_000);
    console.log(`/evacuate ${host}: report after ${((Date.now() - began) / 1000).toFixed(0)} s\n${text()}`);
    expect(text()).toMatch(new RegExp(`Evacuation report\\*[^\\n]*${host}`));
    expect(text()).not.toMatch(/❌|❓|Failed|Rolled back/);
    expect(await cloud.serversOnHost(host)).toEqual([]);
    expect((await cloud.findServer('stopped-1')).status).toBe('SHUTOFF');
    const deadline = Date.now() + 60_000;
    while ((await service())?.status !== 'enabled' && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await service()).toMatchObject({ status: 'enabled', disabledReason: null });
    for (const name of running) {
      const now = await cloud.findServer(name);
      expect(now.host).not.toBe(host);
      await runsOn(name, now.host as string, host);
    }
  }, 1_500_000);
});
