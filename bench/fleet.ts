import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { submitDrain } from '../commands/drain.ts';
import { systemClock } from '../src/clock.ts';
import type { DrainRecord, RunRecord } from '../src/core/model/records.ts';
import { FEED_TICK_MS } from '../src/core/move/migration-feed.ts';
import { TAIL_RUNS } from '../src/core/move/watch-pace.ts';
import { HostChecker } from '../src/hostcheck/hostcheck.ts';
import { HostReboots } from '../src/hostcheck/reboot.ts';
import { SshSession, type SshSettings } from '../src/hostcheck/ssh.ts';
import { startSandbox } from '../src/sandbox/index.ts';
import type { SandboxMigration } from '../src/sandbox/model.ts';
import { startSandboxSsh } from '../src/sandbox/ssh-hosts.ts';
import { rebootTakes } from '../src/sandbox/ssh-reboot.ts';
import { benchFerry } from './ferry.ts';
import { type CloudCall, feedWhileBusy, requestKinds, slotTimeline, splitCalls } from './pace.ts';

const ZONE = 'az1';
const HOSTS_AT_ONCE = 5;
/** /drain's default --concurrency (moves at once per host) */
const CONCURRENCY = 2;
/** simulated seconds a host takes to come back from its reboot */
const REBOOT_S = 60;
/** CERN's retirement of a 115-node cell: about 900 live migrations in a month, by hand-run tooling */
const CERN = { migrations: 900, hours: 30 * 24, nodes: 115 };

/**
 * #31 target 5, a fleet's pace: on the large profile, one zone drained with `--return --hosts-at-once 5
 * --reboot`, every host coming back 60 s (simulated) after Ferry's `systemctl reboot`, no human action
 * after the approval. A host with a server that cannot move (locked, in error, pinned CPUs…) is never
 * empty, so never rebooted: it waits for a person, so the drain is of the zone's other hosts, in the
 * zone plan's order (longest up first). The sandbox runs FERRY_FLEET_SPEED (default 50) times faster
 * than real time; the steps done within FERRY_FLEET_MINUTES (default 8) of wall time are the measured
 * fraction (FERRY_FLEET_HOSTS: drain only that many hosts), and the zone's time is extrapolated from
 * them, labelled as such.
 *
 * Servers moved per hour (sandbox time: real time at speed 1) next to the best Nova's per-host limit
 * allows, from the sandbox's own migration records alone: each host of a step empties no faster than
 * the sum of its migrations' slot times (one outgoing live migration per source host at a time, a cold
 * move its own duration), is down REBOOT_S, and fills again no faster than the busiest source's slot
 * time of its return; a step ends with its slowest host. Ferry's timestamps only bound the measured
 * window (approval to the last measured step's end).
 */
export async function benchFleet(): Promise<void> {
  const speed = Number(process.env.FERRY_FLEET_SPEED ?? 50);
  const clock = systemClock;
  const sandbox = await startSandbox({ clock, speed, profile: 'large' });
  const { cloud: sim } = sandbox;
  rebootTakes(sim, sim.seconds(REBOOT_S));
  const zoneHosts = [...sim.hosts.values()].filter((h) => h.zone === ZONE).map((h) => h.name);

  // the hosts' SSH (boot read, `systemctl reboot`) and a host checker talking to them as to real hosts
  const ssh = await startSandboxSsh(sim, `${mkdtempSync(join(tmpdir(), 'ferry-fleet-ssh-'))}/`);
  const settings: SshSettings = {
    user: ssh.user,
    port: 22,
    privateKeyPath: ssh.clientKeyPath,
    knownHostsPath: ssh.knownHostsPath,
    overrides: ssh.overrides,
    // FERRY_SSH_TIMEOUT's default: 10 s to connect, twice that for a command
    connectTimeoutMs: 10_000,
    commandTimeoutMs: 20_000,
  };
  const knownHosts = async () => [...sim.hosts.keys()];
  const checker = new HostChecker({ shell: () => new SshSession(settings), knownHosts, clock });
  const reboots = new HostReboots({
    shell: () => new SshSession(settings),
    knownHosts,
    checker,
    settings: { command: 'systemctl reboot', timeoutMs: 15 * 60_000 },
  });
  const calls: CloudCall[] = [];
  const { ferry, store, stop } = await benchFerry(sandbox, 10_000, {}, { reboots }, calls);

  const drain = () => store.drains().at(-1) as DrainRecord;
  const input = (hosts: string[], dryRun: boolean) => ({
    user: 'U_ALICE',
    hosts,
    ...(hosts.length ? {} : { zone: ZONE }),
    hostsAtOnce: HOSTS_AT_ONCE,
    concurrency: CONCURRENCY,
    returnHome: true,
    dryRun,
    reboot: { maxFailures: 1 },
  });
  const limit = Number(process.env.FERRY_FLEET_HOSTS ?? 0);
  // the zone's own plan (its hosts longest up first). A host with a server that cannot move (locked,
  // in error, pinned CPUs, a PCI device…) is not emptied, so not rebooted: it waits for a person's
  // Continue or Skip host. No human action after the approval means draining the zone's other hosts.
  const whole = await ferry.core.drains.ask(input([], true));
  const planned = whole.plan.steps.flatMap((step) => step.hosts);
  const clear = planned.filter((h) => !h.disabledBefore && h.items.every((item) => item.mode !== null));
  const chosen = clear.slice(0, limit > 0 ? limit : clear.length).map((h) => h.host);
  const planAt = Date.now();
  await submitDrain(ferry.edge.services, input(chosen, false), 'C0BENCH', async (text: () => string) =>
    console.log(`  ${text()}`),
  );
  const planMs = Date.now() - planAt;
  if (drain().status !== 'pending') throw new Error(`the drain plan is ${drain().status}`);
  const hosts = drain().drain.hosts.map((h) => h.host);
  const started = Date.now();
  await ferry.core.approvals.approve(
    `${drain().id}@${drain().drain.fingerprint}`,
    'U_BOB',
    ferry.edge.services.news,
  );
  // no operator: nothing is pressed after the approval
  let lastLog = Date.now();
  const limitMs = Number(process.env.FERRY_FLEET_MINUTES ?? 8) * 60_000;
  while (drain().drain.phase !== 'done' && Date.now() - started < limitMs) {
    if (drain().drain.phase === 'held' || drain().drain.phase === 'paused') {
      // a person would be needed from here: the measurement ends with the steps done before
      const stopped = drain().drain.hosts.filter((h) => h.phase !== 'done' && h.phase !== 'waiting');
      console.log(
        `  the drain is ${drain().drain.phase} after ${((Date.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(drain().drain.held ?? {}).slice(0, 300)} ${stopped
          .map(
            (h) => `${h.host} ${h.phase} ${JSON.stringify(h.reason ?? {})} ${JSON.stringify(h.reboot ?? {})}`,
          )
          .join('; ')
          .slice(0, 3000)}`,
      );
      break;
    }
    if (Date.now() - lastLog > 30_000) {
      lastLog = Date.now();
      const done = drain().drain.hosts.filter((h) => h.phase === 'done').length;
      const moving = sim.migrations.filter((m) => sim.isInProgressLive(m) || m.status === 'queued').length;
      const phases = drain()
        .drain.hosts.filter((h) => h.phase !== 'done' && h.phase !== 'waiting')
        .map(
          (h) =>
            `${h.host} ${h.phase} (${[...sim.servers.values()].filter((v) => v.host === h.host).length} on it${h.reason ? ` ${JSON.stringify(h.reason).slice(0, 300)}` : ''})`,
        );
      console.log(
        `  … ${((Date.now() - started) / 1000).toFixed(0)} s: ${done}/${hosts.length} hosts done, ${moving} moves in flight; ${phases.join(', ')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // the steps done within the time allowed are the measured fraction of the zone
  const states = drain().drain.hosts;
  let stepsDone = 0;
  while (
    stepsDone * HOSTS_AT_ONCE < states.length &&
    states.slice(stepsDone * HOSTS_AT_ONCE, (stepsDone + 1) * HOSTS_AT_ONCE).every((h) => h.phase === 'done')
  )
    stepsDone += 1;
  const measured = hosts.slice(0, stepsDone * HOSTS_AT_ONCE);
  if (measured.length === 0) {
    const moved = sim.migrations.filter((m) => m.createdAt >= started && m.status === 'completed').length;
    console.log(
      `fleet: no step of ${HOSTS_AT_ONCE} hosts done in ${limitMs / 60_000} min at speed ${speed} (${moved} migrations completed); raise FERRY_FLEET_SPEED or FERRY_FLEET_MINUTES`,
    );
    const during = sim.migrations.filter((m) => m.createdAt >= started);
    console.log(`  ${describeRequests(calls, during, started, Date.now(), speed, store.runs())}`);
    await stop();
    await ssh.close();
    return;
  }
  const ended = Math.max(...states.filter((h) => measured.includes(h.host)).map((h) => h.endedAt ?? 0));
  const wall = ended - started;
  report({
    sim,
    speed,
    hosts: measured,
    zone: { hosts: zoneHosts.length, planned: planned.length, clear: clear.length },
    wall,
    planMs,
    started,
    ended,
    calls,
    drain: drain(),
    runs: store.runs(),
  });
  await stop();
  await ssh.close();
}

const slot = (m: SandboxMigration) =>
  m.type === 'live-migration'
    ? m.slotSince === null
      ? 0
      : m.updatedAt - m.slotSince
    : m.updatedAt - m.createdAt;

function report(run: {
  sim: Awaited<ReturnType<typeof startSandbox>>['cloud'];
  speed: number;
  hosts: string[];
  /** the zone's hosts, those in its drain plan, and those of them every server of which can leave */
  zone: { hosts: number; planned: number; clear: number };
  wall: number;
  planMs: number;
  started: number;
  ended: number;
  calls: CloudCall[];
  drain: DrainRecord;
  runs: RunRecord[];
}): void {
  const { sim, speed, hosts, wall, calls } = run;
  const moves = sim.migrations.filter(
    (m) => m.createdAt >= run.started && m.updatedAt <= run.ended && m.status === 'completed',
  );
  const live = moves.filter((m) => m.type === 'live-migration');
  // the ideal, step by step, from the sandbox's records: emptying (busiest drained host's slot time),
  // the reboot, the return (busiest source's slot time; and with --concurrency 2 per host as well)
  let ideal = 0;
  let idealConcurrency = 0;
  const rebootMs = sim.seconds(REBOOT_S);
  for (let i = 0; i < hosts.length; i += HOSTS_AT_ONCE) {
    const step = hosts.slice(i, i + HOSTS_AT_ONCE);
    const leaving = moves.filter((m) => step.includes(m.source));
    const returning = moves.filter((m) => m.dest !== null && step.includes(m.dest));
    const sum = (ms: SandboxMigration[]) => ms.reduce((s, m) => s + slot(m), 0);
    // each host of the step goes on its own (emptied, rebooted, filled again); the step ends with its slowest
    const out = (h: string) => sum(leaving.filter((m) => m.source === h));
    const home = (h: string) => returning.filter((m) => m.dest === h);
    const busiest = (ms: SandboxMigration[]) =>
      Math.max(0, ...[...new Set(ms.map((m) => m.source))].map((s) => sum(ms.filter((m) => m.source === s))));
    const stepIdeal = Math.max(...step.map((h) => out(h) + rebootMs + busiest(home(h))));
    const stepPaced = Math.max(
      ...step.map((h) => out(h) + rebootMs + Math.max(busiest(home(h)), sum(home(h)) / CONCURRENCY)),
    );
    ideal += stepIdeal;
    idealConcurrency += stepPaced;
  }
  const hour = 3_600_000;
  // servers moved: each server out and home counts once; migrations: every live or cold move
  const servers = new Set(moves.filter((m) => hosts.includes(m.source)).map((m) => m.serverId)).size;
  const simWall = wall * speed;
  const perHour = (n: number, ms: number) => (n / ((ms * speed) / hour)).toFixed(0);
  const scale = `speed ${speed}: 1 s of wall time is ${speed} s of the sandbox's, figures per hour are of the sandbox's time (real time at speed 1)`;
  const { zone } = run;
  const fraction = hosts.length < zone.clear;
  console.log(
    `fleet: zone ${ZONE} of the large profile (${zone.hosts} hosts, ${zone.planned} in its drain plan, ${zone.clear} of them with every server able to leave; the others wait for a person; ${hosts.length} drained${fraction ? `: the first ${hosts.length} of those ${zone.clear} in reboot order` : ''}) with --return --hosts-at-once ${HOSTS_AT_ONCE} --reboot (--concurrency ${CONCURRENCY}), hosts back ${REBOOT_S} s after their reboot, no human action after the approval; ${scale}`,
  );
  console.log(
    `  measured: plan ${run.planMs} ms; ${servers} servers moved out and home (${moves.length} migrations, ${live.length} live) in ${(wall / 1000).toFixed(1)} s wall = ${(simWall / hour).toFixed(2)} h: ` +
      `${perHour(servers, wall)} servers/h, ${perHour(moves.length, wall)} migrations/h; ` +
      `Nova's per-host limit allows ${perHour(servers, ideal)} servers/h (ideal ${((ideal * speed) / hour).toFixed(2)} h from the sandbox's records; Ferry took ${(wall / ideal).toFixed(2)}× it), ` +
      `${perHour(servers, idealConcurrency)} servers/h with --concurrency ${CONCURRENCY} per host (${(wall / idealConcurrency).toFixed(2)}× it)`,
  );
  // Ferry's own delays (polls, proofs, the reboot watch) run on real time: at speed 1 they would be
  // the same seconds, not speed × longer; an estimate, labelled as one
  const atSpeed1 = ideal * speed + (wall - ideal);
  console.log(
    `  estimate at speed 1 (Nova's time from the records × ${speed}, plus Ferry's wall time beyond it as it was): ${(atSpeed1 / hour).toFixed(2)} h = ${perHour(servers, atSpeed1 / speed)} servers/h, ${(atSpeed1 / (ideal * speed)).toFixed(2)}× the ideal`,
  );
  if (fraction) {
    const factor = zone.clear / hosts.length;
    console.log(
      `  extrapolated to the zone's ${zone.clear} hosts that can be emptied (×${factor.toFixed(1)}, at the measured pace): ${((simWall * factor) / hour).toFixed(1)} h for about ${Math.round(servers * factor)} servers; ideal ${((ideal * speed * factor) / hour).toFixed(1)} h`,
    );
  }
  console.log(`  ${describeRequests(calls, moves, run.started, run.ended, speed, run.runs)}`);
  // where the drained hosts' slots stood idle, and the reboots as Ferry saw them
  let idle = 0;
  let lead = 0;
  for (const host of run.drain.drain.hosts) {
    if (host.startedAt === undefined || host.emptyAt === undefined) continue;
    const { startedAt, emptyAt } = host;
    const out = moves.filter((m) => m.createdAt >= startedAt && m.updatedAt <= emptyAt);
    const t = slotTimeline(out, host.host, startedAt, emptyAt);
    idle += t.idle;
    lead += t.lead;
  }
  const downs = run.drain.drain.hosts.flatMap((h) => {
    const sent = h.reboot?.attempts[0]?.at;
    const verified = h.reboot?.verifiedAt;
    return sent !== undefined && verified !== undefined ? [verified - sent] : [];
  });
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
  console.log(
    `  per drained host (sandbox s): slot lead ${((lead * speed) / hosts.length / 1000).toFixed(0)} s, slot idle while emptying ${((idle * speed) / hosts.length / 1000).toFixed(0)} s; reboot sent → verified ${((mean(downs) * speed) / 1000).toFixed(0)} s (the host is down ${REBOOT_S} s)`,
  );
  console.log(
    `  CERN, for context: about ${CERN.migrations} live migrations in a month for a ${CERN.nodes}-node cell retirement by hand-run tooling = about ${(CERN.migrations / CERN.hours).toFixed(1)} migrations/h averaged over the month`,
  );
}

/**
 * Nova requests at the cloud's door from `from` to `to`, split into the shared polls (one migration
 * list for every run at once, on real time), the calls about one server (its start, watch, proofs, the
 * evacuation's checks of it) and the rest (hosts, services, Placement, a source's queue), and the moves
 * in flight meanwhile from the sandbox's records. The rate at speed 1 is estimated kind by kind
 * (pace.ts requestKinds): what runs on real time whatever the speed (the shared feed's pace, the
 * drain's looks) per wall minute, the rest per sandbox minute of a move.
 */
function describeRequests(
  calls: CloudCall[],
  moves: SandboxMigration[],
  from: number,
  to: number,
  speed: number,
  runs: RunRecord[],
): string {
  const during = calls.filter((c) => c.at >= from && c.at <= to);
  const wall = to - from;
  const inFlight =
    moves.reduce((s, m) => s + (Math.min(m.updatedAt, to) - Math.max(m.createdAt, from)), 0) / wall;
  const migrations = moves.filter((m) => m.updatedAt <= to && m.status === 'completed').length;
  const { shared, perServer, other } = splitCalls(during);
  const wallMinutes = wall / 60_000;
  const sandboxMinutes = wallMinutes * speed;
  const per20 = (rate: number) => ((rate * 20) / Math.max(1, inFlight)).toFixed(1);
  const byMethod = new Map<string, number>();
  for (const c of during) byMethod.set(c.method, (byMethod.get(c.method) ?? 0) + 1);
  const top = [...byMethod]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([m, n]) => `${m} ${n}`)
    .join(', ');
  const sharedRate = shared / wallMinutes;
  // the feed's own pace (one list every FEED_TICK_MS at most) runs on real time whatever the speed; the
  // asks beyond it follow the moves' predicted ends (watch-pace.ts), so they come once or twice per move
  // and are counted with each move's own calls
  const paced = Math.min(shared, (wallMinutes * 60_000) / FEED_TICK_MS);
  const endAsks = shared - paced;
  // at speed 1: a move's own calls once per move, over its sandbox duration (pace.ts requestKinds)
  const moveMinutes = (moves.reduce((s, m) => s + (m.updatedAt - m.createdAt), 0) * speed) / 60_000;
  // with twenty moves more than TAIL_RUNS are watched all the time: the feed's pace is its pace then
  const busy = feedWhileBusy(during, runs, from, to);
  const busyFeed = busy.wallMs >= 60_000 ? busy.asks / (busy.wallMs / 60_000) : undefined;
  const kinds = requestKinds(during, {
    paced,
    beyondPace: endAsks,
    wallMinutes,
    moveMinutes,
    migrations,
    ...(busyFeed === undefined ? {} : { busyFeed }),
  });
  const bytes = byMethod.get('getServerMigration') ?? 0;
  return (
    `Nova requests: ${during.length} (${top}); ${inFlight.toFixed(1)} moves in flight on average, ${migrations} migrations completed: ` +
    `shared polls ${shared} = ${sharedRate.toFixed(1)} per wall minute (${endAsks.toFixed(0)} beyond the feed's pace of one every ${FEED_TICK_MS / 1000} s: asks at moves' predicted ends, ${(endAsks / Math.max(1, migrations)).toFixed(2)} per migration), ` +
    `${busy.asks} in ${(busy.wallMs / 1000).toFixed(0)} s wall while more than ${TAIL_RUNS} runs were watched (= ${busyFeed === undefined ? 'under a minute: not used' : `${busyFeed.toFixed(1)} a minute, the feed's pace with twenty`}); ` +
    `about one server ${perServer} = ${(perServer / Math.max(1, migrations)).toFixed(1)} per migration (byte counts ${bytes}); hosts, services, Placement, queues ${other} = ${(other / Math.max(1, migrations)).toFixed(1)} per migration; ` +
    `per 20 concurrent moves: per wall minute ${per20(during.length / wallMinutes)}${speed === 1 ? ' (measured at speed 1, every request scaled by 20 / the moves in flight, the feed and the drain looks too)' : ''}, per sandbox minute ${per20(during.length / sandboxMinutes)}` +
    `\n  ${kinds.text}`
  );
}
