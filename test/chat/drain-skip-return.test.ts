import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compute4Back } from '../faults/drain-run.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * `/drain … --return` where a host is skipped, as an operator trial ran it: compute3's servers leave
 * (it keeps the one skipped in the plan), on-call skips it, then compute2 is emptied, taking along
 * what compute3's emptying put on it.
 */

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
  compute4Back(fx);
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const { drainMessage, thread, threadText, drainOf, hostBack, approve } = drainFlowHelpers(() => ({
  fx,
  slack,
}));

describe('/drain --return with a host skipped, through the real Bolt listeners', () => {
  it('says the skipped host’s servers stay away, and brings home to a host only the servers that started there', {
    timeout: 120_000,
  }, async () => {
    slack = await slackHarness(fx);
    const servers = () => [...fx.sandbox.cloud.servers.values()];
    const startedOn = new Map(servers().map((s) => [s.id, s.host]));
    // two servers named worker in the plan: the one skipped (on compute3) is named with its ID
    const worker = servers().find((s) => s.name === 'worker' && s.host === 'compute3');
    const cache1 = servers().find((s) => s.name === 'cache-1');
    if (!worker || !cache1) throw new Error('the sandbox has no worker on compute3, or no cache-1');
    cache1.name = 'worker';
    await slack.command('U_ALICE', '/drain', `compute3 compute2 --return --skip ${worker.id}`);
    const parent = await drainMessage();
    await waitFor(() => threadText(parent).includes('Edits before approval'), 'the plan');
    expect(threadText(parent)).toContain(
      `✏️ worker (${worker.id}) skipped: it stays where it is — <@U_ALICE>`,
    );
    // compute1 and compute4 out of service while compute3 is emptied: its servers can only go to
    // compute2, whose step comes next (a drain sends a server to a later host only when no other takes it)
    const hosts = fx.sandbox.cloud.hosts;
    const aside = ['compute1', 'compute4'].map((host) => hosts.get(host) as { status: string });
    for (const host of aside) host.status = 'disabled';
    await approve(parent);
    const notEmpty = await waitFor(
      () => thread(parent).find((m) => m.text === 'compute3 is not empty'),
      'compute3 not empty',
      30_000,
    );
    for (const host of aside) host.status = 'enabled';
    // its step's evacuation report agrees: the host is held, not offered for its maintenance (operator
    // trial: "stays disabled for its maintenance; drain … enables it once the host is back" beside
    // the drain's "not empty … Do not reboot it")
    const everything = () => slack.fake.messages.map((m) => textOf(m)).join('\n');
    await waitFor(() => everything().includes('Evacuation report'), 'the step evacuation report');
    expect(everything()).toContain(
      `nova-compute on \`compute3\` stays disabled; servers are still on it, so drain \`${drainOf().id}\` waits (its thread says what for): do not start its maintenance.`,
    );
    expect(everything()).not.toContain('stays disabled for its maintenance');
    expect(textOf(notEmpty)).toContain(
      '*Skip host* enables it again as it is and goes on (the servers that left it stay where they went)',
    );
    const id = drainOf().id;
    await slack.command('U_BOB', '/drain', `${id} skip compute3`);
    const staysAway =
      "Its 2 servers that left it stay where they went: a skipped host's servers are not moved home.";
    await waitFor(
      () => slack.privately('U_BOB').includes(`Skipped compute3 in drain ${id}. ${staysAway}`),
      'the skip confirmed',
    );
    await waitFor(
      () =>
        threadText(parent).includes(
          `⏭️ <@U_BOB> skipped \`compute3\`: it is enabled again as it is. ${staysAway}`,
        ),
      'the skip in the thread',
    );
    expect(textOf(slack.fake.message(CHANNEL, notEmpty.ts) as never)).toContain(
      `⏭️ Answered: <@U_BOB> skipped \`compute3\`; it was enabled again as it was. ${staysAway}`,
    );
    await hostBack(parent, 'compute2');
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 60_000);
    // each server that left the skipped host says why it is not back (operator trial: a bare "not back")
    const report = threadText(parent).slice(threadText(parent).indexOf('*Drain report*'));
    expect(report).toMatch(
      /`cache-2` → `compute\d` \(live, [\dms ]+\) · not back: compute3 was skipped, and a skipped host's servers are not moved home\n/,
    );
    expect(report).not.toMatch(/· not back\n/);
    const evacuations = slack.store.evacuations();
    // compute2's step took along a server compute3's emptying had put on it ...
    const step2 = evacuations.find((e) => e.evacuation.host === 'compute2' && !e.evacuation.returnOf);
    const passing =
      step2?.evacuation.items.filter((item) => startedOn.get(item.serverId) === 'compute3') ?? [];
    expect(passing.length).toBeGreaterThan(0);
    // ... and brought home to compute2 only the servers that started the drain there
    const back = evacuations.find((e) => e.evacuation.returnOf === step2?.id);
    expect(back?.evacuation.items.length).toBeGreaterThan(0);
    expect(back?.evacuation.items.filter((item) => startedOn.get(item.serverId) !== 'compute2')).toEqual([]);
    for (const item of passing)
      expect(servers().find((s) => s.id === item.serverId)?.host).not.toBe('compute2');
    // a step's evacuation lists no edit of the drain about another host's server, and no raw ID
    const said = slack.fake.messages.map(textOf).join('\n');
    // named by name, with its ID where another server of the same list shares the name (the drain's plan)
    const skipLines = said.split('\n').filter((line) => line.includes('skipped: it stays where it is'));
    expect(skipLines.length).toBeGreaterThan(1);
    for (const line of skipLines)
      expect(line).toMatch(
        new RegExp(`^✏️ worker( \\(${worker.id}\\))? skipped: it stays where it is — <@U_ALICE>$`),
      );
    const step2Said = slack.fake.messages
      .filter((m) => m.text.includes(step2?.id ?? '-'))
      .map(textOf)
      .join('\n');
    expect(step2Said).toContain('Evacuation');
    expect(step2Said).not.toContain(worker.id);
  });
});
