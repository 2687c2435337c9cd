import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../src/chat/fake-slack.ts';
import type { HostReboots } from '../../src/hostcheck/reboot.ts';
import { AlertmanagerSilences } from '../../src/monitoring/alertmanager.ts';
import { PrometheusGates } from '../../src/monitoring/prometheus.ts';
import { parseSilenceMatchers } from '../../src/monitoring/settings.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import { rebooting, SANDBOX_REBOOT_MS } from '../../src/sandbox/ssh-reboot.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import {
  activeSilences,
  hasPrometheus,
  type RealService,
  scraped,
  startAlertmanager,
  startExporter,
  startPrometheus,
  untilAsync,
} from '../helpers/prometheus.ts';
import { afterReboot, REBOOT_TIMEOUT_MS, sandboxReboots } from '../helpers/reboot.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * #30's patch campaign with Debian's Prometheus and Alertmanager and the sandbox's rebooting hosts,
 * through the real Bolt listeners: the plan names the gates and silences it is approved with; a Ferry
 * that dies once a host's reboot is sent lets that host's silence lapse, and once started again from
 * its store neither reboots the host again nor loses it: it verifies the new boot, silences the host
 * again while it works, unsilences it once enabled, and goes on with the next host; a host left out
 * below the circuit breaker stays disabled, its silence ends, and the report names it for a person.
 */

const LEASE_MS = 6_000;
const GATES = ['ferry_test_unhealthy > 0', 'ALERTS{severity="critical", alertname!~"Watchdog|Info.*"}'];

let prometheus: RealService;
let alertmanager: RealService;
let exporter: Awaited<ReturnType<typeof startExporter>>;
let fx: SandboxFixture;
let slack: SlackHarness;
let ssh: SandboxSsh | undefined;
let ticker: NodeJS.Timeout;

beforeAll(async () => {
  if (!hasPrometheus) return;
  exporter = await startExporter();
  [prometheus, alertmanager] = await Promise.all([startPrometheus([exporter.target]), startAlertmanager()]);
  await scraped(prometheus);
}, 60_000);
afterAll(async () => {
  await Promise.all([prometheus?.stop(), alertmanager?.stop(), exporter?.stop()]);
});
beforeEach(async () => {
  fx = await sandboxFixture();
  // two hosts without servers, patched in the order named
  for (const name of ['compute8', 'compute9'])
    fx.sandbox.cloud.addHost({
      name,
      memoryMb: 32_768,
      vcpus: 16,
      diskGb: 500,
      hypervisorVersion: 8_002_000,
    });
  // Ferry's clock keeps pace with Alertmanager's: leases are judged by it
  ticker = setInterval(() => fx.clock.advance(100), 100);
});
afterEach(async () => {
  clearInterval(ticker);
  await slack?.stop();
  await ssh?.close();
  ssh = undefined;
  await fx.close();
});

const { drainMessage, thread, threadText, drainOf, serviceOf, approve } = drainFlowHelpers(() => ({
  fx,
  slack,
}));

const monitoring = () => ({
  gates: new PrometheusGates(prometheus.url, GATES),
  silences: new AlertmanagerSilences(
    alertmanager.url,
    parseSilenceMatchers('instance=~"{host}.*",job="node"'),
    LEASE_MS,
  ),
});

const active = (host: string) => activeSilences(alertmanager, host);

const hostOf = (host: string) => drainOf().drain.hosts.find((h) => h.host === host);

/** Ferry on the sandbox with its reboots, gates and silences; `file`: its store, kept across restarts. */
async function ferry(reboots: HostReboots, options: { file?: string; fake?: FakeSlack } = {}) {
  slack = await slackHarness(fx, {
    reboots,
    monitoring: monitoring(),
    ...(options.file ? { store: await LowdbStore.open(options.file) } : {}),
    ...(options.fake ? { fake: options.fake } : {}),
  });
}

describe.skipIf(!hasPrometheus)('/drain --reboot with health gates and alert silences', () => {
  it('says in its plan the reboot, each gate that holds a step (escaped) and the silences of its hosts', async () => {
    const started = await sandboxReboots(fx);
    ssh = started.ssh;
    await ferry(started.reboots);
    await slack.command('U_ALICE', '/drain', 'compute8 compute9 --reboot --dry-run');
    const plan = await waitFor(
      () => slack.fake.messages.find((m) => textOf(m).includes('*Drain plan*')),
      'the plan',
    );
    const text = textOf(plan);
    expect(text).toContain('🔁 Reboot: each emptied host with "systemctl reboot" over SSH');
    expect(text).toContain('🚦 Health gates: before each step Ferry asks Prometheus');
    expect(text).toContain('   • `ferry_test_unhealthy &gt; 0`');
    expect(text).toContain('   • `ALERTS{severity="critical", alertname!~"Watchdog|Info.*"}`');
    expect(text).toContain(
      `🔕 Alert silences: each host is silenced in Alertmanager \`${alertmanager.url}\` while it is out of service, matching \`instance=~"{host}.*"\`, \`job="node"\` (\`{host}\` is the host); a lease of 6s renewed while Ferry works on it, expired once the host is enabled again.`,
    );
  });

  it('dies once a reboot is sent: the silence lapses; started again it does not reboot again, verifies the boot and goes on', async () => {
    exporter.set(0);
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-reboot-crash-')), 'ferry.json');
    const fake = new FakeSlack();
    await fake.start();
    const started = await sandboxReboots(fx);
    ssh = started.ssh;
    try {
      await ferry(started.reboots, { file, fake });
      await slack.command('U_ALICE', '/drain', 'compute8 compute9 --reboot');
      const parent = await drainMessage();
      await waitFor(() => threadText(parent).includes('🚦 Health gates'), 'the plan with its gates');
      await approve(parent);
      await waitFor(
        () => hostOf('compute8')?.reboot?.attempts.length === 1 && rebooting(fx.sandbox.cloud, 'compute8'),
        'compute8 rebooting',
        30_000,
      );
      const before = hostOf('compute8')?.reboot?.before;
      const [silenced] = await active('compute8');
      expect(silenced).toBeDefined();

      // Ferry dies: nobody renews the lease, Alertmanager ends the silence; the host comes back meanwhile
      await slack.stop();
      await untilAsync(
        async () => (await active('compute8')).length === 0,
        'the lease lapsed',
        LEASE_MS + 5_000,
      );
      fx.clock.advance(SANDBOX_REBOOT_MS + 1_000);
      expect(rebooting(fx.sandbox.cloud, 'compute8')).toBe(false);
      expect(serviceOf('compute8').status).toBe('disabled');

      // started again from its store: the host silenced again while Ferry verifies it
      await ferry(started.reboots, { file, fake });
      await untilAsync(async () => (await active('compute8')).length === 1, 'silenced again', 15_000);
      expect((await active('compute8'))[0]?.id).not.toBe(silenced?.id);
      await waitFor(() => hostOf('compute8')?.reboot?.verifiedAt !== undefined, 'compute8 verified', 60_000);
      const reboot = hostOf('compute8')?.reboot;
      // one reboot, never a second: the attempt recorded before it was sent says it was sent
      expect(reboot?.attempts.map((a) => a.via)).toEqual(['ssh']);
      expect(reboot?.before).toEqual(before);
      expect(reboot?.after?.bootId).not.toBe(before?.bootId);
      await waitFor(() => serviceOf('compute8').status === 'enabled', 'compute8 enabled', 30_000);
      const enabledAt = Date.now();
      await untilAsync(async () => (await active('compute8')).length === 0, 'compute8 unsilenced', 10_000);
      expect(Date.now() - enabledAt).toBeLessThan(5_000);
      // expired by Ferry, not lapsed: its record says so
      await waitFor(() => hostOf('compute8')?.silence?.state === 'expired', 'the silence expired', 5_000);

      // the campaign goes on at the next host
      await afterReboot(fx, drainOf, 'compute9');
      await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 60_000);
      expect(drainOf().drain.hosts.map((h) => [h.host, h.phase, h.reboot?.attempts.length])).toEqual([
        ['compute8', 'done', 1],
        ['compute9', 'done', 1],
      ]);
      // said once each, across the restart
      const said = (line: string) => thread(parent).filter((m) => m.text.startsWith(line)).length;
      expect(said('🔁 compute8 is rebooting')).toBe(1);
      expect(said('✅ compute8 came back')).toBe(1);
      expect(await active('compute9')).toEqual([]);
    } finally {
      await slack.stop().catch(() => undefined);
      await fake.stop();
      slack = undefined as unknown as SlackHarness;
    }
  }, 180_000);

  it('leaves out a host failing its reboot below the breaker: disabled, unsilenced, named in the report for a person', async () => {
    applyFault(fx.sandbox.cloud, { type: 'reboot-hangs', host: 'compute8' });
    const started = await sandboxReboots(fx);
    ssh = started.ssh;
    await ferry(started.reboots);
    await slack.command('U_ALICE', '/drain', 'compute8 compute9 --reboot --max-failures 2');
    const parent = await drainMessage();
    await approve(parent);
    await waitFor(() => hostOf('compute8')?.silence?.state === 'active', 'compute8 silenced', 30_000);
    await afterReboot(fx, drainOf, 'compute8', 1, REBOOT_TIMEOUT_MS + 1_000);
    await waitFor(() => hostOf('compute8')?.phase === 'skipped', 'compute8 left out', 30_000);
    // it failed: it stays disabled, and Ferry no longer silences it
    expect(serviceOf('compute8').status).toBe('disabled');
    await untilAsync(async () => (await active('compute8')).length === 0, 'compute8 unsilenced', 10_000);
    expect(hostOf('compute8')?.silence?.state).toBe('expired');
    await waitFor(
      () => threadText(parent).includes('It is left out of the drain and stays disabled'),
      'the host left out said',
    );
    expect(threadText(parent)).toContain('the drain goes on. It needs a person, and its alert silence ends.');
    await afterReboot(fx, drainOf, 'compute9');
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 60_000);
    const report = textOf(
      slack.fake.threadOf(parent.channel, parent.ts).find((m) => textOf(m).includes('Drain report')) as never,
    );
    expect(report).toContain('`compute8` left out after its failed reboot, still disabled');
    expect(report).toMatch(/Needs a person: `compute8` \(it did not come back within 10m \d+s/);
    expect(report).toContain("Each stays disabled, and the drain's alert silence on it has ended.");
    expect(report).toContain('Still disabled: `compute8`.');
    expect(serviceOf('compute9').status).toBe('enabled');
  }, 180_000);
});
