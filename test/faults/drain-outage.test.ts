import { expect, it } from 'vitest';
import { RunWaiter } from '../../src/console/waiting.ts';
import { textOf } from '../helpers/slack.ts';
import { faultKind } from './fault-kinds.ts';
import { runScenario, startWorld } from './harness.ts';

/**
 * A Nova outage (503 for 30 s) as compute2 is said to be back: the drain's look fails until it is
 * over. The drain says so once in its thread (not at every look, nor once per call that failed),
 * once that it goes on, and goes on: compute2 is enabled, its servers come home, compute3 is emptied,
 * and the report is posted.
 */
it('a drain says a Nova outage once and goes on once Nova answers', async () => {
  const world = await startWorld({ kind: 'lowdb', autoConfirm: true });
  try {
    const got = await runScenario(world, 'drain', {
      phase: 'returning',
      inject: faultKind('nova-outage').inject,
    });
    expect(got.injected).toBe(true);
    const drainThread = got.threads.find((thread) => thread[0]?.startsWith('Drain ID')) ?? [];
    const posts = world.fake.messages.map(textOf);
    const said = posts.filter((text) => text.startsWith('⚠️ The drain could not go on for a moment'));
    const over = posts.filter((text) => text.startsWith('▶️ The drain goes on'));
    // the outage failed the PUT that enables compute2, then each look's GET: one trouble all the same
    expect(said).toHaveLength(1);
    // a 503 is Nova away for now (a load balancer's answer), not an error inside it
    expect(said[0]).toMatch(/Nova is not available right now \(503 Service Unavailable/);
    expect(said[0]).not.toMatch(/error inside|cell database/);
    expect(said[0]).not.toMatch(/Unexpected API Error|<class/);
    expect(over).toEqual([
      expect.stringMatching(
        /^▶️ The drain goes on: Ferry's looks go through again \(they failed from [\d:]+ UTC\)\./,
      ),
    ]);
    expect(posts.indexOf(over[0] as string)).toBeGreaterThan(posts.indexOf(said[0] as string));
    expect(drainThread.some((line) => line.startsWith('Drain report'))).toBe(true);
    expect(got.cloud.services).toMatchObject({ compute2: 'enabled', compute3: 'enabled' });
  } finally {
    await world.close();
  }
}, 60_000);

/**
 * The console's /wait while the outage holds the drain: no move runs and the drain's loop only waits
 * for its next look, but the drain still runs. /wait returns once the drain says it goes on, never
 * while its looks fail (a script would end, and Ferry stop, before the drain said it goes on).
 */
it('/wait waits while a Nova outage holds a drain, until it says it goes on', async () => {
  const world = await startWorld({ kind: 'lowdb', autoConfirm: true });
  try {
    const kinds: string[] = [];
    world.slack.ferry.events.subscribe((event) => {
      kinds.push(event.kind);
    });
    let saidOnWhenWaited: Promise<boolean> | undefined;
    world.once({ event: (event) => event.kind === 'drain.trouble' }, () => {
      const waiter = new RunWaiter(world.slack.ferry, world.slack.store, true);
      saidOnWhenWaited = waiter.untilSettled().then(() => kinds.includes('drain.trouble-over'));
    });
    await runScenario(world, 'drain', { phase: 'returning', inject: faultKind('nova-outage').inject });
    expect(saidOnWhenWaited).toBeDefined();
    expect(await saidOnWhenWaited).toBe(true);
  } finally {
    await world.close();
  }
}, 60_000);
