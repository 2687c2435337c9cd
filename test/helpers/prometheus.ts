import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.ts';

/** Debian's prometheus and prometheus-alertmanager (test/monitoring, the gate and silence flows). */
export const hasPrometheus =
  existsSync('/usr/bin/prometheus') && existsSync('/usr/bin/prometheus-alertmanager');

// CI sets FERRY_REQUIRE_PROMETHEUS so that missing packages fail loudly instead of skipping.
if (process.env.FERRY_REQUIRE_PROMETHEUS && !hasPrometheus)
  throw new Error(
    'FERRY_REQUIRE_PROMETHEUS is set but Prometheus is not installed (apt-get install prometheus prometheus-alertmanager)',
  );

export interface RealService {
  url: string;
  stop(): Promise<void>;
}

async function ready(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url} exited: ${output()}`);
    const ok = await fetch(`${url}/-/ready`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} never became ready: ${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function launch(bin: string, args: string[], dir: string, url: string): Promise<RealService> {
  const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-4000);
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return ready(url, child, () => err).then(
    () => ({ url, stop }),
    async (error) => {
      await stop();
      throw error;
    },
  );
}

/** Prometheus on a loopback port scraping `targets` (host:port) every second, its TSDB in a temporary directory. */
export async function startPrometheus(targets: string[]): Promise<RealService> {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-prom-'));
  const port = await freePort();
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: gate',
      '    static_configs:',
      `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`,
      '',
    ].join('\n'),
  );
  return launch(
    '/usr/bin/prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
    ],
    dir,
    `http://127.0.0.1:${port}`,
  );
}

/** Alertmanager on a loopback port, no cluster, one receiver that sends nothing. */
export async function startAlertmanager(): Promise<RealService> {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-am-'));
  const port = await freePort();
  const config = join(dir, 'alertmanager.yml');
  writeFileSync(config, ['route:', '  receiver: none', 'receivers:', '  - name: none', ''].join('\n'));
  return launch(
    '/usr/bin/prometheus-alertmanager',
    [
      `--config.file=${config}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    dir,
    `http://127.0.0.1:${port}`,
  );
}

/** A tiny exporter the test controls: GET /metrics answers `ferry_test_unhealthy <value>`. */
export async function startExporter(): Promise<{
  target: string;
  set(value: number): void;
  stop(): Promise<void>;
}> {
  let value = 0;
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(`# TYPE ferry_test_unhealthy gauge\nferry_test_unhealthy{check="ceph"} ${value}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    target: `127.0.0.1:${port}`,
    set: (next) => {
      value = next;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Waits until Prometheus has scraped the exporter (`up` is 1): before it, every gate would be empty. */
export async function scraped(prometheus: RealService): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const answer = (await fetch(
      `${prometheus.url}/api/v1/query?query=${encodeURIComponent('up{job="gate"} == 1')}`,
    )
      .then((r) => r.json())
      .catch(() => null)) as { data?: { result?: unknown[] } } | null;
    if (answer?.data?.result?.length) return;
    if (Date.now() > deadline) throw new Error('Prometheus never scraped the exporter');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A silence as Alertmanager's /api/v2/silences lists it (the fields the tests read). */
export interface ListedSilence {
  id: string;
  status: { state: string };
  comment: string;
  endsAt: string;
  matchers: { name: string; value: string }[];
}

/** The silences Ferry made for `host` (its comment ends so), as Alertmanager lists them, any state. */
export async function silencesOf(alertmanager: RealService, host: string): Promise<ListedSilence[]> {
  const listed = (await (await fetch(`${alertmanager.url}/api/v2/silences`)).json()) as ListedSilence[];
  return listed.filter((s) => s.comment.endsWith(`: ${host} out of service`));
}

/** The silences of `host` Alertmanager holds active now. */
export async function activeSilences(alertmanager: RealService, host: string): Promise<ListedSilence[]> {
  return (await silencesOf(alertmanager, host)).filter((s) => s.status.state === 'active');
}

/** Polls an asynchronous condition (slack.ts's waitFor takes synchronous ones). */
export async function untilAsync(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
