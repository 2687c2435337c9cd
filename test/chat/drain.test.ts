import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

describe('/drain through the real Bolt listeners', () => {
  it('posts the plan of every step in the channel and, as a dry run, changes nothing', async () => {
    slack = await slackHarness(fx);
    const before = fx.sandbox.cloud.requestsServed;
    expect((await slack.command('U_ALICE', '/drain', 'compute1 compute2 --return --dry-run')).status).toBe(
      200,
    );
    const posted = await waitFor(
      () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Drain plan')),
      'the drain plan',
    );
    const text = textOf(posted);
    expect(posted.text).toBe('Drain plan: 2 hosts, 0 of 2 steps fit');
    expect(text).toContain('*Drain plan* asked by <@U_ALICE>: 2 hosts, one host at a time');
    expect(text).toContain('servers go back to their host once it is back');
    // web-1 has nowhere to go (❌): it is not counted as a live move (operator trial: "5 live" counted it)
    expect(text).toMatch(
      /\*Step 1\* · `compute1` · 7 servers: 4 live, 1 cold, 1 with nowhere to go, 1 cannot move · ❌ does not fit/,
    );
    expect(text).toContain('❌ web-1 (m1.medium): the hosts with room rule it out');
    expect(text).toContain('🔒 vault on `compute1`: locked ("PCI audit until Friday")');
    expect(text).toMatch(/• server-x \(m1\.large\) `compute1` → `compute2`, live/);
    expect(text).toContain('A dry run: nothing was requested, disabled or moved.');
    expect(slack.store.drains()[0]?.status).toBe('dry-run');
    // it only read: no migration, every service as it was
    expect(fx.sandbox.cloud.migrations).toHaveLength(0);
    expect(fx.sandbox.cloud.hosts.get('compute1')?.status).toBe('enabled');
    expect(fx.sandbox.cloud.requestsServed).toBeGreaterThan(before);
  });

  it('answers help and bad input privately, and refuses someone not allowed to ask', async () => {
    slack = await slackHarness(fx, { requesters: ['U_ALICE'] });
    await slack.command('U_ALICE', '/drain', 'help');
    await waitFor(() => slack.privately('U_ALICE').includes('--hosts-at-once'), 'help');
    // the breaker pauses the drain (it used to say it stops "the campaign")
    expect(slack.privately('U_ALICE')).toContain(
      'with --reboot: this many hosts failing their reboot pause the drain (default 1)',
    );
    await slack.command('U_ALICE', '/drain', 'compute1 --hosts-at-once 99');
    await waitFor(() => slack.privately('U_ALICE').includes('from 1 to 20'), 'refusal');
    // an option given twice is refused, never taken as the last one said
    await slack.command('U_ALICE', '/drain', 'compute1 --reboot --reboot');
    await waitFor(
      () => slack.privately('U_ALICE').includes('--reboot is given twice: give it once.'),
      'twice',
    );
    await slack.command('U_ALICE', '/drain', 'compute1 --reboot --max-failures 1 --max-failures=3');
    await waitFor(() => slack.privately('U_ALICE').includes('--max-failures is given twice'), 'twice, =');
    await slack.command('U_ALICE', '/drain', 'compute1 --skip web-1 --skip web-2');
    await waitFor(
      () =>
        slack
          .privately('U_ALICE')
          .includes('--skip is given twice: give it once, with the names comma-separated.'),
      'a list twice',
    );
    // a host given twice is refused too, never planned as one host
    await slack.command('U_ALICE', '/drain', 'compute1 compute2 compute1');
    await waitFor(
      () => slack.privately('U_ALICE').includes('compute1 is given twice: name each host once.'),
      'a host twice',
    );
    await slack.command('U_DAVE', '/drain', 'compute1');
    await waitFor(() => slack.privately('U_DAVE').includes('FERRY_REQUESTERS'), 'not allowed');
    expect(slack.fake.messages.filter((m) => m.text.startsWith('Drain plan'))).toHaveLength(0);
    expect(slack.store.drains()).toHaveLength(0);
  });
});
