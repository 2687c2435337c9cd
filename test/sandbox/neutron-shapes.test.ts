import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { recordedBody } from '../helpers/shapes.ts';

/** The sandbox's Neutron answers have the keys and value types of the lab's (Neutron, Zed, ML2). */

const recorded = (file: string) =>
  recordedBody(readFileSync(new URL(`../fixtures/real-neutron/${file}`, import.meta.url), 'utf8')) as {
    ports: Record<string, unknown>[];
  };

const typed = (port: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(port)
      .map(([key, value]) => [key, Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value])
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

async function ports(query: string): Promise<Record<string, unknown>[]> {
  const token = await fx.clients.session.token();
  const base = await fx.clients.session.endpoint('network');
  const answer = await fetch(`${base}/v2.0/ports?${query}`, { headers: { 'X-Auth-Token': token } });
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { ports: Record<string, unknown>[] }).ports;
}

describe("the sandbox's Neutron ports, as the lab answered", () => {
  it('a port of a server has exactly the recorded keys, each of the recorded type', async () => {
    const [real] = recorded('52-ports-device-id.json').ports;
    const server = fx.sandbox.cloud.resolveServer('server-x');
    const [ours] = await ports(`device_id=${server.id}`);
    expect(typed(ours as Record<string, unknown>)).toEqual(typed(real as Record<string, unknown>));
  });

  it('repeated device_id filters answer any of them, and fields= trims to exactly those keys', async () => {
    const real = recorded('53-ports-bulk-by-devices.json').ports;
    const a = fx.sandbox.cloud.resolveServer('server-x').id;
    const b = fx.sandbox.cloud.resolveServer('web-1').id;
    const fields = ['id', 'device_id', 'binding:vnic_type', 'binding:host_id', 'status'];
    const ours = await ports(
      [
        `device_id=${a}`,
        `device_id=${b}`,
        'device_id=no-such-server',
        ...fields.map((f) => `fields=${f}`),
      ].join('&'),
    );
    expect(new Set(ours.map((p) => p.device_id))).toEqual(new Set([a, b]));
    for (const port of ours) expect(typed(port)).toEqual(typed(real[0] as Record<string, unknown>));
  });
});
