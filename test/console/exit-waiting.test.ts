import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/slack.ts';

/**
 * `exit` typed at the console on a terminal (operator trial): with a drain waiting for Host is back it
 * said nothing, as if nothing were left. The console runs under script(1), so it has a terminal and
 * is interactive as a person's is; what it prints is read without its escape codes.
 */

const root = resolve(import.meta.dirname, '../..');
const TSX = join(root, 'node_modules/.bin/tsx');
const SCRIPT = '/usr/bin/script';

let child: ChildProcess | undefined;
afterEach(() => {
  // the console and what it started, as one process group of this test's own
  if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  child = undefined;
});

/** The console on a terminal: `type` a line, `seen` waits for a pattern in what it printed. */
function startConsole() {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('OS_') && !key.startsWith('SLACK_') && !key.startsWith('FERRY_'),
    ),
  );
  const started = spawn(SCRIPT, ['-qec', `${TSX} ${join(root, 'src/index.ts')}`, '/dev/null'], {
    cwd: mkdtempSync(join(tmpdir(), 'ferry-console-')),
    env: { ...env, FERRY_SANDBOX_SPEED: '100' },
    detached: true,
  });
  child = started;
  let output = '';
  started.stdout?.on('data', (chunk: Buffer) => {
    // the terminal's escape codes (line editing) out, then carriage returns
    output += chunk
      .toString()
      .replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g'), '')
      .replaceAll('\r', '');
  });
  const type = (line: string) => started.stdin?.write(`${line}\n`);
  const seen = (pattern: RegExp, what: string) => waitFor(() => pattern.exec(output), what, 60_000);
  return { type, seen, output: () => output };
}

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
