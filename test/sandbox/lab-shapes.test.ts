import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labRecordings } from '../helpers/lab-evidence.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { check, learn, widen } from '../helpers/shapes.ts';

/**
 * The sandbox's migration records against the lab's (test/fixtures/lab-migrations, recorded from a
 * real Nova 26 with the libvirt driver moving QEMU guests: scripts/lab/record-migrations.ts): a live
 * block migration from accepted to completed, an abort, a Force complete (post-copy), a cold
 * migration confirmed and one reverted. Every answer the sandbox gives over the same moves has
 * exactly the keys and JSON types the lab's answers had, at every state: none the evidence lacks,
 * none missing.
 */

const ENDPOINTS = ['os-migrations', 'server migrations', 'server migration'] as const;
type Endpoint = (typeof ENDPOINTS)[number];

let fx: SandboxFixture;
let token: string;
let compute: string;
/** by endpoint and kind of move: a live record's fields differ from a cold one's (dest_host) */
const answers = new Map<string, unknown[]>();
const kindOf = (type: string | undefined) => (type === 'live-migration' ? 'live' : 'cold');
const statuses = new Map<string, number[]>();
/** the answer's status of GET /servers/{id}/migrations/{id}, by the record's status at the time */
const detailCodes = new Map<string, Set<number>>();

async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${compute}${path}`, {
    method,
    headers: {
      'X-Auth-Token': token,
      'OpenStack-API-Version': 'compute 2.93',
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const idOf = (name: string) => fx.sandbox.cloud.resolveServer(name).id;

/** What the recorder reads each second: the record, and while live and in progress, the detail. */
async function poll(server: string): Promise<string> {
  const id = idOf(server);
  const list = await call('GET', `/os-migrations?instance_uuid=${id}`);
  const latest = (
    list.body as { migrations: { id: number; status: string; migration_type: string }[] }
  ).migrations.sort((a, b) => b.id - a.id)[0];
  const key = `os-migrations ${kindOf(latest?.migration_type)}`;
  answers.set(key, [...(answers.get(key) ?? []), list.body]);
  if (latest?.migration_type === 'live-migration') {
    const inProgress = await call('GET', `/servers/${id}/migrations`);
    answers.set('server migrations live', [
      ...(answers.get('server migrations live') ?? []),
      inProgress.body,
    ]);
    const one = await call('GET', `/servers/${id}/migrations/${latest.id}`);
    detailCodes.set(latest.status, (detailCodes.get(latest.status) ?? new Set()).add(one.status));
    if (one.status === 200)
      answers.set('server migration live', [...(answers.get('server migration live') ?? []), one.body]);
  }
  return latest?.status ?? '';
}

async function act(what: string, method: string, path: string, body?: unknown): Promise<void> {
  const { status } = await call(method, path, body);
  statuses.set(what, [...(statuses.get(what) ?? []), status]);
}

/** Polls once a (fake) second until the record reaches one of `ends`. */
async function until(server: string, ends: string[], onEach?: (status: string, t: number) => Promise<void>) {
  for (let t = 0; t < 3_600; t++) {
    const status = await poll(server);
    if (ends.includes(status)) return;
    await onEach?.(status, t);
    fx.clock.advance(1_000);
  }
  throw new Error(`${server} never reached ${ends.join('/')}`);
}

const live = (server: string, host: string) =>
  act('live migrate', 'POST', `/servers/${idOf(server)}/action`, {
    'os-migrateLive': { host, block_migration: 'auto' },
  });
const runningId = async (server: string) =>
  ((await call('GET', `/servers/${idOf(server)}/migrations`)).body as { migrations: { id: number }[] })
    .migrations[0]?.id;

beforeAll(async () => {
  fx = await sandboxFixture();
  token = await fx.clients.session.token();
  compute = await fx.clients.session.endpoint('compute');

  // a live block migration, accepted to completed
  await live('cache-1', 'compute1');
  await until('cache-1', ['completed', 'error', 'failed']);
  // aborted while running
  await live('server-x', 'compute2');
  let aborted = false;
  await until('server-x', ['cancelled', 'completed', 'error'], async (status, t) => {
    if (status === 'running' && t >= 3 && !aborted) {
      aborted = true;
      await act('abort', 'DELETE', `/servers/${idOf('server-x')}/migrations/${await runningId('server-x')}`);
    }
  });
  // never converging, then Force complete: post-copy
  fx.sandbox.cloud.setDirtyRatio('ledger', 1.2);
  // capped as the lab is (at a tenth of its bytes), so that post-copy lasts long enough to be polled
  const ledgerHost = fx.sandbox.cloud.hostOrThrow(fx.sandbox.cloud.resolveServer('ledger').host);
  Object.assign(ledgerHost.novaConf, { bandwidthBytesPerSecond: 30 * 1024 * 1024, permitPostCopy: true });
  await live('ledger', 'compute2');
  let forced = false;
  await until('ledger', ['completed', 'error', 'cancelled'], async (status, t) => {
    if (status === 'running' && t >= 20 && !forced) {
      forced = true;
      await act(
        'force complete',
        'POST',
        `/servers/${idOf('ledger')}/migrations/${await runningId('ledger')}/action`,
        {
          force_complete: null,
        },
      );
    }
  });
  // cold, confirmed and reverted
  for (const [server, host, resolve] of [
    ['db-replica', 'compute1', { confirmResize: null }],
    ['web-1', 'compute3', { revertResize: null }],
  ] as const) {
    await act('cold migrate', 'POST', `/servers/${idOf(server)}/action`, { migrate: { host } });
    await until(server, ['finished', 'error']);
    const what = 'confirmResize' in resolve ? 'confirm' : 'revert';
    await act(what, 'POST', `/servers/${idOf(server)}/action`, resolve);
    await until(server, ['confirmed', 'reverted', 'error']);
  }
});

afterAll(async () => {
  await fx?.close();
});

describe("the sandbox's migration records have the lab's shapes", () => {
  const recordings = labRecordings();

  it('has the lab recordings to learn from', () => {
    expect([...new Set(recordings.map((r) => r.scenario))].sort()).toEqual([
      'abort',
      'cold-confirm',
      'cold-revert',
      'force',
      'live',
    ]);
  });

  const kinds = [
    ...ENDPOINTS.map((endpoint) => [endpoint, 'live'] as const),
    ['os-migrations', 'cold'] as const,
  ];
  for (const [endpoint, kind] of kinds) {
    it(`${endpoint} (${kind}): every key and type at every state, none missing, none extra`, () => {
      const lab = recordings
        .filter((r) => kindOf(r.scenario.startsWith('cold') ? 'migration' : 'live-migration') === kind)
        .flatMap((r) => r.samples.filter((s) => s.what === endpoint && s.status === 200).map((s) => s.body));
      expect(lab.length, `the lab recorded ${endpoint}`).toBeGreaterThan(0);
      const shape = learn(lab);
      // nova/conductor/tasks/migrate.py _preallocate_migration creates a cold record `pre-migrating`
      // without a destination; the destination's claim (resource_tracker) fills it a moment later,
      // before the lab's once-a-second poll saw it
      if (kind === 'cold')
        for (const field of ['dest_compute', 'dest_node', 'dest_host'])
          widen(shape, `$.migrations[].${field}`, [null]);
      const ours = answers.get(`${endpoint} ${kind}`) ?? [];
      expect(ours.length, `the scenario sampled ${endpoint}`).toBeGreaterThan(0);
      const problems = new Set(ours.flatMap((answer) => check(shape, answer)));
      expect([...problems]).toEqual([]);
    });
  }

  it('answers the actions with the statuses the lab got', () => {
    const lab = new Map<string, Set<number>>();
    for (const r of recordings)
      for (const s of r.samples.filter((x) => !ENDPOINTS.includes(x.what as Endpoint) && x.what !== 'server'))
        if (s.what !== 'libvirt domjobinfo') lab.set(s.what, (lab.get(s.what) ?? new Set()).add(s.status));
    for (const [what, seen] of lab) {
      const ours = statuses.get(what) ?? [];
      expect(ours.length, `the scenario did ${what}`).toBeGreaterThan(0);
      for (const status of ours)
        expect(seen.has(status), `${what}: sandbox ${status}, lab ${[...seen]}`).toBe(true);
    }
  });

  it('shows an in-progress migration in the states the lab did (not accepted, not post-copy)', () => {
    const lab = new Map<string, Set<number>>();
    for (const r of recordings) {
      let record = '';
      for (const s of r.samples) {
        if (s.what === 'os-migrations')
          record = ((s.body as { migrations: { status: string }[] }).migrations[0]?.status as string) ?? '';
        if (s.what === 'server migration' && record)
          lab.set(record, (lab.get(record) ?? new Set()).add(s.status));
      }
    }
    expect(lab.get('running (post-copy)')).toEqual(new Set([404]));
    expect([...detailCodes.keys()]).toContain('running (post-copy)');
    for (const [status, codes] of detailCodes)
      if (lab.has(status))
        expect([status, [...codes]]).toEqual([status, [...(lab.get(status) as Set<number>)]]);
  });

  it('fails on a field the lab never answered, and on one missing', () => {
    const lab = recordings.flatMap((r) =>
      r.samples.filter((s) => s.what === 'server migration' && s.status === 200),
    );
    const shape = learn(lab.map((s) => s.body));
    const ours = structuredClone(answers.get('server migration live')?.[0]) as {
      migration: Record<string, unknown>;
    };
    ours.migration.disk_bps = 0;
    delete ours.migration.memory_total_bytes;
    expect(check(shape, ours)).toEqual([
      "$.migration.disk_bps: not in real Nova's answer",
      '$.migration.memory_total_bytes: missing',
    ]);
  });
});
