import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { FakeClock } from '../../src/clock.ts';
import { FerryMetrics } from '../../src/metrics.ts';
import { createOpenStackClients } from '../../src/openstack/client.ts';
import { loadCloudConfig } from '../../src/openstack/cloud-config.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

let fx: SandboxFixture;
let slack: SlackHarness | undefined;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack?.stop();
  slack = undefined;
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

describe('GET /metrics', () => {
  it('counts a completed and a failed migration, their approvals, commands and Slack calls', async () => {
    const harness = await slackHarness(fx);
    slack = harness;
    applyFault(fx.sandbox.cloud, { type: 'fail-migration', server: 'cache-1', stage: 'driver-error' });
    for (const [server, destination, ends] of [
      ['server-x', 'compute2', 'Completed'],
      ['cache-1', 'compute1', 'Failed'],
    ] as const) {
      await harness.command('U_ALICE', '/migrate', `${server} to ${destination}`);
      const parent = await waitFor(
        () => harness.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.includes(server)),
        `${server}'s request`,
      );
      await harness.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
      await waitFor(
        () => harness.fake.threadOf(CHANNEL, parent.ts).some((m: StoredMessage) => textOf(m).includes(ends)),
        `${server}'s outcome`,
        15_000,
      );
    }
    await harness.command('U_ALICE', '/migrate', 'help');
    await waitFor(() => harness.privately('U_ALICE').includes('Usage'), 'help');

    const response = await fetch(`${harness.statusUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(sample(text, 'ferry_commands_total', { command: '/migrate', kind: 'move' })).toBe(2);
    expect(sample(text, 'ferry_commands_total', { command: '/migrate', kind: 'help' })).toBe(1);
    expect(sample(text, 'ferry_decisions_total', { decision: 'approved', kind: 'move' })).toBe(2);
    expect(sample(text, 'ferry_migrations_started_total', { mode: 'live' })).toBe(2);
    expect(sample(text, 'ferry_migrations_ended_total', { mode: 'live', outcome: 'completed' })).toBe(1);
    expect(sample(text, 'ferry_migrations_ended_total', { mode: 'live', outcome: 'failed' })).toBe(1);
    expect(
      sample(text, 'ferry_migration_duration_seconds_count', { mode: 'live', outcome: 'completed' }),
    ).toBe(1);
    expect(sample(text, 'ferry_precondition_evaluation_seconds_count', { command: '/migrate' })).toBe(2);
    expect(sample(text, 'ferry_migrations_running', { mode: 'live' })).toBe(0);
    expect(sample(text, 'ferry_requests_pending')).toBe(0);
    expect(sample(text, 'ferry_slack_api_calls_total', { method: 'chat.postMessage', status: '200' })).toBe(
      harness.fake.callsOf('chat.postMessage').length,
    );
    expect(text).toContain('ferry_process_resident_memory_bytes');
  });

  it('counts Slack rate limits with the wait Slack asked for', async () => {
    const harness = await slackHarness(fx);
    slack = harness;
    harness.fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    await harness.command('U_ALICE', '/migrate', 'server-x to compute2');
    await waitFor(() => harness.fake.messages.some((m) => m.text.includes('server-x')), 'the request');
    const text = await (await fetch(`${harness.statusUrl}/metrics`)).text();
    expect(sample(text, 'ferry_slack_rate_limited_total', { method: 'chat.postMessage' })).toBe(1);
    expect(sample(text, 'ferry_slack_rate_limit_wait_seconds_total', { method: 'chat.postMessage' })).toBe(1);
  });

  it('counts cloud requests by service and status, and requests that got no answer', async () => {
    const metrics = new FerryMetrics({ store: LowdbStore.memory(), clock: new FakeClock() });
    const config = loadCloudConfig(fx.sandbox.env, { cwd: '/nonexistent', home: '/nonexistent' });
    if (!config) throw new Error('no cloud config');
    const clients = createOpenStackClients(config, {
      clock: new FakeClock(),
      retries: 0,
      observe: (service, status) => metrics.cloudRequest(service, status),
    });
    await clients.nova.negotiate();
    await expect(clients.nova.getServer('no-such-server')).rejects.toThrow();
    await fx.sandbox.close();
    await expect(clients.nova.getServer('no-such-server')).rejects.toThrow();
    const { body } = await metrics.text();
    expect(sample(body, 'ferry_cloud_requests_total', { service: 'compute', status: '200' })).toBeGreaterThan(
      0,
    );
    expect(sample(body, 'ferry_cloud_requests_total', { service: 'compute', status: '404' })).toBe(1);
    expect(sample(body, 'ferry_cloud_request_errors_total', { service: 'compute', status: '404' })).toBe(1);
    expect(
      sample(body, 'ferry_cloud_request_errors_total', { service: 'compute', status: 'unreachable' }),
    ).toBe(1);
    expect(sample(body, 'ferry_cloud_requests_total', { service: 'identity', status: '201' })).toBe(1);
  });

  it('names only metrics Ferry exports in the Grafana dashboard and the alert rules', async () => {
    const { body } = await new FerryMetrics({ store: LowdbStore.memory(), clock: new FakeClock() }).text();
    const exported = new Set([...body.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]));
    const dashboard = readFileSync(new URL('../../dashboards/ferry.json', import.meta.url), 'utf8');
    const rules = parse(
      readFileSync(new URL('../../dashboards/ferry-alerts.yaml', import.meta.url), 'utf8'),
    ) as {
      groups: { rules: { alert: string; expr: string }[] }[];
    };
    const expressions = [
      ...(JSON.parse(dashboard).panels as { targets: { expr: string }[] }[]).flatMap((p) =>
        p.targets.map((t) => t.expr),
      ),
      ...rules.groups.flatMap((g) => g.rules.map((r) => r.expr)),
    ];
    const named = new Set(expressions.flatMap((expr) => expr.match(/\bferry_[a-z_]+/g) ?? []));
    expect(named.size).toBeGreaterThan(10);
    for (const name of named) expect(exported, name).toContain(name.replace(/_(bucket|count|sum)$/, ''));
    expect(rules.groups[0]?.rules.map((r) => r.alert)).toContain('FerryNotScraped');
  });
});
