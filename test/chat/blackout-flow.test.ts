import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { SshSession } from '../../src/hostcheck/ssh.ts';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { sandboxHostChecker } from '../helpers/sandbox-ssh.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * A live move's measured blackout (issue #29, part 3): after Nova completes it, Ferry reads libvirt's
 * completed job on the destination over SSH and says the guest's blackout in the outcome and on
 * /metrics. The figure is the sandbox host's own answer (its migration simulation's stop-and-copy),
 * read by the test over SSH afterwards: Ferry keeps libvirt's record (--keep-completed). Without SSH
 * nothing is said and nothing fails.
 */

let fx: SandboxFixture;
let slack: SlackHarness | undefined;
let ssh: SandboxSsh | undefined;

beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack?.stop();
  slack = undefined;
  await ssh?.close();
  ssh = undefined;
  await fx.close();
});

/** One sample of the Prometheus text: `name{labels} value`, 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

/** Asks for server-x to move to compute2, approves it, and answers its outcome line. */
async function moveServerX(harness: SlackHarness, approved?: () => Promise<void>): Promise<string> {
  await harness.command('U_ALICE', '/migrate', 'server-x to compute2');
  const parent = await waitFor(
    () => harness.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.includes('server-x')),
    'the request',
  );
  await harness.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
  await approved?.();
  const outcome = await waitFor(
    () =>
      harness.fake.threadOf(CHANNEL, parent.ts).find((m: StoredMessage) => textOf(m).includes('Completed')),
    'the outcome',
    20_000,
  );
  return textOf(outcome);
}

describe('a live move says its measured blackout', () => {
  it('in the outcome and on /metrics, as libvirt on the destination measured it', async () => {
    const started = await sandboxHostChecker(fx);
    ssh = started.ssh;
    slack = await slackHarness(fx, { hostChecker: started.checker });
    const outcome = await moveServerX(slack);

    // libvirt's own record on the destination, read by the test: still there after Ferry read it
    const server = [...fx.sandbox.cloud.servers.values()].find((s) => s.name === 'server-x');
    const session = new SshSession(started.settings);
    const answer = await session
      .run('compute2', `timeout 10 virsh -c qemu:///system domjobinfo --completed '${server?.instanceName}'`)
      .finally(() => session.close());
    expect(answer.stdout).toContain('Operation:        Incoming migration');
    const libvirt = Number(/Total downtime:\s+(\d+)\s+ms/.exec(answer.stdout)?.[1]);
    expect(libvirt).toBeGreaterThan(0);
    // under Nova's live_migration_downtime: the simulation switched over as QEMU does
    expect(libvirt).toBeLessThanOrEqual(500);

    expect(outcome).toContain(
      `server-x now runs on compute2; it is ACTIVE. Blackout ${libvirt} ms (measured by libvirt on compute2).`,
    );
    const metrics = await (await fetch(`${slack.statusUrl}/metrics`)).text();
    const labels = { mode: 'live', source: 'libvirt' };
    expect(sample(metrics, 'ferry_migration_downtime_seconds_count', labels)).toBe(1);
    expect(sample(metrics, 'ferry_migration_downtime_seconds_sum', labels)).toBeCloseTo(libvirt / 1000, 6);
    expect(metrics).toContain("Nova's target is [libvirt] live_migration_downtime, 500 ms by default");
  }, 60_000);

  it('connects to the destination while the move runs, and reads the blackout on that connection', async () => {
    const started = await sandboxHostChecker(fx);
    const hosts = started.ssh;
    ssh = hosts;
    slack = await slackHarness(fx, { hostChecker: started.checker });
    // from the approval on (the plan's host checks connect before it): the first connection, and what
    // Nova's record said then
    let before = Number.POSITIVE_INFINITY;
    let novaSaidThen: string | undefined;
    const watching = setInterval(() => {
      if (novaSaidThen === undefined && hosts.connections > before)
        novaSaidThen = fx.sandbox.cloud.migrations.at(-1)?.status;
    }, 2);
    const outcome = await moveServerX(slack, async () => {
      before = hosts.connections;
    }).finally(() => clearInterval(watching));
    expect(outcome).toMatch(/Blackout \d+ ms \(measured by libvirt on compute2\)\./);
    expect(novaSaidThen).toBeDefined();
    expect(novaSaidThen).not.toBe('completed');
    // the read at the end found it open: no other connection since
    expect(hosts.connections - before).toBe(1);
  }, 60_000);

  it('says it was not measured, and why, when the destination does not answer SSH; the move completes', async () => {
    const started = await sandboxHostChecker(fx);
    ssh = started.ssh;
    slack = await slackHarness(fx, { hostChecker: started.checker });
    // compute2's SSH goes away once the move is approved: nothing listens where Ferry connects to it
    const outcome = await moveServerX(slack, async () => {
      started.settings.overrides.compute2 = { address: '127.0.0.1', port: 1 };
    });
    expect(outcome).toContain('✅ *Completed*');
    expect(outcome).toMatch(
      /server-x now runs on compute2; it is ACTIVE\. Blackout not measured: libvirt on compute2 could not be read \(compute2 \(127\.0\.0\.1:\d+\) is unreachable: .*ECONNREFUSED.*\)\.$/m,
    );
    const metrics = await (await fetch(`${slack.statusUrl}/metrics`)).text();
    expect(sample(metrics, 'ferry_migration_downtime_seconds_count', { mode: 'live' })).toBe(0);
  }, 60_000);

  it('without SSH says nothing of a blackout, and the move completes as before', async () => {
    slack = await slackHarness(fx);
    const outcome = await moveServerX(slack);
    expect(outcome).toContain('server-x now runs on compute2; it is ACTIVE.');
    expect(outcome).not.toMatch(/blackout/i);
    const metrics = await (await fetch(`${slack.statusUrl}/metrics`)).text();
    expect(sample(metrics, 'ferry_migration_downtime_seconds_count', { mode: 'live' })).toBe(0);
  }, 60_000);
});
