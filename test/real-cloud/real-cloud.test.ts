import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.ts';
import type { CloudApi } from '../../src/core/cloud-port.ts';
import { planDrain } from '../../src/core/drain-plan.ts';
import { Drainer } from '../../src/core/drainer.ts';
import { planEvacuation } from '../../src/core/evacuation.ts';
import { Evacuator } from '../../src/core/evacuator.ts';
import { isEvacuationEvent, isRunEvent, type RunEvent } from '../../src/core/events.ts';
import type { EvacuationRecord } from '../../src/core/model.ts';
import { planMove } from '../../src/core/plan.ts';
import { RequestBook } from '../../src/core/requests.ts';
import { MigrationRunner, type RunnerOptions } from '../../src/core/runner.ts';
import type { MoveRequest } from '../../src/core/types.ts';
import { createOpenStackClients } from '../../src/openstack/client.ts';
import { cloudApiFrom } from '../../src/openstack/cloud-api.ts';
import { loadCloudConfig } from '../../src/openstack/cloud-config.ts';
import { systemScheduler } from '../../src/scheduler.ts';
import { Store } from '../../src/store/store.ts';
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
const clients = createOpenStackClients(config, { clock: systemClock });
const cloud: CloudApi = cloudApiFrom(clients);
const access = { refusal: () => null };
const planner = { cloud, clock: systemClock, access };

async function openstack(...args: string[]): Promise<string> {
  return (
    await run('/usr/bin/openstack', args, { env: { ...process.env, PATH: '/usr/bin:/bin' }, timeout: 60_000 })
  ).stdout;
}

const HOSTS = ['compute1', 'compute2', 'compute3'];

/**
 * Another compute host for a server: not where it runs, not where the other member of its
 * anti-affinity group runs (web-1/web-2), and compute3 only when nothing else is left (its
 * libvirtd may be switched to broken by `npm run lab -- break compute3`). The suite must not
 * depend on where an earlier run left a server.
 */
async function otherHost(server: string): Promise<{ id: string; from: string; to: string }> {
  const found = await cloud.findServer(server);
  const sibling = { 'web-1': 'web-2', 'web-2': 'web-1' }[server];
  const taken = sibling ? (await cloud.findServer(sibling)).host : null;
  const to = HOSTS.find((host) => host !== found.host && host !== taken) as string;
  return { id: found.id, from: found.host as string, to };
}

function harness(options: RunnerOptions = {}, store = Store.memory()) {
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
function evacuatorOf(
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

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const statusOf = (plan: Awaited<ReturnType<typeof planMove>>, id: string) =>
  plan.checks.find((c) => c.id === id)?.status;

beforeAll(async () => {
  expect(await clients.nova.negotiate()).toBe('2.93');
});

describe('Keystone', () => {
  it("lists the projects, so FERRY_PROJECT_CHANNELS may name a project (the catalog's URL is versioned)", async () => {
    const projects = await clients.identity.listProjects();
    expect(projects.map((p) => p.name)).toContain('admin');
    for (const project of projects) expect(project.id).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('preconditions against real Nova', () => {
  it('reports every check passing for a good request', async () => {
    const { from, to } = await otherHost('server-x');
    const plan = await planMove(planner, {
      server: 'server-x',
      destination: to,
      mode: 'live',
      requestedBy: 'U_ALICE',
    });
    expect(plan.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(plan.ready).toBe(true);
    expect(plan.source).toBe(from);
    expect(plan.checks.map((c) => c.id)).toEqual([
      'permission',
      'parameters',
      'destination',
      'instance-state',
      'compute-services',
      'distinct-hosts',
      'capacity',
      'hypervisor',
      'storage',
    ]);
    expect(plan.checks.find((c) => c.id === 'hypervisor')?.reason).toMatch(/^Both run QEMU [\d.]+\.$/);
  });

  it('fails destination = source and an unknown host', async () => {
    const { from } = await otherHost('server-x');
    expect(
      statusOf(
        await planMove(planner, {
          server: 'server-x',
          destination: from,
          mode: 'live',
          requestedBy: 'U_ALICE',
        }),
        'distinct-hosts',
      ),
    ).toBe('fail');
    expect(
      statusOf(
        await planMove(planner, {
          server: 'server-x',
          destination: 'compute9',
          mode: 'live',
          requestedBy: 'U_ALICE',
        }),
        'destination',
      ),
    ).toBe('fail');
  });

  it('fails a server that is not running', async () => {
    const { to } = await otherHost('web-1');
    // reset-state, not stop: nothing happens to the guest, and Nova's state is back at once
    await openstack('server', 'set', '--state', 'error', 'web-1');
    try {
      const live = await planMove(planner, {
        server: 'web-1',
        destination: to,
        mode: 'live',
        requestedBy: 'U_ALICE',
      });
      expect(live.checks.find((c) => c.id === 'instance-state')).toMatchObject({ status: 'fail' });
      expect(live.checks.find((c) => c.id === 'instance-state')?.reason).toMatch(
        /web-1 is ERROR; live migration needs a running/,
      );
      const cold = await planMove(planner, {
        server: 'web-1',
        destination: to,
        mode: 'cold',
        requestedBy: 'U_ALICE',
      });
      expect(cold.checks.find((c) => c.id === 'instance-state')?.reason).toMatch(
        /cold migration needs ACTIVE or SHUTOFF/,
      );
    } finally {
      await openstack('server', 'set', '--state', 'active', 'web-1');
    }
  });

  it('fails a disabled destination, naming the reason', async () => {
    const { to } = await otherHost('server-x');
    const service = (await cloud.listComputeServices()).find((s) => s.host === to);
    await cloud.setServiceEnabled(service?.id as string, false, 'Ferry real-cloud test');
    try {
      const plan = await planMove(planner, {
        server: 'server-x',
        destination: to,
        mode: 'live',
        requestedBy: 'U_ALICE',
      });
      expect(plan.checks.find((c) => c.id === 'compute-services')?.reason).toMatch(
        new RegExp(`${to} is disabled \\("Ferry real-cloud test"\\)`),
      );
    } finally {
      await cloud.setServiceEnabled(service?.id as string, true);
    }
  });
});

describe('server groups against real Nova (its server list carries no server_groups)', () => {
  const GROUP = 'ferry-anti-affinity';
  // one member on each of the lab's three hosts: no host is left for an evacuated member
  const members = ['ha-1', 'ha-2', 'ha-3'];

  async function removeLeftovers(): Promise<void> {
    for (const name of members) {
      const ids = JSON.parse(
        await openstack('server', 'list', '--all-projects', '--name', `^${name}$`, '-f', 'json'),
      );
      for (const { ID } of ids as { ID: string }[]) await openstack('server', 'delete', '--wait', ID);
    }
    const groups = JSON.parse(await openstack('server', 'group', 'list', '--all-projects', '-f', 'json'));
    for (const group of groups as { ID: string; Name: string }[])
      if (group.Name === GROUP) await openstack('server', 'group', 'delete', group.ID);
  }

  beforeAll(async () => {
    await removeLeftovers();
    const group = JSON.parse(
      await openstack('server', 'group', 'create', '--policy', 'anti-affinity', GROUP, '-f', 'json'),
    ) as { id: string };
    for (const [index, name] of members.entries()) {
      await openstack(
        ...['server', 'create', '--flavor', 'm1.tiny', '--image', 'ferry-lab-quiet', '--nic', 'none'],
        ...['--hint', `group=${group.id}`, '--availability-zone', `nova:compute${index + 1}`, '--wait', name],
      );
    }
  }, 180_000);
  afterAll(removeLeftovers, 180_000);

  it('refuses /migrate of one member onto the host of the other', async () => {
    const other = await cloud.findServer('ha-2');
    const plan = await planMove(planner, {
      server: 'ha-1',
      destination: other.host as string,
      mode: 'live',
      requestedBy: 'U_ALICE',
    });
    expect(plan.ready).toBe(false);
    expect(plan.checks.find((c) => c.id === 'server-groups')).toMatchObject({
      status: 'fail',
      reason: expect.stringContaining(`ha-2 of anti-affinity group "${GROUP}" already runs on ${other.host}`),
    });
  });

  it('says an evacuation cannot move a member onto the host of another, and why', async () => {
    const member = await cloud.findServer('ha-1');
    const others = await Promise.all(['ha-2', 'ha-3'].map((name) => cloud.findServer(name)));
    const plan = await planEvacuation(
      { cloud, clock: systemClock, access },
      { host: member.host as string, concurrency: 2, requestedBy: 'U_ALICE' },
    );
    const item = plan.items.find((i) => i.serverName === 'ha-1');
    expect(item?.mode).toBeNull();
    expect(item?.note).toMatch(/^no host can take it: /);
    for (const other of others)
      expect(item?.note).toContain(
        `${other.host}: ${other.name} of anti-affinity group "${GROUP}" runs there`,
      );
  });
});

describe('runs against real Nova', () => {
  it('live-migrates to a named host, with phases and the byte counters of the real migration', async () => {
    const h = harness();
    const { id, to } = await otherHost('server-x');
    const done = await h.runner.start(
      await h.approved({ server: 'server-x', destination: to, mode: 'live' }),
    );
    await h.runner.idle();
    expect(h.store.getRun(done.id)?.outcome).toMatchObject({ kind: 'completed', host: to });
    expect((await cloud.getServer(id)).host).toBe(to);
    const progress = h.events.flatMap((e) => (e.kind === 'run.progress' ? [e.progress] : []));
    expect(progress.some((p) => p.migrationStatus === 'running')).toBe(true);
    expect(progress.some((p) => (p.bytesTotal ?? 0) > 0 && p.bytesRemaining !== null)).toBe(true);
  });

  it("live-migrates to the scheduler's choice", async () => {
    const h = harness();
    const { from } = await otherHost('server-x');
    const done = await h.runner.start(await h.approved({ server: 'server-x', mode: 'live' }));
    await h.runner.idle();
    expect(h.store.getRun(done.id)?.outcome).toMatchObject({ kind: 'completed' });
    expect(h.store.getRun(done.id)?.outcome?.host).not.toBe(from);
  });

  it('block-migrates', async () => {
    const h = harness();
    const { to } = await otherHost('server-x');
    const done = await h.runner.start(
      await h.approved({ server: 'server-x', destination: to, mode: 'block' }),
    );
    await h.runner.idle();
    expect(h.store.getRun(done.id)?.outcome).toMatchObject({ kind: 'completed', host: to });
  });

  it('cold-migrates and confirms', async () => {
    const h = harness();
    const { to } = await otherHost('web-1');
    const done = await h.runner.start(await h.approved({ server: 'web-1', destination: to, mode: 'cold' }));
    await h.runner.idle();
    expect(h.store.getRun(done.id)?.outcome).toMatchObject({ kind: 'completed', host: to });
    expect((await cloud.findServer('web-1')).status).toBe('ACTIVE');
  });

  it('cold-migrates and reverts', async () => {
    const h = harness({ autoConfirm: false });
    const { from, to } = await otherHost('web-1');
    const started = await h.runner.start(
      await h.approved({ server: 'web-1', destination: to, mode: 'cold' }),
    );
    await until(
      () => h.store.getRun(started.id)?.state === 'awaiting-confirmation',
      'VERIFY_RESIZE',
      120_000,
    );
    expect((await cloud.findServer('web-1')).status).toBe('VERIFY_RESIZE');
    await h.runner.revert(started.id, 'U_BOB');
    await h.runner.idle();
    expect(h.store.getRun(started.id)?.outcome).toMatchObject({ kind: 'reverted', host: from });
  });

  it('aborts a running live migration', async () => {
    const h = harness();
    const { from, to } = await otherHost('server-x');
    const started = await h.runner.start(
      await h.approved({ server: 'server-x', destination: to, mode: 'live' }),
    );
    await until(() => h.store.getRun(started.id)?.state === 'running', 'running');
    await h.runner.abort(started.id, 'U_BOB');
    await h.runner.idle();
    expect(h.store.getRun(started.id)?.outcome).toMatchObject({ kind: 'aborted', host: from });
  });

  it('force-completes a running live migration', async () => {
    const h = harness();
    // busy-1 never converges at the lab's bandwidth: only Force complete (post-copy) finishes it
    const { to } = await otherHost('busy-1');
    const started = await h.runner.start(
      await h.approved({ server: 'busy-1', destination: to, mode: 'live' }),
    );
    // Nova says "running" while libvirt still mirrors the disk; QEMU can switch to post-copy only
    // once memory is being copied (before that Nova logs the refusal and the migration goes on)
    await until(
      () =>
        h.events.some(
          (e) => e.kind === 'run.progress' && e.run.id === started.id && (e.progress.bytesTotal ?? 0) > 0,
        ),
      'memory being copied',
      120_000,
    );
    await h.runner.forceComplete(started.id, 'U_BOB');
    await h.runner.idle();
    expect(h.store.getRun(started.id)?.outcome).toMatchObject({ kind: 'completed', forced: true, host: to });
  });

  it("reports the conductor's refusal that follows Nova's 202 as a rollback", async () => {
    const h = harness();
    const { from, to } = await otherHost('server-x');
    const requestId = await h.approved({ server: 'server-x', destination: to, mode: 'live' });
    const service = (await cloud.listComputeServices()).find((s) => s.host === to);
    await cloud.setServiceEnabled(service?.id as string, false, 'disabled after approval');
    try {
      const started = await h.runner.start(requestId);
      await h.runner.idle();
      const outcome = h.store.getRun(started.id)?.outcome;
      expect(outcome).toMatchObject({ kind: 'rolled-back', host: from });
      expect(outcome?.message).toMatch(/conductor_live_migrate_instance failed: No valid host was found/);
    } finally {
      await cloud.setServiceEnabled(service?.id as string, true);
    }
  });

  it('resumes after a restart in the middle of a run and finishes the story', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ferry-real-')), 'ferry.json');
    const first = harness({}, await Store.open(file));
    const { to } = await otherHost('server-x');
    const started = await first.runner.start(
      await first.approved({ server: 'server-x', destination: to, mode: 'live' }),
    );
    await until(
      () => ['preparing', 'running', 'queued'].includes(first.store.getRun(started.id)?.state ?? ''),
      'in flight',
    );
    first.runner.stop();
    await first.runner.idle();
    await first.store.flush();
    const second = harness({}, await Store.open(file));
    expect((await second.runner.resumeAll()).map((r) => r.id)).toEqual([started.id]);
    await second.runner.idle();
    expect(second.store.getRun(started.id)?.outcome).toMatchObject({ kind: 'completed', host: to });
  });

  it('evacuates a host: service disabled, every server moved, service re-enabled', async () => {
    // web-2's host: usually web-2 alone (one real live migration), never busy-1's
    const host = (await cloud.findServer('web-2')).host as string;
    expect((await cloud.serversOnHost(host)).map((s) => s.name)).not.toContain('busy-1');
    const engines = harness();
    const { store, stream, runner, book } = engines;
    const evacuator = evacuatorOf(engines);
    const seen: string[] = [];
    stream.subscribe((event) => {
      if (isEvacuationEvent(event)) seen.push(event.kind);
    });
    const plan = await planEvacuation(
      { cloud, clock: systemClock, access },
      { host, concurrency: 2, requestedBy: 'U_ALICE' },
    );
    expect(plan.ready).toBe(true);
    const record = await book.submitEvacuation(plan, { reenable: true });
    await book.approve(record.id, 'U_BOB', plan.fingerprint);
    const service = () => cloud.listComputeServices().then((list) => list.find((s) => s.host === host));
    await evacuator.start(record.id);
    expect(await service()).toMatchObject({
      status: 'disabled',
      disabledReason: expect.stringMatching(new RegExp(`Ferry evacuation ${record.id}`)),
    });
    await evacuator.idle();
    await runner.idle();
    const state = store.getEvacuation(record.id)?.evacuation;
    expect(state?.items.map((i) => i.outcome?.kind)).toEqual(state?.items.map(() => 'completed'));
    expect((await cloud.serversOnHost(host)).length).toBe(0);
    expect(await service()).toMatchObject({ status: 'enabled' });
    expect(seen.at(-1)).toBe('evacuation.finished');
  });
});

describe('a rolling drain against real Nova', () => {
  // a run cut off mid-drain leaves a host disabled in a drain's name: in service again before this one
  beforeAll(async () => {
    for (const service of await cloud.listComputeServices())
      if (service.status === 'disabled' && service.disabledReason?.startsWith('Ferry drain '))
        await cloud.setServiceEnabled(service.id, true);
  });

  /** the two hosts busy-1 is not on (a drain would wait for ever for busy-1's live migration) */
  const drained = () => HOSTS.filter((host) => host !== busyHost);
  let busyHost = '';
  beforeAll(async () => {
    busyHost = (await cloud.findServer('busy-1')).host as string;
  });

  /** server ID → its host, on the drained hosts */
  const whereServersAre = async () =>
    new Map(
      (await Promise.all(drained().map((host) => cloud.serversOnHost(host))))
        .flat()
        .map((server) => [server.id, server.host]),
    );

  it('drains both hosts one after the other with --return: every server ends where it started', async () => {
    const before = await whereServersAre();
    const engines = harness();
    const { store, stream, runner, book } = engines;
    let drainer: Drainer | undefined;
    const evacuator = evacuatorOf(engines, (evacuation) => drainer?.holds(evacuation) ?? false);
    drainer = new Drainer({
      cloud,
      clock: systemClock,
      store,
      evacuator,
      book,
      access,
      scheduler: systemScheduler({ recurring: false }),
      events: stream,
    });
    const engine = drainer;
    stream.subscribe((event) => engine.onEvent(event));
    const plan = await planDrain(planner, {
      hosts: drained(),
      hostsAtOnce: 1,
      concurrency: 2,
      returnHome: true,
      requestedBy: 'U_ALICE',
    });
    expect(plan.checks.filter((c) => c.status === 'fail')).toEqual([]);
    const record = await book.submitDrain(plan);
    await book.approve(record.id, 'U_BOB', plan.fingerprint);
    await engine.start(record.id);
    const disabledAs = new Map<string, string | null>();
    const drain = () => store.getDrain(record.id);
    await until(
      () => {
        for (const host of drain()?.drain.hosts ?? [])
          if (host.phase === 'empty' && !disabledAs.has(host.host)) {
            disabledAs.set(host.host, null);
            void cloud
              .listComputeServices()
              .then((services) => {
                disabledAs.set(host.host, services.find((s) => s.host === host.host)?.disabledReason ?? null);
                return engine.markBack(record.id, host.host, 'U_BOB');
              })
              .catch(() => undefined);
          }
        return drain()?.drain.phase === 'done';
      },
      'the drain to finish',
      900_000,
    );
    await evacuator.idle();
    await runner.idle();
    expect(drain()?.drain.hosts.map((h) => h.phase)).toEqual(['done', 'done']);
    for (const host of drained())
      expect(disabledAs.get(host)).toMatch(
        new RegExp(`^Ferry drain ${record.id} \\(step [12]\\): requested by U_ALICE, approved by U_BOB$`),
      );
    expect(await whereServersAre()).toEqual(before);
    const services = await cloud.listComputeServices();
    for (const host of drained())
      expect(services.find((s) => s.host === host && s.binary === 'nova-compute')?.status).toBe('enabled');
  }, 960_000);
});
