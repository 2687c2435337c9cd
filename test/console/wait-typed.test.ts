import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runConsole } from './run-console.ts';
import { SCRIPT, startConsole, stopTerminalConsole } from './terminal.ts';

/**
 * `/wait` on a terminal ends at a typed line (operator trial: only Ctrl-C ended it, and that stops the
 * console); Ferry goes on with what runs.
 */

afterEach(stopTerminalConsole);

describe.skipIf(!existsSync(SCRIPT))('/wait at the console on a terminal', () => {
  it('ends at Enter, says what still runs, and takes commands again', async () => {
    // real time in the sandbox: the move takes minutes, so only the typed line can end the wait
    const { type, seen } = startConsole({ FERRY_SANDBOX_SPEED: '1' });
    await seen(/alice> $/m, 'the prompt');
    type('/migrate server-x to compute2');
    await seen(/Buttons: \[1\] Approve r-[0-9a-f]{6}/, 'the move to approve');
    type('/as bob');
    type('approve');
    await seen(/\[y\/N\]/, 'the approval asked');
    type('y');
    const run = (await seen(/Migration `(m-[0-9a-f]{6})` of `server-x` started/, 'the move started'))[1];
    type('/wait');
    await seen(/Waiting; press Enter to stop waiting \(Ferry goes on\)\./, 'the wait, with how to end it');
    type('');
    await seen(
      new RegExp(`Stopped waiting; still running: ${run} \\(server-x, [a-z]+\\)\\. Ferry goes on with them`),
      'the wait ended by the typed line',
    );
    type('/migrations');
    await seen(new RegExp(`Active \\(1\\)[^]*${run}`), 'the move still running, listed');
  }, 120_000);
});

// the operator trial: `/wait` with nothing running printed nothing at all, on a terminal or piped
describe('/wait with nothing to wait for', () => {
  it('says so, then takes the next line', async () => {
    const { stdout, stderr } = await runConsole(['/wait', '/migrations', 'exit']);
    expect(stderr).toBe('');
    expect(stdout).toMatch(
      /alice> \/wait\nNothing is running: \/wait has nothing to wait for\.\n[\s\S]*No migration is running/,
    );
  }, 60_000);

  // the operator trial: "Nothing is running" while a migration waited for on-call's approval
  it('names the requests waiting for approval', async () => {
    const { stdout } = await runConsole(['/migrate server-x to compute2', '/wait', 'exit']);
    const id = /Approve (r-[0-9a-f]{6})/.exec(stdout)?.[1];
    expect(id).toBeDefined();
    expect(stdout).toContain(
      `/wait has nothing to wait for: Ferry itself is not at work now. Waiting for a person: approval of ${id}.`,
    );
  }, 60_000);
});
