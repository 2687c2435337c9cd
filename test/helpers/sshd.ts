import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.ts';

export const SSHD = '/usr/sbin/sshd';

export interface RealSshd {
  port: number;
  dir: string;
  clientKey: string;
  /** "[127.0.0.1]:port keytype blob" */
  knownHostsLine: string;
  user: string;
  stop(): void;
}

/**
 * Debian's OpenSSH server on a loopback port, with its own host key and a key for Ferry.
 * `sha1RsaOnly`: an old host that offers nothing but an ssh-rsa (SHA-1) host key.
 */
export async function startSshd(options: { sha1RsaOnly?: boolean } = {}): Promise<RealSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-sshd-'));
  const port = await freePort();
  execFileSync('ssh-keygen', [
    '-q',
    ...(options.sha1RsaOnly ? ['-t', 'rsa', '-b', '2048'] : ['-t', 'ed25519']),
    '-N',
    '',
    '-f',
    join(dir, 'host_key'),
  ]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'client_key')]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')));
  const user = userInfo().username;
  mkdirSync('/run/sshd', { recursive: true });
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      `AllowUsers ${user}`,
      'LogLevel ERROR',
      ...(options.sha1RsaOnly ? ['HostKeyAlgorithms ssh-rsa'] : []),
    ].join('\n'),
  );
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = createServer().listen(port, '127.0.0.1');
      socket.once('error', () => resolve(true));
      socket.once('listening', () => socket.close(() => resolve(false)));
    });
    if (up) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`sshd did not start: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const [type, blob] = readFileSync(join(dir, 'host_key.pub'), 'utf8').trim().split(/\s+/);
  return {
    port,
    dir,
    clientKey: join(dir, 'client_key'),
    knownHostsLine: `[127.0.0.1]:${port} ${type} ${blob}`,
    user,
    stop: () => {
      child.kill();
    },
  };
}

export const hasSshd = existsSync(SSHD);

/** TCP connections now established to a local port, read from /proc (no tools needed). */
export function establishedTo(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => {
      const fields = line.trim().split(/\s+/);
      return fields[2]?.endsWith(`:${hex}`) && fields[3] === '01';
    }).length;
}
