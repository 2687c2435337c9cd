import { systemClock } from '../src/clock.ts';
import { planDrain } from '../src/core/drain/plan.ts';
import { planEvacuation } from '../src/core/evacuation/plan.ts';
import { countByClass } from '../src/core/move/impact.ts';
import { planMove } from '../src/core/move/plan.ts';
import { cloudApiFrom } from '../src/openstack/cloud-api.ts';
import { standaloneSandbox } from './children.ts';
import { loadFerryModules } from './ferry-modules.ts';
import { sandboxClients } from './sandbox-clients.ts';

/**
 * Ferry against the large sandbox profile (504 hosts, about 10,000 servers) running as its own
 * process, every cloud answer delayed 20 ms: the /migrate report time and how many cloud requests one
 * report makes (counted by the sandbox, against the small profile for comparison), the /evacuate plan
 * of a busy host, the /drain plan of a whole zone (100 hosts), and this process's resident memory.
 */
const everyone = { refusal: () => null };

async function served(url: string): Promise<number> {
  return ((await (await fetch(`${url}/sandbox/requests`)).json()) as { requestsServed: number })
    .requestsServed;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function reports(profile: string, servers: string[]) {
  const sandbox = await standaloneSandbox(profile);
  try {
    const clients = await sandboxClients(sandbox, { clock: systemClock, timeoutMs: 60_000 });
    const cloud = cloudApiFrom(clients);
    const deps = { cloud, clock: systemClock, access: everyone };
    await fetch(`${sandbox.url}/sandbox/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'slow', ms: 20 }),
    });
    const times: number[] = [];
    const calls: number[] = [];
    for (const server of servers) {
      const before = await served(sandbox.url);
      const started = performance.now();
      await planMove(deps, { server, mode: 'live', requestedBy: 'bench' });
      times.push(performance.now() - started);
      calls.push((await served(sandbox.url)) - before - 1);
    }
    let evacuation: { ms: number; servers: number; calls: number } | null = null;
    let tenHosts: { calls: number } | null = null;
    let hosts: string[] = [];
    let drain: {
      ms: number;
      calls: number;
      hosts: number;
      servers: number;
      steps: number;
      fitting: number;
      classes: string;
    } | null = null;
    {
      const state = (await (await fetch(`${sandbox.url}/sandbox/state`)).json()) as {
        servers: { host: string }[];
      };
      const counts = new Map<string, number>();
      for (const s of state.servers) counts.set(s.host, (counts.get(s.host) ?? 0) + 1);
      const [busiest, count] = [...counts].sort((a, b) => b[1] - a[1])[0] as [string, number];
      hosts = [...counts.keys()].sort().slice(0, 10);
      const before = await served(sandbox.url);
      const started = performance.now();
      await planEvacuation(deps, { host: busiest, concurrency: 2, requestedBy: 'bench' });
      evacuation = {
        ms: performance.now() - started,
        servers: count,
        calls: (await served(sandbox.url)) - before - 1,
      };
    }
    if (profile === 'large') {
      // a drain of one whole zone, 100 hosts, two at a time, each step's servers going back
      const before = await served(sandbox.url);
      const drainStarted = performance.now();
      const plan = await planDrain(deps, {
        hosts: [],
        zone: 'az2',
        hostsAtOnce: 2,
        concurrency: 2,
        returnHome: true,
        requestedBy: 'bench',
      });
      drain = {
        ms: performance.now() - drainStarted,
        calls: (await served(sandbox.url)) - before - 1,
        hosts: plan.hosts.length,
        servers: plan.steps.reduce(
          (sum, step) => sum + step.hosts.reduce((n, h) => n + h.items.length, 0),
          0,
        ),
        steps: plan.steps.length,
        fitting: plan.steps.filter((step) => step.fits).length,
        // what a move will do to each server (#28): every class is present in the large profile
        classes: Object.entries(
          countByClass(plan.steps.flatMap((step) => step.hosts.flatMap((h) => h.items.map((i) => i.impact)))),
        )
          .map(([impactClass, count]) => `${count} ${impactClass}`)
          .join(', '),
      };
    }
    // the same drain's cost for ten hosts: what is left over is what every plan pays
    const tenBefore = await served(sandbox.url);
    await planDrain(deps, {
      hosts,
      hostsAtOnce: 2,
      concurrency: 2,
      returnHome: true,
      requestedBy: 'bench',
    });
    tenHosts = { calls: (await served(sandbox.url)) - tenBefore - 1 };
    return { times, calls, evacuation, drain, tenHosts };
  } finally {
    sandbox.child.kill();
  }
}

export async function benchLargeProfile(): Promise<void> {
  // the process holds all of Ferry's code, as `npm start` does, not only the planners called here
  const modules = await loadFerryModules();
  const compiled = import.meta.url.endsWith('.js');
  const small = await reports('small', ['server-x', 'cache-1', 'db-primary', 'web-1', 'ledger']);
  const names = Array.from({ length: 20 }, (_, i) => `vm-${String(600 + i * 37).padStart(5, '0')}`);
  const large = await reports('large', names);
  globalThis.gc?.();
  const rss = process.memoryUsage().rss / 1024 / 1024;
  const perHost =
    ((large.drain?.calls ?? 0) - (large.tenHosts?.calls ?? 0)) / ((large.drain?.hosts ?? 0) - 10);
  console.log(
    `large profile (504 hosts, ~10,000 servers; every answer +20 ms): /migrate report p50 ${percentile(large.times, 50).toFixed(0)} ms, p95 ${percentile(large.times, 95).toFixed(0)} ms (target p95 ≤ 500 ms); ` +
      `cloud requests per report ${Math.min(...large.calls)}–${Math.max(...large.calls)} (small profile: ${Math.min(...small.calls)}–${Math.max(...small.calls)}; target: not growing with the cloud); ` +
      `/evacuate plan of the busiest host (${large.evacuation?.servers} servers) ${large.evacuation?.ms.toFixed(0)} ms (target ≤ 1,000 ms) with ${large.evacuation?.calls} cloud requests (small profile's busiest host, ${small.evacuation?.servers} servers: ${small.evacuation?.calls}); ` +
      `/drain plan of zone az2 (${large.drain?.hosts} hosts, ${large.drain?.servers} servers, ${large.drain?.steps} steps of 2, ${large.drain?.fitting} fit; impact: ${large.drain?.classes}) ${large.drain?.ms.toFixed(0)} ms (target ≤ 1,500 ms) with ${large.drain?.calls} cloud requests ` +
      `(10 hosts: ${large.tenHosts?.calls}, so ${perHost.toFixed(2)} per host planned and ${((large.tenHosts?.calls ?? 0) - 10 * perHost).toFixed(0)} whatever the cloud's size; the small profile's 4 hosts: ${small.tenHosts?.calls}); ` +
      `Ferry's resident memory ${rss.toFixed(0)} MiB (target ≤ 200 MiB; measured in a process of its own running ${compiled ? 'the compiled JS, as the Procfile runs Ferry' : 'TypeScript through tsx, as `npm start` runs Ferry'}, holding every module Ferry's entry point loads (${modules}), the sandbox in another)`,
  );
}
