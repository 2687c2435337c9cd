import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SCRIPT, startConsole, stopTerminalConsole } from './terminal.ts';

/**
 * The console after a restart with moves in flight (operator trial): its built-in sandbox cloud
 * started afresh with the process and has forgotten them. That is said once, as a fact of the
 * sandbox, not left for each move's thread to read as a failure of the move. The console runs under
 * script(1) so that `exit` leaves at once, as a person's does, with the move still in flight.
 */

afterEach(stopTerminalConsole);

describe.skipIf(!existsSync(SCRIPT))('the console restarted with a move in flight on its sandbox', () => {
  it('says the sandbox started afresh and has no record of the moves in flight', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ferry-console-'));
    const first = startConsole({}, cwd);
    await first.seen(/alice> $/m, 'the prompt');
    first.type('/fault {"type":"stall","server":"server-x"}');
    first.type('/migrate server-x to compute2');
    await first.seen(/Buttons: \[1\] Approve \S+/, 'the move to approve');
    first.type('/as bob');
    first.type('approve');
    await first.seen(/\[y\/N\]/, 'the approval asked');
    first.type('y');
    await first.seen(/\[1\] Abort /, 'the move running');
    first.type('exit');
    await first.ended;
    expect(first.output()).not.toMatch(/started afresh/);

    const second = startConsole({}, cwd);
    await second.seen(/alice> $/m, 'the prompt after the restart');
    expect(second.output()).toMatch(
      /Sandbox: +the built-in sandbox cloud started afresh with this process and has no record of the move in flight before the restart; its thread says what Nova shows of it\./,
    );
  }, 120_000);
});
