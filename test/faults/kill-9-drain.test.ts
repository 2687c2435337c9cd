import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import { FakeSlack, type StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import { systemClock } from '../../src/clock.ts';
import type { DrainRecord } from '../../src/core/model/records.ts';
import { outcomeText } from '../../src/messages/runs.ts';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.ts';
import { type ReplicaProcess, startReplica } from '../helpers/replicas.ts';
import type { SandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, textOf, waitFor } from '../helpers/slack.ts';
import { compute4Back, conversation, faultFreeDrain } from './drain-run.ts';
import { missingMessages } from './record.ts';

/**
 * kill -9 of a real Ferry process (`src/index.ts`, lowdb) during `/drain compute2 compute3 --return`,
 * once at each phase a restart row of the fault matrix names (running, waiting, returning,
 * reporting), a new process started on the same file each time. The matrix's `restart` stops Ferry
 * gracefully (its loops finish their look, the reporter hands what it has to the outbox); a kill cuts
 * a look, a report and a write wherever they are. The cloud ends as without the kills, and every
 * message of the fault-free drain is posted.
 */

let sandbox: Sandbox | undefined;
let fake: FakeSlack | undefined;
let replica: ReplicaProcess | undefined;
afterEach(async () => {
  await replica?.kill();
  await fake?.stop();
  await sandbox?.close();
});

interface EvacuationSeen {
  host: string;
  phase: string;
  items: { serverName: string; state: string; outcome?: { message: string } }[];
}

interface FileState {
  requests?: ({ kind: string } & Partial<DrainRecord>)[];
  outbox?: { state: string }[];
}

// Real processes and real time on a machine other work may load: each step is given minutes, and the
// fault-free yardstick as much (it is only read for its messages, not timed).
//
// It failed in two of three full runs of npm test on 4 December (and in two runs side by side on a loaded
// machine): compute2's "is empty" question was never edited to answered, so the fault-free drain's lines
// matched out of order ("lacks … its servers are back"; the "None … can go back" line shown is compute3's,
// said in the fault-free drain too: compute3's older QEMU takes no live move back). Every start compacts
// the store (src/index.ts), and compaction dropped the question's place; a kill after the question was
// answered but before its edit made the restart lose it (drain-question-restart.test.ts).
// Earlier: a kill at running could leave a
// move's run claimed and not yet asked of Nova, which the next process called failed ("Ferry stopped
// before it asked Nova"); the drain then stopped the host's evacuation (its other servers not-started)
// and compute2 stayed not-empty (start-restart.test.ts). A wait for "a move running" could also miss it
// when the loaded Ferry polled too seldom (the sandbox moves time on only when looked at).
const PATIENCE = 180_000;

it('kills Ferry at each phase of a lowdb drain with --return: the cloud ends right and nothing said is lost', {
  timeout: 900_000,
}, async () => {
  const yardstick = await faultFreeDrain(PATIENCE);
  const started = await startSandbox({ clock: systemClock, speed: 32 });
  sandbox = started;
  compute4Back({ sandbox: started } as SandboxFixture);
  const homes = new Map([...started.cloud.servers.values()].map((s) => [s.name, s.host]));
  const slack = new FakeSlack();
  fake = slack;
  await slack.start();
  const db = join(mkdtempSync(join(tmpdir(), 'ferry-kill-drain-')), 'ferry.json');
  const launch = async (round: number) => {
    replica = await startReplica(`kill-${round}`, {
      databaseUrl: '',
      cloudEnv: { ...started.env, OS_CLOUD: '' },
      fake: slack,
      env: { FERRY_DB: db },
      startMs: PATIENCE,
    });
    return replica;
  };
  const file = (): FileState => {
    try {
      return JSON.parse(readFileSync(db, 'utf8')) as FileState;
    } catch {
      return {};
    }
  };
  const drain = () => file().requests?.find((r) => r.kind === 'drain' && r.status !== 'dry-run');
  /** what the file and Slack showed when a wait ran out: hosts, each evacuation's servers, the thread */
  const seen = () => {
    const hosts = drain()?.drain?.hosts.map((h) => `${h.host} ${h.phase}`);
    const requests = (file().requests ?? []) as unknown as { kind: string; evacuation?: EvacuationSeen }[];
    const evacuations = requests.flatMap(({ evacuation: e }) =>
      e
        ? [
            `${e.host} ${e.phase}: ${e.items.map((i) => `${i.serverName} ${i.state}${i.outcome ? ` (${outcomeText(i.outcome)})` : ''}`).join('; ')}`,
          ]
        : [],
    );
    const said = slack.messages.filter((m) => !m.ephemeralTo).map((m) => m.text);
    return JSON.stringify({ hosts, evacuations, said }, null, 1);
  };
  const until = <T>(condition: () => T | undefined | false, what: string) =>
    waitFor(condition, what, PATIENCE).catch((error) => {
      throw new Error(`${(error as Error).message}: ${seen()}\n${replica?.output() ?? ''}`);
    });
  const hostPhase = (host: string) => drain()?.drain?.hosts.find((h) => h.host === host)?.phase;
  let ferry = await launch(0);
  let round = 0;
  const killAndStart = async () => {
    await ferry.kill();
    ferry = await launch(++round);
  };
  await ferry.requests.command('U_ALICE', '/drain', 'compute2 compute3 --return');
  const parent = await waitFor(
    () => slack.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Drain d-')),
    'the drain message',
    PATIENCE,
  );
  const thread = () => slack.threadOf(CHANNEL, parent.ts);
  await waitFor(() => thread().some((m) => textOf(m).includes('Step 1')), 'the plan', PATIENCE);
  await ferry.requests.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));

  // running: the first move of compute2's evacuation is under way
  // the sandbox moves time on when it is looked at: looked at here too, or a small server's move may
  // pass through running between two of a loaded Ferry's polls
  await until(() => {
    started.cloud.sync();
    return started.cloud.migrations.some((m) => m.status === 'running');
  }, 'a move running');
  await killAndStart();
  // waiting: compute2 is written empty (its question may not be posted yet)
  await until(() => hostPhase('compute2') === 'empty', 'compute2 empty');
  await killAndStart();
  const pressBack = async (host: string) => {
    const asked = () =>
      thread().findLast(
        (m) => m.text === `${host} is empty` && JSON.stringify(m.blocks).includes(DRAIN_ACTIONS.hostBack),
      );
    // what the file and Slack showed when it ran out, each evacuation's servers included
    const question = (await until(asked, `${host} is empty, asked`)) as StoredMessage;
    await ferry.requests.press(
      'U_BOB',
      question.ts,
      DRAIN_ACTIONS.hostBack,
      buttonValue(question, DRAIN_ACTIONS.hostBack),
    );
  };
  await pressBack('compute2');
  // returning: compute2's servers are on their way home
  await until(() => hostPhase('compute2') === 'returning', 'compute2 returning');
  await killAndStart();
  await pressBack('compute3');
  // reporting: the drain is written done, its report not yet sent
  await until(() => drain()?.drain?.phase === 'done', 'the drain done');
  await killAndStart();
  await until(
    () =>
      thread().some((m) => m.text.startsWith('Drain report')) &&
      (file().outbox ?? []).every((entry) => entry.state !== 'pending'),
    'the report, and nothing left unsent',
  );
  await ferry.stop();

  // the cloud as without the kills: compute2's servers home, every host in service as before
  for (const [name, home] of homes)
    if (home === 'compute2') expect([name, started.cloud.resolveServer(name).host]).toEqual([name, home]);
  for (const host of ['compute2', 'compute3'])
    expect(started.cloud.hostOrThrow(host).status, host).toBe('enabled');
  expect(started.cloud.migrations.filter((m) => m.status === 'error')).toEqual([]);
  // every message of the fault-free drain, in order per thread
  const got = conversation({ fake: slack } as SlackHarness);
  expect(missingMessages(yardstick, got).join('\n'), `${JSON.stringify(got, null, 1)}\n${seen()}`).toBe('');
});
