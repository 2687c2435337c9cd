import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { editedLines, ShownLines } from '../../src/console/edits.ts';

/** An edited message in the console: what changed, marked ↻, never the whole message again. */

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

describe('an edited message in the console', () => {
  it('prints the lines an edit changed, says a line taken out is gone, and nothing for an edit of its buttons', () => {
    const before = ['Report e-1', '`a` moved', 'On-call can move 1 back', 'footer'];
    expect(
      editedLines(before, ['Report e-1', '`a` moved', '↩️ bob asked to move them back', 'footer']),
    ).toEqual(['↻ ↩️ bob asked to move them back']);
    expect(editedLines(before, ['Report e-1', '`a` moved', 'footer'])).toEqual([
      '↻ removed: On-call can move 1 back',
    ]);
    expect(editedLines(before, [...before])).toEqual([]);
    // a message the console never showed is printed whole
    expect(editedLines(undefined, ['a', 'b'])).toEqual(['↻ a', '↻ b']);
  });

  it("shows an evacuation report once: asking for the move back edits it, and only the edit's line is printed", async () => {
    const { stdout, stderr } = await runConsole([
      '/evacuate compute1 --reenable --skip ledger --concurrency 2',
      '/as bob',
      'approve',
      'y',
      '/wait',
      'move back to compute1',
      'y',
      'exit',
    ]);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/↻ ↩️ @bob asked to move them back: `e-[0-9a-f]{6}` waits for approval/);
    expect(stdout.match(/Evacuation report `e-/g)).toHaveLength(1);
    expect(stdout.match(/`batch-7` `compute1` → `compute2` · cold/g)).toHaveLength(1);
  }, 120_000);
});

describe("an evacuation's server line, said on its message and in its thread (operator trial)", () => {
  const running = ['Evacuation e-1', '🚚 `a` live → `c2`', '🚚 1 running'];
  const ended = ['Evacuation e-1', '✅ `a` live → `c2` — completed', '🚚 0 running'];
  const post = (shown: ShownLines, lines: string[]) =>
    shown.posted({ ts: `${Math.random()}`, threadTs: 'p' }, lines);

  it('is printed once when the thread says it first, even with another post between', () => {
    const shown = new ShownLines();
    shown.posted({ ts: 'p' }, running);
    expect(post(shown, ['✅ `a` live → `c2` — completed'])).toEqual(['✅ `a` live → `c2` — completed']);
    expect(post(shown, ['`b` 95% running'])).toEqual(['`b` 95% running']);
    expect(shown.edited('p', ended)).toEqual(['↻ 🚚 0 running']);
  });

  it('is printed once when the edit comes before the thread post', () => {
    const shown = new ShownLines();
    shown.posted({ ts: 'p' }, running);
    expect(shown.edited('p', ended)).toEqual(['↻ ✅ `a` live → `c2` — completed', '↻ 🚚 0 running']);
    // the post's other lines are printed; what the edit just said is not
    expect(post(shown, ['✅ `a` live → `c2` — completed', 'proofs: ✅'])).toEqual(['proofs: ✅']);
    // said once only: a later post that says it again is a new thing to say
    expect(post(shown, ['✅ `a` live → `c2` — completed'])).toEqual(['✅ `a` live → `c2` — completed']);
  });

  // operator trial h-report30: a drain's report left out compute4, said done on the drain's message
  // by the edit just before the report
  it("leaves no line out of a post that says more than the edit: only the post's opening lines it said", () => {
    const shown = new ShownLines();
    const drain = ['Drain d-1', '⏳ `c3` waiting', '⏳ `c4` waiting', '🚚 Draining'];
    shown.posted({ ts: 'p' }, drain);
    const done = ['Drain d-1', '✅ `c3` done', '✅ `c4` done — no server was on it', '🏁 Drain ended'];
    expect(shown.edited('p', done)).toEqual([
      '↻ ✅ `c3` done',
      '↻ ✅ `c4` done — no server was on it',
      '↻ 🏁 Drain ended',
    ]);
    const report = [
      'Drain report d-1: 2 of 2 hosts done',
      '✅ `c3` done in 1m',
      '✅ `c4` done — no server was on it',
    ];
    expect(post(shown, report)).toEqual(report);
  });
});

describe("an evacuation's server line in the console", () => {
  it('is printed once when its thread says it and its message is edited to say it', async () => {
    const { stdout, stderr } = await runConsole([
      '/evacuate compute1 --skip ledger --concurrency 2',
      '/as bob',
      'approve',
      'y',
      '/wait',
      'exit',
    ]);
    expect(stderr).toBe('');
    expect(
      stdout.match(/✅ `batch-7` SHUTOFF m1\.small \(2048 MB\) · cold → `compute2` — completed/g),
    ).toHaveLength(1);
    // no line says again what the line before it said, whatever the message
    const body = (line: string) => line.replace(/^(ferry: | {2}\S+ │ | {7})(↻ )?/, '');
    const lines = stdout.split('\n').filter((line) => body(line).trim());
    const repeated = lines.filter((line, i) => i > 0 && body(line) === body(lines[i - 1] as string));
    expect(repeated).toEqual([]);
  }, 120_000);
});
