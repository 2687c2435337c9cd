import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SCRIPT, startConsole, stopTerminalConsole } from './terminal.ts';

/**
 * `exit` typed at the console on a terminal (operator trial): with a drain waiting for Host is back it
 * said nothing, as if nothing were left.
 */

afterEach(stopTerminalConsole);

describe.skipIf(!existsSync(SCRIPT))('exit at the console on a terminal', () => {
  it('says what a drain waits for, and what becomes of it', async () => {
    const { type, seen, output } = startConsole();
    await seen(/alice> $/m, 'the prompt');
    type('/drain compute3');
    const id = (await seen(/Buttons: \[1\] Approve (d-[0-9a-f]{6})/, 'the drain to approve'))[1];
    type('/as bob');
    type('approve');
    await seen(/\[y\/N\]/, 'the approval asked');
    type('y');
    await seen(new RegExp(`Host is back ${id}:compute3`), 'compute3 empty');
    type('exit');
    await seen(/Leaving; .*\n/, 'what is left, said');
    await seen(/The built-in sandbox cloud stops/, 'the sandbox said');
    expect(output()).toMatch(
      new RegExp(`Leaving; ${id} waits for someone to press Host is back for compute3\\.\n`),
    );
    expect(output()).toMatch(
      /The built-in sandbox cloud stops with the console[;,] .*Ferry says what it finds/,
    );
  }, 90_000);

  it('names a move it stops watching by its server, what waits for approval, and the sandbox once (operator trial)', async () => {
    const { type, seen, output } = startConsole();
    await seen(/alice> $/m, 'the prompt');
    type('/fault {"type":"stall","server":"server-x"}');
    type('/migrate server-x to compute2');
    await seen(/Buttons: \[1\] Approve \S+/, 'the move to approve');
    type('/as bob');
    type('approve');
    await seen(/\[y\/N\]/, 'the approval asked');
    type('y');
    await seen(/\[1\] Abort /, 'the move running');
    type('/as alice');
    type('/migrate batch-7 to compute2 --cold');
    const pending = (await seen(/batch-7[\s\S]*Approve (r-[0-9a-f]{6})/, 'a second move to approve'))[1];
    type('exit');
    await seen(/The built-in sandbox cloud stops/, 'the sandbox said');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(output()).toMatch(
      /Leaving; Ferry stops watching server-x \(\S+, (under way|accepted by Nova, not started yet)\)\.\n/,
    );
    expect(output()).toContain(
      `Leaving; waiting for approval: ${pending}. Nothing was asked of the cloud for them;`,
    );
    expect(output().match(/The built-in sandbox cloud stops/g)).toHaveLength(1);
  }, 90_000);
});
