import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { check, learn, type MapPaths, recordedBody, type Shape, valuesAt, widen } from '../helpers/shapes.ts';
import { ACTIONS, ENDPOINTS, NOT_RELIED_ON } from './recorded-evidence.ts';

/**
 * The sandbox answers in exactly the shapes a real Nova 26 (Zed) and Placement answered
 * (`../shared/real-openstack/evidence`, copied to test/fixtures/real-nova, plus server groups and
 * paged lists recorded from the same control plane): every key at every depth, the JSON type of
 * every value, every array element. Differences are fixed in the sandbox, never in the fixtures.
 */

const FIXTURES = new URL('../fixtures/real-nova/', import.meta.url);
const API_SAMPLES = new URL('../fixtures/api-samples/', import.meta.url);

function recorded(file: string): { status: number; body: unknown } {
  const text = readFileSync(new URL(file, FIXTURES), 'utf8');
  const status = Number(/^# HTTP (\d{3})/m.exec(text)?.[1] ?? 200);
  const json = text
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n')
    .trim();
  return { status, body: json ? recordedBody(text) : null };
}

/** Objects whose keys are data, not fields. */
const MAPS: MapPaths = (path) =>
  /\.(metadata|extra_specs|addresses|rules|inventories|usages|resources|allocations|provider_summaries|mappings)$/.test(
    path,
  );

let fx: SandboxFixture;
let token: string;
let compute: string;
let placement: string;
/** what the sandbox answered, by endpoint, over the scenario below */
const answers = new Map<string, unknown[]>();
const statuses = new Map<string, { status: number; empty: boolean }[]>();

async function call(
  method: string,
  url: string,
  version: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const header = version.startsWith('placement') ? version : `compute ${version}`;
  const response = await fetch(url, {
    method,
    headers: {
      'X-Auth-Token': token,
      'OpenStack-API-Version': header,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** GETs `url` and keeps the answer under `endpoint`. */
async function sample(endpoint: string, url: string, version = '2.93'): Promise<unknown> {
  const { status, body } = await call('GET', url, version);
  expect(status, `${endpoint}: ${JSON.stringify(body)}`).toBe(200);
  answers.set(endpoint, [...(answers.get(endpoint) ?? []), body]);
  return body;
}

/** An action whose answer is a status and (as real Nova's) an empty body. */
async function act(endpoint: string, method: string, url: string, body: unknown): Promise<void> {
  const answer = await call(method, url, '2.93', body);
  statuses.set(endpoint, [
    ...(statuses.get(endpoint) ?? []),
    { status: answer.status, empty: answer.body === null },
  ]);
}

const serverId = (name: string) => fx.sandbox.cloud.resolveServer(name).id;

beforeAll(async () => {
  fx = await sandboxFixture();
  token = await fx.clients.session.token();
  compute = await fx.clients.session.endpoint('compute');
  placement = await fx.clients.session.endpoint('placement');
  const server = (name: string) => `${compute}/servers/${serverId(name)}`;

  // at rest
  await sample('version', compute);
  await sample('services', `${compute}/os-services`);
  const { hypervisors } = (await sample('hypervisors', `${compute}/os-hypervisors/detail`)) as {
    hypervisors: { id: string }[];
  };
  await sample('hypervisors 2.87', `${compute}/os-hypervisors/detail`, '2.87');
  await sample('hypervisor', `${compute}/os-hypervisors/${hypervisors[0]?.id}`);
  await sample('flavors', `${compute}/flavors/detail`);
  await sample('services', `${compute}/os-services?binary=nova-compute&host=compute1`);
  await sample('servers paged', `${compute}/servers/detail?all_tenants=1&limit=2`);
  await sample('hypervisors paged', `${compute}/os-hypervisors/detail?limit=1`);
  await sample('server', server('server-x'));
  await sample('server', server('vault'));
  await sample('server', server('batch-7'));
  await sample('servers', `${compute}/servers/detail?host=compute1&all_tenants=1`);
  const groups = (await sample('server groups', `${compute}/os-server-groups?all_projects=True`)) as {
    server_groups: { id: string }[];
  };
  await sample('server group', `${compute}/os-server-groups/${groups.server_groups[0]?.id}`);
  const providers = (await sample('providers', `${placement}/resource_providers`, 'placement 1.39')) as {
    resource_providers: { uuid: string }[];
  };
  for (const provider of providers.resource_providers.slice(0, 2)) {
    await sample('usages', `${placement}/resource_providers/${provider.uuid}/usages`, 'placement 1.39');
    await sample(
      'inventories',
      `${placement}/resource_providers/${provider.uuid}/inventories`,
      'placement 1.39',
    );
  }
  await sample('allocations', `${placement}/allocations/${serverId('server-x')}`, 'placement 1.39');
  await sample(
    'allocation candidates',
    `${placement}/allocation_candidates?resources=VCPU:1,MEMORY_MB:512,DISK_GB:1`,
    'placement 1.39',
  );
  await sample('projects', `${await fx.clients.session.endpoint('identity')}/v3/projects`);
  await sample('aggregates', `${compute}/os-aggregates`);

  // a live migration in flight, then done
  await act('live migrate', 'POST', `${server('cache-1')}/action`, {
    'os-migrateLive': { host: 'compute1', block_migration: 'auto' },
  });
  fx.clock.advance(5_000);
  await sample('server', server('cache-1'));
  const inFlight = (await sample('server migrations', `${server('cache-1')}/migrations`)) as {
    migrations: { id: number }[];
  };
  await sample('server migration', `${server('cache-1')}/migrations/${inFlight.migrations[0]?.id}`);
  fx.clock.advance(10 * 60_000);
  await sample('server', server('cache-1'));
  await sample('migrations', `${compute}/os-migrations?instance_uuid=${serverId('cache-1')}`);
  const actions = (await sample('actions', `${server('cache-1')}/os-instance-actions`)) as {
    instanceActions: { request_id: string }[];
  };
  await sample(
    'action',
    `${server('cache-1')}/os-instance-actions/${actions.instanceActions[0]?.request_id}`,
  );

  // aborted, force-completed and failed live migrations
  await act('live migrate', 'POST', `${server('server-x')}/action`, {
    'os-migrateLive': { host: 'compute2', block_migration: 'auto' },
  });
  fx.clock.advance(5_000);
  const running = (await call('GET', `${server('server-x')}/migrations`, '2.93')).body as {
    migrations: { id: number }[];
  };
  await act('abort', 'DELETE', `${server('server-x')}/migrations/${running.migrations[0]?.id}`, undefined);
  fx.clock.advance(60_000);
  await sample('migrations', `${compute}/os-migrations?instance_uuid=${serverId('server-x')}`);
  fx.sandbox.cloud.setDirtyRatio('ledger', 1.2);
  await act('live migrate', 'POST', `${server('ledger')}/action`, {
    'os-migrateLive': { host: 'compute2', block_migration: 'auto' },
  });
  fx.clock.advance(30_000);
  const ledger = (await call('GET', `${server('ledger')}/migrations`, '2.93')).body as {
    migrations: { id: number }[];
  };
  await act('force complete', 'POST', `${server('ledger')}/migrations/${ledger.migrations[0]?.id}/action`, {
    force_complete: null,
  });
  fx.clock.advance(10 * 60_000);
  fx.sandbox.cloud.failNextMigration({ server: 'db-primary', stage: 'pre-live-migration' });
  await act('live migrate', 'POST', `${server('db-primary')}/action`, {
    'os-migrateLive': { host: 'compute2', block_migration: 'auto' },
  });
  fx.clock.advance(5 * 60_000);
  await sample(
    'migrations',
    `${compute}/os-migrations?instance_uuid=${serverId('db-primary')}&migration_type=live-migration`,
  );
  const failed = (await call('GET', `${server('db-primary')}/os-instance-actions`, '2.93')).body as {
    instanceActions: { request_id: string; action: string }[];
  };
  const failedAction = failed.instanceActions.find((a) => a.action === 'live-migration');
  await sample('action', `${server('db-primary')}/os-instance-actions/${failedAction?.request_id}`);

  // a cold migration to VERIFY_RESIZE, confirmed
  await act('cold migrate', 'POST', `${server('db-replica')}/action`, { migrate: { host: 'compute1' } });
  fx.clock.advance(10 * 60_000);
  await sample('server', server('db-replica'));
  await sample('allocations', `${placement}/allocations/${serverId('db-replica')}`, 'placement 1.39');
  await sample(
    'migrations',
    `${compute}/os-migrations?instance_uuid=${serverId('db-replica')}&migration_type=migration`,
  );
  await act('confirm', 'POST', `${server('db-replica')}/action`, { confirmResize: null });
  fx.clock.advance(60_000);
  await sample('migrations', `${compute}/os-migrations?instance_uuid=${serverId('db-replica')}`);
  await sample('migrations', `${compute}/os-migrations`);
  await sample('migrations', `${compute}/os-migrations?limit=2`);

  // nova-compute disabled, enabled, forced down
  const [atRest] = answers.get('services') ?? [];
  const { services } = atRest as { services: { id: string; host: string }[] };
  const compute2 = services.find((s) => s.host === 'compute2')?.id;
  const put = async (body: unknown) => {
    const answer = await call('PUT', `${compute}/os-services/${compute2}`, '2.93', body);
    expect(answer.status).toBe(200);
    answers.set('service update', [...(answers.get('service update') ?? []), answer.body]);
  };
  await put({ status: 'disabled', disabled_reason: 'maintenance by chatops test' });
  await put({ status: 'enabled' });
  await put({ forced_down: true });
  await sample('services', `${compute}/os-services`);
  // a dead host's server rebuilt elsewhere; the record stays `done` until nova-compute there restarts
  await act('evacuate', 'POST', `${server('legacy-app')}/action`, { evacuate: { host: 'compute1' } });
  fx.clock.advance(5_000);
  const evacuations = `${compute}/os-migrations?instance_uuid=${serverId('legacy-app')}&migration_type=evacuation`;
  await sample('migrations', evacuations);
  const refused = await call('PUT', `${compute}/os-services/${compute2}`, '2.93', { forced_down: false });
  expect(refused.status).toBe(400);
  answers.set('service update refused', [refused.body]);
  fx.sandbox.cloud.setServiceDown('compute2', false);
  await sample('migrations', evacuations);
  await put({ forced_down: false });
  await sample('services', `${compute}/os-services`);
});

afterAll(async () => {
  await fx?.close();
});

/**
 * Fields whose type depends on something the control plane could not show (its fake driver reports
 * no byte counters and no destination address; it has no volumes), taken from Nova's API samples
 * (test/fixtures/api-samples, from shared/openstack/api-samples) or, for one, Nova's source.
 */
const WIDER: { endpoint: string; path: string; values: () => unknown[]; source: string }[] = [
  ...['server migrations', 'server migration'].flatMap((endpoint) => {
    const [list, file] =
      endpoint === 'server migrations'
        ? ['$.migrations[]', 'server-migrations-v2.80-migrations-index.json']
        : ['$.migration', 'server-migrations-v2.80-migrations-get.json'];
    return ['dest_host', 'memory_total_bytes', 'memory_processed_bytes', 'memory_remaining_bytes']
      .concat(['disk_total_bytes', 'disk_processed_bytes', 'disk_remaining_bytes'])
      .map((field) => ({
        endpoint,
        path: `${list}.${field}`,
        values: () => valuesAt(apiSample(file), `${list}.${field}`),
        source: file,
      }));
  }),
  ...(
    [
      ['server', '$.server'],
      ['servers', '$.servers[]'],
      ['servers paged', '$.servers[]'],
    ] as const
  ).flatMap(([endpoint, at]) => [
    {
      endpoint,
      path: `${at}.os-extended-volumes:volumes_attached[]`,
      values: () =>
        valuesAt(
          apiSample('servers-v2.96-server-get-resp.json'),
          '$.server.os-extended-volumes:volumes_attached[]',
        ),
      source: 'servers-v2.96-server-get-resp.json',
    },
    {
      // the lab's servers had no ports ({}); each network's addresses as Nova's API sample shows them
      endpoint,
      path: `${at}.addresses`,
      values: () => valuesAt(apiSample('servers-v2.96-server-get-resp.json'), '$.server.addresses'),
      source: 'servers-v2.96-server-get-resp.json',
    },
    {
      endpoint,
      path: `${at}.image`,
      values: () => [''],
      source:
        'nova/api/openstack/compute/views/servers.py _get_image: a server booted from a volume has image ""',
    },
  ]),
];

function apiSample(file: string): unknown {
  return JSON.parse(readFileSync(new URL(file, API_SAMPLES), 'utf8'));
}

function shapeOf(files: string[], endpoint?: string): Shape {
  const shape = learn(
    files.map((file) => recorded(file).body),
    MAPS,
  );
  for (const wider of WIDER.filter((w) => w.endpoint === endpoint)) widen(shape, wider.path, wider.values());
  return shape;
}

describe('the sandbox answers exactly as real Nova and Placement did', () => {
  for (const [endpoint, files] of ENDPOINTS) {
    it(`${endpoint} (${files.map((f) => f.slice(0, 2)).join(', ')})`, () => {
      const ours = answers.get(endpoint) ?? [];
      expect(ours.length, `the scenario sampled ${endpoint}`).toBeGreaterThan(0);
      const shape = shapeOf(files, endpoint);
      expect(ours.flatMap((answer, i) => check(shape, answer, `${endpoint}#${i}`))).toEqual([]);
    });
  }

  for (const [endpoint, files] of ACTIONS) {
    it(`${endpoint}: the same status, no body`, () => {
      const expected = new Set(files.map((file) => recorded(file).status));
      const ours = statuses.get(endpoint) ?? [];
      expect(ours.length).toBeGreaterThan(0);
      for (const answer of ours) {
        expect(expected.has(answer.status), `${endpoint} answered ${answer.status}`).toBe(true);
        expect(answer.empty).toBe(true);
      }
    });
  }

  it('pages as Nova pages: a full page carries the next link', () => {
    const paged = [
      ['servers paged', 'servers_links'],
      ['hypervisors paged', 'hypervisors_links'],
    ] as const;
    for (const [endpoint, links] of paged) expect(answers.get(endpoint)?.[0], endpoint).toHaveProperty(links);
    expect(answers.get('migrations')?.some((answer) => 'migrations_links' in (answer as object))).toBe(true);
  });

  it('covers every recorded answer it does not list on purpose', () => {
    const covered = new Set([...ENDPOINTS, ...ACTIONS].flatMap(([, files]) => files));
    const notRelied = new Set(NOT_RELIED_ON.map(([file]) => file));
    const uncovered = readdirSync(FIXTURES)
      .filter((file) => /^\d\d-.*\.json$/.test(file))
      .filter((file) => !covered.has(file) && !notRelied.has(file));
    expect(uncovered).toEqual([]);
  });
});

describe('the strict comparison', () => {
  it('fails when one value in a sandbox answer changes type', () => {
    const shape = shapeOf(['10-server-show-vm1.json'], 'server');
    const ours = structuredClone(answers.get('server')?.[0]) as { server: Record<string, unknown> };
    expect(check(shape, ours)).toEqual([]);
    ours.server['OS-EXT-STS:power_state'] = '1';
    expect(check(shape, ours)).toEqual([
      '$.server.OS-EXT-STS:power_state: string where real Nova answered number',
    ]);
  });

  it('fails on a key real Nova does not send, at any depth, and on one missing', () => {
    const shape = shapeOf(['20-instance-action-live-migration-events.json']);
    const ours = structuredClone(answers.get('action')?.[0]) as {
      instanceAction: { events: Record<string, unknown>[] };
    };
    const event = ours.instanceAction.events[0] as Record<string, unknown>;
    event.extra = 1;
    delete event.hostId;
    expect(check(shape, ours)).toEqual([
      "$.instanceAction.events[0].extra: not in real Nova's answer",
      '$.instanceAction.events[0].hostId: missing',
    ]);
  });
});
