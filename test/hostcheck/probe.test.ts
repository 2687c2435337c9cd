import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isIpLiteral } from '../../src/core/ports/reachability.ts';
import { probeConfig, ReachabilityOverSsh } from '../../src/hostcheck/probe.ts';
import { REMOTE } from '../../src/hostcheck/remote.ts';
import { SshSession, type SshSettings } from '../../src/hostcheck/ssh.ts';
import { toServer } from '../../src/openstack/nova-records.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { sandboxHostChecker } from '../helpers/sandbox-ssh.ts';
import { recordedBody } from '../helpers/shapes.ts';

/** FERRY_PROBE over SSH, against the sandbox's hosts: only IP literals ever reach a command. */

const HOSTILE = [
  "10.0.0.1'; reboot; '",
  '10.0.0.1; reboot',
  '$(reboot)',
  '`reboot`',
  '10.0.0.1 -c 1000',
  '-c',
  'fe80::1%eth0',
  '10.0.0.1/24',
  'host.example.org',
  '10.0.0.256',
  '1:2:3:4:5:6:7:8:9',
  ':::',
  '',
  '10.0.0.1\n',
];

describe('the addresses a probe accepts', () => {
  it('are IPv4 and IPv6 literals, nothing else', () => {
    for (const good of ['10.0.0.1', '192.168.1.30', '::1', 'fe80::1', '2001:db8::10', '::ffff:10.0.0.1'])
      expect(isIpLiteral(good), good).toBe(true);
    expect(isIpLiteral('1:2:3:4:5:6:7:8')).toBe(true);
    for (const bad of HOSTILE) expect(isIpLiteral(bad), JSON.stringify(bad)).toBe(false);
  });

  it('reach the probe command as arguments, never as part of its script', () => {
    expect(REMOTE.tcpProbe('2001:db8::10', 22)).toBe(
      `timeout 5 bash -c 'exec 3<>"/dev/tcp/$1/$2"' ferry-probe '2001:db8::10' '22'`,
    );
    expect(REMOTE.icmpProbe('10.0.0.1')).toBe(`timeout 5 ping -c 1 -W 2 '10.0.0.1'`);
  });
});

describe('the probe over SSH', () => {
  let fx: SandboxFixture;
  let ssh: SandboxSsh;
  let settings: SshSettings;
  beforeEach(async () => {
    fx = await sandboxFixture();
    ({ ssh, settings } = await sandboxHostChecker(fx));
  });
  afterEach(async () => {
    await ssh.close();
    await fx.close();
  });

  it('never opens a shell for an address that is not an IP literal', async () => {
    const probe = new ReachabilityOverSsh({ how: 'tcp', port: 22, from: 'compute3' }, () => {
      throw new Error('no shell may be opened for these addresses');
    });
    expect(await probe.reach(HOSTILE)).toEqual({ code: 'answered', reached: [] });
  });

  it('runs only the literal ones among hostile names, and says which answered', async () => {
    const commands: string[] = [];
    const probe = new ReachabilityOverSsh({ how: 'icmp', from: 'compute3' }, () => {
      const session = new SshSession(settings);
      return {
        run: (host: string, command: string) => {
          commands.push(command);
          return session.run(host, command);
        },
        close: () => session.close(),
      };
    });
    const x = fx.sandbox.cloud.resolveServer('server-x').ports[0]?.ip as string;
    const web = fx.sandbox.cloud.resolveServer('web-1').ports[0]?.ip as string;
    applyFault(fx.sandbox.cloud, { type: 'guest-unreachable', server: 'web-1' });
    expect(await probe.reach([...HOSTILE, x, web])).toEqual({ code: 'answered', reached: [x] });
    expect(commands).toEqual([REMOTE.icmpProbe(x), REMOTE.icmpProbe(web)]);
  });

  it('says SSH failed when the probing host cannot be reached', async () => {
    const { port } = probeConfig({ how: 'tcp', port: 22, from: 'no-such-host' }, settings);
    const reach = await port?.reach(['10.0.0.1']);
    expect(reach?.code).toBe('unreachable');
  });
});

describe("Nova's addresses, as the probe reads them", () => {
  it("lists each network's addresses from the answer (api-ref sample), none from the lab's {}", () => {
    const sample = JSON.parse(
      readFileSync(
        new URL('../fixtures/api-samples/servers-v2.96-server-get-resp.json', import.meta.url),
        'utf8',
      ),
    ) as { server: Record<string, unknown> };
    expect(toServer(sample.server).addresses).toEqual([
      { network: 'private', addr: '192.168.1.30', version: 4, type: 'fixed' },
    ]);
    const lab = recordedBody(
      readFileSync(new URL('../fixtures/real-nova/10-server-show-vm1.json', import.meta.url), 'utf8'),
    ) as { server: Record<string, unknown> };
    expect(toServer(lab.server).addresses).toEqual([]);
  });
});

describe("the probe from Ferry's own host (@ferry), only when said so", () => {
  it('connects over TCP from here: a listening port is reached, a closed one is not', async () => {
    const listening = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    const open = (listening.address() as AddressInfo).port;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const shut = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    try {
      const here = (port: number) => probeConfig({ how: 'tcp', port, from: null }, undefined).port;
      expect(await here(open)?.reach(['127.0.0.1', '$(reboot)'])).toEqual({
        code: 'answered',
        reached: ['127.0.0.1'],
      });
      expect(await here(shut)?.reach(['127.0.0.1'])).toEqual({ code: 'answered', reached: [] });
    } finally {
      await new Promise<void>((resolve) => listening.close(() => resolve()));
    }
  });
});
