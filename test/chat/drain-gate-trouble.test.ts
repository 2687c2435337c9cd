import { createServer, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertmanagerSilences } from '../../src/monitoring/alertmanager.ts';
import { PrometheusGates } from '../../src/monitoring/prometheus.ts';
import { parseSilenceMatchers } from '../../src/monitoring/settings.ts';
import { compute4Back } from '../faults/drain-run.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { freePort } from '../helpers/ports.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * Operator trial (session 19): a gate whose Prometheus could not be asked held the drain, but its
 * thread named neither where Prometheus was asked nor why there was no answer, and the drain's own
 * message still said "Draining". Now the thread says host:port (never the URL's path or query) and
 * the cause, escaped for Slack, and the message says which health gate holds it.
 */

let fx: SandboxFixture;
let slack: SlackHarness;
let server: Server | undefined;
beforeEach(async () => {
  fx = await sandboxFixture();
  compute4Back(fx);
});
afterEach(async () => {
  await slack?.stop();
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  await fx.close();
});

const { drainMessage, current, threadText, drainOf, serviceOf, approve } = drainFlowHelpers(() => ({
  fx,
  slack,
}));

/** A drain of compute2 gated by `gates`, approved; waits for the step held. */
async function heldDrain(gates: PrometheusGates) {
  slack = await slackHarness(fx, { monitoring: { gates } });
  await slack.command('U_ALICE', '/drain', 'compute2');
  const parent = await drainMessage();
  await approve(parent);
  await waitFor(() => threadText(parent).includes('Step 1 waits: health gates'), 'the step held', 20_000);
  return parent;
}

/**
 * A Prometheus that answers each query as the test says: `slow` never, `broken` HTTP 503 with an
 * error naming Slack's specials.
 */
async function oddPrometheus(): Promise<string> {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      const query = new URLSearchParams(body).get('query');
      if (query === 'slow') return; // never answered
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ status: 'error', errorType: 'unavailable', error: '<!channel> *overloaded* & <b>' }),
      );
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

describe('a drain held by a gate whose Prometheus gives no verdict', () => {
  it('names where Prometheus was asked (host:port only) and the connection refused, and its message says the gate holds it', async () => {
    const port = await freePort();
    // a path and a query with a token in them: neither reaches Slack
    const parent = await heldDrain(
      new PrometheusGates(`http://127.0.0.1:${port}/prom?token=s3cret`, ['up{job="ceph"} == 0']),
    );
    const thread = threadText(parent);
    expect(thread).toContain(
      `❓ \`up{job="ceph"} == 0\`: no verdict (Prometheus at 127.0.0.1:${port} could not be reached: connection refused); unknown is not a pass`,
    );
    expect(thread).not.toContain('s3cret');
    expect(thread).not.toContain('/prom');
    // the drain's own message: held by that gate, not "Draining"
    await waitFor(() => textOf(current(parent)).includes('Held by a health gate'), 'the message held');
    const message = textOf(current(parent));
    expect(message).toContain(
      '🚦 *Held by a health gate* before step 1: no verdict for `up{job="ceph"} == 0` (Prometheus did not answer as asked; the thread says why); Ferry goes on by itself once it passes, or on-call presses Resume anyway in the thread · Approved by',
    );
    expect(message).not.toContain('Draining');
    expect(message).not.toContain('s3cret');
    expect(serviceOf('compute2').status).toBe('enabled');
    expect(drainOf().drain.gate?.results).toMatchObject([
      {
        verdict: 'unknown',
        trouble: { code: 'unreachable', prometheus: `127.0.0.1:${port}`, cause: 'ECONNREFUSED' },
      },
    ]);
  });

  it('says a timeout and an HTTP status with Prometheus’ own error, escaped; the message names both gates', async () => {
    const url = await oddPrometheus();
    const at = url.replace('http://', '');
    const parent = await heldDrain(new PrometheusGates(url, ['slow', 'broken'], 500));
    const thread = threadText(parent);
    expect(thread).toContain(`❓ \`slow\`: no verdict (Prometheus at ${at} did not answer within 0.5 s)`);
    expect(thread).toContain(
      `❓ \`broken\`: no verdict (Prometheus at ${at} answered HTTP 503: unavailable: &lt;!channel&gt; *overloaded* &amp; &lt;b&gt;)`,
    );
    expect(thread).not.toContain('<!channel>');
    await waitFor(() => textOf(current(parent)).includes('Held by 2 health gates'), 'the message held');
    expect(textOf(current(parent))).toContain(
      '🚦 *Held by 2 health gates* before step 1: no verdict for `slow`, `broken` (Prometheus did not answer as asked; the thread says why);',
    );
    expect(textOf(current(parent))).not.toContain('Draining');
  });
});

describe('a drain planned while its Prometheus or Alertmanager does not answer', () => {
  it('warns in the plan, in plain words (a port fetch refuses, a refused connection), before anyone approves', async () => {
    const port = await freePort();
    slack = await slackHarness(fx, {
      monitoring: {
        // port 1 is on fetch's list of ports browsers block: undici says "fetch failed", cause "bad port"
        gates: new PrometheusGates('http://127.0.0.1:1', ['up == 0']),
        silences: new AlertmanagerSilences(
          `http://127.0.0.1:${port}`,
          parseSilenceMatchers('instance=~"{host}.*"'),
          300_000,
        ),
      },
    });
    await slack.command('U_ALICE', '/drain', 'compute2 --dry-run');
    const plan = await waitFor(
      () => slack.fake.messages.find((m) => m.text.startsWith('Drain plan')),
      'the drain plan',
    );
    const said = textOf(plan);
    expect(said).toContain(
      "⚠️ No verdict now for `up == 0`: Prometheus at 127.0.0.1:1 could not be reached: Ferry's HTTP client refuses that port (it is on the list of ports browsers block): give the service's real port. Approved as it is, the drain would hold before its first step until Prometheus answers (or on-call presses Resume anyway).",
    );
    expect(said).toContain(
      `⚠️ Alertmanager at http://127.0.0.1:${port} did not answer: connection refused. Approved as it is, hosts would go out of service without their alert silence until it answers (Ferry tries again at each look).`,
    );
    expect(said).not.toContain('fetch failed');
    expect(said).not.toContain('bad port');
  });

  it('says the warnings to the approver too, escaped: in the drain message, its Approve question pointing at them', async () => {
    const port = await freePort();
    slack = await slackHarness(fx, {
      monitoring: {
        gates: new PrometheusGates('http://127.0.0.1:1', ['up{job="<node>"} < 1']),
        silences: new AlertmanagerSilences(
          `http://127.0.0.1:${port}`,
          parseSilenceMatchers('instance=~"{host}.*"'),
          300_000,
        ),
      },
    });
    await slack.command('U_ALICE', '/drain', 'compute2');
    const parent = await drainMessage();
    const said = textOf(current(parent));
    expect(said).toContain(
      '⚠️ No verdict now for `up{job="&lt;node&gt;"} &lt; 1`: Prometheus at 127.0.0.1:1 could not be reached',
    );
    expect(said).toContain(
      `⚠️ Alertmanager at http://127.0.0.1:${port} did not answer: connection refused. Approved as it is, hosts would go out of service without their alert silence until it answers`,
    );
    expect(JSON.stringify(current(parent).blocks)).toContain(
      "⚠️ 2 plan warnings, listed in the drain's message. Disable and empty `compute2`",
    );
    expect(drainOf().drain.warnings?.unanswered?.map((gate) => gate.query)).toEqual(['up{job="<node>"} < 1']);
  });
});
