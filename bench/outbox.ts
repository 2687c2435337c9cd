import { controlDrain } from '../commands/drain/buttons.ts';
import { submitDrain } from '../commands/drain.ts';
import type { StoredMessage } from '../src/chat/fake-slack.ts';
import { SLACK_POST_PACE } from '../src/chat/fake-slack-pace.ts';
import { systemClock } from '../src/clock.ts';
import type { DrainRecord } from '../src/core/model/records.ts';
import { startSandbox } from '../src/sandbox/index.ts';
import { drainFleet } from './drain-fleet.ts';
import { benchFerry } from './ferry.ts';
import { describeBreakdowns, OutboxTimeline } from './outbox-timeline.ts';
import { recordWrites, showSuperseded, type Written } from './outbox-writes.ts';
import { SlackTally } from './slack-tally.ts';
import { percentile, verdict } from './stats.ts';

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
  /** storm runs only: when the storm ended, and every message Ferry wrote, with when Slack took it */
  stormEnd: number;
  written: Written[];
  timeline: OutboxTimeline;
  /** posts the fake Slack refused for coming sooner than Slack's pace */
  paceRefusals: number;
}

/**
 * A 10-host drain with --return on real time (every host back the moment it is empty), optionally
 * under a Slack fault storm: for `stormMs` after the drain starts, every third Web API call answers
 * 429 (Retry-After 1 s) or 503 in turn.
 */
async function drainRun(stormMs: number): Promise<DrainRun> {
  const sandbox = await startSandbox({ clock: systemClock, speed: 10 });
  const { cloud: sim } = sandbox;
  const { drained } = drainFleet(sim, 'dr', HOSTS, SERVERS_PER_HOST);
  // the fake Slack holds Ferry to Slack's documented pace for posts: the floor's yardstick
  const { ferry, store, fake, stop } = await benchFerry(sandbox, 10_000, { postPace: SLACK_POST_PACE });
  const tally = new SlackTally(fake);
  const written = recordWrites(store, tally);
  const timeline = new OutboxTimeline(store, fake);
  await submitDrain(
    ferry.edge.services,
    {
      user: 'U_ALICE',
      hosts: drained,
      hostsAtOnce: 1,
      concurrency: 2,
      returnHome: true,
      dryRun: false,
    },
    'C0BENCH',
    async (text: () => string) => console.log(`  ${text()}`),
  );
  const drain = () => store.drains()[0] as DrainRecord;
  tally.begin();
  const started = Date.now();
  let stormEnd = Number.POSITIVE_INFINITY;
  if (stormMs > 0) {
    let call = 0;
    fake.failWhen((method) => {
      if (!method.startsWith('chat.')) return undefined;
      call += 1;
      if (call % 3 !== 0) return undefined;
      return call % 6 === 0 ? { status: 503 } : { status: 429, retryAfterSeconds: 1 };
    });
    setTimeout(() => {
      fake.failWhen(undefined);
      stormEnd = Date.now();
    }, stormMs);
  }
  await ferry.core.approvals.approve(
    `${drain().id}@${drain().drain.fingerprint}`,
    'U_BOB',
    ferry.edge.services.news,
  );
  const pressed = new Set<string>();
  const operator = setInterval(() => {
    for (const host of drain().drain.hosts)
      if (host.phase === 'empty' && !pressed.has(host.host)) {
        pressed.add(host.host);
        void controlDrain(ferry.edge.services, 'host-back', `${drain().id}:${host.host}`, 'U_BOB');
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
  showSuperseded(written);
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
    stormEnd,
    written,
    timeline,
    paceRefusals: fake.postPace?.refusals ?? 0,
  };
}

/**
 * What a reader sees at the end, comparable between runs: texts with numbers and IDs masked, a post
 * that carries joined replies counted as those replies (one line of its text each).
 */
function shownMessages(messages: StoredMessage[]): string[] {
  const mask = (text: string) => text.replace(/\b[dem]-[0-9a-f]+/g, 'ID').replace(/\d+/g, '#');
  return messages
    .filter((m) => !m.ephemeralTo)
    .flatMap((m) => (m.metadata?.event_payload.part_blocks ? m.text.split('\n') : [m.text]))
    .filter((text) => !/progress$|server\(s\) ended$/.test(text))
    .map(mask);
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
 * of 495d020, main just before h-outbox was merged, counted by the same fake Slack (159 calls three
 * times, 159.1–162.3 s wall, load average 2.6–13). That poster dropped the posts of a drain's
 * evacuation threads written before the evacuation's own message was sent (9 of 10 evacuation
 * reports, all 10 move-back reports, 20 of 21 outcome posts, all 30 progress lines) and the edits of
 * what it never posted: 65 messages shown against 84 now, so its calls are fewer for less said.
 * `byMessage` is what it took, by message (SlackTally's labels), for the comparison on the messages
 * both deliver.
 */
const BEFORE_OUTBOX = {
  callsPerServer: 7.95,
  wallS: 159.4,
  shown: 65,
  byMessage: new Map<string, { posts: number; edits: number }>([
    ['Drain ID: # host(s), pending', { posts: 0, edits: 63 }],
    ['Evacuation ID of dr-#: # moved, # running, # failed, # left', { posts: 10, edits: 12 }],
    ['dr-# is empty', { posts: 10, edits: 10 }],
    ['Move back ID to dr-#: # moved, # running, # failed, # left', { posts: 10, edits: 10 }],
    ['🚚 Step #: emptying `dr-#` (evacuation `ID`, its servers in ', { posts: 10, edits: 0 }],
    ['🔌 <@U_BOB> says `dr-#` is back: Ferry waits for nova-comput', { posts: 10, edits: 0 }],
    ['✅ `dr-#` is done and enabled again; its servers are back.', { posts: 10, edits: 0 }],
    ['▶️ The drain started at #:#:# UTC.', { posts: 1, edits: 0 }],
    ['# server(s) ended', { posts: 1, edits: 0 }],
    ['Evacuation report ID: # moved, # failed, # not moved', { posts: 1, edits: 0 }],
    ['Drain report ID', { posts: 1, edits: 0 }],
  ]),
};

/**
 * The calls now for the messages the poster before the outbox delivered too: per message kind, the
 * calls now (its posts and their edits) scaled to as many posts as it made (a kind it never posted
 * counts nothing; one without posts, the drain's message posted before the count, counts its edits).
 */
function callsForSameMessages(now: Map<string, { posts: number; edits: number }>): number {
  let calls = 0;
  for (const [message, before] of BEFORE_OUTBOX.byMessage) {
    const taken = now.get(message);
    if (!taken) continue;
    const share = taken.posts === 0 ? 1 : Math.min(1, before.posts / taken.posts);
    calls += (taken.posts + taken.edits) * share;
  }
  return calls;
}

export async function benchOutbox(options: { only?: 'calm' | 'storm' } = {}): Promise<void> {
  if (options.only === 'storm') return stormRun([]);
  const calm = await drainRun(0);
  const perServer = calm.calls / calm.servers;
  const wallS = calm.wallMs / 1000;
  console.log(
    `outbox, fault-free drain: ${HOSTS} hosts × ${SERVERS_PER_HOST} servers with --return: ${wallS.toFixed(1)} s wall, ` +
      `${calm.calls} Slack calls = ${perServer.toFixed(2)} per server, ${calm.shown.length} messages shown, ` +
      `${calm.paceRefusals} post(s) refused by the fake Slack's pace; ` +
      `before the outbox ${BEFORE_OUTBOX.callsPerServer} per server, ${BEFORE_OUTBOX.wallS} s, ${BEFORE_OUTBOX.shown} shown. ` +
      `Target calls per server ≤ ${(BEFORE_OUTBOX.callsPerServer * 1.05).toFixed(2)}: ${verdict(perServer <= BEFORE_OUTBOX.callsPerServer * 1.05)} ` +
      `(${pct(perServer, BEFORE_OUTBOX.callsPerServer)}); wall ≤ ${(BEFORE_OUTBOX.wallS * 1.05).toFixed(1)} s: ` +
      `${verdict(wallS <= BEFORE_OUTBOX.wallS * 1.05)} (${pct(wallS, BEFORE_OUTBOX.wallS)})`,
  );
  const same = callsForSameMessages(calm.tally.messages()) / calm.servers;
  console.log(
    `  for the messages the poster before the outbox delivered too: ${same.toFixed(2)} calls per server against ` +
      `${BEFORE_OUTBOX.callsPerServer}, ${verdict(same <= BEFORE_OUTBOX.callsPerServer * 1.05)} (${pct(same, BEFORE_OUTBOX.callsPerServer)})`,
  );
  calm.tally.print();
  if (options.only !== 'calm') await stormRun(calm.shown);
}

/** The storm drain, its messages compared with the fault-free run's (`calmShown`; none: not compared). */
async function stormRun(calmShown: string[]): Promise<void> {
  const storm = await drainRun(STORM_MS);
  const lost = missing(calmShown, storm.shown);
  const { stormEnd } = storm;
  // after the storm: what still waited when it ended (its delay counted from the end) and what was
  // written after it (from its writing)
  const after = storm.written.filter((m) => m.takenAt === undefined || m.takenAt > stormEnd);
  const waiting = after.filter((m) => m.at < stormEnd);
  const fresh = after.filter((m) => m.at >= stormEnd);
  const delay = (m: Written) => (m.takenAt ?? Number.POSITIVE_INFINITY) - Math.max(m.at, stormEnd);
  const floor = paceFloor(after, stormEnd, SLACK_POST_PACE.perChannelMs);
  const p95 = (messages: Written[], of: (m: Written) => number) =>
    (percentile(messages.map(of), 95) / 1000).toFixed(1);
  const line = (name: string, messages: Written[]) => {
    const entries = new Set(messages.map((m) => m.entry));
    const kinds = ['post', 'reply', 'edit'].map(
      (kind) => `${messages.filter((m) => m.kind === kind).length} ${kind}(s)`,
    );
    return (
      `${name}: ${messages.length} message(s) (${kinds.join(', ')}) in ${entries.size} Slack call(s), ` +
      `p50 ${(percentile(messages.map(delay), 50) / 1000).toFixed(1)} s, p95 ${p95(messages, delay)} s, ` +
      `last ${(Math.max(0, ...messages.map(delay)) / 1000).toFixed(1)} s; floor p95 ${p95(messages, (m) => floor.get(m) ?? 0)} s`
    );
  };
  const allP95 = percentile(after.map(delay), 95) / 1000;
  const freshP95 = percentile(fresh.map(delay), 95) / 1000;
  console.log(
    `outbox, Slack fault storm (every third chat.* call 429 Retry-After 1 s or 503, ${STORM_MS / 1000} s) during the same drain: ` +
      `${lost.length} message(s) lost against the fault-free run${lost.length ? ` (${lost.slice(0, 3).join(' | ')})` : ''}, ` +
      `${storm.unsent} unsent or refused in the outbox; target 0 and 0: ${verdict(lost.length === 0 && storm.unsent === 0)}. ` +
      `${(storm.wallMs / 1000).toFixed(1)} s wall, ${storm.calls} Slack calls. Delay until the fake Slack took each ` +
      `message (from the storm's end, or from its writing if later); floor: at the fake Slack's pace, Slack's documented ` +
      `1 post per ${SLACK_POST_PACE.perChannelMs} ms per channel (threads included; it refused ${storm.paceRefusals} ` +
      `post(s) for coming sooner), in the order written, edits at once:`,
  );
  console.log(`  ${line('waiting when the storm ended', waiting)}`);
  console.log(`  ${line('written after the storm ended', fresh)}`);
  console.log(`  ${line('all of them', after)}`);
  const never = after.filter((m) => m.takenAt === undefined);
  console.log(
    `  never taken (counted as an infinite delay): ${never.length}${
      never.length
        ? ` (${never
            .slice(0, 5)
            .map((m) => `${m.kind} ${m.label}`)
            .join(' · ')})`
        : ''
    }`,
  );
  const byLabel = new Map<string, number>();
  for (const m of waiting)
    byLabel.set(`${m.kind} ${m.label}`, (byLabel.get(`${m.kind} ${m.label}`) ?? 0) + 1);
  console.log(
    `  waiting when the storm ended, by message: ${[...byLabel]
      .sort((a, b) => b[1] - a[1])
      .map(([name, n]) => `${n}× ${name}`)
      .join(' · ')}`,
  );
  const partsOf = (messages: Written[]) =>
    describeBreakdowns(
      messages.map((m) =>
        storm.timeline.breakdown(
          m.entry,
          Math.max(m.at, stormEnd),
          m.takenAt ?? storm.stormEnd + storm.wallMs,
        ),
      ),
    );
  const slowest = after.filter((m) => delay(m) >= allP95 * 1000);
  console.log(`  where the delay went, mean per message: all ${partsOf(after)}`);
  const kindsOf = (messages: Written[]) =>
    ['post', 'reply', 'edit']
      .map((kind) => `${messages.filter((m) => m.kind === kind).length} ${kind}(s)`)
      .join(', ');
  console.log(
    `    the slowest 5% (${slowest.length}: ${kindsOf(slowest)}; delay ≥ p95): ${partsOf(slowest)}`,
  );
  // each kind's own p95 (a channel's edits go in a lane of their own, beside its posts)
  console.log(
    `  p95 by kind: ${['post', 'reply', 'edit']
      .map(
        (kind) =>
          `${kind} ${p95(
            after.filter((m) => m.kind === kind),
            delay,
          )} s`,
      )
      .join(', ')}`,
  );
  const floorP95 =
    percentile(
      after.map((m) => floor.get(m) ?? 0),
      95,
    ) / 1000;
  console.log(
    `  target p95 ≤ 5 s: all ${verdict(allP95 <= 5)} (${allP95.toFixed(1)} s), written after the storm ${verdict(freshP95 <= 5)} (${freshP95.toFixed(1)} s); ` +
      `the floor's p95 ${floorP95.toFixed(1)} s ${floorP95 > 5 ? 'is above 5 s: not reachable with one Slack post per message' : 'allows it'}, ` +
      `Ferry's own share ${(allP95 - floorP95).toFixed(1)} s`,
  );
  storm.tally.print();
}

/**
 * The soonest each message could be shown after the storm at Slack's documented pace (1 post per
 * second per channel, short bursts "with no guarantee"; chat.update Tier 3, 50+ a minute, not the bound
 * here): a channel's posts one a second in the order written, none before it is written or the storm
 * ended; an edit at once.
 */
function paceFloor(messages: Written[], stormEnd: number, postGapMs: number): Map<Written, number> {
  const floor = new Map<Written, number>();
  const nextPost = new Map<string, number>();
  const postAt = new Map<string, number>();
  for (const message of [...messages].sort((a, b) => a.at - b.at)) {
    const ready = Math.max(message.at, stormEnd);
    if (message.kind === 'edit') {
      floor.set(message, 0);
      continue;
    }
    // lines merged into one post go with it
    const slot = postAt.get(message.entry);
    if (slot !== undefined) {
      floor.set(message, Math.max(0, slot - ready));
      continue;
    }
    const at = Math.max(ready, nextPost.get(message.channel) ?? ready);
    postAt.set(message.entry, at);
    nextPost.set(message.channel, at + postGapMs);
    floor.set(message, at - ready);
  }
  return floor;
}

function pct(now: number, before: number): string {
  const change = (now / before - 1) * 100;
  return `${change >= 0 ? '+' : ''}${change.toFixed(0)}%`;
}

if (import.meta.url === `file://${process.argv[1]}`)
  await benchOutbox(
    process.argv[2] === 'calm' || process.argv[2] === 'storm' ? { only: process.argv[2] } : {},
  );
