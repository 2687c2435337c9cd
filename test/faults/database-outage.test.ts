import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
 * Two Ferry processes on one real PostgreSQL that goes away for 30 s while an evacuation's move runs
 * (issue 24 item 4): afterwards the thread says what happened (the database was out of reach), never
 * that the other replica stopped answering, and the evacuation's message ends as its report does.
 */
describe.skipIf(!hasPostgres)('a 30 s PostgreSQL outage under two replicas', () => {
  let postgres: RealPostgres;
  let sandbox: Sandbox;
  let fake: FakeSlack;
  const replicas: ReplicaProcess[] = [];

  beforeAll(async () => {
    postgres = await startPostgres();
    // speed 4: 4 GiB of memory copied in a few seconds, well within the outage
    sandbox = await startSandbox({ clock: systemClock, speed: 4 });
    sandbox.cloud.addHost({
      name: 'compute8',
      memoryMb: 32_768,
      vcpus: 16,
      diskGb: 500,
      hypervisorVersion: 8_002_000,
    });
    sandbox.cloud.addServer({
      name: 'outage-1',
      host: 'compute8',
      flavor: 'm1.medium',
      project: 'web',
      user: 'admin',
      sharedStorage: true,
    });
    fake = new FakeSlack();
    await fake.start();
    const databaseUrl = await postgres.freshDatabase();
    for (const name of ['replica-a', 'replica-b'])
      replicas.push(
        await startReplica(name, { databaseUrl, cloudEnv: { ...sandbox.env, OS_CLOUD: '' }, fake }),
      );
  }, 120_000);

  afterAll(async () => {
    await postgres?.up().catch(() => undefined);
    await Promise.all(replicas.map((replica) => replica.stop()));
    await fake?.stop();
    await sandbox?.close();
    await postgres?.stop();
  });

  const thread = (parent: StoredMessage) => fake.threadOf(CHANNEL, parent.ts).map(textOf).join('\n');

  it('says the database was out of reach, and the top message ends as the report', async () => {
    const [a] = replicas as [ReplicaProcess];
    await a.requests.command('U_ALICE', '/evacuate', 'compute8');
    const parent = await waitFor(
      () =>
        fake.messages.find(
          (m) =>
            !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation') && m.text.includes('compute8'),
        ),
      'the evacuation message',
    );
    await a.requests.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const migration = () => sandbox.cloud.migrations.find((m) => m.source === 'compute8');
    await waitFor(() => migration()?.status === 'running', 'the copy to begin', 30_000);

    await postgres.down();
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    // Nova finished the move while no replica could record anything
    sandbox.cloud.sync();
    expect(migration()?.status).toBe('completed');
    await postgres.up();

    await waitFor(() => thread(parent).includes('Evacuation report'), 'the report', 90_000);
    // time for a late edit of the top message or a second report, had there been one
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const said = thread(parent);
    expect(said).not.toContain('stopped answering');
    expect(said).toContain('Ferry cannot write its database');
    expect(said).toContain('Ferry writes its database again');
    if (said.includes('picked it up')) expect(said).toContain('Ferry could not reach its database from');
    const top = fake.messages.find((m) => m.ts === parent.ts) as StoredMessage;
    expect(top.text).toContain('0 running');
    expect(textOf(top)).not.toMatch(/[1-9] running/);
    expect(sandbox.cloud.resolveServer('outage-1').host).not.toBe('compute8');
    // neither replica died of the outage (a connection lost mid-transaction must not end the process)
    for (const replica of replicas) expect(replica.child.exitCode, replica.output()).toBeNull();
  }, 240_000);
});
