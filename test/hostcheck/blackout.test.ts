import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blackoutOf, isDomainName, parseCompletedJob } from '../../src/hostcheck/blackout.ts';
import type { HostChecker } from '../../src/hostcheck/hostcheck.ts';
import { REMOTE } from '../../src/hostcheck/remote.ts';
import { SshSession, type SshSettings } from '../../src/hostcheck/ssh.ts';
import { cloudApiFrom } from '../../src/openstack/cloud-api.ts';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { sandboxHostChecker } from '../helpers/sandbox-ssh.ts';

/**
 * libvirt's completed job, read for a live move's blackout: virsh's answer parsed (the lab's recorded
 * answers: a completed incoming migration, and none), the command Ferry sends, and the sandbox's hosts
 * answering it as libvirt does on a move's destination.
 */

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/lab-proofs/${name}`, import.meta.url), 'utf8');

describe('virsh domjobinfo --completed, parsed', () => {
  it("reads the lab's answer when libvirt kept no completed job as not measured, never a figure", () => {
    const job = parseCompletedJob(fixture('domjobinfo-none.txt'));
    expect(job).toEqual({
      type: 'None',
      operation: null,
      downtimeMs: null,
      downtimeNoNetworkMs: null,
      setupMs: null,
      elapsedMs: null,
    });
    expect(blackoutOf('compute1', job)).toEqual({
      code: 'not-measured',
      source: 'libvirt',
      reason: 'no-job',
      host: 'compute1',
    });
  });

  it("reads a completed incoming migration's downtime, downtime without network and setup time", () => {
    const job = parseCompletedJob(fixture('domjobinfo-completed-destination.txt'));
    expect(job).toMatchObject({ type: 'Completed', operation: 'Incoming migration', elapsedMs: 38176 });
    expect(blackoutOf('compute3', job)).toEqual({
      code: 'measured',
      source: 'libvirt',
      host: 'compute3',
      downtimeMs: 100,
      downtimeNoNetworkMs: 95,
      setupMs: 2,
    });
  });

  it("takes no other job's figure for the move's: only an incoming migration's", () => {
    const text = fixture('domjobinfo-completed-destination.txt').replace(
      'Incoming migration',
      'Outgoing migration',
    );
    expect(blackoutOf('compute1', parseCompletedJob(text))).toMatchObject({
      code: 'not-measured',
      reason: 'no-job',
    });
  });

  it('passes only a shell-safe domain name, quoted, and keeps the record for the next reader', () => {
    expect(isDomainName('instance-0000002a')).toBe(true);
    for (const hostile of ["x'; reboot; '", '$(reboot)', '-c', 'a b', '', 'x'.repeat(200)])
      expect(isDomainName(hostile)).toBe(false);
    expect(REMOTE.completedJob('instance-0000002a')).toBe(
      "timeout 10 virsh -c qemu:///system domjobinfo --completed --keep-completed 'instance-0000002a'",
    );
  });
});

describe("the sandbox's hosts answer it as libvirt does", () => {
  let fx: SandboxFixture;
  let ssh: SandboxSsh;
  let checker: HostChecker;
  let settings: SshSettings;
  beforeEach(async () => {
    fx = await sandboxFixture();
    ({ ssh, settings, checker } = await sandboxHostChecker(fx));
  });
  afterEach(async () => {
    await ssh.close();
    await fx.close();
  });

  const serverX = () => [...fx.sandbox.cloud.servers.values()].find((s) => s.name === 'server-x');
  const domain = () => serverX()?.instanceName as string;

  it('a host where nothing moved answers Job type: None, as the lab recorded it', async () => {
    const session = new SshSession(settings);
    const answer = await session.run(serverX()?.host as string, REMOTE.completedJob(domain()));
    session.close();
    expect(answer.stdout).toBe(fixture('domjobinfo-none.txt'));
    expect(await checker.blackout(serverX()?.host as string, domain())).toMatchObject({
      code: 'not-measured',
      reason: 'no-job',
    });
  });

  it("after a live move: the destination's figure, kept by --keep-completed, gone when read without it", async () => {
    const cloud = cloudApiFrom(fx.clients);
    await cloud.liveMigrate(serverX()?.id as string, { host: 'compute2', blockMigration: 'auto' });
    // the simulation steps as the cloud is read
    for (let minute = 0; minute < 15 && serverX()?.host !== 'compute2'; minute++) {
      fx.clock.advance(60_000);
      await cloud.getServer(serverX()?.id as string);
    }
    expect(serverX()?.host).toBe('compute2');
    const first = await checker.blackout('compute2', domain());
    expect(first).toMatchObject({ code: 'measured', source: 'libvirt', host: 'compute2' });
    // read again: --keep-completed kept it
    expect(await checker.blackout('compute2', domain())).toEqual(first);
    // the source's domain is gone
    expect(await checker.blackout('compute1', domain())).toMatchObject({
      code: 'not-measured',
      reason: 'unreachable',
      detail: `error: failed to get domain '${domain()}'`,
    });
    // a reader without --keep-completed takes it away, as libvirt does
    const session = new SshSession(settings);
    const once = await session.run('compute2', REMOTE.completedJob(domain(), false));
    const twice = await session.run('compute2', REMOTE.completedJob(domain(), false));
    session.close();
    expect(once.stdout).toMatch(/^Job type: {9}Completed {3}\nOperation: {8}Incoming migration\n/);
    expect(twice.stdout).toBe(fixture('domjobinfo-none.txt'));
  });

  it('never contacts a host for a domain name it would not pass to a shell', async () => {
    const before = ssh.connections;
    expect(await checker.blackout('compute2', "x'; reboot; '")).toMatchObject({
      code: 'not-measured',
      reason: 'no-domain',
    });
    expect(ssh.connections).toBe(before);
  });
});
