import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import { FakeSlack, type StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import type { DrainRecord } from '../../src/core/model/records.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import type { SandboxHost } from '../../src/sandbox/model.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

// Ferry says a drain's host is disabled only after Nova said so (issue #24): one enabled behind its
// back (by hand, or a cloud reset while Ferry was down) is disabled again, and the thread says so.
let fx: SandboxFixture;
let slack: SlackHarness;
let fake: FakeSlack;
let file: string;
beforeEach(async () => {
  fx = await sandboxFixture();
  const compute4 = fx.sandbox.cloud.hosts.get('compute4') as SandboxHost;
  compute4.status = 'enabled';
  compute4.disabledReason = null;
  file = join(mkdtempSync(join(tmpdir(), 'ferry-hoststate-')), 'ferry.json');
  fake = new FakeSlack();
  await fake.start();
  slack = await slackHarness(fx, { store: await LowdbStore.open(file), fake });
});
afterEach(async () => {
  await slack.stop();
  await fake.stop();
  await fx.close();
});

const host = (name: string) => fx.sandbox.cloud.hosts.get(name) as SandboxHost;
/** someone enables nova-compute outside Ferry (or the cloud forgot Ferry's disable) */
const enableBehindFerry = (name: string) => {
  host(name).status = 'enabled';
  host(name).disabledReason = null;
};
const restart = async () => {
  await slack.stop();
  slack = await slackHarness(fx, { store: await LowdbStore.open(file), fake });
};
const drainOf = () => slack.store.drains().find((d) => d.status !== 'dry-run') as DrainRecord;
const everything = () => fake.messages.map(textOf).join('\n');

async function startDrain(hosts: string): Promise<StoredMessage> {
  await slack.command('U_ALICE', '/drain', hosts);
  const parent = await waitFor(
    () => fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Drain d-')),
    'the drain message',
  );
  await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
  await waitFor(() => drainOf()?.drain.phase === 'running', 'the drain running');
  return parent;
}
const emptyPost = (parent: StoredMessage, name: string) =>
  waitFor(
    () => fake.threadOf(CHANNEL, parent.ts).find((m) => m.text === `${name} is empty`),
    `${name} is empty`,
    30_000,
  );

describe('a drain says what Nova says about its hosts', () => {
  it('disables again a host enabled outside Ferry while it was down, and says so before "empty"', async () => {
    const parent = await startDrain('compute2 --concurrency 1');
    await waitFor(() => drainOf().drain.hosts[0]?.phase === 'evacuating', 'evacuating');
    enableBehindFerry('compute2');
    await restart();
    const empty = await emptyPost(parent, 'compute2');
    expect(host('compute2').status).toBe('disabled');
    expect(host('compute2').disabledReason).toMatch(/^Ferry drain d-[0-9a-f]+ /);
    const said = fake.threadOf(CHANNEL, parent.ts).map(textOf);
    const again = said.findIndex((text) =>
      text.includes('`compute2` was enabled again outside Ferry; Ferry disabled it again'),
    );
    expect(again).toBeGreaterThanOrEqual(0);
    expect(again).toBeLessThan(said.indexOf(textOf(empty)));
    expect(textOf(empty)).toContain('is empty and disabled');
    // the evacuation's report says what Nova said when it ended
    await waitFor(() => everything().includes('Evacuation report'), 'the evacuation report');
    expect(everything()).toMatch(/nova-compute on `compute2` stays disabled for its maintenance/);
  });

  it('disables again a host enabled outside Ferry while it waits for its maintenance', async () => {
    const parent = await startDrain('compute4');
    await emptyPost(parent, 'compute4');
    enableBehindFerry('compute4');
    await waitFor(
      () => everything().includes('`compute4` was enabled again outside Ferry; Ferry disabled it again'),
      'the disable again said',
      15_000,
    );
    expect(host('compute4').status).toBe('disabled');
  });

  it('says it when the host cannot be disabled again, and calls it empty only once it is', async () => {
    const parent = await startDrain('compute2 --concurrency 1');
    await waitFor(() => drainOf().drain.hosts[0]?.phase === 'evacuating', 'evacuating');
    enableBehindFerry('compute2');
    const path = `os-services/${host('compute2').serviceUuid}`;
    applyFault(fx.sandbox.cloud, { type: 'api-error', status: 503, count: 1000, path });
    await restart();
    await waitFor(
      () =>
        everything().includes(
          'compute2 was enabled again outside Ferry, and Ferry could not disable it again',
        ),
      'the failure said',
      30_000,
    );
    expect(fake.threadOf(CHANNEL, parent.ts).some((m) => m.text === 'compute2 is empty')).toBe(false);
    applyFault(fx.sandbox.cloud, { type: 'clear' });
    await emptyPost(parent, 'compute2');
    expect(host('compute2').status).toBe('disabled');
  });

  it('a host disabled before the drain stays disabled, and Step 2 says so instead of "enables it"', async () => {
    host('compute4').status = 'disabled';
    host('compute4').disabledReason = 'DIMM replacement, ticket OPS-4121';
    // a server on it: an empty one has nothing to do and is done at its step (drain-idle-host.test.ts)
    fx.sandbox.cloud.addServer({
      name: 'batch-1',
      host: 'compute4',
      flavor: 'm1.small',
      project: 'web',
      user: 'admin',
    });
    const parent = await startDrain('compute4 --return');
    const empty = await emptyPost(parent, 'compute4');
    expect(textOf(empty)).toContain(
      'was disabled before the drain and stays disabled: Ferry does not enable it',
    );
    expect(textOf(empty)).not.toContain('enables it');
    await waitFor(() => everything().includes('Evacuation report'), 'the evacuation report');
    expect(everything()).toContain(
      'nova-compute on `compute4` stays disabled, as it was before the drain; Ferry does not enable it.',
    );
    expect(everything()).not.toContain('enables it once the host is back');
    // the press is answered with what Ferry will do: wait for it to be up, never enable it
    await slack.press('U_BOB', empty.ts, DRAIN_ACTIONS.hostBack, buttonValue(empty, DRAIN_ACTIONS.hostBack));
    const back = await waitFor(
      () => fake.messages.map(textOf).find((text) => text.startsWith('🔌 <@U_BOB> says `compute4` is back')),
      'the host back said',
    );
    expect(back).toContain('the host stays disabled, as it was before the drain');
    expect(back).not.toContain('enables it');
    await waitFor(() => drainOf().drain.phase === 'done', 'the drain done');
    expect(host('compute4').status).toBe('disabled');
  });
});
