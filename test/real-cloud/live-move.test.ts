import { afterEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/chat/render.ts';
import type { SlackHarness } from '../helpers/slack.ts';
import { textOf } from '../helpers/slack.ts';
import {
  cloud,
  domainOf,
  domJobInfo,
  expectLiveOutcome,
  type JobInfo,
  labFerry,
  labHostChecker,
  OUTCOME,
  onHost,
  postedBytes,
  requestMessage,
  runsOn,
  thread,
  threadText,
  tickingBefore,
} from './lab-guest.ts';

/**
 * /migrate server-x through Ferry's real composition root onto another lab host and back (the seed
 * has it on compute1): a real block live migration of a QEMU guest (instances paths are not shared).
 * While it runs, libvirt's own job on the source (`virsh domjobinfo`) is read over SSH and set beside
 * what Ferry posted; afterwards the guest must run on the destination: listed by its libvirt, its
 * console counter advancing.
 */

const MIB = 1024 ** 2;
let slack: SlackHarness | undefined;
afterEach(async () => {
  await slack?.stop();
  slack = undefined;
});

interface Post {
  at: number;
  remaining: number;
  total: number;
  etaS: number | null;
}

async function liveMove(to: string) {
  await tickingBefore('server-x');
  // with SSH to the hosts, as FERRY_SSH_USER gives it: Ferry reads the blackout on the destination
  slack = await labFerry({ hostChecker: labHostChecker() });
  const before = await cloud.findServer('server-x');
  const from = before.host as string;
  const domain = await domainOf('server-x');
  const began = Date.now();
  await slack.command('U_ALICE', '/migrate', `server-x to ${to}`);
  const parent = await requestMessage(slack, 'server-x');
  expect(textOf(parent)).toContain('asks for a live migration');
  await slack.press('U_BOB', parent.ts, ACTIONS.approve, slack.store.pendingRequests()[0]?.id as string);
  const approvedAt = Date.now();

  const libvirt: JobInfo[] = [];
  /** the memory left in Nova's own record, each distinct value it showed during the move */
  const novaRemaining = new Set<number>();
  const posts: Post[] = [];
  const seen = new Set<string>();
  let transferEnd: number | null = null;
  const deadline = Date.now() + 300_000;
  while (!OUTCOME.test(threadText(slack, parent))) {
    if (Date.now() > deadline) throw new Error(`no outcome after 300 s:\n${threadText(slack, parent)}`);
    for (const message of thread(slack, parent)) {
      if (seen.has(message.ts)) continue;
      seen.add(message.ts);
      const bytes = postedBytes(textOf(message));
      if (bytes) posts.push({ at: Date.now(), ...bytes });
    }
    const [newest] = await cloud.listMigrations({ serverId: before.id, limit: 1 }).catch(() => []);
    const record = newest && (await cloud.getServerMigration(before.id, newest.id).catch(() => null));
    if (record?.memory?.total) novaRemaining.add(record.memory.remaining);
    const job = await domJobInfo(from, domain).catch(() => null);
    if (job) libvirt.push(job);
    else if (libvirt.length > 0 && transferEnd === null) transferEnd = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const text = threadText(slack, parent);
  const finishedAt = Date.now();
  console.log(
    `live move server-x ${from} → ${to}: approved→outcome ${((finishedAt - approvedAt) / 1000).toFixed(0)} s, command→outcome ${((finishedAt - began) / 1000).toFixed(0)} s`,
  );
  compare(posts, libvirt, transferEnd ?? finishedAt);
  console.log(`Nova's record showed ${novaRemaining.size} distinct memory-remaining value(s)`);
  return { text, from, posts, libvirt, novaRemaining, domain };
}

/**
 * Ferry's blackout beside libvirt's own "Total downtime" on the destination, read here after Ferry
 * (which keeps libvirt's record: --keep-completed): the same figure within 10 % (issue #29).
 */
async function sameBlackout(text: string, to: string, domain: string) {
  const said = /Blackout ([\d.]+) (ms|s) \(measured by libvirt on /.exec(text);
  const ferryMs = said ? Number(said[1]) * (said[2] === 's' ? 1000 : 1) : null;
  const answer = await onHost(to, 'virsh', 'domjobinfo', '--completed', '--keep-completed', domain);
  const total = /^Total downtime:\s+(\d+)\s+ms/m.exec(answer);
  const libvirtMs = total ? Number(total[1]) : null;
  console.log(
    `blackout on ${to}: Ferry said ${ferryMs ?? '-'} ms, libvirt's Total downtime ${libvirtMs ?? '-'} ms`,
  );
  console.log(answer);
  expect(libvirtMs, `libvirt on ${to} kept no completed job:\n${answer}`).not.toBeNull();
  expect(ferryMs, `Ferry said no blackout:\n${text}`).not.toBeNull();
  expect(Math.abs((ferryMs as number) - (libvirtMs as number))).toBeLessThanOrEqual(
    Math.max(1, (libvirtMs as number) * 0.1),
  );
}

/** Ferry's posted bytes beside libvirt's nearest sample, and the ETA's error at 25/50/75 % */
function compare(posts: Post[], libvirt: JobInfo[], end: number) {
  const rows = posts.map((post) => {
    const near = libvirt.reduce<JobInfo | null>(
      (best, job) => (!best || Math.abs(job.at - post.at) < Math.abs(best.at - post.at) ? job : best),
      null,
    );
    return {
      't(s)': ((post.at - (libvirt[0]?.at ?? post.at)) / 1000).toFixed(0),
      'ferry left MiB': (post.remaining / MIB).toFixed(1),
      'ferry total MiB': (post.total / MIB).toFixed(1),
      'libvirt left MiB': near ? (near.remaining / MIB).toFixed(1) : '-',
      'libvirt total MiB': near ? (near.total / MIB).toFixed(1) : '-',
      'libvirt done MiB': near ? (near.processed / MIB).toFixed(1) : '-',
      'ferry ETA s': post.etaS ?? '-',
      'actual left s': ((end - post.at) / 1000).toFixed(0),
    };
  });
  console.table(rows);
  for (const mark of [25, 50, 75]) {
    const post = posts.find(
      (p) => p.total > 0 && (1 - p.remaining / p.total) * 100 >= mark && p.etaS !== null,
    );
    if (!post) {
      console.log(`ETA at ${mark}%: no post with an ETA reached ${mark}%`);
      continue;
    }
    const actual = (end - post.at) / 1000;
    console.log(
      `ETA at ${mark}%: Ferry said ${post.etaS} s, the transfer ended ${actual.toFixed(0)} s later (error ${((post.etaS as number) - actual).toFixed(0)} s)`,
    );
  }
}

describe('a real live migration through Ferry', () => {
  it('moves server-x away from compute1: progress from the real record, an ETA, ✅ Completed, the guest runs on', async () => {
    const here = (await cloud.findServer('server-x')).host;
    const to = here === 'compute2' ? 'compute1' : 'compute2';
    const { text, from, posts, libvirt, novaRemaining, domain } = await liveMove(to);
    expect(text).toContain(`server-x now runs on ${to}`);
    await sameBlackout(text, to, domain);
    // Ferry's bytes and ETA are Nova's record's: in some lab runs Nova's counters stayed put for the
    // whole move (its monitor saves them every 5 s, and froze for 40-70 s in 3 of 4 recordings); then
    // there is nothing to estimate from, and Ferry must not invent an ETA. What Ferry could estimate
    // from is what Ferry itself saw (its posts), not this test's own polls of Nova, which see other
    // instants of the record.
    const postedRemaining = new Set(posts.map((post) => post.remaining));
    if (postedRemaining.size >= 3) expect(text).toMatch(/ETA \d/);
    if (novaRemaining.size < 2 && postedRemaining.size < 2) expect(text).not.toMatch(/ETA \d/);
    // the bytes Ferry posted are the real record's: libvirt saw a job of the same size on the source
    expect(libvirt.length).toBeGreaterThan(0);
    const biggest = Math.max(...libvirt.map((job) => job.total));
    for (const post of posts) expect(post.total).toBeLessThanOrEqual(biggest * 1.05 + MIB);
    expectLiveOutcome(text, await runsOn('server-x', to, from));
  }, 420_000);

  it('moves server-x home to compute1 (the seed), the guest running on', async () => {
    const here = (await cloud.findServer('server-x')).host;
    if (here === 'compute1') return;
    const { text, from, domain } = await liveMove('compute1');
    await sameBlackout(text, 'compute1', domain);
    expectLiveOutcome(text, await runsOn('server-x', 'compute1', from));
  }, 420_000);
});
