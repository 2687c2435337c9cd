import { type ChildProcess, spawn } from 'node:child_process';
import {
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../src/chat/fake-slack.ts';
import { StoreError } from '../../src/core/ports/store.ts';
import { lockDatabase } from '../../src/store/lowdb/file-lock.ts';

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
import { lockDatabase } from './src/store/lowdb/file-lock.ts';
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

describe('files beside the database never follow a planted link', () => {
  const victim = (dir: string) => {
    const path = join(dir, 'victim.txt');
    writeFileSync(path, 'precious');
    return path;
  };

  it('replaces a link planted at <FERRY_DB>.lock-holder.json instead of writing through it', async () => {
    const file = database();
    const target = victim(dirname(file));
    symlinkSync(target, `${file}.lock-holder.json`);
    const lock = await lockDatabase(file);
    expect(readFileSync(target, 'utf8')).toBe('precious');
    expect(lstatSync(`${file}.lock-holder.json`).isSymbolicLink()).toBe(false);
    expect(JSON.parse(readFileSync(`${file}.lock-holder.json`, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('does not take over a held lock because a link names a dead holder', async () => {
    const file = database();
    const held = await lockDatabase(file);
    // a holder on this host whose PID is gone would be taken over at once: a link must not say so
    const forged = join(dirname(file), 'forged.json');
    writeFileSync(forged, JSON.stringify({ host: hostname(), pid: 2 ** 22 + 1, since: 'then' }));
    rmSync(`${file}.lock-holder.json`);
    symlinkSync(forged, `${file}.lock-holder.json`);
    const refusal = await lockDatabase(file).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(StoreError);
    expect((refusal as Error).message).toMatch(/is in use by another process/);
    await held.release();
  });

  it("writes the console's journal through a temp file of its own, and refuses a journal that is a link", async () => {
    const dir = dirname(database());
    const target = victim(dir);
    const journal = join(dir, 'ferry.json.console.json');
    // where the journal's temp file used to be made: a name anyone could predict
    symlinkSync(target, `${journal}.${process.pid}.tmp`);
    const fake = new FakeSlack({ journal });
    await fake.start();
    const client = new webApi.WebClient('xoxb-test', { slackApiUrl: fake.apiUrl });
    await client.chat.postMessage({ channel: 'C0MIGRATE', text: 'hello' });
    await fake.stop();
    expect(readFileSync(target, 'utf8')).toBe('precious');
    expect(JSON.parse(readFileSync(journal, 'utf8'))[0].text).toBe('hello');
    expect(
      readdirSync(dir).filter((name) => name.endsWith('.tmp') && !name.startsWith('ferry.json.')),
    ).toEqual([]);

    const linked = join(dir, 'linked.console.json');
    symlinkSync(journal, linked);
    await expect(new FakeSlack({ journal: linked }).start()).rejects.toThrow(/symbolic link; Ferry refuses/);
  });
});
