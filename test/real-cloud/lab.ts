import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { systemClock } from '../../src/clock.ts';
import { Evacuator } from '../../src/core/evacuation/evacuator.ts';
import { isRunEvent, type RunEvent } from '../../src/core/events.ts';
import type { EvacuationRecord } from '../../src/core/model/records.ts';
import type { MoveRequest } from '../../src/core/model/types.ts';
import { planMove } from '../../src/core/move/plan.ts';
import { MigrationRunner } from '../../src/core/move/runner.ts';
import type { RunnerOptions } from '../../src/core/move/runner-deps.ts';
import type { CloudApi } from '../../src/core/ports/cloud.ts';
import { RequestBook } from '../../src/core/requests.ts';
import { createOpenStackClients } from '../../src/openstack/client.ts';
import { cloudApiFrom } from '../../src/openstack/cloud-api.ts';
import { loadCloudConfig } from '../../src/openstack/cloud-config.ts';
import { systemScheduler } from '../../src/scheduler.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { recordedStream } from '../helpers/events.ts';

/**
 * Ferry's own scenarios against the lab (npm run lab:up): a real Nova 26 whose three computes run the
 * libvirt driver and real QEMU guests, configured through the same OS_* variables a user sets
 * (scripts/test-real-cloud.sh sources .lab/openrc). Moves take real time (the lab caps migration
 * bandwidth), so each scenario moves as few guests as it can: the quiet server-x for live moves,
 * busy-1 (never converges) only for Force complete, web-1/web-2 (anti-affinity) for cold ones.
 */

const run = promisify(execFile);
const config = loadCloudConfig(process.env);
if (!config) throw new Error('OS_* variables are not set: run this suite with npm run test:real-cloud');
export const clients = createOpenStackClients(config, { clock: systemClock });
export const cloud: CloudApi = cloudApiFrom(clients);
export const access = { refusal: () => null };
export const planner = { cloud, clock: systemClock, access };

export async function openstack(...args: string[]): Promise<string> {
  return (
    await run('/usr/bin/openstack', args, { env: { ...process.env, PATH: '/usr/bin:/bin' }, timeout: 60_000 })
  ).stdout;
}

export const HOSTS = ['compute1', 'compute2', 'compute3'];

/**
 * Another compute host for a server: not where it runs, not where the other member of its
 * anti-affinity group runs (web-1/web-2), and compute3 only when nothing else is left (its
 * libvirtd may be switched to broken by `npm run lab -- break compute3`). The suite must not
 * depend on where an earlier run left a server.
 */
export async function otherHost(server: string): Promise<{ id: string; from: string; to: string }> {
  const found = await cloud.findServer(server);
  const siblingName = { 'web-1': 'web-2', 'web-2': 'web-1' }[server];
  const sibling = siblingName ? await cloud.findServer(siblingName) : null;
  const to = HOSTS.find((host) => host !== found.host && host !== sibling?.host) as string;
  if (sibling) await untilSchedulerSeesItLeft(sibling.id, siblingName as string, to);
  return { id: found.id, from: found.host as string, to };
}

/**
 * Nova's scheduler counts a server on the host it left until it hears so from the computes or resyncs
 * (`scheduler_instance_sync_interval`, 120 s). It usually hears at once (a cold move of web-1 onto the
 * host web-2 had just left was accepted, tried once by hand), but in a CI run on 5 December its
 * anti-affinity filter refused compute3 (NoValidHost) 40 s after web-2 had left it, while every
 * instance record had web-2 elsewhere. A test moving a group member there waits that out first.
 */
const SCHEDULER_SYNC_MS = 130_000;

async function untilSchedulerSeesItLeft(siblingId: string, sibling: string, host: string): Promise<void> {
  const [last] = await cloud.listMigrations({ serverId: siblingId, limit: 1 });
  if (!last?.updatedAt || last.sourceCompute !== host) return;
  const left = Date.parse(last.updatedAt.endsWith('Z') ? last.updatedAt : `${last.updatedAt}Z`);
  const wait = left + SCHEDULER_SYNC_MS - Date.now();
  if (wait <= 0) return;
  console.log(
    `${sibling} left ${host} ${((Date.now() - left) / 1000).toFixed(0)} s ago: waiting ${(wait / 1000).toFixed(0)} s until Nova's scheduler no longer counts it there`,
  );
  await new Promise((resolve) => setTimeout(resolve, wait));
}

export function harness(options: RunnerOptions = {}, store = LowdbStore.memory()) {
  const events: RunEvent[] = [];
  const stream = recordedStream().events;
  stream.subscribe((event) => {
    if (isRunEvent(event)) events.push(event);
  });
  const runner = new MigrationRunner({ cloud, clock: systemClock, store, events: stream }, options);
  const book = new RequestBook({
    store,
    clock: systemClock,
    ttlMs: 600_000,
    approvers: { isApprover: async () => true, describe: () => 'on-call' },
  });
  const approved = async (request: Omit<MoveRequest, 'requestedBy'>) => {
    const plan = await planMove(planner, { ...request, requestedBy: 'U_ALICE' });
    expect(plan.checks.filter((c) => c.status === 'fail')).toEqual([]);
    const record = await book.submit(plan);
    await book.approve(record.id, 'U_BOB');
    return record.id;
  };
  return { events, runner, store, stream, book, approved };
}

/** An evacuator over a harness's runner, store and events; `holds` is a drain's pause or hold. */
export function evacuatorOf(
  { runner, store, stream }: ReturnType<typeof harness>,
  holds?: (evacuation: EvacuationRecord) => boolean,
) {
  const evacuator = new Evacuator({
    cloud,
    clock: systemClock,
    store,
    runner,
    access,
    scheduler: systemScheduler({ recurring: false }),
    events: stream,
    ...(holds ? { holds } : {}),
  });
  stream.subscribe((event) => evacuator.onEvent(event));
  return evacuator;
}

export async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Waits until each host's nova-compute is enabled and up. After libvirtd restarts (`npm run lab --
 * fix compute3`, lab:up) nova-compute loses its libvirt connection and Nova disables the host itself
 * ("AUTO: Connection to libvirt lost") until it reconnects: a plan made meanwhile finds no room there.
 */
export async function computesInService(hosts: string[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const services = (await cloud.listComputeServices()).filter((s) => s.binary === 'nova-compute');
    const out = hosts
      .map((host) => services.find((s) => s.host === host))
      .filter((s) => s?.status !== 'enabled' || s.state !== 'up');
    if (out.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(
        `not in service after ${timeoutMs / 1000} s: ${out.map((s) => `${s?.host} ${s?.status} ${s?.state} (${s?.disabledReason ?? 'no reason'})`).join(', ')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  }
}

export const statusOf = (plan: Awaited<ReturnType<typeof planMove>>, id: string) =>
  plan.checks.find((c) => c.id === id)?.status;

/**
 * Brings a server back to `host` straight through Nova, not through Ferry (the suite's tidy-up, not a
 * scenario): live migration, force-complete asked every few seconds until it takes (libvirt ignores it
 * while the disk is still copied), so busy-1 comes home in one short move. Returns Nova's record.
 */
export async function homeByNova(server: string, host: string) {
  const { id, host: at } = await cloud.findServer(server);
  if (at === host) return null;
  const newest = async () =>
    (await cloud.listMigrations({ serverId: id, type: 'live-migration', limit: 1 }))[0];
  const before = (await newest())?.id ?? 0;
  await cloud.liveMigrate(id, { host, blockMigration: 'auto' });
  const deadline = Date.now() + 400_000;
  for (;;) {
    const latest = await newest();
    const migration = latest && latest.id > before ? latest : undefined; // the conductor creates it later
    if (migration && ['completed', 'error', 'failed', 'cancelled'].includes(migration.status)) {
      if (migration.status !== 'completed')
        throw new Error(`${server} → ${host}: Nova says ${migration.status}`);
      return migration;
    }
    if (Date.now() > deadline) throw new Error(`${server} → ${host}: still ${migration?.status} after 400 s`);
    if (migration?.status === 'running')
      await cloud.forceCompleteMigration(id, migration.id).catch(() => undefined); // 409 once it has ended
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
}
