import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { isLanded } from '../../src/core/move/in-flight.ts';
import { probeConfig } from '../../src/hostcheck/probe.ts';
import type { SshSettings } from '../../src/hostcheck/ssh.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import { approvedMigration, migrationOutcome } from '../helpers/migration-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { sandboxHostChecker } from '../helpers/sandbox-ssh.ts';
import { CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * A move's status line once Nova ended it and Ferry proves it (operator trial h-fix28: it stayed at
 * "accepted 2%" while /migrations said the move was proving).
 */

let fx: SandboxFixture;
let slack: SlackHarness;
let ssh: SandboxSsh;
let settings: SshSettings;

beforeEach(async () => {
  fx = await sandboxFixture();
  ({ ssh, settings } = await sandboxHostChecker(fx));
});
afterEach(async () => {
  await slack?.stop();
  await ssh.close();
  await fx.close();
});

const statusOf = (parent: StoredMessage) => textOf(slack.fake.message(CHANNEL, parent.ts) as StoredMessage);

describe("a landed move's status line", () => {
  it('says Ferry proves it while its proofs run, not the phase seen before', async () => {
    slack = await slackHarness(fx, { probe: probeConfig({ how: 'icmp', from: 'compute3' }, settings) });
    // the probe answers nothing: Ferry keeps proving for a while after Nova ended the move
    applyFault(fx.sandbox.cloud, { type: 'guest-unreachable', server: 'server-x' });
    const parent = await approvedMigration(slack, 'server-x to compute2');
    const run = await waitFor(
      () => slack.store.runs().find((r) => r.serverName === 'server-x' && isLanded(r)),
      'the move landed',
      30_000,
    );
    await waitFor(
      () => statusOf(parent).includes('🚚 *moved, Ferry proves it*'),
      'the status line following the landing',
      10_000,
    );
    // still proving then: the outcome came after
    expect(slack.store.getRun(run.id)?.outcome).toBeUndefined();
    await migrationOutcome(slack, parent, 30_000);
  }, 60_000);
});
