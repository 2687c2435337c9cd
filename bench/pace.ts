import { SAFETY_NET_MS } from '../src/core/driven-loops.ts';
import type { RunRecord } from '../src/core/model/records.ts';
import { COMPUTE_LOOK_MS } from '../src/core/move/compute-look.ts';
import { DETAIL_SPACING_MS, TAIL_RUNS } from '../src/core/move/watch-pace.ts';
import type { CloudApi } from '../src/core/ports/cloud.ts';
import type { OpenStackClients } from '../src/openstack/client.ts';
import { cloudApiFrom } from '../src/openstack/cloud-api.ts';
import type { SandboxMigration } from '../src/sandbox/model.ts';

/** One cloud call Ferry made, seen at the cloud's door: when asked, when answered, about which server. */
export interface CloudCall {
  method: string;
  server: string | null;
  /** a migration list's filters, by name (the shared poll's: changesSince alone, or none) */
  filters?: string[];
  at: number;
  answeredAt: number;
  /** the Ferry function that asked (first frame in src/ outside the cloud client): where a kind's calls come from */
  caller?: string;
  /** the OpenStack service it went to */
  service?: string;
}

/** the OpenStack service each client of Ferry's speaks to */
const SERVICES = {
  nova: 'Nova',
  placement: 'Placement',
  neutron: 'Neutron',
  glance: 'Glance',
  session: 'Keystone',
  identity: 'Keystone',
} as const satisfies Record<keyof OpenStackClients, string>;

/** the call being made: the first client it reaches (synchronously, as cloud-api.ts calls them) names its service */
let making: CloudCall | undefined;

/** The clients, each writing its service on the call that reaches it first. */
function serviceTagged(clients: OpenStackClients): OpenStackClients {
  const tag = <T extends object>(client: T, service: string): T =>
    new Proxy(client, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (making) making.service ??= service;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const tagged = { ...clients };
  for (const name of Object.keys(SERVICES) as (keyof OpenStackClients)[])
    Object.assign(tagged, { [name]: tag(clients[name], SERVICES[name]) });
  return tagged;
}

/**
 * Ferry's cloud with every request written down as it leaves and as its answer comes back: where the time
 * after a migration's end goes is read from these and the sandbox's records, not from Ferry's own. Each
 * call carries the service it went to (Nova, Placement, Neutron, Glance, Keystone).
 */
export function recordingCloud(clients: OpenStackClients, calls: CloudCall[]): CloudApi {
  return new Proxy(cloudApiFrom(serviceTagged(clients)), {
    get(target, key) {
      const value = target[key as keyof CloudApi];
      if (typeof value !== 'function' || FROM_START_UP.has(String(key))) return value;
      return (...args: unknown[]) => {
        const call: CloudCall = {
          method: String(key),
          server: aboutServer(String(key), args[0]),
          ...(key === 'listMigrations'
            ? { filters: Object.keys((args[0] as object | undefined) ?? {}) }
            : {}),
          at: Date.now(),
          answeredAt: Number.NaN,
          caller: callerOf(new Error().stack),
        };
        making = call;
        let answer: unknown;
        try {
          answer = (value as (...a: unknown[]) => unknown).apply(target, args);
        } finally {
          making = undefined;
        }
        // answered at once: no request (serverGroupsSeen is a hint from the answers read before)
        if (!(answer instanceof Promise)) return answer;
        calls.push(call);
        return answer.finally(() => {
          call.answeredAt = Date.now();
        });
      };
    },
  });
}

/**
 * What the clients answer with no request: Nova's version document, read once before anything else
 * (NovaClient.negotiate, at Ferry's start-up and in sandboxClients), says the newest microversion the
 * cloud speaks and the one Ferry chose, for the process's life. Counted, they were Nova requests that
 * never left (6 a drain step: one per plan).
 */
const FROM_START_UP = new Set(['cloudMaxMicroversion', 'canAbortBeforeRunning']);

/** `name (file)` of the first stack frame in Ferry's src/ outside its OpenStack client, from an Error's stack */
function callerOf(stack: string | undefined): string | undefined {
  for (const line of (stack ?? '').split('\n').slice(1)) {
    const frame = /at (?:async )?(\S+) \(.*\/src\/((?!openstack\/)[^:]+):\d+:\d+\)/.exec(line);
    if (frame) return `${frame[1]} (${frame[2]})`;
  }
  return undefined;
}

/** The one server a call is about (its ID first, or a list of one, or a migration list filtered by it). */
function aboutServer(method: string, first: unknown): string | null {
  if (typeof first === 'string') return SERVER_FIRST.has(method) ? first : null;
  if (Array.isArray(first) && first.length === 1 && typeof first[0] === 'string') return first[0];
  const filters = first as { serverId?: unknown } | null | undefined;
  return typeof filters?.serverId === 'string' ? filters.serverId : null;
}

/** the CloudApi methods whose first argument is a server's ID */
const SERVER_FIRST = new Set([
  'getServer',
  'liveMigrate',
  'coldMigrate',
  'confirmResize',
  'revertResize',
  'getServerMigration',
  'abortMigration',
  'forceCompleteMigration',
  'getInstanceAction',
  'listInstanceActions',
  'consoleOutput',
]);

/** the shared feed's question: a migration list filtered by changes-since alone, or not at all */
const isFeedAsk = (call: CloudCall) =>
  call.method === 'listMigrations' && (call.filters ?? []).every((f) => f === 'changesSince');

/**
 * Where a run's cloud calls go: the shared polls (a migration list for every run at once), the calls
 * about one server (its start, watch, proofs, and the evacuation's checks of it), and the rest (hosts,
 * services, Placement, a source's queue: the evacuations', drains' and runs' looks at a host).
 */
export function splitCalls(calls: CloudCall[]): { shared: number; perServer: number; other: number } {
  let shared = 0;
  let perServer = 0;
  for (const call of calls)
    if (call.server !== null) perServer += 1;
    else if (isFeedAsk(call)) shared += 1;
  return { shared, perServer, other: calls.length - shared - perServer };
}

const ms = (values: number[]) => {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return 'n/a';
  const mean = finite.reduce((s, v) => s + v, 0) / finite.length;
  return `mean ${mean.toFixed(0)} ms, max ${(finite.at(-1) as number).toFixed(0)} ms`;
};

/**
 * After each live migration Nova recorded as completed: how long until Ferry's shared poll answered
 * with it (poll), until Ferry's first call about that server (react), until the run's outcome was
 * written (proofs); and when the same source's next move reached Nova (negative: Ferry had it queued
 * there already) and took the source's slot.
 */
export function afterEnds(migrations: SandboxMigration[], calls: CloudCall[], runs: RunRecord[]): string {
  const poll: number[] = [];
  const react: number[] = [];
  const proofs: number[] = [];
  const nextStart: number[] = [];
  const handover: number[] = [];
  const lists = calls.filter((c) => c.method === 'listMigrations');
  for (const m of migrations) {
    if (m.type !== 'live-migration' || m.status !== 'completed') continue;
    const seen = lists.find((c) => c.at >= m.updatedAt && Number.isFinite(c.answeredAt));
    if (seen) poll.push(seen.answeredAt - m.updatedAt);
    const first = calls.find((c) => c.server === m.serverId && c.at >= m.updatedAt);
    if (seen && first) react.push(first.at - seen.answeredAt);
    const run = runs.find((r) => r.migrationUuid === m.uuid);
    if (first && run?.endedAt) proofs.push(run.endedAt - first.at);
    // the same source's next move: asked of Nova before or after this one ended, it takes the slot then
    const next = migrations
      .filter((o) => o.source === m.source && o.type === 'live-migration' && o.slotSince !== null)
      .filter((o) => (o.slotSince as number) >= m.updatedAt && o.uuid !== m.uuid)
      .sort((a, b) => (a.slotSince as number) - (b.slotSince as number))[0];
    if (next) {
      nextStart.push(next.createdAt - m.updatedAt);
      handover.push((next.slotSince as number) - m.updatedAt);
    }
  }
  // what the proofs found: a proof that waits to its deadline is where a slow outcome's time went
  const found = new Map<string, number>();
  for (const run of runs) {
    const fact = run.outcome?.fact;
    const proofs = fact && 'proofs' in fact && Array.isArray(fact.proofs) ? fact.proofs : [];
    for (const proof of proofs as { code: string }[]) found.set(proof.code, (found.get(proof.code) ?? 0) + 1);
  }
  const tally = [...found].map(([code, n]) => `${code} ×${n}`).join(', ');
  return (
    `proofs found: ${tally || 'none'}; after each completed migration: poll (Nova's end → the shared poll's answer) ${ms(poll)}; ` +
    `react (answer → Ferry's first call about the server) ${ms(react)}; ` +
    `proofs (that call → outcome written) ${ms(proofs)}; ` +
    `the same source's next move asked of Nova (negative: queued before this one ended) ${ms(nextStart)}, holding its slot ${ms(handover)} after this one's end`
  );
}

/**
 * A source host's one migration slot from `from` to `to`: the time before its first move held it
 * (lead), the time it stood idle between moves (idle, with the number of gaps), and after its last
 * (tail). lead + busy + idle + tail = to − from.
 */
export function slotTimeline(
  migrations: SandboxMigration[],
  source: string,
  from: number,
  to: number,
): { lead: number; busy: number; idle: number; gaps: number; tail: number } {
  const held = migrations
    .filter((m) => m.source === source && m.type === 'live-migration' && m.slotSince !== null)
    .map((m) => [m.slotSince as number, m.updatedAt] as const)
    .sort((a, b) => a[0] - b[0]);
  if (held.length === 0) return { lead: to - from, busy: 0, idle: 0, gaps: 0, tail: 0 };
  let busy = 0;
  let idle = 0;
  let gaps = 0;
  let end = (held[0] as readonly [number, number])[0];
  for (const [since, until] of held) {
    if (since > end) {
      idle += since - end;
      gaps += 1;
    }
    busy += Math.max(0, until - Math.max(since, end));
    end = Math.max(end, until);
  }
  return {
    lead: (held[0] as readonly [number, number])[0] - from,
    busy,
    idle,
    gaps,
    tail: to - end,
  };
}

export function describeTimeline(t: ReturnType<typeof slotTimeline>): string {
  return `lead ${t.lead} ms, busy ${t.busy} ms, idle ${t.idle} ms in ${t.gaps} gap(s), tail ${t.tail} ms`;
}

/**
 * The shared feed's asks while more than TAIL_RUNS runs were watched (Ferry's runs from their start to
 * their outcome), and that wall time: the feed's pace with twenty moves at once (watch-pace.ts).
 */
export function feedWhileBusy(
  calls: CloudCall[],
  runs: { startedAt: number; endedAt?: number }[],
  from: number,
  to: number,
): { asks: number; wallMs: number } {
  const watched = (at: number) => runs.filter((r) => r.startedAt <= at && at < (r.endedAt ?? to)).length;
  const edges = [
    ...new Set(
      [from, to, ...runs.flatMap((r) => [r.startedAt, r.endedAt ?? to])].filter((t) => t >= from && t <= to),
    ),
  ].sort((a, b) => a - b);
  let wallMs = 0;
  for (let i = 1; i < edges.length; i++) {
    const start = edges[i - 1] as number;
    if (watched(start) > TAIL_RUNS) wallMs += (edges[i] as number) - start;
  }
  const asks = calls.filter((c) => isFeedAsk(c) && c.at >= from && c.at <= to && watched(c.at) > TAIL_RUNS);
  return { asks: asks.length, wallMs };
}

/** the byte counts' pace for all transfers together (watch-pace.ts detailInterval) */
const BYTE_READS_A_MINUTE = 60_000 / DETAIL_SPACING_MS;

const DRAIN_LOOKS = 'listComputeServices (drain looks)';
const COMPUTE_LOOKS = "listComputeServices (the moves' look)";

/**
 * #31 target 5's estimate kind by kind: each kind of Nova request's share of the requests per minute at
 * speed 1 with 20 moves in flight (the shares add up to the total), with where each
 * kind is asked from. `paced`: the shared feed's lists at its own pace (real time whatever the speed);
 * `beyondPace`: its asks beyond that pace; `moveMinutes`: the moves' summed sandbox minutes.
 */
export function requestKinds(
  calls: CloudCall[],
  at: {
    paced: number;
    beyondPace: number;
    wallMinutes: number;
    moveMinutes: number;
    migrations: number;
    /** the feed's asks a wall minute while more than TAIL_RUNS runs were watched (its pace for twenty) */
    busyFeed?: number;
  },
): { total: number; text: string } {
  const perMove = (n: number) => (20 * n) / Math.max(1e-9, at.moveMinutes);
  const kinds = new Map<string, { n: number; callers: Map<string, number>; service: string }>();
  for (const call of calls) {
    const shared = isFeedAsk(call);
    const kind =
      call.method === 'listMigrations'
        ? `listMigrations (${shared ? 'shared feed' : 'filtered'})`
        : call.method === 'listComputeServices' && call.caller?.includes('core/drain/drainer.ts')
          ? DRAIN_LOOKS
          : call.method === 'listComputeServices' && call.caller?.includes('core/move/compute-look.ts')
            ? COMPUTE_LOOKS
            : call.method;
    const entry = kinds.get(kind) ?? { n: 0, callers: new Map(), service: call.service ?? '?' };
    entry.n += 1;
    const caller = call.caller ?? '?';
    entry.callers.set(caller, (entry.callers.get(caller) ?? 0) + 1);
    kinds.set(kind, entry);
  }
  // the drain's looks read nova-compute on real time whatever the speed (a host waiting to come back at
  // every SAFETY_NET_MS look, the hosts it holds out of service every 20 s): up to one per SAFETY_NET_MS
  // counts per wall minute (as the feed's), the more frequent ones (a reboot's 1-s looks, the looks its
  // moves' ends wake while a host waits to come back) with the moves
  const netPaced = (n: number) => Math.min(n, (at.wallMinutes * 60_000) / SAFETY_NET_MS);
  // the moves' nova-compute look is one read for every run watched, at most every COMPUTE_LOOK_MS
  const lookPaced = (n: number) => Math.min(n, (at.wallMinutes * 60_000) / COMPUTE_LOOK_MS);
  const rate = (kind: string, n: number) => {
    if (kind === 'listMigrations (shared feed)')
      return at.busyFeed ?? at.paced / at.wallMinutes + perMove(at.beyondPace);
    if (kind === DRAIN_LOOKS) return netPaced(n) / at.wallMinutes + perMove(n - netPaced(n));
    if (kind === COMPUTE_LOOKS) return lookPaced(n) / at.wallMinutes + perMove(n - lookPaced(n));
    if (kind === 'getServerMigration') return Math.min(BYTE_READS_A_MINUTE, perMove(n));
    return perMove(n);
  };
  const rows = [...kinds]
    .map(([kind, { n, callers, service }]) => ({ kind, n, rate: rate(kind, n), callers, service }))
    .sort((a, b) => b.rate - a.rate);
  const all = rows.reduce((s, r) => s + r.rate, 0);
  // the target counts Nova's API: Placement, Neutron, Glance and Keystone are other services
  const total = rows.filter((r) => r.service === 'Nova').reduce((s, r) => s + r.rate, 0);
  const lines = rows.map(
    (r) =>
      `${r.service} ${r.kind}: ${r.n} (${(r.n / Math.max(1, at.migrations)).toFixed(2)} per migration) → ${r.rate.toFixed(1)} a minute; from ${[
        ...r.callers,
      ]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([c, k]) => `${c} ${k}`)
        .join(', ')}`,
  );
  return {
    total,
    text: [
      `estimate at speed 1, Nova requests a minute per 20 concurrent moves: ${total.toFixed(1)} (target ≤ 60, #31 target 5); with Placement, Neutron, Glance and Keystone, every OpenStack request: ${all.toFixed(1)}; by kind (the shared feed, the drain's looks and the moves' nova-compute look at their real-time pace per wall minute, ${at.busyFeed === undefined ? "the feed's asks beyond its pace" : `the feed's every ask while more than ${TAIL_RUNS} runs were watched, its pace with twenty`} and the looks beyond 5 s with the moves, byte counts at their pace of ${BYTE_READS_A_MINUTE} a minute at most, the rest per sandbox minute of a move):`,
      ...lines.map((l) => `  ${l}`),
    ].join('\n  '),
  };
}
