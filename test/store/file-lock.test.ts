import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/core/store-port.ts';
import { lockDatabase } from '../../src/store/file-lock.ts';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

const database = () => join(mkdtempSync(join(tmpdir(), 'ferry-lock-')), 'ferry.json');

/** Runs `script` in a second Node process; resolves once it prints `line`. */
function second(args: string[], line: RegExp, env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const seen = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${line} within 20 s: ${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (line.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, seen, exited };
}

const HOLD = `
import { lockDatabase } from './src/store/file-lock.ts';
await lockDatabase(process.argv[1]);
console.log('locked by', process.pid);
setInterval(() => {}, 1000);
`;

describe('one Ferry per database file', () => {
  it('refuses a second holder, naming the first, and lets it in once released', async () => {
    const file = database();
    const first = await lockDatabase(file);
    const refusal = await lockDatabase(file).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(StoreError);
    expect((refusal as Error).message).toMatch(
      new RegExp(
        `${file} is in use by Ferry PID ${process.pid} on ${hostname()}, since \\d{4}-\\d\\d-\\d\\dT`,
      ),
    );
    await first.release();
    const again = await lockDatabase(file);
    await again.release();
  });

  it('refuses while another process holds it, and takes over at once when that process is killed', async () => {
    const file = database();
    const holder = second(['--input-type=module', '-e', HOLD, file], /locked by/);
    await holder.seen;
    await expect(lockDatabase(file)).rejects.toThrow(
      `in use by Ferry PID ${holder.child.pid} on ${hostname()}`,
    );
    holder.child.kill('SIGKILL');
    await holder.exited;
    const started = Date.now();
    const taken = await lockDatabase(file);
    // its PID is gone from this host: no need to wait for the lock to go stale
    expect(Date.now() - started).toBeLessThan(2_000);
    await taken.release();
  }, 30_000);

  it('stops a second Ferry on the same FERRY_DB with a message naming the first', async () => {
    const file = database();
    const env = { FERRY_DB: file, SLACK_BOT_TOKEN: '', OS_CLOUD: '', OS_AUTH_URL: '' };
    const first = second(['src/index.ts'], /Database:/, env);
    await first.seen;
    const late = second(['src/index.ts'], /Ferry cannot start/, env);
    const said = await late.seen;
    expect(await late.exited).toBe(1);
    expect(said).toMatch(
      new RegExp(
        `Ferry cannot start: The Ferry database ${file} is in use by Ferry PID ${first.child.pid} on `,
      ),
    );
  }, 60_000);
});
