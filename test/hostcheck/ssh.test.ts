import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.ts';
import { matchesHostPatterns } from '../../src/hostcheck/host-keys.ts';
import { HostChecker, REMOTE, shellQuote } from '../../src/hostcheck/hostcheck.ts';
import { SshError, SshSession, type SshSettings } from '../../src/hostcheck/ssh.ts';
import { establishedTo, hasSshd, type RealSshd, startSshd } from '../helpers/sshd.ts';

// CI sets FERRY_REQUIRE_SSHD so that a missing OpenSSH server fails loudly instead of skipping.
if (process.env.FERRY_REQUIRE_SSHD && !hasSshd)
  throw new Error("/usr/sbin/sshd is missing: install Debian's openssh-server (.ci/run does)");

if (!hasSshd)
  console.warn(
    "Skipping the real-OpenSSH tests: /usr/sbin/sshd is missing. Install Debian's openssh-server (bash .ci/run does) to run them.",
  );

const fixtures = new URL('../fixtures/hosts/', import.meta.url).pathname;

describe.skipIf(!hasSshd)('SSH to a real OpenSSH server on loopback', () => {
  let sshd: RealSshd;
  let knownHosts: string;

  beforeAll(async () => {
    sshd = await startSshd();
    knownHosts = join(sshd.dir, 'known_hosts');
    writeFileSync(knownHosts, `${sshd.knownHostsLine}\n`);
  });
  afterAll(() => sshd?.stop());

  const settings = (overrides: Partial<SshSettings> = {}): SshSettings => ({
    user: sshd.user,
    port: sshd.port,
    privateKeyPath: sshd.clientKey,
    knownHostsPath: knownHosts,
    overrides: { compute1: { address: '127.0.0.1' }, compute2: { address: '127.0.0.1' } },
    connectTimeoutMs: 3_000,
    commandTimeoutMs: 5_000,
    ...overrides,
  });

  it('runs allow-listed commands over one reused connection', async () => {
    const session = new SshSession(settings());
    try {
      const first = await session.run('compute1', REMOTE.read(join(fixtures, 'centos-runbook/nova.conf')));
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/live_migration_flag/);
      expect((await session.run('compute1', 'echo $$')).stdout).toMatch(/^\d+/);
    } finally {
      session.close();
    }
  });

  it('checks a host and its peer end to end, reporting findings and failed live checks', async () => {
    const checker = new HostChecker({
      shell: () => new SshSession(settings()),
      knownHosts: async () => ['compute1', 'compute2'],
      clock: new FakeClock(),
      paths: {
        novaConf: join(fixtures, 'centos-runbook/nova.conf'),
        novaConfDir: join(fixtures, 'centos-runbook/nova.conf.d'),
        libvirtdConf: join(fixtures, 'centos-runbook/libvirtd.conf'),
      },
    });
    const report = await checker.check('compute1', 'compute2');
    const ids = report.hosts[0]?.findings.map((f) => `${f.id}:${f.status}`) ?? [];
    expect(ids).toContain('live_migration_flag:warn');
    expect(ids).toContain('auth_tcp:warn');
    // this machine runs no libvirtd and has no "compute2" in DNS or virsh: the live checks say so
    expect(ids).toContain('listening:fail');
    expect(ids).toContain('peer_resolves:fail');
    expect(ids).toContain('virsh_peer:fail');
    expect(report.pair).toMatchObject([{ status: 'pass' }]);
    // the CPU: nova.conf's [libvirt] as Nova reads it (no cpu_mode: host-model for kvm); virsh answers
    // here only where a libvirtd runs, and either way the check goes on
    expect(report.hosts[0]?.cpu?.config).toEqual({
      mode: 'host-model',
      modeSet: false,
      virtType: 'kvm',
      models: [],
      extraFlags: [],
    });
    const asPrecondition = await checker.findings('compute1', 'compute2');
    expect(asPrecondition[0]).toMatchObject({ id: 'host-config', status: 'fail' });
    // the live checks wait out their own timeouts (virsh 10 s, the nova user's ssh 15 s) on a machine with
    // libvirt and a nova user installed, as after `npm run lab:up`
  }, 60_000);

  it('refuses an unknown host key, showing its fingerprint', async () => {
    writeFileSync(join(sshd.dir, 'empty_known_hosts'), '');
    const session = new SshSession(settings({ knownHostsPath: join(sshd.dir, 'empty_known_hosts') }));
    const fingerprint = execFileSync('ssh-keygen', ['-l', '-f', join(sshd.dir, 'host_key.pub')])
      .toString()
      .split(' ')[1];
    const error = await session.run('compute1', 'true').catch((e) => e);
    expect(error).toBeInstanceOf(SshError);
    expect(error.kind).toBe('unknown-host-key');
    expect(error.message).toContain(fingerprint);
  });

  it('refuses a changed host key', async () => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(sshd.dir, 'other_key')]);
    const [type, blob] = readFileSync(join(sshd.dir, 'other_key.pub'), 'utf8').split(/\s+/);
    writeFileSync(join(sshd.dir, 'wrong_known_hosts'), `[127.0.0.1]:${sshd.port} ${type} ${blob}\n`);
    const error = await new SshSession(settings({ knownHostsPath: join(sshd.dir, 'wrong_known_hosts') }))
      .run('compute1', 'true')
      .catch((e) => e);
    expect(error.kind).toBe('changed-host-key');
    expect(error.message).toMatch(/CHANGED/);
  });

  it('refuses a key the server does not accept', async () => {
    const error = await new SshSession(settings({ privateKeyPath: join(sshd.dir, 'other_key') }))
      .run('compute1', 'true')
      .catch((e) => e);
    expect(error.kind).toBe('auth');
  });

  it('refuses a host key marked @revoked in known_hosts', async () => {
    const [, type, blob] = sshd.knownHostsLine.split(' ');
    const file = join(sshd.dir, 'revoked_known_hosts');
    writeFileSync(file, `${sshd.knownHostsLine}\n@revoked * ${type} ${blob}\n`);
    const error = await new SshSession(settings({ knownHostsPath: file }))
      .run('compute1', 'true')
      .catch((e) => e);
    expect(error.kind).toBe('revoked-host-key');
    expect(error.message).toMatch(/marked @revoked/);
  });

  it('honours a negated host in known_hosts: the line vouches for every host but that one', async () => {
    const [, type, blob] = sshd.knownHostsLine.split(' ');
    const file = join(sshd.dir, 'negated_known_hosts');
    writeFileSync(file, `*,![127.0.0.1]:${sshd.port} ${type} ${blob}\n`);
    const error = await new SshSession(settings({ knownHostsPath: file }))
      .run('compute1', 'true')
      .catch((e) => e);
    expect(error).toBeInstanceOf(SshError);
    expect(error.kind).toBe('unknown-host-key');
    // the same line without the negation vouches for it
    writeFileSync(file, `*,!compute9 ${type} ${blob}\n`);
    expect((await new SshSession(settings({ knownHostsPath: file })).run('compute1', 'true')).code).toBe(0);
  });

  it('stops reading a command whose output passes the cap, and says so', async () => {
    const session = new SshSession(settings({ maxOutputBytes: 64 * 1024 }));
    try {
      const result = await session.run('compute1', "head -c 5000000 /dev/zero | tr '\\0' a");
      expect(result.truncated).toBe(true);
      expect(result.stdout.length).toBe(64 * 1024);
      expect(result.stderr).toMatch(/Ferry stopped reading after 64 KiB of output/);
    } finally {
      session.close();
    }
  });

  it('uses an encrypted private key with FERRY_SSH_KEY_PASSPHRASE, and explains one without it', async () => {
    const key = join(sshd.dir, 'encrypted_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ecdsa', '-N', 'correct horse', '-f', key]);
    writeFileSync(
      join(sshd.dir, 'authorized_keys'),
      `${readFileSync(join(sshd.dir, 'client_key.pub'), 'utf8')}${readFileSync(`${key}.pub`, 'utf8')}`,
    );
    const ok = new SshSession(settings({ privateKeyPath: key, passphrase: 'correct horse' }));
    try {
      expect((await ok.run('compute1', 'true')).code).toBe(0);
    } finally {
      ok.close();
    }
    const error = await new SshSession(settings({ privateKeyPath: key }))
      .run('compute1', 'true')
      .catch((e) => e);
    expect(error.kind).toBe('setup');
    expect(error.message).toMatch(/FERRY_SSH_KEY_PASSPHRASE/);
    expect(error.message).not.toContain('correct horse');
  });

  it('explains a missing key file instead of failing unexplained', async () => {
    const error = await new SshSession(settings({ privateKeyPath: '/nonexistent/key' }))
      .run('compute1', 'true')
      .catch((e) => e);
    expect(error).toBeInstanceOf(SshError);
    expect(error.message).toBe(
      'FERRY_SSH_KEY /nonexistent/key cannot be read (ENOENT): fix the path or its permissions.',
    );
  });

  it('closes the jump host connection with the session, and after a failure', async () => {
    const before = establishedTo(sshd.port);
    const jump = { address: '127.0.0.1', port: sshd.port, user: sshd.user };
    const session = new SshSession(
      settings({ jump, knownHostsPath: knownHosts, overrides: { compute1: { address: '127.0.0.1' } } }),
    );
    expect((await session.run('compute1', 'true')).code).toBe(0);
    expect(establishedTo(sshd.port)).toBeGreaterThan(before);
    session.close();
    const failing = new SshSession(
      settings({ jump, overrides: { compute1: { address: '127.0.0.1', port: 1 } } }),
    );
    await expect(failing.run('compute1', 'true')).rejects.toThrow(SshError);
    failing.close();
    await waitUntil(() => establishedTo(sshd.port) <= before);
  });

  describe('hosts that do not answer', () => {
    let silent: Server;
    let silentPort: number;
    beforeAll(async () => {
      // accepts the TCP connection and then says nothing, like a hung sshd
      silent = createServer(() => {});
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      silentPort = (silent.address() as { port: number }).port;
    });
    afterAll(() => silent?.close());

    it('times out on a host that never speaks SSH', async () => {
      const error = await new SshSession(
        settings({
          connectTimeoutMs: 1_000,
          overrides: { compute1: { address: '127.0.0.1', port: silentPort } },
        }),
      )
        .run('compute1', 'true')
        .catch((e) => e);
      expect(error.kind).toBe('timeout');
    });

    it('reports a host that is down', async () => {
      const closed = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as { port: number };
          probe.close(() => resolve(port));
        });
      });
      const error = await new SshSession(
        settings({ overrides: { compute1: { address: '127.0.0.1', port: closed } } }),
      )
        .run('compute1', 'true')
        .catch((e) => e);
      expect(error.kind).toBe('unreachable');
      expect(error.message).toMatch(/ECONNREFUSED/);
    });
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(!hasSshd)('an old host that offers only ssh-rsa (SHA-1) host keys', () => {
  let old: RealSshd;
  beforeAll(async () => {
    old = await startSshd({ sha1RsaOnly: true });
    writeFileSync(join(old.dir, 'known_hosts'), `${old.knownHostsLine}\n`);
  });
  afterAll(() => old?.stop());

  const settings = (allowSha1HostKeys: boolean): SshSettings => ({
    user: old.user,
    port: old.port,
    privateKeyPath: old.clientKey,
    knownHostsPath: join(old.dir, 'known_hosts'),
    overrides: { compute1: { address: '127.0.0.1' } },
    connectTimeoutMs: 3_000,
    commandTimeoutMs: 5_000,
    allowSha1HostKeys,
  });

  it('is refused by default and accepted only when FERRY_SSH_ALLOW_SHA1 says so', async () => {
    await expect(new SshSession(settings(false)).run('compute1', 'true')).rejects.toThrow(SshError);
    const allowed = new SshSession(settings(true));
    try {
      expect((await allowed.run('compute1', 'true')).code).toBe(0);
    } finally {
      allowed.close();
    }
  });
});

describe('names never reach a shell unquoted', () => {
  it('quotes every argument and refuses names that are not compute hosts', async () => {
    expect(shellQuote("x'; rm -rf / #")).toBe(`'x'\\''; rm -rf / #'`);
    expect(REMOTE.resolve('compute2; reboot')).toBe(`getent hosts 'compute2; reboot'`);
    let ran = false;
    const checker = new HostChecker({
      shell: () => ({
        run: async () => {
          ran = true;
          return { code: 0, stdout: '', stderr: '' };
        },
        close: () => {},
      }),
      knownHosts: async () => ['compute1', 'compute2'],
      clock: new FakeClock(),
    });
    await expect(checker.check('compute1', 'compute2;reboot')).rejects.toThrow(
      /not one of this cloud's compute hosts/,
    );
    await expect(checker.check('$(reboot)')).rejects.toThrow(SshError);
    expect(ran).toBe(false);
  });
});

describe('known_hosts host patterns, as OpenSSH reads them', () => {
  it('matches wildcards without case and lets a negation win over any other pattern', () => {
    expect(matchesHostPatterns(['compute?', '!compute3'], 'compute1')).toBe(true);
    expect(matchesHostPatterns(['compute?', '!compute3'], 'compute3')).toBe(false);
    expect(matchesHostPatterns(['!compute3', '*'], 'compute3')).toBe(false);
    expect(matchesHostPatterns(['*.Example.org'], 'c1.example.ORG')).toBe(true);
    expect(matchesHostPatterns(['[10.0.0.1]:2222'], '[10.0.0.1]:2222')).toBe(true);
    expect(matchesHostPatterns(['10.0.0.1'], '10.0.0.11')).toBe(false);
    expect(matchesHostPatterns(['!compute3'], 'compute1')).toBe(false);
  });
});
