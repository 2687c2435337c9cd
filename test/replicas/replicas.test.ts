import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import { FakeSlack, type StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { systemClock } from '../../src/clock.ts';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.ts';
import { hasPostgres, type RealPostgres, startPostgres } from '../helpers/postgres.ts';
import { type ReplicaProcess, startReplica } from '../helpers/replicas.ts';
import { buttonValue, CHANNEL, textOf, waitFor } from '../helpers/slack.ts';

// CI sets FERRY_REQUIRE_POSTGRES so that a missing PostgreSQL fails loudly instead of skipping.
if (process.env.FERRY_REQUIRE_POSTGRES && !hasPostgres)
  throw new Error(
    'FERRY_REQUIRE_POSTGRES is set but PostgreSQL is not installed (apt-get install postgresql)',
  );

/**
 * Three real Ferry processes on one real PostgreSQL, in HTTP mode behind no load balancer (each
 * request goes to whichever replica the test picks), against the sandbox cloud and the fake Slack.
 */
describe.skipIf(!hasPostgres)('three Ferry replicas on one PostgreSQL', () => {
  let postgres: RealPostgres;
  let sandbox: Sandbox;
  let fake: FakeSlack;
  let replicas: ReplicaProcess[] = [];

  beforeAll(async () => {
    postgres = await startPostgres();
    // speed 4: 2 GiB of memory copied in about 3.5 s, 16 GiB in about 27 s
    sandbox = await startSandbox({ clock: systemClock, speed: 4 });
    for (const [name, flavor] of [
      ['quick-1', 'm1.small'],
      ['long-1', 'm1.xlarge'],
      ['replay-1', 'm1.small'],
    ] as const)
      sandbox.cloud.addServer({
        name,
        host: 'compute1',
        flavor,
        project: 'web',
        user: 'admin',
        sharedStorage: true,
      });
    fake = new FakeSlack();
    await fake.start();
    const databaseUrl = await postgres.freshDatabase();
    const cloudEnv = { ...sandbox.env, OS_CLOUD: '' };
    // one at a time: the first applies the schema, the others find it applied
    for (const name of ['replica-a', 'replica-b', 'replica-c'])
      replicas.push(
        await startReplica(name, {
          databaseUrl,
          cloudEnv,
          fake,
          env: { FERRY_REMINDERS: '2m', FERRY_PROGRESS_INTERVAL: '5' },
        }),
      );
  }, 120_000);

  // a failure here is hard to see again: what each replica logged goes with it
  beforeEach(({ onTestFailed }) =>
    onTestFailed(() => {
      for (const replica of replicas)
        console.error(`--- ${replica.name} logged:\n${replica.output().slice(-6_000)}`);
    }),
  );

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await fake?.stop();
    await sandbox?.close();
    await postgres?.stop();
  });

  const requestFor = (server: string) =>
    waitFor(
      () =>
        fake.messages.find(
          (m) => !m.threadTs && !m.ephemeralTo && m.text.includes('request') && textOf(m).includes(server),
        ),
      `the request for ${server}`,
    );
  const threadPosts = (parent: StoredMessage, containing: string) =>
    fake
      .callsOf('chat.postMessage')
      .filter(
        (call) => call.params.thread_ts === parent.ts && JSON.stringify(call.params).includes(containing),
      );
  const migrationsOf = (server: string) => {
    const id = sandbox.cloud.resolveServer(server).id;
    return sandbox.cloud.migrations.filter((m) => m.serverId === id);
  };

  it('serves /healthz on every replica: the store, the leases, exactly one leader', async () => {
    // a window whose 2-minute reminder falls due a minute from now, checked by the next scenario while
    // all three replicas run: the minute's tick that sends it comes a minute before the window starts
    // (a reminder overtaken by its window's start is not owed), however long this scenario takes
    const [, b] = replicas as [ReplicaProcess, ReplicaProcess];
    expect(
      (await b.requests.command('U_ALICE', '/maintenance', 'compute3 in 3 minutes for 1h firmware')).status,
    ).toBe(200);
    const healths = await Promise.all(replicas.map((replica) => replica.health()));
    for (const { status, body } of healths) {
      expect(status).toBe(200);
      expect(body.store).toMatchObject({ kind: 'postgresql', ok: true, listening: true });
    }
    expect(healths.filter(({ body }) => body.replica.leads)).toHaveLength(1);
    const holders = new Set(healths.map(({ body }) => body.replica.holder));
    expect(holders.size).toBe(3);
    const scheduler = healths[0]?.body.replica.leases.find((lease) => lease.name === 'scheduler');
    expect(holders.has(scheduler?.holder as string)).toBe(true);
  });

  it('sends a reminder due while the replicas run once, from whichever leads', async () => {
    const reminders = () =>
      fake
        .callsOf('chat.postMessage')
        .filter((call) => call.params.channel === CHANNEL && JSON.stringify(call.params).includes('in 2m*'));
    await waitFor(() => reminders().length > 0, 'the reminder', 120_000);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(reminders()).toHaveLength(1);
  }, 130_000);

  it('turns 50 approvals spread over the replicas into one migration and one final post', async () => {
    const [a] = replicas as [ReplicaProcess];
    expect((await a.requests.command('U_ALICE', '/migrate', 'quick-1 to compute2')).status).toBe(200);
    const parent = await requestFor('quick-1');
    const requestId = buttonValue(parent, ACTIONS.approve);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (replicas[i % replicas.length] as ReplicaProcess).requests.press(
          i % 2 ? 'U_BOB' : 'U_CAROL',
          parent.ts,
          ACTIONS.approve,
          requestId,
        ),
      ),
    );
    expect(answers.every((response) => response.status === 200)).toBe(true);
    await waitFor(() => threadPosts(parent, 'Completed').length > 0, 'the outcome', 30_000);
    // time for a second start or a second outcome to show up, had there been one
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(migrationsOf('quick-1')).toHaveLength(1);
    expect(migrationsOf('quick-1')[0]?.status).toBe('completed');
    expect(threadPosts(parent, 'Completed')).toHaveLength(1);
    expect(threadPosts(parent, 'started:')).toHaveLength(1);
    // every other click is told the request was already approved: none goes unanswered (each answer
    // may come after the outcome on a loaded machine: waited for, then counted)
    const answered = () => fake.messages.filter((m) => m.ephemeralTo);
    await waitFor(() => answered().length >= 49, `49 answers (${answered().length} so far)`, 10_000).catch(
      (error) => {
        throw new Error(`${error}: ${JSON.stringify(answered().map((m) => m.text))}`);
      },
    );
    expect(answered().filter((m) => !m.text.includes(`${requestId} is already approved`))).toEqual([]);
    expect(answered()).toHaveLength(49);
  }, 60_000);

  it('refuses a signed request replayed to another replica', async () => {
    const [a, b] = replicas as [ReplicaProcess, ReplicaProcess];
    const body = a.requests.commandBody('U_ALICE', '/migrate', 'replay-1 to compute2');
    const timestamp = String(Math.floor(Date.now() / 1000));
    const type = 'application/x-www-form-urlencoded';
    expect((await a.requests.post(body, type, {}, timestamp)).status).toBe(200);
    expect((await b.requests.post(body, type, {}, timestamp)).status).toBe(200);
    await requestFor('replay-1');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const requests = fake.messages.filter(
      (m) => !m.threadTs && !m.ephemeralTo && m.text.includes('request') && textOf(m).includes('replay-1'),
    );
    expect(requests).toHaveLength(1);
  });

  it('has another replica finish the story when the one watching a migration is killed', async () => {
    const [a] = replicas as [ReplicaProcess];
    await a.requests.command('U_ALICE', '/migrate', 'long-1 to compute2');
    const parent = await requestFor('long-1');
    await a.requests.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    await waitFor(() => migrationsOf('long-1')[0]?.status === 'running', 'the copy to begin', 20_000);
    const watching = async () => {
      const healths = await Promise.all(replicas.map(async (r) => ({ r, h: (await r.health()).body })));
      return healths.filter(({ h }) => h.replica.watching.runs.length > 0).map(({ r }) => r);
    };
    const watchers = await watching();
    expect(watchers).toHaveLength(1);
    const watcher = watchers[0] as ReplicaProcess;
    const killedAt = Date.now();
    await watcher.kill();
    replicas = replicas.filter((replica) => replica !== watcher);

    await waitFor(() => threadPosts(parent, 'Completed').length > 0, 'the outcome after the kill', 45_000);
    const tookMs = Date.now() - killedAt;
    const record = migrationsOf('long-1')[0];
    expect(record?.status).toBe('completed');
    expect(tookMs).toBeLessThan(40_000);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(threadPosts(parent, 'Completed')).toHaveLength(1);
    expect(threadPosts(parent, 'picked it up')).toHaveLength(1);
    expect(migrationsOf('long-1')).toHaveLength(1);
  }, 90_000);

  it('has another replica carry a drain on when the one driving it is killed', async () => {
    sandbox.cloud.addHost({
      name: 'compute9',
      memoryMb: 32_768,
      vcpus: 16,
      diskGb: 500,
      hypervisorVersion: 8_002_000,
    });
    sandbox.cloud.addServer({
      name: 'drain-1',
      host: 'compute9',
      flavor: 'm1.small',
      project: 'web',
      user: 'admin',
      sharedStorage: true,
    });
    const [first] = replicas as [ReplicaProcess];
    await first.requests.command('U_ALICE', '/drain', 'compute9 --return');
    const parent = await waitFor(
      () => fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Drain d-')),
      'the drain message',
    );
    await first.requests.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const empty = await waitFor(
      () => fake.messages.find((m) => m.threadTs === parent.ts && m.text === 'compute9 is empty'),
      'compute9 empty',
      30_000,
    );
    const healths = await Promise.all(replicas.map(async (r) => ({ r, h: (await r.health()).body })));
    const drivers = healths.filter(({ h }) => h.replica.watching.drains.length > 0).map(({ r }) => r);
    expect(drivers).toHaveLength(1);
    const driver = drivers[0] as ReplicaProcess;
    await driver.kill();
    replicas = replicas.filter((replica) => replica !== driver);
    // the press lands on a survivor while nobody drives the drain: it is carried out once taken over
    const survivor = replicas[0] as ReplicaProcess;
    await survivor.requests.press(
      'U_BOB',
      empty.ts,
      DRAIN_ACTIONS.hostBack,
      buttonValue(empty, DRAIN_ACTIONS.hostBack),
    );
    await waitFor(() => threadPosts(parent, 'Drain report').length > 0, 'the report after the kill', 60_000);
    expect(sandbox.cloud.resolveServer('drain-1').host).toBe('compute9');
    expect(sandbox.cloud.hostOrThrow('compute9').status).toBe('enabled');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(threadPosts(parent, 'Drain report')).toHaveLength(1);
    expect(
      threadPosts(parent, 'is watching this drain again').length + threadPosts(parent, 'picked it up').length,
    ).toBe(1);
    // one evacuation of the host, one move off and one back
    expect(migrationsOf('drain-1')).toHaveLength(2);
  }, 120_000);
});
