import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/** /evacuate refused before anything is posted or requested: a host not there, one asked for already. */

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

const parentOf = () =>
  waitFor(
    () => slack.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation')),
    'evacuation message',
  );

describe('/evacuate refused at once', () => {
  it('refuses a misspelt host at once, with the nearest host, and posts nothing', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/evacuate', 'comptue1');
    // the operator trial: `/evacuate nosuchhost` was posted as a blocked request; /drain and /migrate of a
    // server that is not there refuse at once
    await waitFor(
      () =>
        slack
          .privately('U_ALICE')
          .includes(
            'Nothing to evacuate: comptue1 is not a compute host of this cloud. Did you mean compute1? Hosts: compute1, compute2, compute3, compute4. Nothing was requested, disabled or moved.',
          ),
      `the refusal: ${slack.privately('U_ALICE')}`,
    );
    expect(slack.fake.messages.filter((m) => !m.ephemeralTo)).toEqual([]);
    expect(slack.store.pendingRequests()).toEqual([]);
  });

  // the operator trial: `/evacuate e-nothere` was answered as a host ("not a compute host"), while
  // `/evacuate e-000000` says "No evacuation e-000000.": an e-… word no host has is no evacuation
  it('answers an e-… word that is no compute host as no evacuation, with the hosts there are', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/evacuate', 'e-nothere');
    await waitFor(
      () =>
        slack
          .privately('U_ALICE')
          .includes(
            'No evacuation e-nothere, and no compute host of that name. Pick one of: compute1, compute2, compute3, compute4. Nothing was requested, disabled or moved.',
          ),
      `the refusal: ${slack.privately('U_ALICE')}`,
    );
    await slack.command('U_ALICE', '/evacuate', 'e-000000');
    await waitFor(() => slack.privately('U_ALICE').includes('No evacuation e-000000.'), 'the ID');
    expect(slack.fake.messages.filter((m) => !m.ephemeralTo)).toEqual([]);
    expect(slack.store.pendingRequests()).toEqual([]);
  });

  // the operator trial: /evacuate of an empty host disabled already asked on-call staff to approve a
  // plan that changes nothing
  it('refuses an empty host disabled already: nothing to approve, nothing requested', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/evacuate', 'compute4');
    await waitFor(
      () =>
        slack
          .privately('U_ALICE')
          .includes(
            'compute4 runs no servers and nova-compute there is disabled already: there is nothing to evacuate. Nothing was requested (--dry-run shows the plan).',
          ),
      `the refusal: ${slack.privately('U_ALICE')}`,
    );
    expect(slack.fake.messages.filter((m) => !m.ephemeralTo)).toEqual([]);
    expect(slack.store.pendingRequests()).toEqual([]);
  });

  it('names the evacuation of a host that waits for approval, instead of asking a second time', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/evacuate', 'compute3');
    const parent = await parentOf();
    const first = (parent.text.match(/e-[0-9a-f]{6}/) as RegExpMatchArray)[0];
    await slack.command('U_ALICE', '/evacuate', 'compute3 --concurrency 3');
    await waitFor(
      () =>
        slack
          .privately('U_ALICE')
          .includes(
            `compute3 has evacuation ${first} waiting for approval already, asked by <@U_ALICE>: ask again once it is decided or has expired (/migrations ${first} shows it). Nothing new was requested.`,
          ),
      `the refusal: ${slack.privately('U_ALICE')}`,
    );
    expect(slack.store.pendingRequests().map((request) => request.id)).toEqual([first]);
    // a dry run requests nothing, so it is still shown, and says what the real request would meet
    // (the operator trial: its claims check said "No other operation holds them")
    await slack.command('U_ALICE', '/evacuate', 'compute3 --dry-run');
    const dryRun = await waitFor(
      () => slack.fake.messages.map(textOf).find((text) => text.includes('Dry run')),
      `dry run: ${slack.fake.messages.map(textOf).join('\n---\n')}`,
    );
    expect(dryRun).toContain(
      `❌ *No other operation holds them*: compute3 has evacuation ${first} waiting for approval already: the request without --dry-run would be refused.`,
    );
    expect(dryRun).toContain(
      `➜ Ask again once ${first} is decided or has expired (/migrations ${first} shows it).`,
    );
  });
});
