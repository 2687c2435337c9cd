import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import { observeRequests } from '../../src/sandbox/http-server.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import { SANDBOX_KERNEL, SANDBOX_NEXT_KERNEL, sandboxBmcAddress } from '../../src/sandbox/ssh-reboot.ts';
import { compute4Back } from '../faults/drain-run.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { afterReboot, REBOOT_TIMEOUT_MS, sandboxReboots } from '../helpers/reboot.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * `/drain … --reboot` (issue #30) through the real Bolt listeners on the sandbox, whose hosts reboot
 * (src/sandbox/ssh-reboot.ts): the boot read over SSH, `systemctl reboot`, nova-compute down and up,
 * the sandbox's BMCs answering ipmitool.
 */

let fx: SandboxFixture;
let slack: SlackHarness;
let ssh: SandboxSsh | undefined;
beforeEach(async () => {
  fx = await sandboxFixture();
  compute4Back(fx);
  // a patch group of two hosts whose servers can all leave: compute2 (up 61 days), compute4 (2 days)
  fx.sandbox.cloud.addAggregate('patch-a', ['compute4', 'compute2']);
});
afterEach(async () => {
  await slack?.stop();
  await ssh?.close();
  ssh = undefined;
  await fx.close();
});

const { drainMessage, current, threadText, drainOf, hostsOf, serviceOf, approve, hostBack } =
  drainFlowHelpers(() => ({
    fx,
    slack,
  }));

async function start(args: string, options: { bmc?: boolean } = {}) {
  const started = await sandboxReboots(fx, options);
  ssh = started.ssh;
  slack = await slackHarness(fx, { reboots: started.reboots });
  await slack.command('U_ALICE', '/drain', args);
  const parent = await drainMessage();
  await waitFor(() => threadText(parent).includes('Step 1'), 'the plan in the thread');
  return { parent, ipmitool: started.ipmitool };
}

describe('/drain --reboot through the real Bolt listeners', () => {
  it('reads nova-compute of a rebooting host until it is seen down, then not while its firmware takes its time', async () => {
    const servicesRead: number[] = [];
    observeRequests(fx.sandbox.cloud, (method, path) => {
      if (method === 'GET' && path.endsWith('/os-services')) servicesRead.push(Date.now());
    });
    const { parent } = await start('--aggregate patch-a --return --reboot');
    await approve(parent);
    const compute2 = () => drainOf().drain.hosts.find((h) => h.host === 'compute2');
    await waitFor(() => compute2()?.reboot?.downSeen, 'compute2 seen down', 60_000);
    // the host stays down (the sandbox's clock is not moved): the drain looks at it every second
    const downSeenAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    // every look read it before (4 or 5 here); now at most the drain's 20-s read of the hosts it holds
    expect(servicesRead.filter((at) => at > downSeenAt + 200).length).toBeLessThanOrEqual(1);
    await afterReboot(fx, drainOf, 'compute2');
    await waitFor(() => threadText(parent).includes('✅ compute2 came back'), 'compute2 verified', 30_000);
  });

  it('reboots each emptied host longest-up first, verifies it came back, enables it and brings its servers home', async () => {
    const before = hostsOf();
    const { parent } = await start('--aggregate patch-a --return --reboot');
    // compute2 has been up 61 days, compute4 2: the longest up goes first
    expect(drainOf().drain.hosts.map((h) => h.host)).toEqual(['compute2', 'compute4']);
    expect(threadText(parent)).toContain('🔁 Reboot: each emptied host with "systemctl reboot" over SSH');
    // with the uptimes as read, so the order can be checked
    expect(threadText(parent)).toContain('Order: longest up first: compute2 (up 61 d), compute4 (up 2 d).');
    // the Approve button's question names the reboot (the console asks it too)
    expect(JSON.stringify(current(parent).blocks)).toContain(
      'Disable, empty and reboot `compute2`, `compute4`, one host at a time, bringing their servers back after each.',
    );
    await approve(parent);
    await afterReboot(fx, drainOf, 'compute2');
    await waitFor(() => threadText(parent).includes('✅ compute2 came back'), 'compute2 verified', 30_000);
    await afterReboot(fx, drainOf, 'compute4');
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 60_000);
    const drain = drainOf();
    expect(drain.drain.hosts.map((h) => h.phase)).toEqual(['done', 'done']);
    for (const host of drain.drain.hosts) {
      expect(host.reboot?.after?.bootId).not.toBe(host.reboot?.before?.bootId);
      expect(host.reboot?.attempts.map((a) => a.via)).toEqual(['ssh']);
      expect(host.reboot?.downSeen).toBe(true);
    }
    // enabled only once verified, and its servers home after
    const [compute2] = drain.drain.hosts;
    expect(compute2?.backAt).toBeGreaterThanOrEqual(compute2?.reboot?.verifiedAt as number);
    for (const host of ['compute2', 'compute4']) expect(serviceOf(host).status).toBe('enabled');
    // said back once, by the reboot's own line: not also as nova-compute seen going down and up
    expect(threadText(parent)).not.toContain('went down and came back up');
    expect(threadText(parent)).toContain('· rebooted by Ferry and verified');
    expect(threadText(parent)).not.toContain('back by nova-compute coming up');
    const after = hostsOf();
    expect([...before].filter(([key, host]) => after.get(key) !== host)).toEqual([]);
    // the report says the boots and kernels before and after
    const b = compute2?.reboot?.before;
    const a = compute2?.reboot?.after;
    expect(threadText(parent)).toContain(
      `🔁 rebooted: boot ${b?.bootId.slice(0, 8)} → ${a?.bootId.slice(0, 8)}, kernel ${SANDBOX_KERNEL} → ${SANDBOX_NEXT_KERNEL}`,
    );
  }, 120_000);

  it('orders a zone or aggregate by uptime and leaves out hosts already on --kernel, listed in the plan', async () => {
    const started = await sandboxReboots(fx);
    ssh = started.ssh;
    slack = await slackHarness(fx, { reboots: started.reboots });
    const plans = () => slack.fake.messages.filter((m) => textOf(m).includes('*Drain plan*'));
    // rack-a: compute1 (up 23 days) and compute2 (61 days): by name compute1 comes first, by uptime compute2
    await slack.command('U_ALICE', '/drain', '--aggregate rack-a --reboot --dry-run');
    await waitFor(() => plans().length === 1, 'the first dry run');
    expect(slack.store.drains()[0]?.drain.hosts.map((h) => h.host)).toEqual(['compute2', 'compute1']);
    expect(textOf(plans()[0] as never)).toContain(
      'Order: longest up first: compute2 (up 61 d), compute1 (up 23 d).',
    );
    await slack.command(
      'U_ALICE',
      '/drain',
      `--aggregate patch-a --reboot --kernel ${SANDBOX_NEXT_KERNEL} --dry-run`,
    );
    await waitFor(() => plans().length === 2, 'the second dry run');
    expect(textOf(plans()[1] as never)).toContain(`Already on ${SANDBOX_NEXT_KERNEL}, left out: compute4.`);
    const dry = slack.store.drains().find((d) => d.drain.aggregate === 'patch-a');
    expect(dry?.drain.hosts.map((h) => h.host)).toEqual(['compute2']);
    expect(dry?.drain.reboot?.onKernel).toEqual(['compute4']);
  });

  it('a host that does not come back: the BMC power-cycles it, then it is held and the breaker pauses the drain', async () => {
    applyFault(fx.sandbox.cloud, { type: 'reboot-hangs', host: 'compute2' });
    const { parent, ipmitool } = await start('compute2 compute4 --return --reboot', { bmc: true });
    expect(threadText(parent)).toContain(
      'through the BMC (ipmitool chassis power cycle) if SSH does not answer',
    );
    expect(threadText(parent)).toContain('Circuit breaker: 1 host failing its reboot pauses the drain.');
    await approve(parent);
    await waitFor(() => drainOf().drain.hosts[0]?.reboot?.attempts.length === 1, 'the reboot sent', 30_000);
    await slack.command('U_ALICE', '/drain', drainOf().id);
    await waitFor(
      () => slack.privately('U_ALICE').includes('🔧 `compute2` rebooting'),
      '/drain says rebooting',
    );
    await afterReboot(fx, drainOf, 'compute2', 1, REBOOT_TIMEOUT_MS + 1_000);
    // not back in time: the BMC, once
    await afterReboot(fx, drainOf, 'compute2', 2, REBOOT_TIMEOUT_MS + 1_000);
    expect(ipmitool).toEqual([
      [
        '-I',
        'lanplus',
        '-H',
        sandboxBmcAddress('compute2'),
        '-U',
        'ferry-bmc',
        '-f',
        '/etc/ferry/bmc-password',
        '-v',
        'chassis',
        'power',
        'cycle',
      ],
    ]);
    await waitFor(() => drainOf().drain.phase === 'paused', 'the breaker', 30_000);
    const held = drainOf().drain.hosts[0];
    expect(held?.phase).toBe('empty');
    expect(held?.reboot?.attempts.map((a) => a.via)).toEqual(['ssh', 'bmc']);
    expect(held?.reboot?.failure).toMatchObject({
      code: 'not-back',
      bmcTried: true,
      seen: { code: 'unreachable' },
    });
    expect(drainOf().drain.breaker?.hosts).toEqual(['compute2']);
    // held disabled; the next host has not started
    expect(serviceOf('compute2').status).toBe('disabled');
    expect(drainOf().drain.hosts[1]?.phase).toBe('waiting');
    await waitFor(() => threadText(parent).includes('⛔ Circuit breaker'), 'the breaker said');
    expect(threadText(parent)).toContain('🔁 compute2 is power-cycled through its BMC.');
    expect(threadText(parent)).toMatch(
      /⚠️ compute2 did not come back within 10m \d+s \(the BMC was tried\); last seen: SSH does not answer/,
    );
    expect(threadText(parent)).toContain('It is held disabled: on-call decides');
    await waitFor(
      () => textOf(current(parent)).includes('⛔ circuit breaker'),
      'the message says the breaker',
    );
    expect(textOf(current(parent))).toContain(
      '⏸️ *Paused* by Ferry: 1 host failed its reboot (circuit breaker)',
    );
    await slack.command('U_ALICE', '/drain', drainOf().id);
    await waitFor(
      () =>
        slack
          .privately('U_ALICE')
          .includes('🔧 `compute2` failed its reboot check: it did not come back within'),
      '/drain says the failed check',
    );
    // the host named once in its line, not again in the reason
    expect(slack.privately('U_ALICE')).not.toContain('failed its reboot check: compute2');
    // on-call resumes: the breaker stays told, the drain is no longer said paused (operator trial)
    await slack.press('U_BOB', parent.ts, DRAIN_ACTIONS.resume, drainOf().id);
    await waitFor(() => drainOf().drain.phase !== 'paused', 'the drain resumed');
    await waitFor(
      () => textOf(current(parent)).includes('the circuit breaker tripped earlier: 1 host failed (compute2)'),
      'the message says the breaker as past',
    );
    expect(textOf(current(parent))).not.toContain('the drain is paused');
    // and so does /drain's answer
    await slack.command('U_ALICE', '/drain', drainOf().id);
    await waitFor(
      () => slack.privately('U_ALICE').includes('the circuit breaker tripped earlier'),
      '/drain says the breaker as past',
    );
  }, 120_000);

  it('a host back on its old kernel is held with both versions', async () => {
    applyFault(fx.sandbox.cloud, { type: 'reboot-old-kernel', host: 'compute2' });
    const { parent } = await start(`compute2 --reboot --kernel ${SANDBOX_NEXT_KERNEL}`);
    expect(JSON.stringify(current(parent).blocks)).toContain(
      `Disable, empty and reboot \`compute2\` onto kernel ${SANDBOX_NEXT_KERNEL}, one host at a time.`,
    );
    await approve(parent);
    await afterReboot(fx, drainOf, 'compute2');
    await waitFor(() => drainOf().drain.hosts[0]?.reboot?.failure, 'the mismatch', 30_000);
    expect(drainOf().drain.hosts[0]?.reboot?.failure).toEqual({
      code: 'kernel-mismatch',
      want: SANDBOX_NEXT_KERNEL,
      got: SANDBOX_KERNEL,
    });
    expect(drainOf().drain.hosts[0]?.phase).toBe('empty');
    expect(serviceOf('compute2').status).toBe('disabled');
    await waitFor(
      () =>
        threadText(parent).includes(
          `compute2 came back on kernel ${SANDBOX_KERNEL}, not ${SANDBOX_NEXT_KERNEL}`,
        ),
      'both versions said',
    );
  }, 120_000);

  it('a host back on a new boot whose host check fails is said back and failing, never power-cycled for it', async () => {
    // compute3's host check fails in the sandbox: nothing listens on libvirt's port, nova has no shell
    const { parent, ipmitool } = await start('compute3 --reboot', { bmc: true });
    await approve(parent);
    await afterReboot(fx, drainOf, 'compute3');
    const reboot = () => drainOf().drain.hosts[0]?.reboot;
    await waitFor(
      () => reboot()?.seen?.code === 'hostcheck-failing',
      'the new boot seen, its host check failing',
      30_000,
    ).catch((error) => {
      throw new Error(`${error}: ${JSON.stringify(drainOf().drain.hosts[0])}`);
    });
    await slack.command('U_ALICE', '/drain', drainOf().id);
    await waitFor(
      () =>
        slack
          .privately('U_ALICE')
          .includes('back on a new boot, but its host check fails: Nothing listens on'),
      '/drain says it is back and failing, in words',
    );
    // the thread hears it as soon as it is seen, once, not only when the wait runs out
    await waitFor(
      () =>
        threadText(parent).includes(
          '⚠️ compute3 is back on a new boot, but its host check fails: Nothing listens on',
        ),
      'the thread told it is back and failing',
    );
    expect(threadText(parent)).toContain(
      'Ferry enables it only once the check passes (/hostcheck compute3 says what to change)',
    );
    fx.clock.advance(REBOOT_TIMEOUT_MS + 1_000);
    await waitFor(() => reboot()?.failure, 'the failure', 30_000);
    // a power cycle cannot mend a host check: the BMC is left alone
    expect(ipmitool).toEqual([]);
    expect(reboot()?.attempts.map((a) => a.via)).toEqual(['ssh']);
    await waitFor(
      () =>
        threadText(parent).includes(
          'compute3 came back on a new boot, but its host check still failed after',
        ),
      'the failure said as a host that came back',
    );
    expect(threadText(parent)).not.toContain('did not come back');
    const told = slack.fake
      .threadOf(parent.channel, parent.ts)
      .filter((m) => textOf(m).includes('is back on a new boot, but its host check fails'));
    expect(told).toHaveLength(1);
    expect(serviceOf('compute3').status).toBe('disabled');
  }, 120_000);

  it('below --max-failures a failed host is left out, still disabled, and the campaign goes on', async () => {
    // two new hosts without servers: a host left out does not take room the next one's servers need
    for (const name of ['compute8', 'compute9'])
      fx.sandbox.cloud.addHost({
        name,
        memoryMb: 32_768,
        vcpus: 16,
        diskGb: 500,
        hypervisorVersion: 8_002_000,
      });
    applyFault(fx.sandbox.cloud, { type: 'reboot-hangs', host: 'compute8' });
    const { parent } = await start('compute8 compute9 --reboot --max-failures 2');
    await approve(parent);
    await afterReboot(fx, drainOf, 'compute8', 1, REBOOT_TIMEOUT_MS + 1_000);
    await afterReboot(fx, drainOf, 'compute9');
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 60_000);
    expect(drainOf().drain.hosts.map((h) => h.phase)).toEqual(['skipped', 'done']);
    expect(drainOf().drain.breaker).toBeUndefined();
    expect(serviceOf('compute8').status).toBe('disabled');
    expect(serviceOf('compute9').status).toBe('enabled');
    expect(threadText(parent)).toContain(
      'It is left out of the drain and stays disabled; the drain goes on.',
    );
  }, 120_000);

  it('never reboots a host someone else disabled before the drain: the plan says so, it waits for them', async () => {
    const compute4 = serviceOf('compute4');
    compute4.status = 'disabled';
    compute4.disabledReason = 'DIMM replacement, ticket OPS-4121';
    // a server on it: an empty one has nothing to do and is done at its step (drain-idle-host.test.ts)
    fx.sandbox.cloud.addServer({
      name: 'batch-1',
      host: 'compute4',
      flavor: 'm1.small',
      project: 'web',
      user: 'admin',
    });
    const { parent } = await start('compute4 --reboot');
    expect(threadText(parent)).toContain(
      'compute4 was disabled by someone else (DIMM replacement, ticket OPS-4121): Ferry does not reboot it.',
    );
    await approve(parent);
    await waitFor(() => drainOf().drain.hosts[0]?.phase === 'empty', 'compute4 empty', 30_000);
    // looks of the drain go by: none reboots it
    for (let i = 0; i < 3; i++) {
      fx.clock.advance(60_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(drainOf().drain.hosts[0]?.reboot).toBeUndefined();
    expect(threadText(parent)).not.toContain('🔁 compute4 is rebooting');
    await hostBack(parent, 'compute4');
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 30_000);
    expect(drainOf().drain.hosts[0]?.phase).toBe('done');
    expect(serviceOf('compute4').status).toBe('disabled');
  }, 120_000);
});
