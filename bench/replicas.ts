import { FakeSlack, type StoredMessage } from '../src/chat/fake-slack.ts';
import { ACTIONS } from '../src/chat/render.ts';
import { systemClock } from '../src/clock.ts';
import { applyFault, type Sandbox, startSandbox } from '../src/sandbox/index.ts';
import { hasPostgres, type RealPostgres, startPostgres } from '../test/helpers/postgres.ts';
import { type ReplicaProcess, startReplica } from '../test/helpers/replicas.ts';
import { buttonValue, textOf, waitFor } from '../test/helpers/slack.ts';
import { percentile } from './stats.ts';

const APPROVERS = Array.from({ length: 200 }, (_, i) => `U_ON${String(i).padStart(3, '0')}`);

interface Group {
  postgres: RealPostgres;
  sandbox: Sandbox;
  fake: FakeSlack;
  replicas: ReplicaProcess[];
  start(name: string): Promise<ReplicaProcess>;
  close(): Promise<void>;
}

/** Three Ferry processes on one PostgreSQL, the sandbox cloud at `speed`, the fake Slack. */
async function replicaGroup(speed: number, servers: { name: string; flavor: string }[]): Promise<Group> {
  const postgres = await startPostgres();
  const sandbox = await startSandbox({ clock: systemClock, speed });
  // every host may run all of the benchmark's migrations at once
  applyFault(sandbox.cloud, { type: 'nova-conf', max_concurrent_live_migrations: 20 });
  for (const { name, flavor } of servers)
    sandbox.cloud.addServer({
      name,
      host: 'compute1',
      flavor,
      project: 'web',
      user: 'admin',
      sharedStorage: true,
    });
  const fake = new FakeSlack();
  await fake.start();
  const databaseUrl = await postgres.freshDatabase();
  const start = (name: string) =>
    startReplica(name, {
      databaseUrl,
      cloudEnv: { ...sandbox.env, OS_CLOUD: '' },
      fake,
      env: { FERRY_ONCALL_USERS: APPROVERS.join(','), FERRY_PROGRESS_INTERVAL: '60' },
    });
  const replicas: ReplicaProcess[] = [];
  for (const name of ['replica-a', 'replica-b', 'replica-c']) replicas.push(await start(name));
  return {
    postgres,
    sandbox,
    fake,
    replicas,
    start,
    async close() {
      await Promise.all(replicas.map((replica) => replica.stop()));
      await fake.stop();
      await sandbox.close();
      await postgres.stop();
    },
  };
}

async function requestFor(group: Group, server: string): Promise<StoredMessage> {
  return waitFor(
    () =>
      group.fake.messages.find(
        (m) => !m.threadTs && !m.ephemeralTo && m.text.includes('request') && textOf(m).includes(server),
      ),
    `the request for ${server}`,
  );
}

/**
 * 200 approvals of one request spread over three replicas, three times, all at once and then spread
 * over two seconds: how many starts Nova
 * saw (the sandbox's migration records), and how long each click waited for its answer, timed from the
 * click to the answer reaching the fake Slack (the winner's "Approved by" update, the others' "already
 * approved").
 */
export async function benchReplicaApprovals(): Promise<void> {
  await replicaApprovals(0);
  await replicaApprovals(2_000);
}

async function replicaApprovals(spreadMs: number): Promise<void> {
  if (!hasPostgres) return console.log('replica approvals: skipped (PostgreSQL is not installed)');
  const servers = ['race-1', 'race-2', 'race-3'].map((name) => ({ name, flavor: 'm1.small' }));
  const group = await replicaGroup(20, servers);
  try {
    const latencies: number[] = [];
    const acks: number[] = [];
    const starts: number[] = [];
    for (const { name } of servers) {
      const [first] = group.replicas as [ReplicaProcess];
      await first.requests.command('U_ALICE', '/migrate', `${name} to compute2`);
      const parent = await requestFor(group, name);
      const requestId = buttonValue(parent, ACTIONS.approve);
      const sentAt = new Map<string, number>();
      await Promise.all(
        APPROVERS.map(async (user, i) => {
          // all at once, or spread evenly over two seconds (people clicking, not a script)
          if (spreadMs)
            await new Promise((resolve) => setTimeout(resolve, (i * spreadMs) / APPROVERS.length));
          sentAt.set(user, Date.now());
          const replica = group.replicas[i % 3] as ReplicaProcess;
          await replica.requests.press(user, parent.ts, ACTIONS.approve, requestId);
          acks.push(Date.now() - (sentAt.get(user) as number));
        }),
      );
      const answerAt = (user: string) =>
        group.fake.calls.find(
          (call) =>
            (call.method === 'chat.postEphemeral' &&
              call.params.user === user &&
              String(call.params.text).includes(`${requestId} is already approved`)) ||
            (call.method === 'chat.update' &&
              call.params.ts === parent.ts &&
              JSON.stringify(call.params).includes(`Approved by <@${user}>`)),
        )?.at;
      await waitFor(
        () => APPROVERS.every((user) => answerAt(user) !== undefined),
        'an answer to every click',
        60_000,
      );
      for (const user of APPROVERS) latencies.push((answerAt(user) as number) - (sentAt.get(user) as number));
      const id = group.sandbox.cloud.resolveServer(name).id;
      await waitFor(
        () => group.sandbox.cloud.migrations.some((m) => m.serverId === id && m.status === 'completed'),
        'the migration',
        60_000,
      );
      starts.push(group.sandbox.cloud.migrations.filter((m) => m.serverId === id).length);
    }
    console.log(
      `replica approvals: 3 × 200 approvals over 3 replicas ${spreadMs ? `spread over ${spreadMs / 1000} s` : 'all at once'}: Nova migrations started per request ${starts.join(', ')} (target 1 each); click to answer p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms (target p99 ≤ 100 ms); HTTP ack p50 ${percentile(acks, 50).toFixed(0)} ms, p99 ${percentile(acks, 99).toFixed(0)} ms`,
    );
  } finally {
    await group.close();
  }
}

/**
 * kill -9 of the replica watching a migration, ten times: how long until another replica picks the
 * thread up, timed from the kill to its "picked it up" post reaching the fake Slack.
 */
export async function benchReplicaTakeover(trials = 10): Promise<void> {
  if (!hasPostgres) return console.log('replica takeover: skipped (PostgreSQL is not installed)');
  // 8 GiB at speed 1: about a minute of copying, longer than a takeover
  const servers = Array.from({ length: trials }, (_, i) => ({
    name: `takeover-${i + 1}`,
    flavor: 'm1.large',
  }));
  const group = await replicaGroup(1, servers);
  const took: number[] = [];
  const seenRuns = new Set<string>();
  try {
    for (const { name } of servers) {
      const [first] = group.replicas as [ReplicaProcess];
      await first.requests.command('U_ALICE', '/migrate', `${name} to compute2`);
      const parent = await requestFor(group, name);
      await first.requests.press(
        APPROVERS[0] as string,
        parent.ts,
        ACTIONS.approve,
        buttonValue(parent, ACTIONS.approve),
      );
      const id = group.sandbox.cloud.resolveServer(name).id;
      await waitFor(
        () => group.sandbox.cloud.migrations.some((m) => m.serverId === id && m.status === 'running'),
        'the copy',
        30_000,
      );
      // earlier trials' migrations may still be watched: the one to kill watches the new run
      let watcher: ReplicaProcess | undefined;
      for (const replica of group.replicas) {
        const runs = (await replica.health()).body.replica.watching.runs;
        if (runs.some((run) => !seenRuns.has(run))) watcher = replica;
        for (const run of runs) seenRuns.add(run);
      }
      if (!watcher) throw new Error(`no replica watches ${name}`);
      const killedAt = Date.now();
      await watcher.kill();
      group.replicas.splice(group.replicas.indexOf(watcher), 1);
      const pickedAt = await waitFor(
        () =>
          group.fake.calls.find(
            (call) =>
              call.method === 'chat.postMessage' &&
              call.params.thread_ts === parent.ts &&
              JSON.stringify(call.params).includes('picked it up'),
          )?.at,
        'the takeover',
        60_000,
      );
      took.push(pickedAt - killedAt);
      group.replicas.push(await group.start(`${watcher.name}-again`));
    }
    console.log(
      `replica takeover: kill -9 of the watching replica, ${trials} trials: picked up after p50 ${(percentile(took, 50) / 1000).toFixed(1)} s, p95 ${(percentile(took, 95) / 1000).toFixed(1)} s, max ${(Math.max(...took) / 1000).toFixed(1)} s (target p95 ≤ 30 s)`,
    );
  } finally {
    await group.close();
  }
}
