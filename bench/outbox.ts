import type { StoredMessage } from '../src/chat/fake-slack.ts';
import { systemClock } from '../src/clock.ts';
import type { DrainRecord } from '../src/core/model.ts';
import { startSandbox } from '../src/sandbox/index.ts';
import { benchFerry } from './ferry.ts';
import { SlackTally } from './slack-tally.ts';

const HOSTS = 10;
const SERVERS_PER_HOST = 2;
const STORM_MS = 60_000;

interface DrainRun {
  wallMs: number;
  calls: number;
  servers: number;
  /** the fake Slack's count of the calls made during the drain */
  tally: SlackTally;
  /** every post and edit Slack took, masked, by thread */
  shown: string[];
  /** messages still unsent or refused at the end (the outbox's own count) */
  unsent: number;
  /** storm runs only: each message waiting at the storm's end, and how long after it it left the outbox */
  backlog: { channel: string; kind: string; delayMs?: number }[];
}

/**
 * A 10-host drain with --return on real time (every host back the moment it is empty), optionally
 * under a Slack fault storm: for `stormMs` after the drain starts, every third Web API call answers
 * 429 (Retry-After 1 s) or 503 in turn.
 */
async function drainRun(stormMs: number): Promise<DrainRun> {
  const sandbox = await startSandbox({ clock: systemClock, speed: 10 });
  const { cloud: sim } = sandbox;
  const drained = Array.from({ length: HOSTS }, (_, i) => `dr-${String(i + 1).padStart(2, '0')}`);
  for (const name of [...drained, 'spare-1', 'spare-2'])
    sim.addHost({
      name,
      memoryMb: name.startsWith('spare') ? 65_536 : 32_768,
      vcpus: 32,
      diskGb: 2_000,
      hypervisorVersion: 8_002_000,
    });
  for (const host of drained)
    for (let i = 1; i <= SERVERS_PER_HOST; i++)
      sim.addServer({
        name: `${host}-vm${i}`,
        host,
        flavor: 'm1.medium',
        project: 'web',
        user: 'admin',
        sharedStorage: true,
      });
  const { ferry, store, fake, stop } = await benchFerry(sandbox, 10_000);
  const tally = new SlackTally(fake);
  await ferry.flow.drain.submit({
    channel: 'C0BENCH',
    user: 'U_ALICE',
    hosts: drained,
    hostsAtOnce: 1,
    concurrency: 2,
    returnHome: true,
    dryRun: false,
    reply: async (text) => console.log(`  ${text}`),
  });
  const drain = () => store.drains()[0] as DrainRecord;
  tally.begin();
  const started = Date.now();
  // the messages waiting when the storm ends, and when each left the outbox (sent or refused) after it
  const backlog = new Map<string, { channel: string; kind: string; delayMs?: number }>();
  if (stormMs > 0) {
    let call = 0;
    fake.failWhen((method) => {
      if (!method.startsWith('chat.')) return undefined;
      call += 1;
      if (call % 3 !== 0) return undefined;
      return call % 6 === 0 ? { status: 503 } : { status: 429, retryAfterSeconds: 1 };
    });
    setTimeout(async () => {
      fake.failWhen(undefined);
      const stormEnd = Date.now();
      for (const entry of await store.pendingOutbox())
        backlog.set(entry.id, {
          channel: entry.channel,
          kind: entry.kind === 'post' ? (entry.threadTs || entry.threadOf ? 'reply' : 'post') : 'edit',
        });
      const watch = setInterval(async () => {
        const waiting = new Set((await store.pendingOutbox()).map((entry) => entry.id));
        for (const [id, entry] of backlog)
          if (!waiting.has(id) && entry.delayMs === undefined) entry.delayMs = Date.now() - stormEnd;
        if ([...backlog.values()].every((entry) => entry.delayMs !== undefined)) clearInterval(watch);
      }, 25);
    }, stormMs);
  }
  await ferry.flow.approve(`${drain().id}@${drain().drain.fingerprint}`, 'U_BOB');
  const pressed = new Set<string>();
  const operator = setInterval(() => {
    for (const host of drain().drain.hosts)
      if (host.phase === 'empty' && !pressed.has(host.host)) {
        pressed.add(host.host);
        void ferry.flow.drain.control('host-back', `${drain().id}:${host.host}`, 'U_BOB');
      }
  }, 20);
  while (drain().drain.phase !== 'done' || Date.now() < started + stormMs)
    await new Promise((resolve) => setTimeout(resolve, 50));
  await ferry.reporter.idle();
  await ferry.poster.drain();
  const wallMs = Date.now() - started;
  clearInterval(operator);
  const unsent =
    'pendingOutbox' in store
      ? (await store.pendingOutbox()).length + (await store.failedOutbox(1_000)).length
      : 0;
  const shown = shownMessages(fake.messages);
  const calls = tally.total();
  await stop();
  return {
    wallMs,
    calls,
    tally,
    servers: HOSTS * SERVERS_PER_HOST,
    shown,
    unsent,
    backlog: [...backlog.values()],
  };
}

/** What a reader sees at the end, comparable between runs: texts with numbers and IDs masked. */
function shownMessages(messages: StoredMessage[]): string[] {
  const mask = (text: string) => text.replace(/\b[dem]-[0-9a-f]+/g, 'ID').replace(/\d+/g, '#');
  return messages
    .filter((m) => !m.ephemeralTo && !/progress$|server\(s\) ended$/.test(m.text))
    .map((m) => mask(m.text));
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Messages of `expected` (a multiset) that `got` lacks. */
function missing(expected: string[], got: string[]): string[] {
  const left = new Map<string, number>();
  for (const text of got) left.set(text, (left.get(text) ?? 0) + 1);
  return expected.filter((text) => {
    const n = left.get(text) ?? 0;
    if (n === 0) return true;
    left.set(text, n - 1);
    return false;
  });
}

/**
 * Before the outbox: this bench's fault-free drain (`npx tsx bench/outbox.ts calm`) run on a worktree
 * of 495d020, main just before h-outbox was merged, counted by the same fake Slack (twice: 159 calls
 * both times, 159.1 s and 159.4 s wall, load average 2.6–9.3). That poster dropped the posts of a
 * drain's evacuation threads written before the evacuation's own message was sent (9 of 10 evacuation
 * reports, all 10 move-back reports, 19 of 20 outcome lines, all 30 progress lines): 65 messages shown
 * against 84 now, so its calls are fewer for less said.
 */
const BEFORE_OUTBOX = { callsPerServer: 7.95, wallS: 159.4, shown: 65 };

const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

export async function benchOutbox(options: { only?: 'calm' | 'storm' } = {}): Promise<void> {
  if (options.only === 'storm') return stormRun([]);
  const calm = await drainRun(0);
  const perServer = calm.calls / calm.servers;
  const wallS = calm.wallMs / 1000;
  console.log(
    `outbox, fault-free drain: ${HOSTS} hosts × ${SERVERS_PER_HOST} servers with --return: ${wallS.toFixed(1)} s wall, ` +
      `${calm.calls} Slack calls = ${perServer.toFixed(2)} per server, ${calm.shown.length} messages shown; ` +
      `before the outbox ${BEFORE_OUTBOX.callsPerServer} per server, ${BEFORE_OUTBOX.wallS} s, ${BEFORE_OUTBOX.shown} shown. ` +
      `Target calls per server ≤ ${(BEFORE_OUTBOX.callsPerServer * 1.05).toFixed(2)}: ${verdict(perServer <= BEFORE_OUTBOX.callsPerServer * 1.05)} ` +
      `(${pct(perServer, BEFORE_OUTBOX.callsPerServer)}); wall ≤ ${(BEFORE_OUTBOX.wallS * 1.05).toFixed(1)} s: ` +
      `${verdict(wallS <= BEFORE_OUTBOX.wallS * 1.05)} (${pct(wallS, BEFORE_OUTBOX.wallS)})`,
  );
  calm.tally.print();
  if (options.only !== 'calm') await stormRun(calm.shown);
}

/** The storm drain, its messages compared with the fault-free run's (`calmShown`; none: not compared). */
async function stormRun(calmShown: string[]): Promise<void> {
  const storm = await drainRun(STORM_MS);
  const lost = missing(calmShown, storm.shown);
  const delays = storm.backlog.map((entry) => entry.delayMs ?? Number.POSITIVE_INFINITY);
  const p95 = percentile(delays, 95) / 1000;
  const kinds = ['post', 'reply', 'edit'].map(
    (kind) => `${storm.backlog.filter((e) => e.kind === kind).length} ${kind}(s)`,
  );
  console.log(
    `outbox, Slack fault storm (every third chat.* call 429 Retry-After 1 s or 503, ${STORM_MS / 1000} s) during the same drain: ` +
      `${lost.length} message(s) lost against the fault-free run${lost.length ? ` (${lost.slice(0, 3).join(' | ')})` : ''}, ` +
      `${storm.unsent} unsent or refused in the outbox; target 0 and 0: ${verdict(lost.length === 0 && storm.unsent === 0)}. ` +
      `${storm.backlog.length} message(s) waiting when the storm ended (${kinds.join(', ')}), out of the outbox ` +
      `p50 ${(percentile(delays, 50) / 1000).toFixed(1)} s, p95 ${p95.toFixed(1)} s, last ${(Math.max(0, ...delays) / 1000).toFixed(1)} s after it; ` +
      `target p95 ≤ 5 s: ${verdict(p95 <= 5)} (at Slack's ~1 post per second per channel, the floor for these is p95 ` +
      `${(percentile(paceFloor(storm.backlog), 95) / 1000).toFixed(1)} s); ${(storm.wallMs / 1000).toFixed(1)} s wall, ${storm.calls} Slack calls`,
  );
  storm.tally.print();
}

/**
 * The soonest each waiting message could leave at Slack's documented pace: a channel's n-th waiting
 * post n − 1 seconds after the storm, an edit at once (chat.update's budget of 50 a minute is not the
 * bound here).
 */
function paceFloor(backlog: { channel: string; kind: string }[]): number[] {
  const posts = new Map<string, number>();
  return backlog.map((entry) => {
    if (entry.kind === 'edit') return 0;
    const before = posts.get(entry.channel) ?? 0;
    posts.set(entry.channel, before + 1);
    return before * 1000;
  });
}

function pct(now: number, before: number): string {
  const change = (now / before - 1) * 100;
  return `${change >= 0 ? '+' : ''}${change.toFixed(0)}%`;
}

if (import.meta.url === `file://${process.argv[1]}`)
  await benchOutbox(
    process.argv[2] === 'calm' || process.argv[2] === 'storm' ? { only: process.argv[2] } : {},
  );
