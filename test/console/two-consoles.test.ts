import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Two `npm start` consoles in one folder, each with its own database (FERRY_DB). */
const root = resolve(import.meta.dirname, '../..');
const TSX = join(root, 'node_modules/.bin/tsx');

function environment(db: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('OS_') && !key.startsWith('SLACK_') && !key.startsWith('FERRY_'),
    ),
  );
  return { ...env, FERRY_SANDBOX_SPEED: '100', FERRY_DB: db };
}

const CHECK = '/hostcheck compute1 compute2';
const CLEAN = /0 failures, 0 warnings\. Results are cached/;

// the operator trial (#24): both wrote sandbox-known_hosts in the folder; the second replaced the first's keys
describe('two consoles started in one folder with different databases', () => {
  it("each keeps its own sandbox SSH files (named after its database): the first's host check still passes", async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ferry-two-consoles-'));
    // the first console runs on, its input still open
    const first = spawn(TSX, [join(root, 'src/index.ts')], { cwd, env: environment('a.json') });
    let said = '';
    first.stdout.on('data', (chunk: Buffer) => {
      said += chunk.toString();
    });
    first.stderr.on('data', (chunk: Buffer) => {
      said += chunk.toString();
    });
    const ended = new Promise<number | null>((done) => first.on('exit', done));
    const until = async (pattern: RegExp, what: string) => {
      for (let waited = 0; !pattern.test(said); waited += 100) {
        if (waited > 60_000) throw new Error(`the first console never said ${what}:\n${said}`);
        await new Promise((done) => setTimeout(done, 100));
      }
    };
    try {
      await until(/Ferry — console mode/, 'its banner');
      expect(existsSync(join(cwd, 'a.json.sandbox-known_hosts'))).toBe(true);

      // a second console, started and ended meanwhile, checks its own hosts
      const second = await new Promise<{ stdout: string; stderr: string }>((done) => {
        const child = execFile(
          TSX,
          [join(root, 'src/index.ts')],
          { cwd, env: environment('b.json'), timeout: 60_000 },
          (_error, stdout, stderr) => done({ stdout, stderr }),
        );
        child.stdin?.end(`${CHECK}\nexit\n`);
      });
      expect(second.stderr).toBe('');
      expect(second.stdout).toMatch(CLEAN);

      // the first one's host keys and client key are still its own
      first.stdin.write(`${CHECK}\n`);
      await until(/failures?, \d+ warnings?\. Results are cached/, 'the host check result');
      expect(said).toMatch(CLEAN);
      expect(said).not.toMatch(/unknown host key|Host key not trusted/);
      first.stdin.end('exit\n');
      expect(await ended).toBe(0);
      // each removed its own files when it stopped
      expect(existsSync(join(cwd, 'a.json.sandbox-known_hosts'))).toBe(false);
    } finally {
      if (first.exitCode === null) first.kill();
    }
  }, 120_000);
});
