import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalNews } from '../../src/core/approvals.ts';
import type { Core } from '../../src/core/create-core.ts';
import { HOLD_READ_MS, REBOOT_LOOK_MS } from '../../src/core/drain/look-pace.ts';
import type { FerryEvent } from '../../src/core/events.ts';
import type { DrainRecord } from '../../src/core/model/records.ts';
import type { CloudApi } from '../../src/core/ports/cloud.ts';
import type { RebootPort } from '../../src/core/ports/reboot.ts';
import type { Scheduler } from '../../src/core/ports/scheduler.ts';
import type { SandboxHost } from '../../src/sandbox/model.ts';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import { systemScheduler } from '../../src/scheduler.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { coreOver } from '../helpers/core.ts';
import { afterReboot, sandboxReboots } from '../helpers/reboot.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { waitFor } from '../helpers/slack.ts';

/**
 * A drain at Nova's pace (issue #31): a host is empty once Nova has ended its moves and a fresh read
 * shows none of its servers left, the next step starts once the last one's servers are home, and a
 * rebooted host is looked at every second, all while Ferry still proves the moves. What it must not
 * do for that: move a server home while its move out is still proven, enable a host while its
 * evacuation's end could disable it again, or report before every move's outcome is written.
 */

let fx: SandboxFixture;
let core: Core | undefined;
let ssh: SandboxSsh | undefined;
let store: LowdbStore;
beforeEach(async () => {
  fx = await sandboxFixture();
  store = LowdbStore.memory();
});
afterEach(async () => {
  await core?.stop();
  core = undefined;
  await ssh?.close();
  ssh = undefined;
  await fx.close();
});

const news: ApprovalNews = {
  approved: async () => undefined,
  slow: async () => undefined,
  unanswered: async () => undefined,
  answered: async () => undefined,
  recheckFailed: async () => undefined,
};

/** Hosts `pace-1…n` with two servers each whose console prints nothing (its proof looks to its deadline), and a spare. */
function fleet(hosts: number): string[] {
  const sim = fx.sandbox.cloud;
  const names = Array.from({ length: hosts }, (_, i) => `pace-${i + 1}`);
  for (const name of [...names, 'pace-spare'])
    sim.addHost({ name, memoryMb: 65_536, vcpus: 32, diskGb: 2_000, hypervisorVersion: 8_002_000 });
  for (const host of names)
    for (let i = 1; i <= 2; i++) {
      const server = sim.addServer({
        name: `${host}-vm${i}`,
        host,
        flavor: 'm1.small',
        project: 'web',
        user: 'admin',
        sharedStorage: true,
      });
      server.consoleFrozenAt = 0;
    }
  return names;
}

/** A drain of `hosts` one at a time, one move at a time, approved: it runs. */
async function drained(
  hosts: string[],
  options: {
    returnHome: boolean;
    reboots?: RebootPort;
    scheduler?: Scheduler;
    /** hears the core's events from before the approval */
    hear?: (event: FerryEvent, c: Core) => void;
    cloud?: (cloud: CloudApi) => CloudApi;
  },
): Promise<{ c: Core; drain: () => DrainRecord }> {
  const c = coreOver(fx, {
    store,
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    ...(options.reboots ? { reboots: options.reboots } : {}),
    ...(options.cloud ? { cloud: options.cloud } : {}),
  });
  core = c;
  const hear = options.hear;
  if (hear) c.events.subscribe((event) => hear(event, c));
  const { request } = await c.drains.ask({
    user: 'U_ALICE',
    hosts,
    hostsAtOnce: 1,
    concurrency: 1,
    returnHome: options.returnHome,
    dryRun: false,
    ...(options.reboots ? { reboot: { maxFailures: 1 } } : {}),
  });
  await c.approvals.approve(`${request.id}@${request.drain.fingerprint}`, 'U_BOB', news);
  return { c, drain: () => store.getDrain(request.id) as DrainRecord };
}

/** The runs of servers that lived on `host`, and how many have their outcome written. */
const runsFrom = (host: string) => {
  const ids = new Set(
    [...fx.sandbox.cloud.servers.values()].filter((s) => s.name.startsWith(`${host}-`)).map((s) => s.id),
  );
  return store.runs().filter((r) => ids.has(r.serverId));
};
const proven = (host: string) => runsFrom(host).filter((r) => r.outcome).length;
const onHost = (host: string) => [...fx.sandbox.cloud.servers.values()].filter((s) => s.host === host).length;

describe('a drain at Nova pace', () => {
  it('says a host empty once Nova ended its moves and none of its servers is left, before their proofs end; enables it and reports only once they have', {
    timeout: 60_000,
  }, async () => {
    const [host] = fleet(1) as [string];
    const seen: Record<string, { left: number; proven: number; runs: number; enabled: boolean }> = {};
    const when = (kind: string) => {
      seen[kind] ??= {
        left: onHost(host),
        proven: proven(host),
        runs: runsFrom(host).length,
        enabled: fx.sandbox.cloud.hosts.get(host)?.status === 'enabled',
      };
    };
    const { drain } = await drained([host], {
      returnHome: false,
      hear: (event, c) => {
        if (event.kind === 'drain.host-empty') {
          when('empty');
          void c.drains.hostBack(event.request.id, host, 'U_BOB');
        }
        if (event.kind === 'drain.finished') when('report');
      },
    });
    await waitFor(() => drain().drain.phase === 'done', 'the drain done', 50_000);
    // empty as Nova said it, while the last move was still proven
    expect(seen.empty).toMatchObject({ left: 0, runs: 2 });
    expect(seen.empty?.proven).toBeLessThan(2);
    // the report has every outcome, the late proof's among them
    expect(seen.report).toMatchObject({ proven: 2, enabled: true });
    // enabled by the drain once the evacuation's end had kept it disabled, never disabled again after
    expect(fx.sandbox.cloud.hosts.get(host)?.status).toBe('enabled');
    const evacuation = store.getEvacuation(drain().drain.hosts[0]?.evacuationIds[0] ?? '');
    expect(evacuation?.evacuation.items.every((i) => i.outcome)).toBe(true);
  });

  it('stopped the moment its host is empty, reports only once the moves still proven have their outcome', {
    timeout: 60_000,
  }, async () => {
    const [host] = fleet(1) as [string];
    let atReport: number | undefined;
    const { drain } = await drained([host], {
      returnHome: false,
      hear: (event, c) => {
        if (event.kind === 'drain.host-empty') void c.drains.stop(event.request.id, 'U_BOB');
        if (event.kind === 'drain.finished') atReport ??= proven(host);
      },
    });
    await waitFor(() => drain().drain.phase === 'done', 'the drain done', 50_000);
    expect(drain().drain.stoppedBy).toBe('U_BOB');
    expect(atReport).toBe(2);
  });

  it('refuses Skip host on a host empty while its moves are still proven, and skipped after, leaves it enabled', {
    timeout: 60_000,
  }, async () => {
    const [host] = fleet(1) as [string];
    let refused: unknown;
    const { c, drain } = await drained([host], {
      returnHome: false,
      hear: (event, core) => {
        if (event.kind === 'drain.host-empty')
          core.drains.skip(event.request.id, host, 'U_BOB').catch((error: unknown) => {
            refused = error;
          });
      },
    });
    await waitFor(() => refused !== undefined, 'the skip refused', 30_000);
    expect((refused as { refused?: { code: string } }).refused?.code).toBe('still-proven');
    const evacuationId = drain().drain.hosts[0]?.evacuationIds[0] ?? '';
    await waitFor(() => store.getEvacuation(evacuationId)?.evacuation.phase === 'done', 'proven', 30_000);
    await c.drains.skip(drain().id, host, 'U_BOB');
    await waitFor(() => drain().drain.phase === 'done', 'the drain done', 30_000);
    expect(fx.sandbox.cloud.hosts.get(host)?.status).toBe('enabled');
  });

  it('starts the next step once the last servers are home, before their proofs end, and never moves a server home while its move out is proven', {
    timeout: 90_000,
  }, async () => {
    const hosts = fleet(2);
    const sim = fx.sandbox.cloud;
    // as each migration reaches Nova: whether its server's move before it had its outcome written;
    // and as pace-2 goes out of service: how many of pace-1's runs (out and home) are proven
    const provenBefore: boolean[] = [];
    let atSecondStep: number | undefined;
    const watcher = setInterval(() => {
      while (provenBefore.length < sim.migrations.length) {
        const m = sim.migrations[provenBefore.length] as (typeof sim.migrations)[number];
        const earlier = sim.migrations.slice(0, provenBefore.length).filter((o) => o.serverId === m.serverId);
        provenBefore.push(
          earlier.every((o) => store.runs().some((r) => r.migrationUuid === o.uuid && r.outcome)),
        );
      }
      if (atSecondStep === undefined && sim.hosts.get('pace-2')?.status === 'disabled')
        atSecondStep = proven('pace-1');
    }, 1);
    try {
      const { c, drain } = await drained(hosts, { returnHome: true });
      const pressed = new Set<string>();
      const operator = setInterval(() => {
        for (const h of drain().drain.hosts)
          if (h.phase === 'empty' && !pressed.has(h.host)) {
            pressed.add(h.host);
            void c.drains.hostBack(drain().id, h.host, 'U_BOB');
          }
      }, 5);
      await waitFor(() => drain().drain.phase === 'done', 'the drain done', 80_000).finally(() =>
        clearInterval(operator),
      );
      expect(drain().drain.hosts.map((h) => h.phase)).toEqual(['done', 'done']);
    } finally {
      clearInterval(watcher);
    }
    // every server went out and came home: 8 moves, each asked of Nova only once the one before it
    // of the same server was proven
    expect(sim.migrations.filter((m) => ENDED.includes(m.status))).toHaveLength(8);
    expect(provenBefore).toEqual(Array(8).fill(true));
    for (const host of hosts) expect(onHost(host)).toBe(2);
    // pace-2 went out of service while pace-1's last move home was still proven (4 runs: 2 out, 2 home)
    expect(atSecondStep).toBeLessThan(4);
  });

  it('looks at a host it rebooted every second until it is verified, not at the 5-s look', {
    timeout: 90_000,
  }, async () => {
    const [host] = fleet(1) as [string];
    const started = await sandboxReboots(fx);
    ssh = started.ssh;
    const system = systemScheduler({ recurring: false });
    // the drain's looks asked for while the host reboots
    const asked: number[] = [];
    const scheduler: Scheduler = {
      ...system,
      after: (ms, task) => {
        asked.push(ms);
        return system.after(ms, task);
      },
    };
    const { drain } = await drained([host], { returnHome: false, reboots: started.reboots, scheduler });
    await afterReboot(fx, drain, host);
    await waitFor(() => drain().drain.hosts[0]?.reboot?.verifiedAt !== undefined, `${host} verified`, 30_000);
    expect(asked).toContain(REBOOT_LOOK_MS);
  });

  it('reads the host it holds out of service once while its moves run, not at each look they wake, and at every look while it waits for its maintenance', {
    timeout: 60_000,
  }, async () => {
    const [host] = fleet(1) as [string];
    const sim = fx.sandbox.cloud;
    for (const i of [3, 4])
      sim.addServer({
        name: `${host}-vm${i}`,
        host,
        flavor: 'm1.small',
        project: 'web',
        user: 'admin',
        sharedStorage: true,
      }).consoleFrozenAt = 0;
    // the wait between two reads of the held hosts never ends here: the first is the only one, but for
    // the reads a look makes anyway
    const system = systemScheduler({ recurring: false });
    const scheduler: Scheduler = {
      ...system,
      after: (ms, task) => (ms === HOLD_READ_MS ? () => undefined : system.after(ms, task)),
    };
    const phase = () => store.drains().find((d) => d.status === 'approved')?.drain.hosts[0]?.phase;
    // the drain's own reads (its moves' watch reads the service list too, every 30 s: compute-look.ts)
    let read = 0;
    const byDrain = (cloud: CloudApi): CloudApi => ({
      ...cloud,
      listComputeServices: () => {
        if (phase() === 'evacuating' && new Error().stack?.includes('/core/drain/')) read += 1;
        return cloud.listComputeServices();
      },
    });
    const { drain } = await drained([host], { returnHome: false, scheduler, cloud: byDrain });
    await waitFor(() => drain().drain.hosts[0]?.phase === 'empty', `${host} empty`, 30_000);
    // while its 4 moves ran (each landing and each end woke a look): the held host read once, then
    // read at the evacuation's end and when the drain said it empty
    expect(sim.migrations).toHaveLength(4);
    expect(read).toBeLessThanOrEqual(3);
    // empty, it waits for its maintenance: read at every look, one enabled outside Ferry (once the
    // evacuation's end, which reads it too, is past) is disabled again
    const evacuationId = drain().drain.hosts[0]?.evacuationIds[0] ?? '';
    await waitFor(() => store.getEvacuation(evacuationId)?.evacuation.phase === 'done', 'proven', 30_000);
    const held = sim.hosts.get(host) as SandboxHost;
    held.status = 'enabled';
    held.disabledReason = null;
    await waitFor(() => sim.hosts.get(host)?.status === 'disabled', `${host} disabled again`, 15_000);
  });
});

const ENDED = ['completed', 'confirmed', 'error', 'failed', 'cancelled', 'reverted'];
