import { submitDrain } from '../commands/drain.ts';
import { systemClock } from '../src/clock.ts';
import type { DrainRecord } from '../src/core/model/records.ts';
import { AlertmanagerSilences } from '../src/monitoring/alertmanager.ts';
import { PrometheusGates } from '../src/monitoring/prometheus.ts';
import { parseSilenceMatchers } from '../src/monitoring/settings.ts';
import { startSandbox } from '../src/sandbox/index.ts';
import type { SandboxMigration } from '../src/sandbox/model.ts';
import { rebootRecords, rebootTakes } from '../src/sandbox/ssh-reboot.ts';
import {
  hasPrometheus,
  type RealService,
  scraped,
  startAlertmanager,
  startExporter,
  startPrometheus,
} from '../test/helpers/prometheus.ts';
import { sandboxReboots } from '../test/helpers/reboot.ts';
import { showCampaign } from './campaign-show.ts';
import { prometheusQueryTimes, timedGates, watchServices, watchSilences } from './campaign-watch.ts';
import { drainFleet } from './drain-fleet.ts';
import { benchFerry } from './ferry.ts';

const SERVERS_PER_HOST = 2;
const CONCURRENCY = 2;
/** how long each reboot takes, in the sandbox's seconds (issue #30's figure) */
const REBOOT_S = 30;
/** FERRY_SILENCE_LEASE_S's shortest */
const LEASE_MS = 60_000;
const GATES = ['ALERTS{severity="critical"}', 'ferry_test_unhealthy > 0'];

/**
 * #30's campaign: `/drain <10 hosts> --reboot --return` on the sandbox at FERRY_CAMPAIGN_SPEED (default
 * 10: every move and every 30 s reboot take a tenth of their time; Ferry runs on real time), the
 * reboots over the sandbox hosts' SSH, with health gates against Debian's Prometheus and silences in
 * Debian's Alertmanager when both are installed (otherwise said, and left out). The yardsticks come
 * from outside Ferry: each step's drain time from the sandbox's migration records (as bench/drain.ts
 * counts it), its reboot from the sandbox's reboot records, the hosts' disable and enable from the
 * sandbox's os-services, the silences from Alertmanager's API, the gates timed around the query and by
 * Prometheus's own metrics.
 */
export async function benchCampaign(): Promise<void> {
  const speed = Number(process.env.FERRY_CAMPAIGN_SPEED ?? 10);
  // fewer hosts for a run at speed 1, where Ferry's own time is not magnified by the sandbox's speed
  const hosts = Number(process.env.FERRY_CAMPAIGN_HOSTS ?? 10);
  const sandbox = await startSandbox({ clock: systemClock, speed });
  const { cloud: sim } = sandbox;
  rebootTakes(sim, sim.seconds(REBOOT_S));
  const { drained, home } = drainFleet(sim, 'pt', hosts, SERVERS_PER_HOST);
  // the sandbox hosts' SSH (boot read, systemctl reboot, the host check) once every host exists
  const { ssh, reboots } = await sandboxReboots({ sandbox, clock: systemClock });

  let prometheus: RealService | undefined;
  let alertmanager: RealService | undefined;
  let exporter: Awaited<ReturnType<typeof startExporter>> | undefined;
  if (hasPrometheus) {
    exporter = await startExporter();
    [prometheus, alertmanager] = await Promise.all([startPrometheus([exporter.target]), startAlertmanager()]);
    await scraped(prometheus);
  }
  const gates = prometheus ? timedGates(new PrometheusGates(prometheus.url, GATES)) : undefined;
  const silences = alertmanager
    ? new AlertmanagerSilences(alertmanager.url, parseSilenceMatchers('instance=~"{host}.*"'), LEASE_MS)
    : undefined;
  const { ferry, store, stop } = await benchFerry(
    sandbox,
    10_000,
    {},
    { reboots, ...(gates ? { gates } : {}), ...(silences ? { silences } : {}) },
  );

  await submitDrain(
    ferry.edge.services,
    {
      user: 'U_ALICE',
      hosts: drained,
      hostsAtOnce: 1,
      concurrency: CONCURRENCY,
      returnHome: true,
      reboot: { maxFailures: 1 },
      dryRun: false,
    },
    'C0BENCH',
    async (text: () => string) => console.log(`  ${text()}`),
  );
  const drain = () => store.drains()[0] as DrainRecord;
  if (drain().status !== 'pending') throw new Error(`the drain plan is ${drain().status}`);
  const order = drain().drain.hosts.map((h) => h.host);
  const services = watchServices(sim, order);
  const silenceWatch = alertmanager ? watchSilences(alertmanager.url) : undefined;
  const queriesBefore = prometheus ? await prometheusQueryTimes(prometheus.url) : undefined;
  const started = Date.now();
  await ferry.core.approvals.approve(
    `${drain().id}@${drain().drain.fingerprint}`,
    'U_BOB',
    ferry.edge.services.news,
  );
  const deadline = started + 30 * 60_000;
  while (drain().drain.phase !== 'done' && drain().drain.phase !== 'paused') {
    if (Date.now() > deadline) throw new Error(`the campaign did not end in 30 min: ${drain().drain.phase}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const ended = Date.now();
  // the last enable and the last silence's expiry are seen before the watchers stop
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  services.stop();
  await silenceWatch?.stop();
  const queriesAfter = prometheus ? await prometheusQueryTimes(prometheus.url) : undefined;

  const slot = (m: SandboxMigration) => (m.slotSince === null ? 0 : m.updatedAt - m.slotSince);
  const steps = order.map((host) => {
    const mine = sim.migrations.filter((m) => home.get(m.serverId) === host);
    const leaving = mine.filter((m) => m.source === host);
    const returning = mine.filter((m) => m.dest === host);
    const bySource = new Map<string, number>();
    for (const m of returning) bySource.set(m.source, (bySource.get(m.source) ?? 0) + slot(m));
    const reboot = rebootRecords(sim, host).at(-1);
    return {
      host,
      leaving,
      returning,
      emptying: leaving.reduce((sum, m) => sum + slot(m), 0),
      back: Math.max(0, ...bySource.values(), returning.reduce((sum, m) => sum + slot(m), 0) / CONCURRENCY),
      reboot: reboot ? { downAt: reboot.downAt, upAt: reboot.upAt ?? ended } : undefined,
      disabledAt: services.disabledAt.get(host),
      enabledAt: services.enabledAt.get(host),
      state: drain().drain.hosts.find((h) => h.host === host),
    };
  });
  showCampaign({
    speed,
    rebootS: REBOOT_S,
    hosts,
    serversPerHost: SERVERS_PER_HOST,
    concurrency: CONCURRENCY,
    started,
    ended,
    phase: drain().drain.phase,
    steps,
    monitoring: hasPrometheus,
    gates: gates?.evaluations ?? [],
    queries:
      queriesBefore && queriesAfter
        ? {
            count: queriesAfter.count - queriesBefore.count,
            sumS: queriesAfter.sumS - queriesBefore.sumS,
            withinOneS: queriesAfter.withinOneS - queriesBefore.withinOneS,
          }
        : undefined,
    silences: silenceWatch ? [...silenceWatch.seen.values()] : undefined,
    backHome: [...home].filter(([id, host]) => sim.servers.get(id)?.host === host).length,
    servers: home.size,
  });
  await stop();
  await ssh.close();
  await Promise.all([prometheus?.stop(), alertmanager?.stop(), exporter?.stop()]);
}
