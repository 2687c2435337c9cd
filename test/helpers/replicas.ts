import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeSlack } from '../../src/chat/fake-slack.ts';
import { CHANNEL, SECRET, signedRequests } from './slack.ts';

/** One Ferry process (`npm start`'s entry point) in HTTP mode, as a replica among others. */
export interface ReplicaProcess {
  name: string;
  child: ChildProcess;
  url: string;
  requests: ReturnType<typeof signedRequests>;
  output(): string;
  health(): Promise<{ status: number; body: ReplicaHealth }>;
  /** SIGTERM and wait (a clean stop: leases released) */
  stop(): Promise<void>;
  /** SIGKILL: no goodbye, leases left to expire */
  kill(): Promise<void>;
}

export interface ReplicaHealth {
  status: string;
  store: { kind: string; ok: boolean; listening?: boolean };
  replica: {
    holder: string;
    leads: boolean;
    watching: { runs: string[]; evacuations: string[]; drains: string[] };
    leases: { name: string; holder: string; expired: boolean }[];
  };
}

/**
 * Starts a Ferry replica on PostgreSQL against a cloud (the sandbox's OS_* variables) and the fake
 * Slack Web API, answering signed requests on a port of its own. `env` adds or overrides settings.
 */
export async function startReplica(
  name: string,
  options: {
    databaseUrl: string;
    cloudEnv: Record<string, string>;
    fake: FakeSlack;
    env?: NodeJS.ProcessEnv;
    /** how long its start is waited for (a loaded machine compiles slowly) */
    startMs?: number;
  },
): Promise<ReplicaProcess> {
  const dir = mkdtempSync(join(tmpdir(), `ferry-${name}-`));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      ...options.cloudEnv,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: options.fake.apiUrl,
      SLACK_APP_ID: 'A123456',
      PORT: '0',
      FERRY_STATUS_ADDR: '127.0.0.1:0',
      FERRY_DATABASE_URL: options.databaseUrl,
      FERRY_DB: join(dir, 'ferry.json'),
      FERRY_ONCALL_USERS: 'U_BOB,U_CAROL',
      FERRY_CHANNEL: CHANNEL,
      FERRY_LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const [port, statusPort] = await new Promise<[number, number]>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start:\n${output}`)),
      options.startMs ?? 30_000,
    );
    const look = () => {
      const match = /HTTP mode on port (\d+) .*; \/healthz and \/metrics on 127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve([Number(match[1]), Number(match[2])]);
      }
    };
    child.stdout?.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before it started:\n${output}`));
    });
  });
  const url = `http://127.0.0.1:${port}/slack/events`;
  return {
    name,
    child,
    url,
    requests: signedRequests(url, options.fake),
    output: () => output,
    async health() {
      const response = await fetch(`http://127.0.0.1:${statusPort}/healthz?detail`);
      return { status: response.status, body: (await response.json()) as ReplicaHealth };
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
