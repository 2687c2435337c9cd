import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * --skip through the real Bolt listeners, as the operator trial (h-grammar28) typed it: a list spaced
 * beside its commas is the option's, and a name that is a server on another host is said to be there,
 * not offered a planned server as a typo of it. Bad input posts nothing and asks for nothing.
 */

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
  slack = await slackHarness(fx);
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const posted = () => slack.fake.messages.filter((m) => !m.ephemeralTo);
const refusal = (user: string, text: string) =>
  waitFor(() => slack.privately(user).includes(text), `"${text}" in: ${slack.privately(user)}`);

describe('--skip a, b', () => {
  it('is a list of two servers: no host "b" is drained, and a name not there posts nothing', async () => {
    await slack.command('U_ALICE', '/drain', 'compute1 --skip web-1, nosuch');
    await refusal('U_ALICE', 'No server "nosuch" in this plan.');
    expect(posted()).toEqual([]);
    expect(slack.store.drains()).toEqual([]);
  });

  it('skips both, and the plan counts them in words (2 servers, their host)', async () => {
    await slack.command('U_ALICE', '/drain', 'compute1 --skip web-1 ,  `batch-7` --dry-run');
    const plan = await waitFor(
      () => posted().find((m) => textOf(m).includes('skipped servers stay')),
      'the dry run plan',
    );
    expect(textOf(plan)).toContain('⏭️ 2 skipped servers stay on their host: that host is not declared empty');
    expect(textOf(plan)).toContain('⏭️ web-1 on `compute1`: skipped by <@U_ALICE>, it stays');
    expect(textOf(plan)).toContain('⏭️ batch-7 on `compute1`: skipped by <@U_ALICE>, it stays');
    expect(slack.store.drains().map((d) => d.drain.hosts.map((h) => h.host))).toEqual([['compute1']]);
  });

  it('says how many hosts keep skipped servers when they are on several', async () => {
    await slack.command('U_ALICE', '/drain', 'compute1 compute2 --skip web-1, web-2 --dry-run');
    const plan = await waitFor(
      () => posted().find((m) => textOf(m).includes('skipped servers stay')),
      'the dry run plan',
    );
    expect(textOf(plan)).toContain(
      '⏭️ 2 skipped servers stay on their 2 hosts: those hosts are not declared empty',
    );
  });
});

describe('--skip of a server on another host', () => {
  it('/drain says where it is, and guesses no planned server for it', async () => {
    // cache-1 runs on compute2; compute3 runs cache-2, one letter away
    await slack.command('U_ALICE', '/drain', 'compute3 --skip cache-1');
    await refusal(
      'U_ALICE',
      'cache-1 is on compute2, not on compute3, the host being emptied: it is not in this plan.',
    );
    expect(slack.privately('U_ALICE')).not.toContain('Did you mean');
    await slack.command('U_ALICE', '/drain', 'compute1 compute3 --skip cache-1');
    await refusal(
      'U_ALICE',
      'cache-1 is on compute2, not on any of the 2 hosts being emptied: it is not in this plan.',
    );
    expect(posted()).toEqual([]);
    expect(slack.store.drains()).toEqual([]);
  });

  it('/evacuate too; a name of several servers, none there, is said not there; a typo still gets its guess', async () => {
    await slack.command('U_ALICE', '/evacuate', 'compute3 --skip cache-1');
    await refusal(
      'U_ALICE',
      'cache-1 is on compute2, not on compute3, the host being emptied: it is not in this plan.',
    );
    // two servers are named worker (compute1, compute3): neither on compute2
    await slack.command('U_ALICE', '/evacuate', 'compute2 --skip worker');
    await refusal('U_ALICE', 'worker is not on compute2, the host being emptied: it is not in this plan.');
    // no server is named cache-3: a typo of the planned cache-2
    await slack.command('U_ALICE', '/evacuate', 'compute3 --skip cache-3');
    await refusal('U_ALICE', 'No server "cache-3" in this plan. Did you mean cache-2?');
    expect(slack.privately('U_ALICE').match(/Did you mean/g)).toHaveLength(1);
    expect(posted()).toEqual([]);
    expect(slack.store.evacuations()).toEqual([]);
  });
});
