import type { StoredMessage } from '../src/chat/fake-slack.ts';
import { systemClock } from '../src/clock.ts';
import type { DrainRecord } from '../src/core/model.ts';
import { startSandbox } from '../src/sandbox/index.ts';
import { benchFerry } from './ferry.ts';

const HOSTS = 10;
const SERVERS_PER_HOST = 2;
const STORM_MS = 60_000;

interface DrainRun {
  wallMs: number;
  calls: number;
  servers: number;
  /** every post and edit Slack took, masked, by thread */
  shown: string[];
  /** messages still unsent or refused at the end (the outbox's own count) */
  unsent: number;
  /** storm runs only: when each message waiting at the storm's end was delivered, after it */
  backlogDelays: number[];
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
  const callsBefore = fake.calls.length;
  const started = Date.now();
  let stormEnd = Number.POSITIVE_INFINITY;
  let backlog = 0;
  const deliveredAfterStorm: number[] = [];
  fake.on('event', (event: { kind: string }) => {
    if (event.kind !== 'view' && Date.now() >= stormEnd) deliveredAfterStorm.push(Date.now() - stormEnd);
  });
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
      stormEnd = Date.now();
      backlog = 'pendingOutbox' in store ? (await store.pendingOutbox()).length : 0;
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
  const calls = fake.calls.length - callsBefore;
  await stop();
  return {
    wallMs,
    calls,
    servers: HOSTS * SERVERS_PER_HOST,
    shown,
    unsent,
    backlogDelays: deliveredAfterStorm.slice(0, backlog),
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

export async function benchOutbox(): Promise<void> {
  const calm = await drainRun(0);
  console.log(
    `outbox, fault-free drain: ${HOSTS} hosts × ${SERVERS_PER_HOST} servers with --return: ${(calm.wallMs / 1000).toFixed(1)} s wall, ` +
      `${calm.calls} Slack calls = ${(calm.calls / calm.servers).toFixed(2)} per server, ${calm.shown.length} messages shown ` +
      `(compare with the same line before the outbox: target within 5%)`,
  );
  const storm = await drainRun(STORM_MS);
  const lost = missing(calm.shown, storm.shown);
  console.log(
    `outbox, Slack fault storm (every third chat.* call 429 Retry-After 1 s or 503, ${STORM_MS / 1000} s) during the same drain: ` +
      `${lost.length} message(s) lost against the fault-free run${lost.length ? ` (${lost.slice(0, 3).join(' | ')})` : ''}, ` +
      `${storm.unsent} unsent or refused in the outbox (target 0); ${storm.backlogDelays.length} message(s) waiting when the storm ended, ` +
      `delivered p50 ${(percentile(storm.backlogDelays, 50) / 1000).toFixed(1)} s, p95 ${(percentile(storm.backlogDelays, 95) / 1000).toFixed(1)} s after it (target p95 ≤ 5 s); ` +
      `${(storm.wallMs / 1000).toFixed(1)} s wall, ${storm.calls} Slack calls`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await benchOutbox();
