import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { probeConfig } from '../../src/hostcheck/probe.ts';
import type { SshSettings } from '../../src/hostcheck/ssh.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import { approvedMigration, migrationOutcome } from '../helpers/migration-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { sandboxHostChecker } from '../helpers/sandbox-ssh.ts';
import { CHANNEL, type SlackHarness, slackHarness, textOf } from '../helpers/slack.ts';

/**
 * Issue #29 part 1, FERRY_PROBE: after a move the server's fixed addresses (Nova's `addresses`) are
 * probed from a named host over Ferry's SSH, one proof beside the others; an address that answers
 * nothing is ⚠️ Moved, not proven.
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

const thread = (parent: StoredMessage) => slack.fake.threadOf(CHANNEL, parent.ts);

const approved = (args: string) => approvedMigration(slack, args);

const ended = (parent: StoredMessage) => migrationOutcome(slack, parent, 30_000);
/**
 * A cold move's run limit beyond the fake clock's reach: it moves with every feed tick while the test
 * waits in real time, so an hour of it can pass (as in cold-gate-restart.test.ts); these test the probe.
 */
const COLD_RUNNER = { timeoutMs: 24 * 60 * 60_000 };

describe('FERRY_PROBE among the proofs after a move', () => {
  it('a TCP probe from a named host reaches the moved server: said among the proofs, with ✅', async () => {
    slack = await slackHarness(fx, {
      probe: probeConfig({ how: 'tcp', port: 22, from: 'compute3' }, settings),
    });
    const address = fx.sandbox.cloud.resolveServer('server-x').ports[0]?.ip as string;
    const parent = await approved('server-x to compute2');
    const outcome = textOf(await ended(parent));
    expect(outcome).toMatch(
      new RegExp(
        `^✅ \\*Completed\\* after [\\dms ]+: server-x now runs on compute2; it is ACTIVE\\. Proven: port bound; console alive; probe reached ${address.replaceAll('.', '\\.')} \\(TCP 22 from compute3\\)\\.`,
        'm',
      ),
    );
  });

  it('an ICMP probe that nothing answers makes the move ⚠️ Moved, not proven, never ✅', async () => {
    slack = await slackHarness(fx, { probe: probeConfig({ how: 'icmp', from: 'compute3' }, settings) });
    applyFault(fx.sandbox.cloud, { type: 'guest-unreachable', server: 'server-x' });
    const parent = await approved('server-x to compute2');
    const outcome = textOf(await ended(parent));
    expect(outcome).toMatch(
      /^⚠️ \*Moved, not proven\* \(moved in [\dms ]+\): server-x now runs on compute2; it is ACTIVE\. ⚠️ Proof failed: probe reached none of 10\.[\d.]+ \(ICMP from compute3\) in [\dm ]+s\. Proven: port bound; console alive\./m,
    );
    expect(thread(parent).map(textOf).join('\n')).not.toMatch(/✅ \*Completed\*/);
  });

  it('a cold move whose guest answers no probe in VERIFY_RESIZE is reverted, and the thread says why', async () => {
    slack = await slackHarness(fx, {
      probe: probeConfig({ how: 'tcp', port: 22, from: 'compute3' }, settings),
      runner: COLD_RUNNER,
    });
    applyFault(fx.sandbox.cloud, { type: 'guest-unreachable', server: 'server-x' });
    const parent = await approved('server-x to compute2 --cold');
    const outcome = textOf(await ended(parent));
    expect(thread(parent).map(textOf).join('\n')).toMatch(
      /⚠️ not proven on compute2: ⚠️ Proof failed: probe reached none of 10\.[\d.]+ \(TCP 22 from compute3\) in [\dm ]+s\. Proven: Nova shows it VERIFY_RESIZE on compute2; port bound; console alive\.[^\n]* Ferry reverts the move: it goes back to compute1\./,
    );
    expect(outcome).toMatch(/^↩️ \*Reverted\* after [\dhms ]+: server-x is back on compute1 and ACTIVE\./m);
    expect(fx.sandbox.cloud.resolveServer('server-x').host).toBe('compute1');
  });

  it('a cold move whose guest answers the probe in VERIFY_RESIZE is confirmed', async () => {
    slack = await slackHarness(fx, {
      probe: probeConfig({ how: 'icmp', from: 'compute3' }, settings),
      runner: COLD_RUNNER,
    });
    const parent = await approved('server-x to compute2 --cold');
    const outcome = textOf(await ended(parent));
    expect(outcome).toMatch(
      /^✅ \*Completed\* after [\dhms ]+: server-x now runs on compute2; it is ACTIVE\. Proven: port bound; console alive; probe reached 10\.[\d.]+ \(ICMP from compute3\)\./m,
    );
    expect(fx.sandbox.cloud.resolveServer('server-x').host).toBe('compute2');
  });

  it('without SSH the probe from a named host is not available, and said so', async () => {
    slack = await slackHarness(fx, {
      probe: probeConfig({ how: 'tcp', port: 22, from: 'jumphost' }, undefined),
    });
    const parent = await approved('server-x to compute2');
    const outcome = textOf(await ended(parent));
    expect(outcome).toMatch(
      /^✅ \*Completed\* after [^\n]*Not proven: [^\n]*probe not made \(TCP 22 from jumphost\): no SSH to the hosts configured\./m,
    );
  });
});
