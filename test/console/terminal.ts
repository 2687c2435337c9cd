import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../helpers/slack.ts';
import { root, TSX } from './run-console.ts';

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

/** `type` a line, `seen` waits for a pattern in what it printed. */
export function startConsole(settings: Record<string, string> = {}) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('OS_') && !key.startsWith('SLACK_') && !key.startsWith('FERRY_'),
    ),
  );
  const started = spawn(SCRIPT, ['-qec', `${TSX} ${join(root, 'src/index.ts')}`, '/dev/null'], {
    cwd: mkdtempSync(join(tmpdir(), 'ferry-console-')),
    env: { ...env, FERRY_SANDBOX_SPEED: '100', ...settings },
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
