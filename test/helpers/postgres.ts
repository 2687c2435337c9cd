import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './ports.ts';

/** Debian's PostgreSQL binaries (the newest installed), or undefined when the package is missing. */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

export const hasPostgres = postgresBin() !== undefined;

export interface RealPostgres {
  port: number;
  /** a URL for a new, empty database of its own */
  freshDatabase(): Promise<string>;
  /** an outage: the server shuts down (fast), its data kept */
  down(): Promise<void>;
  /** the end of the outage: the server starts again on the same port with the same data */
  up(): Promise<void>;
  stop(): Promise<void>;
}

let databases = 0;

/**
 * A throwaway PostgreSQL server: initdb in a temporary directory, the postmaster on a loopback port
 * (no system service). PostgreSQL refuses to run as root, so as root it runs as the `postgres` user
 * the Debian package creates.
 */
export async function startPostgres(): Promise<RealPostgres> {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed (Debian package postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'ferry-pg-'));
  const asUser: { uid?: number; gid?: number } = {};
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    Object.assign(asUser, { uid, gid });
  }
  const data = join(dir, 'data');
  execFileSync(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'ferry', '-E', 'UTF8', '--no-sync'], {
    ...asUser,
    stdio: 'ignore',
  });
  const port = await freePort();
  const launch = (): ChildProcess =>
    spawn(
      join(bin, 'postgres'),
      [
        '-D',
        data,
        '-p',
        String(port),
        '-k',
        dir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
        '-c',
        'max_connections=600',
      ],
      { ...asUser, stdio: 'ignore' },
    );
  const admin = `postgres://ferry@127.0.0.1:${port}/postgres`;
  const ready = async (server: ChildProcess) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const client = new pg.Client({ connectionString: admin });
      try {
        await client.connect();
        await client.end();
        return;
      } catch (error) {
        await client.end().catch(() => undefined);
        if (Date.now() > deadline || server.exitCode !== null) {
          server.kill('SIGKILL');
          throw new Error(`PostgreSQL did not start: ${(error as Error).message}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  const shutDown = async (server: ChildProcess) => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGINT'); // fast shutdown
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGKILL');
      await exited;
    }
  };
  let server = launch();
  await ready(server);
  return {
    port,
    async down() {
      await shutDown(server);
    },
    async up() {
      server = launch();
      await ready(server);
    },
    async freshDatabase() {
      const name = `ferry_test_${process.pid}_${++databases}`;
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      await client.query(`CREATE DATABASE ${name}`);
      await client.end();
      return `postgres://ferry@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      await shutDown(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
