/**
 * Records the lab's real Nova migration records as they evolve, for the sandbox to learn from
 * (test/fixtures/lab-migrations/*.json; test/sandbox/lab-evidence.test.ts reads them).
 *
 *   source .lab/openrc
 *   flock /tmp/ferry-lab-use.lock npx tsx scripts/lab/record-migrations.ts live server-x
 *
 * Scenarios: `live SERVER` (block migration to completed), `force SERVER` (Force complete after
 * FERRY_RECORD_FORCE_AFTER s, default 15: post-copy), `abort SERVER` (DELETE after
 * FERRY_RECORD_ABORT_AFTER s, default 15: cancelled), `cold-confirm SERVER`, `cold-revert SERVER`.
 * An optional third argument names the destination host (else the first other enabled host).
 * Polls once a second with the microversion Ferry settles on against this lab (2.93): the server's
 * in-progress migration (GET /servers/{id}/migrations/{id}) and its os-migrations record. Keeps each
 * distinct answer (its `updated_at` aside); UUIDs and ids of the lab are replaced by stable ones.
 * Beside Nova's record it keeps libvirt's own figures (`virsh domjobinfo` on the source, inside its
 * namespace; needs root), to show what Nova passes on and what it does not.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { env, token } from './lab-auth.ts';

const VERSION = '2.93';
const NOVA = env('NOVA_URL');

type Json = Record<string, unknown>;
interface Answer {
  status: number;
  body: unknown;
}
interface Sample {
  /** seconds since the request was accepted */
  t: number;
  what: string;
  status: number;
  body: unknown;
}

const auth = await token();
async function nova(method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${NOVA}${path}`, {
    method,
    headers: {
      'X-Auth-Token': auth,
      'OpenStack-API-Version': `compute ${VERSION}`,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed };
}

const [scenario, name, wantedHost] = process.argv.slice(2);
const SCENARIOS = ['live', 'force', 'abort', 'cold-confirm', 'cold-revert'];
if (!scenario || !SCENARIOS.includes(scenario) || !name)
  throw new Error(`usage: record-migrations.ts ${SCENARIOS.join('|')} SERVER [HOST]`);

const found = (await nova('GET', `/servers/detail?all_tenants=1&name=${encodeURIComponent(`^${name}$`)}`))
  .body as { servers: Json[] };
const server = found.servers[0];
if (!server) throw new Error(`no server ${name}`);
const id = server.id as string;
const from = server['OS-EXT-SRV-ATTR:host'] as string;
const services = (await nova('GET', '/os-services?binary=nova-compute')).body as { services: Json[] };
const to =
  wantedHost ??
  (services.services.find((s) => s.host !== from && s.status === 'enabled' && s.state === 'up')
    ?.host as string);
console.log(`${scenario}: ${name} (${id}) ${from} → ${to}`);

const before = (await nova('GET', `/os-migrations?instance_uuid=${id}`)).body as { migrations: Json[] };
const lastBefore = Math.max(0, ...before.migrations.map((m) => Number(m.id)));
const samples: Sample[] = [];
const domain = server['OS-EXT-SRV-ATTR:instance_name'] as string;
const run = promisify(execFile);
/** libvirt's job figures on the source host, as `virsh domjobinfo` prints them (bytes). */
async function domjobinfo(): Promise<Answer> {
  try {
    const holder = readFileSync(
      `${process.env.FERRY_LAB_STATE ?? '/tmp/ferry-lab'}/pids/${from}.pid`,
      'utf8',
    ).trim();
    const args = ['-t', holder, '-m', '-u', 'virsh', '-c', 'qemu:///system', 'domjobinfo', domain];
    const { stdout } = await run('nsenter', args, { timeout: 5000 });
    const fields: Record<string, string> = {};
    for (const line of stdout.split('\n')) {
      const match = /^([^:]+):\s+(.*)$/.exec(line.trim());
      if (
        match &&
        /^(Job type|Operation|Time elapsed|Data|Memory|File|Dirty rate|Iteration|Postcopy)/.test(
          match[1] as string,
        )
      )
        fields[match[1] as string] = match[2] as string;
    }
    return { status: 0, body: fields };
  } catch (error) {
    return { status: -1, body: String((error as Error).message).split('\n')[0] };
  }
}
const t0 = Date.now();
const seconds = () => Math.round((Date.now() - t0) / 100) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const lastOf = new Map<string, string>();
/** Keeps an answer when it differs from the last one kept for `what` (updated_at aside). */
function keep(what: string, answer: Answer): void {
  const key = JSON.stringify(answer, (k, v) => (k === 'updated_at' ? undefined : v));
  if (lastOf.get(what) === key) return;
  lastOf.set(what, key);
  samples.push({ t: seconds(), what, status: answer.status, body: answer.body });
  console.log(`[${seconds().toFixed(1)}s] ${what} ${answer.status} ${summary(answer.body)}`);
}
function summary(body: unknown): string {
  const m = ((body as Json)?.migration ?? ((body as Json)?.migrations as Json[])?.[0]) as Json | undefined;
  if (!m) return '';
  const mem =
    m.memory_processed_bytes === undefined
      ? ''
      : ` mem ${m.memory_processed_bytes}/${m.memory_remaining_bytes}/${m.memory_total_bytes}`;
  const disk =
    m.disk_processed_bytes === undefined
      ? ''
      : ` disk ${m.disk_processed_bytes}/${m.disk_remaining_bytes}/${m.disk_total_bytes}`;
  return `${m.status}${mem}${disk}`;
}

async function act(what: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const answer = await nova(method, path, body);
  samples.push({ t: seconds(), what, status: answer.status, body: answer.body });
  console.log(`[${seconds().toFixed(1)}s] ${what} → ${answer.status}`);
  return answer;
}

const live = ['live', 'force', 'abort'].includes(scenario);
const request = live
  ? { 'os-migrateLive': { host: to, block_migration: 'auto' } }
  : { migrate: { host: to } };
const accepted = await act(live ? 'live migrate' : 'cold migrate', 'POST', `/servers/${id}/action`, request);
if (accepted.status !== 202) throw new Error(`refused: ${JSON.stringify(accepted.body)}`);

const FINAL = new Set(['completed', 'cancelled', 'failed', 'error', 'confirmed', 'reverted', 'done']);
const after = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
let migrationId: number | null = null;
let record: Json | undefined;
let acted = false;
let libvirtKeptAt = Number.NEGATIVE_INFINITY;
let libvirtJob: string | undefined;
let resolved = false;
for (let polls = 0; polls < 1200; polls++) {
  const list = await nova('GET', `/os-migrations?instance_uuid=${id}`);
  record = ((list.body as { migrations?: Json[] }).migrations ?? []).sort(
    (a, b) => Number(b.id) - Number(a.id),
  )[0];
  if (record && Number(record.id) > lastBefore) {
    // only the recorded move's record: the server's earlier moves are history, not evidence of this one
    keep('os-migrations', { status: list.status, body: { migrations: [record] } });
    migrationId = record.id as number;
  } else record = undefined;
  if (live && migrationId !== null && !FINAL.has(record?.status as string)) {
    keep('server migrations', await nova('GET', `/servers/${id}/migrations`));
    keep('server migration', await nova('GET', `/servers/${id}/migrations/${migrationId}`));
    const libvirt = await domjobinfo();
    const elapsed = (libvirt.body as Record<string, string>)['Time elapsed'];
    // libvirt's figures every 5 s, and whenever its job changes type, are enough to compare with Nova's
    const job = (libvirt.body as Record<string, string>)['Job type'];
    if (libvirt.status === 0 && (seconds() - libvirtKeptAt >= 5 || job !== libvirtJob)) {
      samples.push({ t: seconds(), what: 'libvirt domjobinfo', status: 0, body: libvirt.body });
      libvirtKeptAt = seconds();
      libvirtJob = job;
    } else if (polls % 10 === 0) console.log(`domjobinfo: ${String(libvirt.body)}`);
    if (elapsed && polls % 5 === 0) console.log(`  libvirt ${JSON.stringify(libvirt.body)}`);
  }
  const status = record?.status as string | undefined;
  const running = status === 'running' || status === 'running (post-copy)';
  if (scenario === 'force' && running && !acted && seconds() >= after('FERRY_RECORD_FORCE_AFTER', 15)) {
    acted = true;
    await act('force complete', 'POST', `/servers/${id}/migrations/${migrationId}/action`, {
      force_complete: null,
    });
  }
  if (scenario === 'abort' && running && !acted && seconds() >= after('FERRY_RECORD_ABORT_AFTER', 15)) {
    acted = true;
    await act('abort', 'DELETE', `/servers/${id}/migrations/${migrationId}`);
  }
  if (!live && status === 'finished' && !resolved) {
    // the server reaches VERIFY_RESIZE a moment after the record says finished: wait for it
    const shown = (await nova('GET', `/servers/${id}`)).body as { server: Json };
    keep('server', { status: 200, body: { server: { status: shown.server.status } } });
    if (shown.server.status === 'VERIFY_RESIZE') {
      resolved = true;
      const revert = scenario === 'cold-revert';
      await act(
        revert ? 'revert' : 'confirm',
        'POST',
        `/servers/${id}/action`,
        revert ? { revertResize: null } : { confirmResize: null },
      );
    }
  }
  if (status && FINAL.has(status)) break;
  await sleep(1000);
}
const shown = (await nova('GET', `/servers/${id}`)).body as { server: Json };
console.log(
  `${name}: ${shown.server.status} on ${shown.server['OS-EXT-SRV-ATTR:host']} after ${seconds()} s`,
);

// stable stand-ins for the lab's UUIDs, ids and names, so that fixtures do not change for nothing
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const HEX32 = /\b[0-9a-f]{32}\b/g;
const stand = new Map<string, string>();
const standIn = (value: string, make: (n: number) => string) => {
  if (!stand.has(value)) stand.set(value, make(stand.size + 1));
  return stand.get(value) as string;
};
const scrub = (text: string) =>
  text
    .replace(UUID, (u) => standIn(u, (n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`))
    .replace(HEX32, (h) => standIn(h, (n) => `${String(n).padStart(32, '0')}`))
    .replace(/req-[0-9a-f-]{36}/g, 'req-00000000-0000-4000-8000-000000000000');
// a second recording of a scenario is kept beside the first (live.json, live-2.json, …)
const dir = new URL('../../test/fixtures/lab-migrations/', import.meta.url);
mkdirSync(dir, { recursive: true });
let file = new URL(`${scenario}.json`, dir);
for (let n = 2; existsSync(file); n++) file = new URL(`${scenario}-${n}.json`, dir);
const evidence = {
  scenario,
  recorded: new Date(t0).toISOString(),
  microversion: VERSION,
  server: name,
  source: from,
  dest: to,
  lab: {
    live_migration_bandwidth_mib_s: Number(process.env.FERRY_LAB_BANDWIDTH ?? 3),
    flavor: 'm1.tiny: 256 MiB, 1 GiB disk',
  },
  samples,
};
writeFileSync(file, `${scrub(JSON.stringify(evidence, null, 2))}\n`);
console.log(`wrote ${file.pathname} (${samples.length} samples)`);
