import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GATE_ACTIONS } from '../../src/chat/drain-gates-view.ts';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import { FakeSlack, type StoredMessage } from '../../src/chat/fake-slack.ts';
import { AlertmanagerSilences } from '../../src/monitoring/alertmanager.ts';
import { PrometheusGates } from '../../src/monitoring/prometheus.ts';
import { parseSilenceMatchers } from '../../src/monitoring/settings.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { compute4Back } from '../faults/drain-run.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import {
  activeSilences,
  hasPrometheus,
  type RealService,
  scraped,
  silencesOf as silencesOfHost,
  startAlertmanager,
  startExporter,
  startPrometheus,
  untilAsync,
} from '../helpers/prometheus.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * #30 through the real Bolt listeners, with Debian's Prometheus and Alertmanager: a drain step waits
 * for its health gates and goes on by itself (or on on-call's Resume anyway), each host it disables is
 * silenced while it is out of service (a lease, renewed), and unsilenced once enabled again; a crashed
 * Ferry's silences lapse, and the drain resumes at the host it was at.
 */

// renewed at the drain's look (every 5 s of Ferry's clock) once a third of it has passed; Ferry's fake
// clock is ticked by a timer, which falls behind Alertmanager's real one under load: 10 s leaves room
const LEASE_MS = 10_000;
const GATE = 'ferry_test_unhealthy > 0';

let prometheus: RealService;
let alertmanager: RealService;
let exporter: Awaited<ReturnType<typeof startExporter>>;
let fx: SandboxFixture;
let slack: SlackHarness;
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
  compute4Back(fx);
  // Ferry's clock keeps pace with Alertmanager's: leases are judged by it
  ticker = setInterval(() => fx.clock.advance(100), 100);
});
afterEach(async () => {
  clearInterval(ticker);
  await slack?.stop();
  await fx.close();
});

const { drainMessage, current, threadText, drainOf, serviceOf, emptyPost, approve, hostBack } =
  drainFlowHelpers(() => ({ fx, slack }));

const monitoring = () => ({
  gates: new PrometheusGates(prometheus.url, [GATE]),
  silences: new AlertmanagerSilences(
    alertmanager.url,
    parseSilenceMatchers('instance=~"{host}.*"'),
    LEASE_MS,
  ),
});

const silencesOf = (host: string) => silencesOfHost(alertmanager, host);
const active = (host: string) => activeSilences(alertmanager, host);

/** The gate post (with Resume anyway) in the drain's thread. */
const gatePost = (parent: StoredMessage) =>
  waitFor(
    () =>
      slack.fake
        .threadOf(parent.channel, parent.ts)
        .find((m) => m.blocks.some((b) => JSON.stringify(b).includes(GATE_ACTIONS.resumeAnyway))),
    'the gate post',
  );

describe.skipIf(!hasPrometheus)('/drain with health gates and alert silences', () => {
  it('holds a step while a gate returns series, goes on by itself once it is empty, and silences each host while it is out', async () => {
    exporter.set(1);
    await untilAsync(
      async () => (await monitoring().gates.evaluate())[0]?.verdict === 'fail',
      'the gate failing',
    );
    slack = await slackHarness(fx, { monitoring: monitoring() });
    await slack.command('U_ALICE', '/drain', 'compute2 compute4 --concurrency 1 --return');
    const parent = await drainMessage();
    await approve(parent);
    await waitFor(() => threadText(parent).includes('Step 1 waits: health gates'), 'the step held');
    // the query and what it returned, as Prometheus said it
    expect(threadText(parent)).toContain('`ferry_test_unhealthy &gt; 0` returned 1 series');
    expect(threadText(parent)).toMatch(/returned 1 series:\n.*__name__="ferry_test_unhealthy", check="ceph"/);
    // held: nothing disabled, nothing silenced, and it stays so while the gate fails
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(serviceOf('compute2').status).toBe('enabled');
    expect(drainOf().drain.hosts.map((h) => h.phase)).toEqual(['waiting', 'waiting']);
    expect(await silencesOf('compute2')).toEqual([]);
    // said once, not at every look
    expect(threadText(parent).match(/Step 1 waits/g)).toHaveLength(1);

    exporter.set(0);
    await waitFor(
      () => threadText(parent).includes('Health gates pass: step 1 goes on'),
      'the gate passing',
      20_000,
    );
    // the gate post lost its button
    expect(JSON.stringify(slack.fake.threadOf(parent.channel, parent.ts))).not.toContain(
      GATE_ACTIONS.resumeAnyway,
    );
    await emptyPost(parent, 'compute2');
    expect(serviceOf('compute2').status).toBe('disabled');
    const [silence] = await active('compute2');
    expect(silence?.matchers).toMatchObject([{ name: 'instance', value: 'compute2.*' }]);
    await waitFor(() => textOf(current(parent)).includes('🔕 silenced'), 'the silence in the host line');
    // a lease: extended while the host is out of service
    const firstEnd = Date.parse(silence?.endsAt ?? '');
    await untilAsync(
      async () => (await active('compute2')).some((s) => Date.parse(s.endsAt) > firstEnd + 1_000),
      // before it ends: a lease renewed, never a silence that lapsed and was made again
      'the silence extended before it ended',
      firstEnd - Date.now() - 500,
    );
    expect(await active('compute2')).toHaveLength(1);

    await hostBack(parent, 'compute2');
    // expired once the host is enabled again
    await waitFor(() => serviceOf('compute2').status === 'enabled', 'compute2 enabled', 30_000);
    const enabledAt = Date.now();
    await untilAsync(async () => (await active('compute2')).length === 0, 'the silence expired', 10_000);
    const expiredAfter = Date.now() - enabledAt;
    console.log(`silence expired ${expiredAfter} ms after compute2 was seen enabled`);
    expect(expiredAfter).toBeLessThan(5_000);
    expect(drainOf().drain.hosts[0]?.silence?.state).toBe('expired');

    await hostBack(parent, 'compute4');
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 30_000);
    expect(await active('compute4')).toEqual([]);
    expect(slack.store.auditLog().filter((e) => e.action === 'drain-gate-held')).toHaveLength(1);
    // GET /metrics: how long the gates took, and the silences asked for
    const metrics = await (await fetch(`${slack.statusUrl}/metrics`)).text();
    const gateSum = Number(/^ferry_drain_gate_seconds_sum\{verdict="fail"\} (\S+)$/m.exec(metrics)?.[1]);
    const gateCount = Number(/^ferry_drain_gate_seconds_count\{verdict="fail"\} (\S+)$/m.exec(metrics)?.[1]);
    console.log(
      `gates: ${gateCount} failing evaluations, ${((gateSum / gateCount) * 1000).toFixed(1)} ms on average`,
    );
    expect(gateSum / gateCount).toBeLessThan(1);
    expect(metrics).toMatch(/^ferry_drain_silence_calls_total\{action="create",outcome="ok"\} 2$/m);
    expect(metrics).toMatch(/^ferry_drain_silence_calls_total\{action="expire",outcome="ok"\} 2$/m);
  });

  it('resumes a held step anyway when on-call says so, and only on-call', async () => {
    exporter.set(1);
    await untilAsync(
      async () => (await monitoring().gates.evaluate())[0]?.verdict === 'fail',
      'the gate failing',
    );
    slack = await slackHarness(fx, { monitoring: monitoring() });
    await slack.command('U_ALICE', '/drain', 'compute2 compute4 --concurrency 1');
    const parent = await drainMessage();
    await approve(parent);
    const post = await gatePost(parent);
    await slack.press(
      'U_ALICE',
      post.ts,
      GATE_ACTIONS.resumeAnyway,
      buttonValue(post, GATE_ACTIONS.resumeAnyway),
    );
    await waitFor(
      () =>
        slack.privately('U_ALICE').includes('Only on-call staff may resume a drain that health gates hold'),
      'on-call only',
    );
    expect(serviceOf('compute2').status).toBe('enabled');
    await slack.press(
      'U_BOB',
      post.ts,
      GATE_ACTIONS.resumeAnyway,
      buttonValue(post, GATE_ACTIONS.resumeAnyway),
    );
    await waitFor(() => threadText(parent).includes('<@U_BOB> resumed step 1 anyway'), 'resumed anyway');
    await emptyPost(parent, 'compute2');
    expect(slack.store.auditLog().filter((e) => e.action === 'drain-gate-override')).toMatchObject([
      { actor: 'U_BOB', subject: drainOf().id },
    ]);
    // the next step asks its gates again
    await hostBack(parent, 'compute2');
    await waitFor(() => threadText(parent).includes('Step 2 waits: health gates'), 'step 2 held');
    expect(serviceOf('compute4').status).toBe('enabled');
    exporter.set(0);
    await emptyPost(parent, 'compute4');
    await hostBack(parent, 'compute4');
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 30_000);
  });

  it('stops while its gates hold it: nothing was disabled or silenced, and Resume anyway is gone', async () => {
    exporter.set(1);
    await untilAsync(
      async () => (await monitoring().gates.evaluate())[0]?.verdict === 'fail',
      'the gate failing',
    );
    slack = await slackHarness(fx, { monitoring: monitoring() });
    await slack.command('U_ALICE', '/drain', 'compute2 compute4');
    const parent = await drainMessage();
    await approve(parent);
    const post = await gatePost(parent);
    await slack.press(
      'U_BOB',
      parent.ts,
      DRAIN_ACTIONS.stop,
      buttonValue(current(parent), DRAIN_ACTIONS.stop),
    );
    await waitFor(() => drainOf().drain.phase === 'done', 'the drain ended');
    await waitFor(
      () => !JSON.stringify(slack.fake.message(parent.channel, post.ts)).includes(GATE_ACTIONS.resumeAnyway),
      'Resume anyway gone',
    );
    expect(drainOf().drain.hosts.map((h) => h.phase)).toEqual(['not-started', 'not-started']);
    expect(serviceOf('compute2').status).toBe('enabled');
    const id = drainOf().id;
    expect((await silencesOf('compute2')).filter((s) => s.comment.includes(id))).toHaveLength(0);
  });

  it('lets a crashed Ferry’s silence lapse, and resumes the drain at the host it was at', async () => {
    exporter.set(0);
    await untilAsync(
      async () => (await monitoring().gates.evaluate())[0]?.verdict === 'pass',
      'the gate passing',
    );
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-gates-')), 'ferry.json');
    const fake = new FakeSlack();
    await fake.start();
    try {
      slack = await slackHarness(fx, { store: await LowdbStore.open(file), fake, monitoring: monitoring() });
      await slack.command('U_ALICE', '/drain', 'compute2 compute4 --concurrency 1');
      const parent = await drainMessage();
      await approve(parent);
      await emptyPost(parent, 'compute2');
      const [before] = await active('compute2');
      expect(before).toBeDefined();
      // Ferry dies: nobody renews the lease, and Alertmanager ends the silence by itself
      await slack.stop();
      await untilAsync(
        async () => (await active('compute2')).length === 0,
        'the lease lapsed',
        LEASE_MS + 5_000,
      );
      expect((await silencesOf('compute2')).find((s) => s.id === before?.id)?.status.state).toBe('expired');
      // back: compute2 is still the drain's host; it is silenced again, compute4 not started
      slack = await slackHarness(fx, { store: await LowdbStore.open(file), fake, monitoring: monitoring() });
      await untilAsync(async () => (await active('compute2')).length === 1, 'silenced again', 15_000);
      expect(drainOf().drain.hosts.map((h) => h.phase)).toEqual(['empty', 'waiting']);
      expect(serviceOf('compute4').status).toBe('enabled');
      await hostBack(parent, 'compute2');
      await emptyPost(parent, 'compute4');
      expect(drainOf().drain.hosts.map((h) => h.evacuationIds.length)).toEqual([1, 1]);
      await hostBack(parent, 'compute4');
      await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 30_000);
      expect(await active('compute2')).toEqual([]);
      expect(await active('compute4')).toEqual([]);
    } finally {
      await slack.stop().catch(() => undefined);
      await fake.stop();
      slack = undefined as unknown as SlackHarness;
    }
  });
});
