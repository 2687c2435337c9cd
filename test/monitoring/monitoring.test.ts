import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertmanagerSilences } from '../../src/monitoring/alertmanager.ts';
import { PrometheusGates } from '../../src/monitoring/prometheus.ts';
import { parseSilenceMatchers, readMonitoringSettings } from '../../src/monitoring/settings.ts';
import { SettingError } from '../../src/setting-error.ts';
import { freePort } from '../helpers/ports.ts';
import {
  hasPrometheus,
  type RealService,
  scraped,
  startAlertmanager,
  startExporter,
  startPrometheus,
} from '../helpers/prometheus.ts';

/** The monitoring settings, and the adapters against Debian's real Prometheus and Alertmanager. */

const env = (vars: Record<string, string>) => (name: string) => vars[name];

describe('monitoring settings', () => {
  it('reads ;;-separated gates and {host} matchers, and names the variable when one is wrong', () => {
    const read = readMonitoringSettings(
      env({
        FERRY_GATES: 'ALERTS{severity="critical"} ;; ceph_health_status != 0',
        FERRY_PROMETHEUS_URL: 'http://prometheus:9090/',
        FERRY_ALERTMANAGER_URL: 'http://alertmanager:9093',
        FERRY_SILENCE_MATCHERS: 'instance=~"{host}.*", job="node"',
      }),
    );
    expect(read.gates).toEqual({
      prometheusUrl: 'http://prometheus:9090',
      queries: ['ALERTS{severity="critical"}', 'ceph_health_status != 0'],
    });
    expect(read.silences?.matchers).toEqual([
      { name: 'instance', value: '{host}.*', isRegex: true, isEqual: true },
      { name: 'job', value: 'node', isRegex: false, isEqual: true },
    ]);
    expect(read.silences?.leaseMs).toBe(300_000);
    const refused = (vars: Record<string, string>) => {
      try {
        readMonitoringSettings(env(vars));
      } catch (error) {
        return error instanceof SettingError ? error.setting : 'other';
      }
      return 'accepted';
    };
    expect(refused({ FERRY_GATES: 'up == 0' })).toBe('FERRY_PROMETHEUS_URL');
    expect(refused({ FERRY_GATES: ' ;; ', FERRY_PROMETHEUS_URL: 'http://p:9090' })).toBe('FERRY_GATES');
    expect(refused({ FERRY_GATES: 'up', FERRY_PROMETHEUS_URL: 'ftp://p' })).toBe('FERRY_PROMETHEUS_URL');
    expect(refused({ FERRY_GATES: 'up', FERRY_PROMETHEUS_URL: 'http://u:pw@p' })).toBe(
      'FERRY_PROMETHEUS_URL',
    );
    expect(refused({ FERRY_ALERTMANAGER_URL: 'http://a' })).toBe('FERRY_SILENCE_MATCHERS');
    expect(refused({ FERRY_ALERTMANAGER_URL: 'http://a', FERRY_SILENCE_MATCHERS: 'job="node"' })).toBe(
      'FERRY_SILENCE_MATCHERS',
    );
    expect(() => parseSilenceMatchers('instance=~{host}')).toThrow(/FERRY_SILENCE_MATCHERS/);
  });
});

describe.skipIf(!hasPrometheus)('Prometheus gates and Alertmanager silences, for real', () => {
  let prometheus: RealService;
  let alertmanager: RealService;
  let exporter: Awaited<ReturnType<typeof startExporter>>;
  beforeAll(async () => {
    exporter = await startExporter();
    [prometheus, alertmanager] = await Promise.all([startPrometheus([exporter.target]), startAlertmanager()]);
    await scraped(prometheus);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([prometheus?.stop(), alertmanager?.stop(), exporter?.stop()]);
  });

  it('passes an empty answer, fails on series (with them), and holds on an error or no answer', async () => {
    const gates = new PrometheusGates(prometheus.url, ['ferry_test_unhealthy > 0', 'rate(', 'vector(1)']);
    exporter.set(0);
    let [healthy, broken, scalar] = await gates.evaluate();
    expect(healthy).toMatchObject({ verdict: 'pass' });
    expect(broken).toMatchObject({
      verdict: 'unknown',
      trouble: {
        code: 'error-answer',
        prometheus: prometheus.url.replace('http://', ''),
        status: 400,
        errorType: 'bad_data',
        error: expect.stringMatching(/parse error/),
      },
    });
    expect(scalar).toMatchObject({ verdict: 'fail', total: 1 });
    exporter.set(3);
    await expect
      .poll(async () => (await gates.evaluate())[0]?.verdict, { timeout: 10_000, interval: 300 })
      .toBe('fail');
    [healthy] = await gates.evaluate();
    expect(healthy).toMatchObject({
      verdict: 'fail',
      total: 1,
      series: [{ labels: { __name__: 'ferry_test_unhealthy', check: 'ceph', job: 'gate' }, value: '3' }],
    });
    console.log(`gate evaluated in ${healthy?.tookMs} ms`);
    expect(healthy?.tookMs).toBeLessThan(1000);
    const nobody = new PrometheusGates(`http://127.0.0.1:${await freePort()}`, ['up']);
    expect((await nobody.evaluate())[0]).toMatchObject({
      verdict: 'unknown',
      trouble: { code: 'unreachable', cause: 'ECONNREFUSED' },
    });
  });

  it('creates a silence for the host, finds it by its comment, extends and expires it', async () => {
    const silences = new AlertmanagerSilences(
      alertmanager.url,
      parseSilenceMatchers('instance=~"{host}.*"'),
      60_000,
    );
    const id = await silences.create('compute2.lab', 'Ferry drain d-1: compute2.lab out of service');
    const listed = async () =>
      (await (await fetch(`${alertmanager.url}/api/v2/silences`)).json()) as {
        id: string;
        status: { state: string };
        matchers: { name: string; value: string; isRegex: boolean }[];
        endsAt: string;
      }[];
    const created = (await listed()).find((s) => s.id === id);
    expect(created?.status.state).toBe('active');
    expect(created?.matchers).toEqual([
      { name: 'instance', value: 'compute2\\.lab.*', isRegex: true, isEqual: true },
    ]);
    expect(await silences.find('compute2.lab', 'Ferry drain d-1: compute2.lab out of service')).toMatchObject(
      {
        id,
        state: 'active',
      },
    );
    expect(await silences.find('compute2.lab', 'Ferry drain d-2: compute2.lab out of service')).toBeNull();
    const extended = await silences.extend(
      id,
      'compute2.lab',
      'Ferry drain d-1: compute2.lab out of service',
    );
    const after = (await listed()).find((s) => s.id === extended);
    expect(Date.parse(after?.endsAt ?? '')).toBeGreaterThanOrEqual(Date.parse(created?.endsAt ?? ''));
    await silences.expire(extended);
    expect((await listed()).find((s) => s.id === extended)?.status.state).toBe('expired');
    // expiring one already expired holds
    await silences.expire(extended);
    expect(await silences.find('compute2.lab', 'Ferry drain d-1: compute2.lab out of service')).toBeNull();
  });
});
