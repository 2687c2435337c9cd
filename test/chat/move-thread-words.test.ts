import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/messages/units.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { approvedMigration, migrationOutcome } from '../helpers/migration-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';

/**
 * What a move's thread says when the cloud misbehaves under it, each said once and as what it is
 * (operator trial): the record Nova lost, a gateway answering for Nova, nova-compute going down.
 */

let fx: SandboxFixture;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await slack?.stop();
  await fx.close();
});

/** `server` moving to `destination`, approved and copying (slowly: the network is 0.1 Gbit/s) */
async function copying(server: string, destination: string) {
  applyFault(fx.sandbox.cloud, { type: 'nova-conf', migration_network_gbps: 0.1 });
  slack = await slackHarness(fx);
  const parent = await approvedMigration(slack, `${server} to ${destination}`);
  await waitFor(() => slack.store.runs()[0]?.state === 'running', 'the move copying', 15_000);
  return { parent, thread: () => slack.fake.threadOf(CHANNEL, parent.ts).map(textOf) };
}

describe("a move's thread under the cloud's faults", () => {
  it('says "unknown" once when Nova loses the record of a running move', async () => {
    const { parent, thread } = await copying('cache-1', 'compute1');
    applyFault(fx.sandbox.cloud, { type: 'forget-migration', server: 'cache-1' });
    const ended = await waitFor(
      () => thread().find((text) => text.includes('How it ended is unknown')),
      'the outcome',
      20_000,
    );
    // the head says it; the sentence after it says why, not the same again
    const head = ended.split('\n').find((line) => line.includes('How it ended is unknown')) as string;
    expect(head).toContain('Nova no longer has the record of migration');
    expect(head.match(/unknown/gi)).toHaveLength(1);
    // the request's status line too: no duration to give is no "in an unknown time" after "end unknown"
    const status = await waitFor(
      () =>
        textOf(slack.fake.messages.find((m) => m.ts === parent.ts) ?? parent)
          .split('\n')
          .find((line) => line.includes('end unknown')),
      'the status line',
    );
    expect(status.match(/unknown/gi)).toHaveLength(1);
  }, 60_000);

  it('says a 502 as the load balancer in front of Nova answering, not Nova', async () => {
    const { thread } = await copying('server-x', 'compute2');
    applyFault(fx.sandbox.cloud, { type: 'outage', seconds: 20, status: 502 });
    const out = await waitFor(
      () => thread().find((text) => text.includes('Nova is not available since')),
      'the outage said',
      20_000,
    );
    expect(out).toMatch(
      /Nova is not available since \d\d:\d\d:\d\d UTC \(the load balancer in front of it answers 502 Bad Gateway: it got no valid answer from Nova\); still watching/,
    );
    // while it lasts, /migrations says it in the same words
    await slack.command('U_BOB', '/migrations', '');
    await waitFor(
      () => slack.privately('U_BOB').includes('(the load balancer in front of it answers 502 Bad Gateway'),
      '/migrations saying the outage',
    );
  }, 60_000);

  it("says once that the destination's nova-compute went down mid-move, what may come, and once that it is back", async () => {
    const { thread } = await copying('server-x', 'compute2');
    applyFault(fx.sandbox.cloud, { type: 'service-down', host: 'compute2' });
    const down = await waitFor(
      () => thread().find((text) => text.includes('nova-compute on compute2 (the destination) is down')),
      'the host down said',
      20_000,
    );
    expect(down).toMatch(
      /nova-compute on compute2 \(the destination\) is down \(last heard from at \d\d:\d\d:\d\d UTC\)\. Nova needs it for the move's last steps: until it is back, the move may wait there or fail\. Ferry keeps watching and says how the move ends\./,
    );
    // Ferry looks again while it stays down (every 30 s, 40 s between progress lines here): said once
    const after = () => thread().slice(thread().indexOf(down));
    await waitFor(() => after().filter((text) => text.includes('progress')).length >= 3, 'looks after it');
    applyFault(fx.sandbox.cloud, { type: 'service-up', host: 'compute2' });
    await waitFor(
      () => thread().some((text) => text.includes('nova-compute on compute2 (the destination) is up again')),
      'the host up said',
      20_000,
    );
    const posts = (words: string) => thread().filter((text) => text.includes(words));
    expect(posts('nova-compute on compute2 (the destination) is down')).toHaveLength(1);
    expect(posts('is up again')).toHaveLength(1);
  }, 60_000);
});

describe("a move's duration", () => {
  it("is Nova's record's in its outcome, and its history says so where Ferry's times span more", async () => {
    slack = await slackHarness(fx);
    const parent = await approvedMigration(slack, 'server-x to compute2');
    const outcome = textOf(await migrationOutcome(slack, parent));
    const record = fx.sandbox.cloud.migrations[0];
    const run = slack.store.runs()[0];
    if (!record || !run?.endedAt) throw new Error('no migration record, or the run has not ended');
    const nova = formatDuration(record.updatedAt - record.createdAt);
    // the proofs after Nova's end make Ferry's own span longer: the two figures differ here
    expect(formatDuration(run.endedAt - run.startedAt)).not.toBe(nova);
    expect(outcome).toContain(`*Completed* after ${nova}:`);
    await slack.command('U_BOB', '/migrations', run.id);
    const detail = await waitFor(
      () => slack.privately('U_BOB').includes('History') && slack.privately('U_BOB'),
      'the history',
    );
    expect(detail).toContain(`It took ${nova} by Nova's record`);
  }, 60_000);
});
