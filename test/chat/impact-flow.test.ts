import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDrain } from '../../commands/drain.ts';
import { parseEvacuate } from '../../commands/evacuate.ts';
import { parseMigrate } from '../../commands/migrate.ts';
import { EVACUATION_ACTIONS } from '../../src/chat/evacuation-view.ts';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { IMPACT_FLAVORS } from '../../src/sandbox/seed.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * What a move will do to each server (#28), through the Slack listeners: a host `impact1` (new: the
 * seeded cloud's tests do not count it) holds one server of every impact class.
 */

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
  const cloud = fx.sandbox.cloud;
  for (const flavor of IMPACT_FLAVORS) cloud.addFlavor(flavor);
  cloud.addHost({
    name: 'impact1',
    memoryMb: 131_072,
    vcpus: 48,
    diskGb: 3_600,
    hypervisorVersion: 8_002_000,
  });
  const on = { host: 'impact1', project: 'web', user: 'admin' };
  cloud.addServer({ ...on, name: 'plain-1', flavor: 'm1.small', sharedStorage: true });
  cloud.addServer({
    ...on,
    name: 'sriov-1',
    flavor: 'm1.small',
    sharedStorage: true,
    ports: [
      { name: 'eth0', vnicType: 'normal' },
      { name: 'sriov0', vnicType: 'direct' },
    ],
  });
  cloud.addServer({ ...on, name: 'pinned-1', flavor: 'p1.pinned', sharedStorage: true });
  cloud.addServer({ ...on, name: 'gpu-pass-1', flavor: 'g1.passthrough' });
  cloud.addServer({ ...on, name: 'vtpm-1', flavor: 't1.vtpm' });
  cloud.addServer({ ...on, name: 'bigdisk-1', flavor: 'l1.bigdisk' });
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const byType = (name: string) =>
  fx.sandbox.cloud.migrations
    .filter((m) => m.serverId === fx.sandbox.cloud.resolveServer(name).id)
    .map((m) => m.type);
const hostOf = (name: string) => fx.sandbox.cloud.resolveServer(name).host;

describe('--max-copy in the one grammar', () => {
  it('parses --max-copy <GB> on /evacuate and /drain, and refuses nonsense', () => {
    expect(parseEvacuate('impact1 --max-copy 500')).toMatchObject({ kind: 'evacuate', maxCopyGb: 500 });
    expect(parseDrain('impact1 --max-copy=200')).toMatchObject({ kind: 'plan', maxCopyGb: 200 });
    expect(parseEvacuate('impact1 --max-copy lots')).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/--max-copy takes a whole number/),
    });
    expect(parseDrain('impact1 --max-copy 0')).toMatchObject({ kind: 'error' });
    expect(parseMigrate('bigdisk-1 to compute2 --max-copy 500')).toMatchObject({
      kind: 'move',
      server: 'bigdisk-1',
      destination: 'compute2',
      maxCopyGb: 500,
    });
    expect(parseMigrate('bigdisk-1 --max-copy')).toMatchObject({ kind: 'error' });
  });
});

describe('what a move will do to each server, before approval and in what happens', () => {
  it('/evacuate: shows every class with its reason, tries no cold-only server live, stops only the one chosen cold', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/evacuate', 'impact1 --max-copy 500');
    const parent = await waitFor(
      () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation')),
      'evacuation message',
    );
    const text = textOf(parent);
    expect(text).toContain(
      'What the moves will do: 1 move live, keep running, 1 brief network loss, 1 live only on new enough hosts, 2 cannot move live (they stay unless you choose cold), 1 cannot move.',
    );
    expect(text).toContain('Cannot move live, stay unless you choose cold: gpu-pass-1, vtpm-1.');
    expect(text).toContain('Cannot move: bigdisk-1.');
    expect(text).toMatch(
      /`sriov-1` .* live → .* moves live, brief network loss — SR-IOV port sriov0 \(direct\): Nova detaches it before a live migration and re-attaches it after/,
    );
    expect(text).toMatch(
      /`pinned-1` .* pinned CPUs \(hw:cpu_policy=dedicated\): NUMA-aware live migration needs Nova 20 "Train"/,
    );
    expect(text).toMatch(
      /`gpu-pass-1` .* cannot move — cannot move live: only a cold move, which stops it, can move it — PCI device by flavor alias a100:1/,
    );
    expect(text).toMatch(
      /`vtpm-1` .* virtual TPM \(secret mode user\): Nova moves it live only in host secret mode/,
    );
    expect(text).toMatch(
      /`bigdisk-1` .* cannot move — cannot move at all — 900 GB of local disk to copy, more than --max-copy 500 GB/,
    );
    // the operator chooses cold for one of the two: it is then shown as stopped
    const requestId = slack.store.pendingRequests()[0]?.id as string;
    const gpu = fx.sandbox.cloud.resolveServer('gpu-pass-1').id;
    await slack.press('U_ALICE', parent.ts, `${EVACUATION_ACTIONS.cold}:${gpu}`, `${requestId}:${gpu}`);
    await waitFor(
      () =>
        textOf(slack.fake.message(CHANNEL, parent.ts) as StoredMessage).includes(
          'Will be stopped: gpu-pass-1.',
        ),
      'choice shown',
    );
    const seen = slack.fake.message(CHANNEL, parent.ts) as StoredMessage;
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(seen, ACTIONS.approve));
    await waitFor(
      () => slack.fake.threadOf(CHANNEL, parent.ts).some((m) => m.text.startsWith('Evacuation report')),
      'report',
      60_000,
    );
    // no live attempt doomed to fail; cold only where the approved plan said "will be stopped"
    expect(byType('gpu-pass-1')).toEqual(['migration']);
    expect(byType('vtpm-1')).toEqual([]);
    expect(byType('bigdisk-1')).toEqual([]);
    expect(byType('sriov-1')).toEqual(['live-migration']);
    expect(byType('pinned-1')).toEqual(['live-migration']);
    expect(hostOf('vtpm-1')).toBe('impact1');
    expect(hostOf('bigdisk-1')).toBe('impact1');
    expect(hostOf('gpu-pass-1')).not.toBe('impact1');
  });

  it('/evacuate counts each server where the plan puts it: shut off ones move cold, locked ones stay (operator trial)', async () => {
    const cloud = fx.sandbox.cloud;
    const on = { host: 'impact1', project: 'web', user: 'admin' };
    cloud.addServer({ ...on, name: 'off-1', flavor: 'm1.small', sharedStorage: true, state: 'stopped' });
    cloud.addServer({ ...on, name: 'vtpm-off', flavor: 't1.vtpm', state: 'stopped' });
    cloud.addServer({ ...on, name: 'locked-1', flavor: 'm1.small', sharedStorage: true, locked: 'audit' });
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/evacuate', 'impact1 --max-copy 500 --dry-run');
    const parent = await waitFor(
      () =>
        slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && textOf(m).includes('asks to empty')),
      'dry run',
    );
    const text = textOf(parent);
    // the trial's plan counted off-1, vtpm-off and locked-1 among "move live, keep running"
    expect(text).toContain(
      'What the moves will do: 1 move live, keep running, 1 brief network loss, 1 live only on new enough hosts, 2 shut off already, moved cold and stay off, 2 cannot move live (they stay unless you choose cold), 2 cannot move.',
    );
    expect(text).toContain('Cannot move live, stay unless you choose cold: gpu-pass-1, vtpm-1.');
    expect(text).toContain('Cannot move: bigdisk-1, locked-1.');
    expect(text).not.toContain('Will be stopped:');
    expect(text).toMatch(/`off-1` SHUTOFF .* cold → /);
    expect(text).toMatch(/`vtpm-off` SHUTOFF .* cold → /);
  });

  it('never tries a cold-only server live: approved without a cold choice, it stays where it is', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/evacuate', 'impact1');
    const parent = await waitFor(
      () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation')),
      'evacuation message',
    );
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    await waitFor(
      () => slack.fake.threadOf(CHANNEL, parent.ts).some((m) => m.text.startsWith('Evacuation report')),
      'report',
      110_000,
    );
    expect(byType('gpu-pass-1')).toEqual([]);
    expect(byType('vtpm-1')).toEqual([]);
    expect(byType('plain-1')).toEqual(['live-migration']);
    // without --max-copy the big disk moves like any other
    expect(byType('bigdisk-1')).toEqual(['live-migration']);
  }, 120_000);

  it('/migrate: a live move of a cold-only server fails its impact check with the fix; cold passes it', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/migrate', 'gpu-pass-1 to compute2');
    const parent = await waitFor(
      () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.includes('gpu-pass-1')),
      'request message',
    );
    expect(textOf(parent)).toContain('❌ *What the move will do*');
    // the fix under its check, on the request's message
    expect(textOf(parent)).toContain(
      'Move it cold with --cold (it is stopped and restarts on the new host), or leave it where it is.',
    );
    await slack.command('U_ALICE', '/migrate', 'sriov-1 to compute2');
    const blip = await waitFor(
      () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.includes('sriov-1')),
      'request message',
    );
    expect(textOf(blip)).toContain('⚠️ *What the move will do*');
    expect(byType('gpu-pass-1')).toEqual([]);
  });

  it('/migrate --max-copy: a server with more local disk is refused, with the way out', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/migrate', 'bigdisk-1 to compute2 --max-copy 500');
    const parent = await waitFor(
      () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.includes('bigdisk-1')),
      'request message',
    );
    expect(textOf(parent)).toContain('❌ *What the move will do*');
    expect(textOf(parent)).toContain('900 GB of local disk to copy, more than --max-copy 500 GB');
    expect(textOf(parent)).toContain('Raise --max-copy to 900 GB or more');
    expect(byType('bigdisk-1')).toEqual([]);
  });

  it('/migrate --cold says the server will be stopped, whatever its class', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/migrate', 'plain-1 to compute2 --cold --dry-run');
    const parent = await waitFor(
      () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.includes('plain-1')),
      'request message',
    );
    const said = [parent, ...slack.fake.threadOf(CHANNEL, parent.ts)].map(textOf).join('\n');
    expect(said).toContain('plain-1 will be stopped and moved cold.');
    expect(said).not.toContain('moves live');
  });

  it('/migrate --cold of a server shut off already says it stays off, not that it will be stopped (operator trial)', async () => {
    fx.sandbox.cloud.addServer({
      host: 'impact1',
      project: 'web',
      user: 'admin',
      name: 'vtpm-off',
      flavor: 't1.vtpm',
      state: 'stopped',
    });
    slack = await slackHarness(fx);
    const said = async (name: string) => {
      await slack.command('U_ALICE', '/migrate', `${name} --cold --dry-run`);
      const parent = await waitFor(
        () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.includes(name)),
        'request message',
      );
      return [parent, ...slack.fake.threadOf(CHANNEL, parent.ts)].map(textOf).join('\n');
    };
    const batch = await said('batch-7');
    expect(batch).toContain('batch-7 is shut off already: it is moved cold and stays off.');
    expect(batch).not.toContain('will be stopped');
    const vtpm = await said('vtpm-off');
    expect(vtpm).toContain(
      'vtpm-off is shut off already: it is moved cold and stays off — virtual TPM (secret mode user)',
    );
    expect(vtpm).not.toContain('will be stopped');
  });

  it('/drain: the plan shows who will be stopped and who cannot move; the step moves them as shown', async () => {
    slack = await slackHarness(fx);
    const { drainMessage, threadText, approve, drainOf } = drainFlowHelpers(() => ({ fx, slack }));
    await slack.command('U_ALICE', '/drain', 'impact1 --max-copy 500');
    const parent = await drainMessage();
    await waitFor(() => threadText(parent).includes('*Step 1*'), 'the plan in the thread');
    const plan = threadText(parent);
    expect(plan).toContain('Will be stopped: gpu-pass-1, vtpm-1.');
    expect(plan).toContain('Cannot move: bigdisk-1.');
    expect(plan).toMatch(/⏸️ gpu-pass-1 on `impact1` will be stopped: .*PCI device by flavor alias a100:1/);
    expect(plan).toMatch(/🔒 bigdisk-1 on `impact1`: cannot move at all — 900 GB of local disk/);
    await approve(parent);
    expect(drainOf().drain.maxCopyGb).toBe(500);
    // bigdisk-1 stays, so the host is not emptied; the step ends with what it moved
    await waitFor(
      () => byType('sriov-1').length > 0 && byType('vtpm-1').length > 0,
      'the step moving',
      60_000,
    );
    expect(byType('gpu-pass-1')).toEqual(['migration']);
    expect(byType('vtpm-1')).toEqual(['migration']);
    expect(byType('sriov-1')).toEqual(['live-migration']);
    expect(byType('bigdisk-1')).toEqual([]);
  });
});
