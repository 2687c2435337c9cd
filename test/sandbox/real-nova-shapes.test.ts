import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/**
 * The sandbox must answer in the shapes a real Nova 26 (Zed) answered on this kind of machine
 * (shared/real-openstack/evidence, copied to test/fixtures/real-nova): same keys, same JSON types.
 */

function evidence(name: string): unknown {
  const text = readFileSync(new URL(`../fixtures/real-nova/${name}`, import.meta.url), 'utf8');
  return JSON.parse(
    text
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n'),
  );
}

type Json = Record<string, unknown>;

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Keys and value types, two levels deep; null on either side matches anything (absent data). */
function shape(value: unknown, depth = 2): unknown {
  if (Array.isArray(value)) return value.length && depth > 0 ? [shape(value[0], depth)] : [];
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Json)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, inner]) => [
          key,
          depth > 0 && inner && typeof inner === 'object' ? shape(inner, depth - 1) : kind(inner),
        ]),
    );
  }
  return kind(value);
}

function compare(real: unknown, ours: unknown, path = '$'): string[] {
  if (kind(real) === 'null' || kind(ours) === 'null') return [];
  if (kind(real) !== kind(ours)) return [`${path}: real ${kind(real)}, sandbox ${kind(ours)}`];
  if (Array.isArray(real)) {
    return real.length && (ours as unknown[]).length
      ? compare(real[0], (ours as unknown[])[0], `${path}[0]`)
      : [];
  }
  if (real && typeof real === 'object') {
    const a = real as Json;
    const b = ours as Json;
    const problems = [
      ...Object.keys(a)
        .filter((key) => !(key in b))
        .map((key) => `${path}.${key}: missing in sandbox`),
      ...Object.keys(b)
        .filter((key) => !(key in a))
        .map((key) => `${path}.${key}: not in real Nova`),
    ];
    for (const key of Object.keys(a))
      if (key in b) problems.push(...compare(a[key], b[key], `${path}.${key}`));
    return problems;
  }
  return [];
}

let fx: SandboxFixture;
let token: string;
let computeUrl: string;
let placementUrl: string;

async function get(url: string, version: string): Promise<unknown> {
  const header = version.startsWith('placement') ? version : `compute ${version}`;
  const response = await fetch(url, { headers: { 'X-Auth-Token': token, 'OpenStack-API-Version': header } });
  expect(response.status).toBe(200);
  return response.json();
}

beforeAll(async () => {
  fx = await sandboxFixture();
  token = await fx.clients.session.token();
  computeUrl = await fx.clients.session.endpoint('compute');
  placementUrl = await fx.clients.session.endpoint('placement');
  // a live migration in flight, and history, so every list has entries
  const nova = fx.clients.nova;
  const server = await nova.findServer('cache-1');
  await nova.liveMigrate(server.id, { host: 'compute1', blockMigration: 'auto' });
  fx.clock.advance(5_000);
});
afterAll(async () => {
  await fx.close();
});

describe('sandbox responses have the shapes real Nova answered', () => {
  const id = () => fx.sandbox.cloud.resolveServer('cache-1').id;

  it('server show (2.93)', async () => {
    expect(
      compare(
        shape(evidence('10-server-show-vm1.json')),
        shape(await get(`${computeUrl}/servers/${id()}`, '2.93')),
      ),
    ).toEqual([]);
  });

  it('in-progress server migrations (2.93)', async () => {
    const ours = await get(`${computeUrl}/servers/${id()}/migrations`, '2.93');
    expect(compare(shape(evidence('14-server-migrations-in-progress.json')), shape(ours))).toEqual([]);
    const mid = ((ours as { migrations: Json[] }).migrations[0] as Json).id;
    const one = await get(`${computeUrl}/servers/${id()}/migrations/${mid}`, '2.93');
    expect(compare(shape(evidence('15-server-migration-show.json')), shape(one))).toEqual([]);
  });

  it('os-migrations (2.93)', async () => {
    fx.clock.advance(10 * 60_000);
    const ours = await get(`${computeUrl}/os-migrations?instance_uuid=${id()}`, '2.93');
    expect(compare(shape(evidence('18-os-migrations-vm1.json')), shape(ours))).toEqual([]);
  });

  it('instance actions, list and show with events (2.93)', async () => {
    const list = (await get(`${computeUrl}/servers/${id()}/os-instance-actions`, '2.93')) as {
      instanceActions: Json[];
    };
    expect(compare(shape(evidence('19-instance-actions-vm1.json')), shape(list))).toEqual([]);
    const requestId = (list.instanceActions[0] as Json).request_id;
    const one = await get(`${computeUrl}/servers/${id()}/os-instance-actions/${requestId}`, '2.93');
    expect(compare(shape(evidence('20-instance-action-live-migration-events.json')), shape(one))).toEqual([]);
  });

  it('hypervisors at 2.93 and 2.87', async () => {
    expect(
      compare(
        shape(evidence('03-os-hypervisors-detail.json')),
        shape(await get(`${computeUrl}/os-hypervisors/detail`, '2.93')),
      ),
    ).toEqual([]);
    expect(
      compare(
        shape(evidence('08-os-hypervisors-detail-2.87.json')),
        shape(await get(`${computeUrl}/os-hypervisors/detail`, '2.87')),
      ),
    ).toEqual([]);
  });

  it('services (2.93)', async () => {
    expect(
      compare(
        shape(evidence('48-os-services-final.json')),
        shape(await get(`${computeUrl}/os-services`, '2.93')),
      ),
    ).toEqual([]);
  });

  it('placement usages and inventories', async () => {
    const provider = (await fx.clients.nova.listHypervisors())[0]?.id;
    expect(
      compare(
        shape(evidence('23-placement-usages-compute1.json')),
        shape(await get(`${placementUrl}/resource_providers/${provider}/usages`, 'placement 1.39')),
      ),
    ).toEqual([]);
    expect(
      compare(
        shape(evidence('24-placement-inventories-compute2.json')),
        shape(await get(`${placementUrl}/resource_providers/${provider}/inventories`, 'placement 1.39')),
      ),
    ).toEqual([]);
  });
});
