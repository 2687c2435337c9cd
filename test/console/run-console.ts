import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** `npm start` with nothing configured, driven like a newcomer would, through a pipe. */
export const root = resolve(import.meta.dirname, '../..');
export const TSX = join(root, 'node_modules/.bin/tsx');

/** This process's environment without cloud, Slack or Ferry settings: the console starts as a newcomer's. */
export function unconfigured(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('OS_') && !key.startsWith('SLACK_') && !key.startsWith('FERRY_'),
    ),
  );
}

export function runConsole(
  script: string[],
  cwd = mkdtempSync(join(tmpdir(), 'ferry-console-')),
  settings: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const env = unconfigured();
  return new Promise((done) => {
    const child = execFile(
      TSX,
      [join(root, 'src/index.ts')],
      {
        cwd,
        env: { ...env, FERRY_SANDBOX_SPEED: '100', FERRY_PROGRESS_INTERVAL: '1', ...settings },
        timeout: timeoutMs,
      },
      (error, stdout, stderr) =>
        done({ stdout, stderr, code: error ? ((error as { code?: number }).code ?? 1) : 0 }),
    );
    child.stdin?.end(`${script.join('\n')}\n`);
  });
}
