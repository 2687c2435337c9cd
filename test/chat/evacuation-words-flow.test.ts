import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVACUATION_ACTIONS } from '../../src/chat/evacuation-view.ts';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import { addRoomyHosts, type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { sandboxHostChecker } from '../helpers/sandbox-ssh.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * What an operator trial of /evacuate found its message and thread saying wrong, through the Slack
 * listeners: moves being proven counted as running, a server-group member waiting without a word,
 * an Abort whose dialog did not say what becomes of the evacuation, an ETA that no longer held, and a
 * force-completed move's "blackout" figure.
 */

let fx: SandboxFixture;
let slack: SlackHarness | undefined;
let ssh: SandboxSsh | undefined;
beforeEach(async () => {
  fx = await sandboxFixture();
  addRoomyHosts(fx, 'words-src', 'words-dst');
});
afterEach(async () => {
  await slack?.stop();
  slack = undefined;
  await ssh?.close();
  ssh = undefined;
  await fx.close();
});

function seed(name: string, group?: string) {
  return fx.sandbox.cloud.addServer({
    name,
    host: 'words-src',
    flavor: 'm1.small',
    project: 'web',
    user: 'admin',
    sharedStorage: true,
    ...(group ? { group } : {}),
  });
}

/** Asks to evacuate words-src, approves it, and answers its message with every text it showed. */
async function evacuate(
  harness: SlackHarness,
  args: string,
): Promise<{ parent: StoredMessage; shown: string[] }> {
  const shown: string[] = [];
  harness.fake.on('event', (event: { kind: string; message: StoredMessage }) => {
    if (!event.message.threadTs && event.message.text.startsWith('Evacuation'))
      shown.push(textOf(event.message));
  });
  await harness.command('U_ALICE', '/evacuate', `words-src ${args}`);
  const parent = await waitFor(
    () => harness.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation')),
    'evacuation message',
  );
  await harness.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
  return { parent, shown };
}

const threadText = (harness: SlackHarness, parent: StoredMessage) =>
  harness.fake.threadOf(CHANNEL, parent.ts).map(textOf).join('\n');

const report = (harness: SlackHarness, parent: StoredMessage) =>
  waitFor(() => threadText(harness, parent).includes('Evacuation report'), 'report', 30_000);

describe("an evacuation's message through Slack", () => {
  it('says moves Nova ended and Ferry proves apart from those running, never more running than its concurrency, and no ETA once nothing waits', async () => {
    // guests that print nothing: each console proof looks until its deadline, long after Nova's end
    for (const name of ['pv-1', 'pv-2', 'pv-3']) seed(name).consoleFrozenAt = 0;
    slack = await slackHarness(fx);
    const { parent, shown } = await evacuate(slack, 'to words-dst --concurrency 1');
    await report(slack, parent);
    const running = shown.flatMap((text) => [...text.matchAll(/(\d+) running/g)].map((m) => Number(m[1])));
    expect(running.length).toBeGreaterThan(0);
    expect(Math.max(...running)).toBeLessThanOrEqual(1);
    expect(
      shown.some((text) => /1 running, 1 proving/.test(text) && /1 running · 1 proving/.test(text)),
    ).toBe(true);
    // an ETA only while moves wait: the last one running has its own in the thread
    for (const text of shown) expect(text).not.toMatch(/ 0 left · ETA/);
  });

  it('drops its ETA once a move under way has run longer than the moves before it took', async () => {
    for (const name of ['et-1', 'et-2', 'et-3']) seed(name);
    applyFault(fx.sandbox.cloud, { type: 'stall', server: 'et-2' });
    slack = await slackHarness(fx);
    const { parent, shown } = await evacuate(slack, 'to words-dst --concurrency 1');
    await waitFor(
      () => /et-2 is not converging/.test(threadText(slack as SlackHarness, parent)),
      'its stall in the thread',
      15_000,
    );
    // it had one while it held: et-1's duration for et-2 and et-3
    expect(shown.some((text) => /1 done · 1 running · 0 failed · 1 left · ETA/.test(text))).toBe(true);
    const now = textOf(slack.fake.message(CHANNEL, parent.ts) as StoredMessage);
    expect(now).toMatch(/1 done · 1 running · 0 failed · 1 left/);
    expect(now).not.toContain('ETA');
    const evacuationId = slack.store.evacuations()[0]?.id as string;
    await slack.press('U_BOB', parent.ts, EVACUATION_ACTIONS.abort, evacuationId);
    await report(slack, parent);
  });

  it('says why a server-group member waits: its group, its budget, and the member in flight', async () => {
    fx.sandbox.cloud.addGroup('db-w', 'anti-affinity', 'web');
    for (const name of ['db-w-1', 'db-w-2']) seed(name, 'db-w').consoleFrozenAt = 0;
    slack = await slackHarness(fx);
    const { parent, shown } = await evacuate(slack, '--concurrency 2');
    await report(slack, parent);
    expect(shown.join('\n')).toMatch(
      /`db-w-2` .* — waits for its server group "db-w", which lets one member move at a time: db-w-1 in flight now/,
    );
    // said while it waits only
    expect(textOf(slack.fake.message(CHANNEL, parent.ts) as StoredMessage)).not.toContain(
      'waits for its server group',
    );
  });

  it('asks to abort one stalled move only, says so in the thread, and the evacuation goes on', async () => {
    seed('ab-1');
    seed('ab-2');
    applyFault(fx.sandbox.cloud, { type: 'stall', server: 'ab-1' });
    slack = await slackHarness(fx);
    const { parent } = await evacuate(slack, 'to words-dst --concurrency 1');
    const stalled = await waitFor(
      () => slack?.fake.threadOf(CHANNEL, parent.ts).find((m) => m.text === 'ab-1 is not converging'),
      'its stall in the thread',
      15_000,
    );
    // the dialog the Abort button opens says what it does to the evacuation
    const abort = JSON.stringify(stalled.blocks);
    expect(abort).toContain('Abort this move only?');
    expect(abort).toMatch(/Evacuation `e-[0-9a-f]+` goes on with its other servers/);
    await slack.press('U_BOB', stalled.ts, ACTIONS.abort, buttonValue(stalled, ACTIONS.abort));
    await waitFor(
      () =>
        /Abort requested by <@U_BOB> for `ab-1` only\. .* goes on with its other servers/.test(
          threadText(slack as SlackHarness, parent),
        ),
      'the press said',
    );
    await report(slack, parent);
    expect(threadText(slack, parent)).toMatch(/1 moved, 0 failed, 1 aborted/);
    expect(fx.sandbox.cloud.resolveServer('ab-2').host).toBe('words-dst');
    expect(fx.sandbox.cloud.resolveServer('ab-1').host).toBe('words-src');
  });

  it("in a drain's step, says Abort leaves the host not empty: its evacuation stops, the drain asks to Continue", async () => {
    seed('dr-1');
    seed('dr-2');
    applyFault(fx.sandbox.cloud, { type: 'stall', server: 'dr-1' });
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/drain', 'words-src --concurrency 1');
    const drain = await waitFor(
      () => slack?.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Drain d-')),
      'the drain message',
    );
    await slack.press('U_BOB', drain.ts, ACTIONS.approve, buttonValue(drain, ACTIONS.approve));
    const stalled = await waitFor(
      () => slack?.fake.messages.find((m) => m.text === 'dr-1 is not converging'),
      "its stall in the step's thread",
      30_000,
    );
    const abort = JSON.stringify(stalled.blocks);
    expect(abort).toContain('Abort this move only?');
    expect(abort).toMatch(
      /`words-src` is then not empty: evacuation `e-[0-9a-f]+` starts no new moves \(those in flight finish\) and drain `d-[0-9a-f]+` asks on-call to Continue/,
    );
    await slack.press('U_BOB', stalled.ts, ACTIONS.abort, buttonValue(stalled, ACTIONS.abort));
    // as the dialog said: the step's evacuation stopped (by Ferry) and the drain asks to Continue
    await waitFor(
      () => slack?.fake.messages.some((m) => m.threadTs === drain.ts && m.text.includes('not empty')),
      'the Continue question',
      30_000,
    );
    expect(slack.store.evacuations()[0]?.evacuation.stoppedBy).toBe('ferry');
  });

  it("gives a force-completed move's report line no blackout figure: libvirt counts only the final switch-over", async () => {
    seed('fc-1');
    applyFault(fx.sandbox.cloud, { type: 'stall', server: 'fc-1' });
    const started = await sandboxHostChecker(fx);
    ssh = started.ssh;
    slack = await slackHarness(fx, { hostChecker: started.checker });
    const { parent } = await evacuate(slack, 'to words-dst --concurrency 1');
    const stalled = await waitFor(
      () => slack?.fake.threadOf(CHANNEL, parent.ts).find((m) => m.text === 'fc-1 is not converging'),
      'its stall in the thread',
      15_000,
    );
    await slack.press('U_BOB', stalled.ts, ACTIONS.force, buttonValue(stalled, ACTIONS.force));
    await report(slack, parent);
    const told = slack.fake.threadOf(CHANNEL, parent.ts).find((m) => m.text.startsWith('Evacuation report'));
    const line = textOf(told as StoredMessage)
      .split('\n')
      .find((l) => l.includes('`fc-1`')) as string;
    // forced as Nova's record showed it, or asked and not seen to act before the end: no figure either way
    expect(line).toMatch(
      /blackout not known: force-complete (paused the guest|was asked), and libvirt counts only the final switch-over · completed/,
    );
    expect(line).not.toMatch(/blackout \d/);
    // nor is it counted on /metrics as a blackout
    const metrics = await (await fetch(`${slack.statusUrl}/metrics`)).text();
    expect(metrics).toMatch(/^ferry_migrations_ended_total\{mode="live",outcome="completed"\} 1$/m);
    expect(metrics).not.toMatch(/^ferry_migration_downtime_seconds_count\{[^}]*\} [1-9]/m);
  });
});
