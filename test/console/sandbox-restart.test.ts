import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/slack.ts';

/**
 * The console after a restart with moves in flight (operator trial): its built-in sandbox cloud
 * started afresh with the process and has forgotten them. That is said once, as a fact of the
 * sandbox, not left for each move's thread to read as a failure of the move. The console runs under
 * script(1) so that `exit` leaves at once, as a person's does, with the move still in flight.
 */

const root = resolve(import.meta.dirname, '../..');
const TSX = join(root, 'node_modules/.bin/tsx');
const SCRIPT = '/usr/bin/script';

const children: ChildProcess[] = [];
afterEach(() => {
  // each console and what it started, as one process group of this test's own
  for (const child of children.splice(0))
    if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
});

function startConsole(cwd: string) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('OS_') && !key.startsWith('SLACK_') && !key.startsWith('FERRY_'),
    ),
  );
  const started = spawn(SCRIPT, ['-qec', `${TSX} ${join(root, 'src/index.ts')}`, '/dev/null'], {
    cwd,
    env: { ...env, FERRY_SANDBOX_SPEED: '100' },
    detached: true,
  });
  children.push(started);
  let output = '';
  started.stdout?.on('data', (chunk: Buffer) => {
    output += chunk
      .toString()
      .replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g'), '')
      .replaceAll('\r', '');
  });
  const type = (line: string) => started.stdin?.write(`${line}\n`);
  const seen = (pattern: RegExp, what: string) => waitFor(() => pattern.exec(output), what, 60_000);
  const ended = new Promise((done) => started.on('exit', done));
  return { type, seen, output: () => output, ended };
}

describe.skipIf(!existsSync(SCRIPT))('the console restarted with a move in flight on its sandbox', () => {
  it('says the sandbox started afresh and has no record of the moves in flight', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ferry-console-'));
    const first = startConsole(cwd);
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

    const second = startConsole(cwd);
    await second.seen(/alice> $/m, 'the prompt after the restart');
    expect(second.output()).toMatch(
      /Sandbox: +the built-in sandbox cloud started afresh with this process and has no record of the 1 move\(s\) in flight before the restart; each one's thread says what Nova shows of it\./,
    );
  }, 120_000);
});
