import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `/wait` on a paused drain (operator trial h-report30): it returned without a line once the move in
 * flight ended. It says the drain waits for someone to press Resume.
 */

const root = resolve(import.meta.dirname, '../..');

function runConsole(script: string[]): Promise<{ stdout: string; stderr: string }> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('OS_') && !key.startsWith('SLACK_') && !key.startsWith('FERRY_'),
    ),
  );
  return new Promise((done) => {
    const child = execFile(
      join(root, 'node_modules/.bin/tsx'),
      [join(root, 'src/index.ts')],
      {
        cwd: mkdtempSync(join(tmpdir(), 'ferry-console-')),
        env: { ...env, FERRY_SANDBOX_SPEED: '100', FERRY_PROGRESS_INTERVAL: '1' },
        timeout: 90_000,
      },
      (_error, stdout, stderr) => done({ stdout, stderr }),
    );
    child.stdin?.end(`${script.join('\n')}\n`);
  });
}

describe('/wait on a paused drain', () => {
  it('says, once its move in flight ends, that the drain waits for someone to press Resume', async () => {
    const { stdout, stderr } = await runConsole([
      '/drain compute3 --concurrency=1',
      '/as bob',
      'approve',
      'y',
      'Pause',
      '/wait',
      '/buttons',
    ]);
    expect(stderr).toBe('');
    // the line /wait answers, before the next line runs
    expect(stdout).toMatch(
      /bob> \/wait\n[\s\S]*Ferry itself is not at work now\. Waiting for a person: (d-[0-9a-f]{6}) waits for someone to press Resume\.\n[\s\S]*bob> \/buttons/,
    );
  }, 120_000);
});
