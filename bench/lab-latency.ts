import type { RecordedCall } from '../src/chat/fake-slack.ts';
import { ACTIONS } from '../src/chat/render.ts';
import { systemClock } from '../src/clock.ts';
import type { CloudApi } from '../src/core/ports/cloud.ts';
import type { OpenStackClients } from '../src/openstack/client.ts';
import { slackHarness, textOf, waitFor } from '../test/helpers/slack.ts';
import { clients } from '../test/real-cloud/lab.ts';
import {
  cloud,
  labHostChecker,
  OUTCOME,
  postedBytes,
  requestMessage,
  tickingBefore,
} from '../test/real-cloud/lab-guest.ts';
import { percentile, verdict } from './stats.ts';

/**
 * #31 target 6, on the real-VM lab (npm run lab:up; OS_* from .lab/openrc): real live migrations of
 * the quiet server-x back and forth through Ferry's composition root (signed Slack requests, SSH to the
 * hosts as the real-cloud tests have it), one at a time, FERRY_LAB_MOVES of them (default 6).
 *
 * The yardstick is Nova's own migration record, read by this bench and not by Ferry: when it turned
 * `completed` lies both in [updated_at, updated_at + 1 s) (MariaDB keeps whole seconds and truncates)
 * and between the send of this bench's last poll (every SAMPLE_MS) that did not see it completed and
 * the answer of the first that did. The figure is Ferry's outcome post (the fake Slack's clock when the
 * call arrived) minus the earliest moment of that intersection: the most the delay can have been; the
 * window's width, how much of it may be the yardstick's uncertainty, is printed beside it.
 */

const SERVER = 'server-x';
const SAMPLE_MS = 250;
const TARGET_P95_MS = 2_000;

/** When this bench's own polls saw a migration record completed: the window its end lies in. */
interface Completion {
  /** the send of the last poll that answered it not completed yet */
  notBefore: number;
  /** the answer of the first poll that had it completed */
  seenBy: number;
  updatedAt: number;
}

const s = (ms: number) => (ms / 1000).toFixed(2);
const utc = (stamp: string) => Date.parse(/Z|[+-]\d\d:?\d\d$/.test(stamp) ? stamp : `${stamp}Z`);

/** Polls the server's newest migration records every SAMPLE_MS: each record's completion window. */
function watchRecords(cloud: CloudApi, serverId: string) {
  const completed = new Map<string, Completion>();
  let lastSent: number | null = null;
  let stopped = false;
  const look = async () => {
    while (!stopped) {
      const sent = Date.now();
      const records = await cloud.listMigrations({ serverId, limit: 3 }).catch(() => null);
      const answered = Date.now();
      if (records) {
        for (const record of records)
          if (record.uuid && record.status === 'completed' && record.updatedAt && !completed.has(record.uuid))
            completed.set(record.uuid, {
              // seen completed by the first poll of all: its end is not bracketed by a poll
              notBefore: lastSent ?? Number.NEGATIVE_INFINITY,
              seenBy: answered,
              updatedAt: utc(record.updatedAt),
            });
        lastSent = sent;
      }
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    }
  };
  const running = look();
  return {
    completed,
    stop: async () => {
      stopped = true;
      await running;
    },
  };
}

/** A call Ferry made to Nova, Neutron or a host (SSH): when it began and ended. */
interface TimedCall {
  what: string;
  start: number;
  end: number;
}

/** `client` with each of its calls timed into `calls` (this bench's own record; Ferry is not changed). */
function timed<T extends object>(name: string, client: T, calls: TimedCall[]): T {
  return new Proxy(client, {
    get: (target, key) => {
      const value = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const call = { what: `${name}.${String(key)}`, start: Date.now(), end: Number.NaN };
        calls.push(call);
        const result = value.apply(target, args);
        if (result instanceof Promise)
          return result.finally(() => {
            call.end = Date.now();
          });
        call.end = Date.now();
        return result;
      };
    },
  });
}

function timedClients(all: OpenStackClients, calls: TimedCall[]): OpenStackClients {
  return { ...all, nova: timed('nova', all.nova, calls), neutron: timed('neutron', all.neutron, calls) };
}

interface Move {
  to: string;
  outcome: string;
  /** outcome post − the earliest the record can have turned completed; and − the latest */
  mostMs: number;
  leastMs: number;
  /** ETA said at the first progress post past 50 %: the share done then, said and actual seconds */
  eta: { done: number; saidS: number; actualS: number } | null;
  commandToOutcomeMs: number;
  /** where the delay went: Ferry seeing the record completed, its end read and proven, posted to Slack */
  seenMs: number;
  provenMs: number;
  postedMs: number;
  /** Ferry's calls between seeing the record completed and its outcome: what, from, for how long */
  proving: string;
  /** Ferry's migration lists from 5 s before the earliest completion to its sighting: the feed's pace there */
  asking: string;
}

/** The thread's posts as the fake Slack received them: when, and all their text (blocks too). */
function threadPosts(calls: RecordedCall[], parentTs: string) {
  return calls
    .filter((c) => c.method === 'chat.postMessage' && c.params.thread_ts === parentTs)
    .map((c) => ({
      at: c.at,
      text: textOf({
        text: String(c.params.text ?? ''),
        blocks: (c.params.blocks as Record<string, unknown>[] | undefined) ?? [],
      }),
    }));
}

export async function benchLabLatency(): Promise<void> {
  const moves = Number(process.env.FERRY_LAB_MOVES ?? 6);
  const server = await cloud.findServer(SERVER);
  const home = server.host as string;
  const services = (await cloud.listComputeServices()).filter((s) => s.binary === 'nova-compute');
  // compute3 last: `npm run lab -- break compute3` may have its libvirtd broken
  const away = services
    .filter((s) => s.host !== home && s.status === 'enabled' && s.state === 'up')
    .map((s) => s.host)
    .sort()[0];
  if (!away) throw new Error(`lab-latency: no compute host in service besides ${home}`);
  const watch = watchRecords(cloud, server.id);
  const done: Move[] = [];
  const failed: string[] = [];
  try {
    for (let i = 0; i < moves; i++) {
      // back and forth from where it is (a move that failed leaves it where it was)
      const to = (await cloud.findServer(SERVER)).host === home ? away : home;
      // a guest the emulator killed in an earlier move is hard-rebooted first (lab-guest.ts runsOn)
      await tickingBefore(SERVER);
      // Ferry's composition root as lab-guest.ts labFerry builds it, its calls timed
      const calls: TimedCall[] = [];
      const slack = await slackHarness(
        { clients: timedClients(clients, calls), clock: systemClock },
        { progressIntervalMs: 5_000, hostChecker: timed('ssh', labHostChecker(), calls) },
      );
      const landedAt = new Map<string, number>();
      slack.ferry.runner.onLanded((runId) => landedAt.set(runId, Date.now()));
      try {
        const began = Date.now();
        await slack.command('U_ALICE', '/migrate', `${SERVER} to ${to}`);
        const parent = await requestMessage(slack, SERVER);
        const request = slack.store.pendingRequests()[0];
        if (!request) throw new Error(`lab-latency: no request for ${SERVER} → ${to}: ${textOf(parent)}`);
        await slack.press('U_BOB', parent.ts, ACTIONS.approve, request.id);
        // the run ends in the store before its outcome reaches Slack (the outbox sends it)
        const told = await waitFor(
          () => threadPosts(slack.fake.calls, parent.ts).find((p) => OUTCOME.test(p.text)),
          'the outcome in the thread',
          200_000,
        );
        const run = slack.store.runs().find((r) => r.requestId === request.id);
        // the bench's poll may see the record a moment after Ferry did: a few more samples
        await waitFor(
          () => !run?.migrationUuid || watch.completed.has(run.migrationUuid),
          "the bench's poll seeing the record completed",
          2_000,
        ).catch(() => undefined);
        const seen = run?.migrationUuid ? watch.completed.get(run.migrationUuid) : undefined;
        const outcome = /✅ \*Completed\*/.test(told.text)
          ? 'completed'
          : (OUTCOME.exec(told.text)?.[0] ?? '?');
        if (!seen || outcome !== 'completed') {
          failed.push(
            `${SERVER} → ${to}: ${outcome}${seen ? '' : `, the bench never saw record ${run?.migrationUuid} completed`}`,
          );
          continue;
        }
        const earliest = Math.max(seen.updatedAt, seen.notBefore);
        const latest = Math.min(seen.updatedAt + 1_000, seen.seenBy);
        if (latest < earliest)
          throw new Error(
            `lab-latency: Nova's updated_at ${new Date(seen.updatedAt).toISOString()} lies outside the bench's polls (${new Date(seen.notBefore).toISOString()} – ${new Date(seen.seenBy).toISOString()}): not the moment it turned completed`,
          );
        const progress = threadPosts(slack.fake.calls, parent.ts)
          .map((p) => ({ at: p.at, bytes: postedBytes(p.text) }))
          .find(
            (p) =>
              p.bytes && p.bytes.total > 0 && p.bytes.remaining <= p.bytes.total / 2 && p.bytes.etaS !== null,
          );
        done.push({
          to,
          outcome,
          mostMs: told.at - earliest,
          leastMs: told.at - latest,
          eta:
            progress?.bytes && progress.bytes.etaS !== null
              ? {
                  done: 1 - progress.bytes.remaining / progress.bytes.total,
                  saidS: progress.bytes.etaS,
                  actualS: (earliest - progress.at) / 1000,
                }
              : null,
          commandToOutcomeMs: told.at - began,
          seenMs: (landedAt.get(run?.id ?? '') ?? Number.NaN) - earliest,
          provenMs: (run?.endedAt ?? Number.NaN) - (landedAt.get(run?.id ?? '') ?? Number.NaN),
          postedMs: told.at - (run?.endedAt ?? Number.NaN),
          proving: calls
            .filter((c) => c.start >= (landedAt.get(run?.id ?? '') ?? 0) && c.start <= (run?.endedAt ?? 0))
            .map(
              (c) =>
                `${c.what.replace(/^\w+\./, '')} +${s(c.start - (landedAt.get(run?.id ?? '') ?? 0))} (${s(c.end - c.start)})`,
            )
            .join(', '),
          asking: calls
            .filter(
              (c) =>
                c.what === 'nova.listMigrations' &&
                c.start >= earliest - 5_000 &&
                c.start <= (landedAt.get(run?.id ?? '') ?? 0),
            )
            .map((c) => `${s(c.start - earliest)} (${s(c.end - c.start)})`)
            .join(', '),
        });
      } finally {
        await slack.stop();
      }
    }
  } finally {
    await watch.stop();
  }
  for (const move of done)
    console.log(
      `  ${SERVER} → ${move.to}: ✅ ${move.outcome}, command → outcome ${s(move.commandToOutcomeMs)} s; record completed → outcome post ${s(move.leastMs)}–${s(move.mostMs)} s (Ferry saw it ${s(move.seenMs)}, proven ${s(move.provenMs)}, posted ${s(move.postedMs)}); ` +
        (move.eta
          ? `ETA at ${(100 * move.eta.done).toFixed(0)} %: said ${move.eta.saidS} s, record completed ${move.eta.actualS.toFixed(0)} s later`
          : 'no ETA posted past 50 %') +
        `\n    after Ferry saw it completed: ${move.proving}` +
        `\n    Ferry's migration lists from 5 s before the earliest completion (s from it, and how long each took): ${move.asking}`,
    );
  for (const line of failed) console.log(`  not counted: ${line}`);
  const most = done.map((m) => m.mostMs);
  const width = done.map((m) => m.mostMs - m.leastMs);
  const p95 = percentile(most, 95);
  console.log(
    `lab latency, Nova's record completed → Ferry's outcome post, ${done.length} of ${moves} real live migrations of ${SERVER} (the most it can have been): ` +
      `p50 ${s(percentile(most, 50))} s, p95 ${s(p95)} s, max ${s(Math.max(...most))} s (target p95 ≤ ${s(TARGET_P95_MS)} s) ${verdict(done.length > 0 && p95 <= TARGET_P95_MS)}; ` +
      `the yardstick's window (updated_at's whole second ∩ the bench's ${SAMPLE_MS} ms polls) p50 ${s(percentile(width, 50))} s, max ${s(Math.max(...width))} s`,
  );
  const part = (name: string, of: (move: Move) => number) =>
    `${name} p50 ${s(percentile(done.map(of), 50))} s, max ${s(Math.max(...done.map(of)))} s`;
  console.log(
    `  where it goes: ${part("Ferry's feed seeing the record completed", (m) => m.seenMs)}; ${part('reading and proving the end', (m) => m.provenMs)}; ${part('the outcome to Slack', (m) => m.postedMs)}`,
  );
  const etas = done.flatMap((m) => (m.eta ? [m.eta] : []));
  console.log(
    `lab ETA error at 50 % of a move (said − actual, to the record's completion): ${
      etas
        .map(
          (e) =>
            `${(e.saidS - e.actualS).toFixed(0)} s (said ${e.saidS} s at ${(100 * e.done).toFixed(0)} %)`,
        )
        .join(', ') || 'no ETA posted past 50 %'
    }`,
  );
}
