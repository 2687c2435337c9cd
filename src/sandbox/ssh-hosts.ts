import { timingSafeEqual } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import ssh2, { type Connection } from 'ssh2';
import type { SandboxCloud } from './cloud.ts';
import { capabilitiesXml, domCapabilitiesXml } from './ssh-cpu.ts';
import { completedJobAnswer } from './ssh-jobs.ts';
import { bootAnswer, rebooting } from './ssh-reboot.ts';

// ssh2 is CommonJS: Node's ESM loader sees only its default export.
const { Server, utils } = ssh2;

/**
 * The sandbox's compute hosts answer SSH too (ssh2's server, one per host, each with its own host
 * key), so /hostcheck works in the console. They answer only Ferry's allow-listed commands, from
 * realistic files: compute3 is configured the way readers of the old runbook often leave a host, and
 * has an older CPU than the others (ssh-cpu.ts).
 */

const MODERN_NOVA = `[DEFAULT]
instances_path = /var/lib/nova/instances
max_concurrent_live_migrations = 1

[libvirt]
virt_type = kvm
live_migration_scheme = tcp
live_migration_permit_auto_converge = True
live_migration_completion_timeout = 800

[vnc]
server_listen = 0.0.0.0
`;

const MODERN_LIBVIRTD = `# socket activation: listen_* are ignored, libvirtd-tcp.socket listens on 16509
auth_tcp = "sasl"
`;

const RUNBOOK_NOVA = `[DEFAULT]
instances_path = /var/lib/nova/instances
allow_resize_to_same_host=True
scheduler_default_filters=RetryFilter,AvailabilityZoneFilter,RamFilter,DiskFilter,ComputeFilter,ComputeCapabilitiesFilter,ImagePropertiesFilter,ServerGroupAntiAffinityFilter,ServerGroupAffinityFilter

[libvirt]
virt_type = kvm
live_migration_flag="VIR_MIGRATE_UNDEFINE_SOURCE,VIR_MIGRATE_PEER2PEER,VIR_MIGRATE_LIVE,VIR_MIGRATE_PERSIST_DEST,VIR_MIGRATE_TUNNELLED"
`;

const RUNBOOK_LIBVIRTD = `listen_tls = 0

listen_tcp = 1

tcp_port = "16509"
listen_addr = "192.0.2.13"

auth_tcp = "none"
`;

interface FakeHost {
  files: Record<string, string>;
  socketTcp: boolean;
  listening: boolean;
  novaShell: string;
}

function hostFiles(name: string): FakeHost {
  const runbook = name === 'compute3';
  return {
    files: {
      '/etc/nova/nova.conf': runbook ? RUNBOOK_NOVA : MODERN_NOVA,
      '/etc/libvirt/libvirtd.conf': runbook ? RUNBOOK_LIBVIRTD : MODERN_LIBVIRTD,
    },
    socketTcp: !runbook,
    // listen_tcp = 1 without libvirtd --listen: nothing actually listens
    listening: !runbook,
    novaShell: runbook ? '/sbin/nologin' : '/bin/bash',
  };
}

/**
 * A key pair ssh2 can read back. Its ed25519 generator now and then (2 in 500 here) writes a key its
 * own parser rejects, so generate ECDSA and check.
 */
function keyPair(): { private: string; public: string } {
  for (;;) {
    const pair = utils.generateKeyPairSync('ecdsa', { bits: 256 });
    if (!(utils.parseKey(pair.private) instanceof Error)) return pair;
  }
}

export interface SandboxSsh {
  user: string;
  clientKeyPath: string;
  knownHostsPath: string;
  overrides: Record<string, { address: string; port: number }>;
  /** SSH connections accepted so far, so a test can prove Ferry contacted no host */
  readonly connections: number;
  close(): Promise<void>;
}

/**
 * Starts the hosts' SSH servers. Their client key and known_hosts are written to `${prefix}sandbox-ssh-key`
 * and `${prefix}sandbox-known_hosts`: a prefix of their own per console (named after its database), as
 * the ports and host keys are this console's alone; closing removes them.
 */
export async function startSandboxSsh(cloud: SandboxCloud, prefix: string): Promise<SandboxSsh> {
  const client = keyPair();
  const clientKeyPath = `${prefix}sandbox-ssh-key`;
  writeFileSync(clientKeyPath, client.private, { mode: 0o600 });
  const allowed = utils.parseKey(client.public);
  if (allowed instanceof Error) throw allowed;
  const servers: InstanceType<typeof Server>[] = [];
  const overrides: SandboxSsh['overrides'] = {};
  const knownHosts: string[] = [];
  let connections = 0;
  for (const host of cloud.hosts.values()) {
    const hostKey = keyPair();
    const fake = hostFiles(host.name);
    const server = new Server({ hostKeys: [hostKey.private] }, (connection: Connection) => {
      connections += 1;
      // a host down for its reboot answers nothing (ssh-reboot.ts)
      if (rebooting(cloud, host.name)) {
        connection.on('error', () => undefined);
        connection.end();
        return;
      }
      connection.on('authentication', (ctx) => {
        if (ctx.method !== 'publickey' || ctx.username !== 'ferry') return ctx.reject(['publickey']);
        const offered = ctx.key.data;
        const expected = allowed.getPublicSSH();
        if (offered.length !== expected.length || !timingSafeEqual(offered, expected))
          return ctx.reject(['publickey']);
        if (ctx.signature && !allowed.verify(ctx.blob as Buffer, ctx.signature, ctx.hashAlgo))
          return ctx.reject(['publickey']);
        ctx.accept();
      });
      connection.on('ready', () => {
        connection.on('session', (accept) => {
          accept().on('exec', (acceptExec, _reject, info) => {
            const stream = acceptExec();
            const { code, stdout, stderr } = answer(cloud, host.name, fake, info.command);
            stream.write(stdout);
            if (stderr) stream.stderr.write(stderr);
            stream.exit(code);
            stream.end();
          });
        });
      });
      connection.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    servers.push(server);
    overrides[host.name] = { address: '127.0.0.1', port };
    const publicKey = utils.parseKey(hostKey.public);
    if (publicKey instanceof Error) throw publicKey;
    knownHosts.push(`[127.0.0.1]:${port} ${publicKey.type} ${publicKey.getPublicSSH().toString('base64')}`);
  }
  const knownHostsPath = `${prefix}sandbox-known_hosts`;
  writeFileSync(knownHostsPath, `${knownHosts.join('\n')}\n`);
  return {
    user: 'ferry',
    clientKeyPath,
    knownHostsPath,
    overrides,
    get connections() {
      return connections;
    },
    close: async () => {
      await Promise.all(
        servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
      );
      for (const path of [clientKeyPath, knownHostsPath]) rmSync(path, { force: true });
    },
  };
}

/** The answers a compute host gives to Ferry's fixed commands; anything else is refused. */
function answer(
  cloud: SandboxCloud,
  name: string,
  fake: FakeHost,
  command: string,
): { code: number; stdout: string; stderr: string } {
  const boot = bootAnswer(cloud, name, command);
  if (boot) return boot;
  const quoted = (pattern: string) => new RegExp(`^${pattern.replaceAll('ARG', "'([^']*)'")}$`).exec(command);
  let match = quoted('cat -- ARG');
  if (match) {
    const file = fake.files[match[1] as string];
    return file === undefined
      ? { code: 1, stdout: '', stderr: `cat: ${match[1]}: No such file or directory\n` }
      : { code: 0, stdout: file, stderr: '' };
  }
  if (quoted('ls -1 -- ARG 2>/dev/null')) return { code: 2, stdout: '', stderr: '' };
  if (command === 'ss -ltnp 2>/dev/null || netstat -lnpt 2>/dev/null') {
    const lines = [
      'State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process',
      'LISTEN 0      128    0.0.0.0:22         0.0.0.0:*     users:(("sshd",pid=812,fd=3))',
    ];
    if (fake.listening)
      lines.push('LISTEN 0      1024   0.0.0.0:16509      0.0.0.0:*     users:(("systemd",pid=1,fd=52))');
    return { code: 0, stdout: `${lines.join('\n')}\n`, stderr: '' };
  }
  if (command === 'systemctl is-enabled libvirtd-tcp.socket libvirtd-tls.socket 2>/dev/null') {
    return {
      code: fake.socketTcp ? 0 : 1,
      stdout: `${fake.socketTcp ? 'enabled' : 'disabled'}\ndisabled\n`,
      stderr: '',
    };
  }
  match = quoted('getent hosts ARG');
  if (match) {
    const peer = cloud.hosts.get(match[1] as string);
    return peer
      ? { code: 0, stdout: `${peer.hostIp}      ${peer.name} ${peer.nodeName}\n`, stderr: '' }
      : { code: 2, stdout: '', stderr: '' };
  }
  match = quoted('timeout 10 virsh -c ARG version');
  if (match) {
    const peerName = /^qemu\+\w+:\/\/([^/]+)\/system$/.exec(match[1] as string)?.[1] ?? '';
    const peer = cloud.hosts.get(peerName);
    if (peer && hostFiles(peer.name).listening) {
      return {
        code: 0,
        stdout:
          'Compiled against library: libvirt 9.0.0\nUsing API: QEMU 9.0.0\nRunning hypervisor: QEMU 8.2.0\n',
        stderr: '',
      };
    }
    return {
      code: 1,
      stdout: '',
      stderr: `error: failed to connect to the hypervisor\nerror: unable to connect to server at '${peerName}:16509': Connection refused\n`,
    };
  }
  if (command === 'timeout 10 virsh -r -c qemu:///system capabilities')
    return { code: 0, stdout: capabilitiesXml(cloud.hostOrThrow(name)), stderr: '' };
  // as real libvirt answers on a read-only connection (the lab, 5 December 2026)
  if (/^timeout 10 virsh -r -c qemu:\/\/\/system domcapabilities\b/.test(command))
    return {
      code: 1,
      stdout: '',
      stderr:
        'error: failed to get emulator capabilities\nerror: operation forbidden: read only access prevents virConnectGetDomainCapabilities\n',
    };
  match = /^timeout 10 virsh -c qemu:\/\/\/system domcapabilities --virttype (kvm|qemu)$/.exec(command);
  if (match)
    return { code: 0, stdout: domCapabilitiesXml(cloud.hostOrThrow(name), match[1] as string), stderr: '' };
  match = /^timeout 10 virsh -c qemu:\/\/\/system domjobinfo --completed( --keep-completed)? '([^']*)'$/.exec(
    command,
  );
  if (match) return completedJobAnswer(cloud, name, match[2] as string, Boolean(match[1]));
  if (command === 'getent passwd nova')
    return { code: 0, stdout: `nova:x:64060:64060::/var/lib/nova:${fake.novaShell}\n`, stderr: '' };
  match = quoted('timeout 15 sudo -n -u nova ssh -o BatchMode=yes -o ConnectTimeout=5 ARG true');
  if (match) {
    if (fake.novaShell !== '/bin/bash')
      return { code: 1, stdout: '', stderr: 'This account is currently not available.\n' };
    const peer = cloud.hosts.get(match[1] as string);
    return peer && hostFiles(peer.name).novaShell === '/bin/bash'
      ? { code: 0, stdout: '', stderr: '' }
      : { code: 255, stdout: '', stderr: `nova@${match[1]}: Permission denied (publickey).\n` };
  }
  const probed =
    /^timeout 5 bash -c 'exec 3<>"\/dev\/tcp\/\$1\/\$2"' ferry-probe '([0-9a-fA-F:.]+)' '(\d+)'$/.exec(
      command,
    ) ?? /^timeout 5 ping -c 1 -W 2 '([0-9a-fA-F:.]+)'$/.exec(command);
  if (probed) return probeAnswer(cloud, probed[1] as string, probed[2]);
  match =
    /^timeout 10 virsh -c qemu:\/\/\/system qemu-agent-command '([^']*)' '\{"execute":"guest-ping"\}'$/.exec(
      command,
    );
  if (match) {
    const here = [...cloud.servers.values()].some((s) => s.instanceName === match?.[1] && s.host === name);
    // the lab's guests have no agent: libvirt's answer there (test/fixtures/lab-proofs)
    return here
      ? { code: 1, stdout: '', stderr: 'error: argument unsupported: QEMU guest agent is not configured\n' }
      : { code: 1, stdout: '', stderr: `error: failed to get domain '${match[1]}'\n` };
  }
  return {
    code: 126,
    stdout: '',
    stderr: `${name}: Ferry's sandbox answers only Ferry's own check commands\n`,
  };
}

/**
 * FERRY_PROBE's TCP connect or ping from this host: an address answers while its server runs (power
 * state 1: ACTIVE, or waiting in VERIFY_RESIZE as it was running), its guest has not hung
 * (`guest-hangs`) and no `guest-unreachable` fault says otherwise (as bash and iputils' ping answer).
 */
function probeAnswer(
  cloud: SandboxCloud,
  address: string,
  port: string | undefined,
): { code: number; stdout: string; stderr: string } {
  const server = [...cloud.servers.values()].find((s) => s.ports.some((p) => p.ip === address));
  const up = server && !server.unreachable && !server.consoleFrozenAt && cloud.powerStateOf(server) === 1;
  if (port !== undefined) return { code: up ? 0 : 124, stdout: '', stderr: '' };
  const head = `PING ${address} (${address}) 56(84) bytes of data.\n`;
  return up
    ? {
        code: 0,
        stdout: `${head}64 bytes from ${address}: icmp_seq=1 ttl=64 time=0.412 ms\n\n--- ${address} ping statistics ---\n1 packets transmitted, 1 received, 0% packet loss, time 0ms\n`,
        stderr: '',
      }
    : {
        code: 1,
        stdout: `${head}\n--- ${address} ping statistics ---\n1 packets transmitted, 0 received, 100% packet loss, time 0ms\n`,
        stderr: '',
      };
}
