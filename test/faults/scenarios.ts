import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import type { FerryEvent } from '../../src/core/events.ts';
import { buttonValue, CHANNEL, textOf, waitFor } from '../helpers/slack.ts';
import type { World } from './harness.ts';

/**
 * The three scenarios of the fault matrix, driven through the real listeners as people would (Alice
 * asks, Bob approves and answers the questions), and the moments a fault can land on: a step of the
 * driver, an event Ferry publishes, or the first request of a kind reaching the sandbox.
 */

export const PHASES = [
  'requested',
  'approved',
  'starting',
  'running',
  'waiting',
  'returning',
  'reporting',
  // a maintenance window's: its reminder decided, its start, its end
  'reminder-due',
  'started',
  'ended',
] as const;
export type Phase = (typeof PHASES)[number];

export type Trigger =
  /** the driver, before its next step: typing the command (requested), pressing Approve (approved) */
  | { step: true }
  | { event: (event: FerryEvent) => boolean }
  /** the first request that matches reaches the sandbox: the fault is in place before it is served */
  | { request: (method: string, path: string) => boolean };

export interface Scenario {
  /** the phases this scenario has, and what marks each */
  phases: Partial<Record<Phase, Trigger>>;
  /** false: a cold move waits for a person to confirm it */
  autoConfirm: boolean;
  drive(world: World, at: (phase: Phase) => void): Promise<void>;
}

export type ScenarioName = 'move' | 'evacuation' | 'drain' | 'window';

const STEP = { step: true } as const;
const firstStart = {
  request: (method: string, path: string) => method === 'POST' && path.endsWith('/action'),
};
const phase = (state: string) => ({
  event: (event: FerryEvent) => event.kind === 'run.phase' && event.phase === state,
});

const thread = (world: World, parent: StoredMessage) => world.fake.threadOf(CHANNEL, parent.ts);
const topMessage = (world: World, starts: (text: string) => boolean, what: string) =>
  waitFor(() => world.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && starts(m.text)), what);
const hasButton = (message: StoredMessage, actionId: string) =>
  JSON.stringify(message.blocks).includes(`"action_id":"${actionId}"`);

/** Bob presses a button, on whichever Ferry runs once the fault's own work (a restart) is over. */
async function press(world: World, message: StoredMessage, actionId: string): Promise<void> {
  await world.settled();
  const pressOnce = () => world.slack.press('U_BOB', message.ts, actionId, buttonValue(message, actionId));
  // a fault that restarts Ferry as a post goes out can cut the press's connection while it is in flight
  // (fetch failed: ECONNRESET): as a person would, Bob presses again once Ferry is back
  await pressOnce().catch(async (error: unknown) => {
    if (!(error instanceof TypeError && /fetch failed/.test(error.message))) throw error;
    await world.settled();
    await pressOnce();
  });
}

/** What Ferry holds unfinished, for a wait that timed out: its records' states, what is unsent or untold. */
async function holding(world: World): Promise<string> {
  const { store } = world.slack;
  return JSON.stringify({
    runs: store.runs().map((r) => [r.state, r.outcome?.kind]),
    evacuations: store
      .evacuations()
      .map((e) => [
        e.id,
        e.status,
        e.evacuation.phase,
        e.evacuation.items.map((i) => [i.serverName, i.state, i.requestId, i.runId, i.outcome?.kind]),
      ]),
    writeFailure: store.writeFailure(),
    drains: store.drains().map((d) => [d.drain.phase, d.drain.hosts.map((h) => [h.host, h.phase])]),
    unsent: await store.pendingOutbox().catch(String),
    untold: await store.untoldJournal(world.fx.clock.now()).catch(String),
  });
}

/** `work` done by `deadline` (real ms), or an error saying what Ferry holds: never a silent hang. */
async function by(deadline: number, work: Promise<unknown>, what: string, world: World): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise((_, reject) => {
    timer = setTimeout(
      () => void holding(world).then((held) => reject(new Error(`timed out waiting for ${what}: ${held}`))),
      Math.max(0, deadline - Date.now()),
    );
  });
  try {
    await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Waits (real time; the fake clock moves as Ferry polls) until `done`, then until every message
 * written has been sent and every event journaled told (30 s in all: a hang fails, saying why).
 */
async function untilSaid(world: World, done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await world.settled();
    const { ferry, store } = world.slack;
    if (done()) {
      await by(deadline, ferry.reporter.idle(), `${what}: the reports begun handed to the poster`, world);
      await by(deadline, ferry.poster.drain(), `${what}: the messages written sent`, world);
      // every message written is sent, and every event journaled is told
      const untold = await store.untoldJournal(world.fx.clock.now());
      if ((await store.pendingOutbox()).length === 0 && untold.length === 0) return;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${await holding(world)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A cold move of server-x to compute2, confirmed by Bob when it waits in VERIFY_RESIZE. */
const move: Scenario = {
  autoConfirm: false,
  phases: {
    requested: STEP,
    approved: STEP,
    starting: firstStart,
    running: phase('resizing'),
    waiting: phase('awaiting-confirmation'),
    reporting: { event: (event) => event.kind === 'run.outcome' },
  },
  async drive(world, at) {
    at('requested');
    await world.slack.command('U_ALICE', '/migrate', 'server-x to compute2 --cold');
    const parent = await topMessage(world, (text) => text.includes('request'), 'the request');
    at('approved');
    await press(world, parent, ACTIONS.approve);
    const question = await waitFor(
      () => thread(world, parent).find((m) => hasButton(m, ACTIONS.confirm)),
      'the confirm question',
      30_000,
    );
    await press(world, question, ACTIONS.confirm);
    await untilSaid(
      world,
      () =>
        world.slack.store.runs()[0]?.state === 'done' &&
        thread(world, parent).some((m) => /Completed|Failed|Reverted/i.test(textOf(m))),
      'the outcome',
    );
  },
};

/** /evacuate compute3 --concurrency 1: each of its servers moved live, one at a time. */
const evacuation: Scenario = {
  autoConfirm: true,
  phases: {
    requested: STEP,
    approved: STEP,
    starting: firstStart,
    running: phase('running'),
    reporting: { event: (event) => event.kind === 'evacuation.finished' },
  },
  async drive(world, at) {
    at('requested');
    await world.slack.command('U_ALICE', '/evacuate', 'compute3 --concurrency 1');
    const parent = await topMessage(world, (text) => text.startsWith('Evacuation'), 'the evacuation');
    at('approved');
    await press(world, parent, ACTIONS.approve);
    await untilSaid(
      world,
      () =>
        world.slack.store.evacuations().some((e) => e.evacuation?.phase === 'done') &&
        thread(world, parent).some((m) => m.text.startsWith('Evacuation report')),
      'the evacuation report',
    );
  },
};

const drainHost = (world: World) => world.slack.store.drains().find((d) => d.status !== 'dry-run');

/** /drain compute2 compute3 --return, Bob pressing Host is back as each host is empty. */
const drain: Scenario = {
  autoConfirm: true,
  phases: {
    requested: STEP,
    approved: STEP,
    starting: { event: (event) => event.kind === 'drain.host-started' },
    running: phase('running'),
    waiting: { event: (event) => event.kind === 'drain.host-empty' },
    // the person said the host is back: Ferry enables it and moves its servers home
    returning: { event: (event) => event.kind === 'drain.host-back' },
    reporting: { event: (event) => event.kind === 'drain.finished' },
  },
  async drive(world, at) {
    at('requested');
    await world.slack.command('U_ALICE', '/drain', 'compute2 compute3 --return');
    const parent = await topMessage(world, (text) => text.startsWith('Drain d-'), 'the drain');
    await waitFor(() => thread(world, parent).some((m) => textOf(m).includes('Step 1')), 'the plan');
    at('approved');
    await press(world, parent, ACTIONS.approve);
    for (const host of ['compute2', 'compute3']) {
      // emptying compute3 moves a 176 GiB server: at load 15 the fault-free run took over 30 s for it
      const question = await waitFor(
        () => thread(world, parent).find((m) => m.text === `${host} is empty`),
        `${host} is empty`,
        45_000,
      ).catch(async (error) => {
        throw new Error(`${error}: ${await holding(world)}`);
      });
      await press(world, question, DRAIN_ACTIONS.hostBack);
    }
    await untilSaid(
      world,
      () =>
        drainHost(world)?.drain.phase === 'done' &&
        // a report is its own post (outbox `alone`), never a line inside another after a backlog
        thread(world, parent).some((m) => m.text.startsWith('Drain report')),
      'the drain report, its own post',
    );
  },
};

const said = (world: World, what: string) =>
  world.fake.messages.some((m) => !m.ephemeralTo && textOf(m).includes(what));

/**
 * Waits for `words` while time passes as Ferry's timers see it (a second a turn, the replica's sweep
 * every 15): what a Ferry that stopped left untold or unsent is another's once 10 s old (PostgreSQL).
 */
async function untilTold(world: World, words: string): Promise<void> {
  for (let turn = 1; !said(world, words); turn++) {
    if (turn > 1_000)
      throw new Error(
        `timed out waiting for ${words}: untold ${JSON.stringify(await world.slack.store.untoldJournal(world.fx.clock.now()))}, unsent ${JSON.stringify(await world.slack.store.pendingOutbox())}`,
      );
    await world.settled();
    world.fx.clock.advance(1_000);
    if (turn % 15 === 0) {
      world.slack.ferry.poster.kick();
      await world.slack.ferry.sweep().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * /maintenance compute3 in 20 minutes for an hour: its 10m reminder, its start and its end, each
 * decided by a tick of the maintenance job (run here as its one-minute timer would) when the wall
 * clock reaches it; the clock is moved to each moment from wherever it is (a fault may have stepped it).
 */
const window: Scenario = {
  autoConfirm: true,
  phases: {
    requested: STEP,
    'reminder-due': { event: (event) => event.kind === 'window.reminder' },
    started: { event: (event) => event.kind === 'window.started' },
    ended: { event: (event) => event.kind === 'window.ended' },
  },
  async drive(world, at) {
    at('requested');
    const when = new Date(world.fx.clock.now() + 20 * 60_000).toISOString().slice(0, 16);
    await world.slack.command('U_ALICE', '/maintenance', `compute3 ${when} for 1h firmware`);
    await topMessage(world, (text) => text.startsWith('Maintenance window w-'), 'the window');
    const scheduled = world.slack.store.windows()[0];
    if (!scheduled) throw new Error('no window stored');
    const moments: [number, string][] = [
      [scheduled.start - 10 * 60_000, 'in 10m'],
      [scheduled.start, 'has started'],
      [scheduled.end, 'has ended'],
    ];
    for (const [moment, words] of moments) {
      await world.settled();
      const wait = moment - world.fx.clock.now();
      if (wait > 0) world.fx.clock.advance(wait);
      await world.slack.ferry.maintenance.tick();
      await untilTold(world, words);
      await untilSaid(world, () => true, words);
    }
  },
};

export const SCENARIOS: Record<ScenarioName, Scenario> = { move, evacuation, drain, window };
