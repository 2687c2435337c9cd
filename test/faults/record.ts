import type { RunRecord } from '../../src/core/model/records.ts';
import { CHANNEL, repliesOf, textOf } from '../helpers/slack.ts';
import type { World } from './harness.ts';

/**
 * What a scenario left behind, in the terms the fault matrix compares: the cloud as Nova has it,
 * every message as Slack shows it (per thread, in order), Nova's migration records and Ferry's runs.
 */
export interface Recorded {
  /** each server's host and state, each compute service's status: what a fault must not change */
  cloud: { servers: Record<string, string>; services: Record<string, string> };
  /**
   * each top-level message (as it reads now) followed by its thread's replies' lines, normalised: a
   * post that carries several replies (joined while they waited) counts as those replies, in order
   */
  threads: string[][];
  /** every thread post and top message as Slack shows it, for the consistency check */
  texts: string[];
  migrations: { server: string; type: string; source: string; dest: string | null; status: string }[];
  runs: RunRecord[];
  /** posts Slack shows more than once (the same outbox entry's ID in their metadata) */
  duplicates: string[];
}

/**
 * A message modulo time and identity: IDs, durations, clock times and numbers masked, so two runs of
 * a scenario (one under a fault, which moves the fake clock on) compare by what they say.
 */
export function normalise(text: string): string {
  return text
    .replace(/\b[demrw]-[0-9a-f]{4,}\b/g, 'ID')
    .replace(/\b\d\d:\d\d(:\d\d)?( UTC)?\b/g, 'TIME')
    .replace(/\b\d+(\.\d+)?\s?(ms|s|m|h|d)\b(\s\d+(\.\d+)?\s?(ms|s|m|h)\b)*/g, 'DURATION')
    .replace(/\d+/g, '#');
}

/** Merged posts ("N server(s) ended": one line per server) count as their lines; progress is paced by time. */
function postsOf(text: string, full: string): string[] {
  if (/progress$/.test(text)) return [];
  // a phase Ferry saw Nova in: which ones a poll catches depends on how far the fake clock moved
  if (/^[\w.-]+: (accepted|queued|preparing|running|post-copy|resizing|confirming)$/.test(text)) return [];
  if (/\d+ servers? ended$/.test(text))
    return full
      .split('\n')
      .slice(1)
      .map((line) => `ended: ${normalise(line)}`);
  return [normalise(text)];
}

export function record(world: World): Recorded {
  const { cloud } = world.fx.sandbox;
  cloud.sync();
  const servers: Record<string, string> = {};
  for (const server of cloud.servers.values())
    servers[`${server.name} ${server.id.slice(0, 8)}`] =
      `${server.host} ${server.vmState}${server.taskState ? ` ${server.taskState}` : ''}`;
  const services: Record<string, string> = {};
  for (const [name, host] of cloud.hosts) services[name] = (host as { status: string }).status;
  const shown = world.fake.messages.filter((m) => !m.ephemeralTo && m.channel === CHANNEL);
  const threads = shown
    .filter((m) => !m.threadTs)
    .map((top) => [
      normalise(top.text),
      ...shown
        .filter((m) => m.threadTs === top.ts)
        .flatMap(repliesOf)
        .flatMap((m) => postsOf(m.text, textOf(m))),
    ]);
  const nameOf = (id: string) => cloud.servers.get(id)?.name ?? id;
  return {
    cloud: { servers, services },
    threads,
    texts: shown.map(textOf),
    migrations: cloud.migrations.map((m) => ({
      server: nameOf(m.serverId),
      type: m.type,
      source: m.source,
      dest: m.dest,
      status: m.status,
    })),
    runs: world.slack.store.runs(),
    duplicates: duplicatePosts(shown),
  };
}

/** Each outbox entry's post shown more than once: what a post sent again without a lookup leaves. */
export function duplicatePosts(
  messages: { text: string; metadata?: { event_payload: Record<string, unknown> } }[],
) {
  const seen = new Map<unknown, number>();
  for (const message of messages) {
    const id = message.metadata?.event_payload.outbox_id;
    if (id !== undefined) seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  return messages
    .filter((message) => (seen.get(message.metadata?.event_payload.outbox_id) ?? 0) > 1)
    .map((message) => normalise(message.text));
}

/** Whether `part` appears in `whole` in order (other entries may come between). */
function inOrder(part: string[], whole: string[]): string | undefined {
  let at = 0;
  for (const line of part) {
    const found = whole.indexOf(line, at);
    if (found < 0) return line;
    at = found + 1;
  }
  return undefined;
}

/**
 * What the fault-free run showed that the faulty run did not: each baseline thread must be found (its
 * top message as it ended), and its posts in it in the same order, servers' outcome lines in any order
 * (which server ends first is timing). Extra posts (what the fault itself made Ferry say) are allowed.
 */
export function missingMessages(baseline: string[][], faulty: string[][]): string[] {
  const missing: string[] = [];
  // servers' outcome lines, a press's answer, which races the watcher's report of what it caused, and a
  // drain host's done line, which waits for the proofs of its servers' moves home while the next step
  // starts once they are home
  const unordered = (line: string) =>
    line.startsWith('ended: ') ||
    line === 'Confirmation sent' ||
    /^✅ `[^`]+` is done and enabled again/.test(line);
  const ended = (thread: string[]) => thread.filter(unordered).sort();
  const rest = (thread: string[]) => thread.filter((line) => !unordered(line));
  let from = 0;
  for (const expected of baseline) {
    const index = faulty.findIndex((thread, i) => i >= from && thread[0] === expected[0]);
    if (index < 0) {
      missing.push(`no thread "${expected[0]}"`);
      continue;
    }
    from = index + 1;
    const got = faulty[index] as string[];
    const lost = inOrder(rest(expected).slice(1), rest(got).slice(1));
    if (lost) missing.push(`"${expected[0]}" lacks (or has out of order): ${lost}`);
    const gotEnded = ended(got);
    for (const line of ended(expected)) {
      const at = gotEnded.indexOf(line);
      if (at < 0) missing.push(`"${expected[0]}" lacks: ${line}`);
      else gotEnded.splice(at, 1);
    }
  }
  return missing;
}
