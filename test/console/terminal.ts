import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../helpers/slack.ts';
import { root, TSX, unconfigured } from './run-console.ts';

/**
 * The console on a terminal: it runs under script(1), so it is interactive as a person's is; what it
 * prints is read without its escape codes.
 */
export const SCRIPT = '/usr/bin/script';

let child: ChildProcess | undefined;

/** Kills the console a test started, and what it started, as one process group of the test's own. */
export function stopTerminalConsole(): void {
  if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  child = undefined;
}

/** What the console printed as a person reads it: escape codes (line editing) and carriage returns out. */
function readable(chunk: Buffer): string {
  return chunk
    .toString()
    .replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g'), '')
    .replaceAll('\r', '');
}

/**
 * `type` a line, `seen` waits for a pattern in what it printed, `ended` resolves when it exits. `cwd`:
 * where it keeps its data (a console started again there finds what the last one left).
 */
export function startConsole(
  settings: Record<string, string> = {},
  cwd = mkdtempSync(join(tmpdir(), 'ferry-console-')),
) {
  const started = spawn(SCRIPT, ['-qec', `${TSX} ${join(root, 'src/index.ts')}`, '/dev/null'], {
    cwd,
    env: { ...unconfigured(), FERRY_SANDBOX_SPEED: '100', ...settings },
    detached: true,
  });
  child = started;
  let output = '';
  started.stdout?.on('data', (chunk: Buffer) => {
    output += readable(chunk);
  });
  const type = (line: string) => started.stdin?.write(`${line}\n`);
  const seen = (pattern: RegExp, what: string) => waitFor(() => pattern.exec(output), what, 60_000);
  const ended = new Promise((done) => started.on('exit', done));
  return { type, seen, output: () => output, ended };
}
