import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunWaiter } from '../../src/console/waiting.ts';
import { PrometheusGates } from '../../src/monitoring/prometheus.ts';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import { compute4Back } from '../faults/drain-run.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { freePort } from '../helpers/ports.ts';
import { afterReboot, sandboxReboots } from '../helpers/reboot.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { type SlackHarness, slackHarness, waitFor } from '../helpers/slack.ts';

/**
 * The console's /wait at a drain (operator trial, session 19): it returned while Ferry rebooted a
 * host itself, as if nothing went on. It waits on while Ferry acts, saying once what it waits for;
 * a drain its health gates hold is said, and /wait returns (the gates may hold for long).
 */

let fx: SandboxFixture;
let slack: SlackHarness;
let ssh: SandboxSsh | undefined;
beforeEach(async () => {
  fx = await sandboxFixture();
  compute4Back(fx);
});
afterEach(async () => {
  await slack?.stop();
  await ssh?.close();
  ssh = undefined;
  await fx.close();
});

const { drainMessage, drainOf, threadText, approve, evacuation, pauseUntilIdle } = drainFlowHelpers(() => ({
  fx,
  slack,
}));

/** /wait started now: its answer, the lines it said while waiting on, and whether it answered yet. */
function waiting() {
  const told: string[] = [];
  let answered = false;
  const answer = new RunWaiter(slack.ferry, slack.store, true)
    .untilSettled((line) => told.push(line))
    .then((lines) => {
      answered = true;
      return lines;
    });
  return { answer, told, answered: () => answered };
}

describe('/wait at a drain', () => {
  it('waits on while Ferry reboots a host itself, says so once, and returns when the drain is done', async () => {
    const started = await sandboxReboots(fx);
    ssh = started.ssh;
    slack = await slackHarness(fx, { reboots: started.reboots });
    await slack.command('U_ALICE', '/drain', 'compute4 --reboot');
    const parent = await drainMessage();
    await waitFor(() => threadText(parent).includes('Step 1'), 'the plan in the thread');
    await approve(parent);
    await waitFor(
      () => (drainOf().drain.hosts[0]?.reboot?.attempts.length ?? 0) > 0,
      'the reboot sent',
      30_000,
    );
    const wait = waiting();
    await waitFor(() => wait.told.length > 0, '/wait saying what it waits for');
    expect(wait.told).toEqual([
      `/wait waits on: ${drainOf().id}: Ferry reboots compute4 and checks that it comes back.`,
    ]);
    expect(drainOf().drain.hosts[0]?.reboot?.verifiedAt).toBeUndefined();
    expect(wait.answered()).toBe(false);
    // at its time limit /wait says what still runs, and the console prints it: never silence
    const limited = new RunWaiter(slack.ferry, slack.store, true, 200);
    expect(await limited.untilSettled()).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Still running after .*${drainOf().id}: Ferry reboots compute4 .*Type /wait to wait again; /drain ${drainOf().id} shows the drain\\.$`,
        ),
      ),
    ]);
    expect(limited.stillSo()).toBe(true);
    // stopped (Enter on a terminal), it points to the command that shows a drain: /migrations shows none
    // (operator trial)
    const stopped = new AbortController();
    stopped.abort();
    expect(
      await new RunWaiter(slack.ferry, slack.store, true).untilSettled(() => {}, stopped.signal),
    ).toEqual([
      `Stopped waiting; still running: ${drainOf().id}: Ferry reboots compute4 and checks that it comes back. Ferry goes on with them; /wait waits again, /drain ${drainOf().id} shows the drain.`,
    ]);
    // the host comes back: verified, enabled, the drain ends; /wait returns with nothing left to say
    await afterReboot(fx, drainOf, 'compute4');
    expect(await wait.answer).toEqual([]);
    expect(drainOf().drain.hosts[0]?.phase).toBe('done');
    expect(drainOf().drain.phase).toBe('done');
  }, 120_000);

  it('says which health gates hold a drain, and returns', async () => {
    const port = await freePort();
    slack = await slackHarness(fx, {
      monitoring: { gates: new PrometheusGates(`http://127.0.0.1:${port}`, ['up == 0']) },
    });
    await slack.command('U_ALICE', '/drain', 'compute2');
    const parent = await drainMessage();
    await approve(parent);
    await waitFor(() => drainOf().drain.gate !== undefined, 'the step held', 20_000);
    const wait = waiting();
    expect(await wait.answer).toEqual([
      `${drainOf().id} is held before step 1 by its health gates (up == 0): Ferry asks again every few seconds and goes on by itself once they pass, or on-call presses Resume anyway in its thread.`,
      'Type /wait to wait again.',
    ]);
    expect(wait.told).toEqual([]);
  });

  // operator trial: "Nothing is running" while a drain's empty host waited for someone's Host is back
  it('with nothing of Ferry\'s at work, says what waits for a person and for what, not "nothing is running"', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/drain', 'compute2');
    const parent = await drainMessage();
    await approve(parent);
    await waitFor(() => drainOf().drain.hosts[0]?.phase === 'empty', 'compute2 empty', 30_000);
    const waiter = new RunWaiter(slack.ferry, slack.store, true);
    await waitFor(() => waiter.nothingToWaitFor(), "nothing of Ferry's at work");
    expect(waiter.nothingToWaitForText()).toBe(
      `/wait has nothing to wait for: Ferry itself is not at work now. Waiting for a person: ${drainOf().id} waits for someone to press Host is back for compute2.`,
    );
  }, 60_000);

  // operator trial: /wait on a paused drain waited its 10 minutes, "still running: an evacuation between
  // two moves", once the moves in flight had ended
  it('does not wait on a paused drain once its moves in flight have ended: it waits for Resume', async () => {
    slack = await slackHarness(fx);
    await slack.command('U_ALICE', '/drain', 'compute2 --concurrency 1');
    const parent = await drainMessage();
    await approve(parent);
    await pauseUntilIdle(parent);
    expect(evacuation()?.evacuation.items.some((i) => i.state === 'waiting')).toBe(true);
    const wait = waiting();
    expect(await wait.answer).toEqual([]);
    const waiter = new RunWaiter(slack.ferry, slack.store, true);
    expect(waiter.nothingToWaitFor()).toBe(true);
    expect(waiter.nothingToWaitForText()).toContain(`${drainOf().id} waits for someone to press Resume`);
  }, 60_000);
});
