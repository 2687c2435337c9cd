import { execFile } from 'node:child_process';
import { Socket } from 'node:net';
import type { ProbeSetting } from '../core/model/proof-facts.ts';
import {
  isIpLiteral,
  type ProbeConfig,
  type Reach,
  type ReachabilityPort,
} from '../core/ports/reachability.ts';
import { REMOTE, type RemoteShell } from './remote.ts';
import { SshSession, type SshSettings } from './ssh.ts';

/**
 * FERRY_PROBE carried out: from the named host over SSH (one session per attempt, closed after it),
 * or from Ferry's own host when the setting says `@ferry` (a socket, or ping run without a shell).
 * Only IP literals are probed: anything else is skipped, and no command is built from it.
 */
export class ReachabilityOverSsh implements ReachabilityPort {
  constructor(
    private readonly setting: ProbeSetting & { from: string },
    private readonly shell: () => RemoteShell,
  ) {}

  async reach(addresses: readonly string[]): Promise<Reach> {
    const literals = addresses.filter(isIpLiteral);
    if (literals.length === 0) return { code: 'answered', reached: [] };
    const shell = this.shell();
    try {
      const reached: string[] = [];
      for (const address of literals) {
        const command =
          this.setting.how === 'tcp'
            ? REMOTE.tcpProbe(address, this.setting.port)
            : REMOTE.icmpProbe(address);
        const answer = await shell.run(this.setting.from, command);
        if (answer.code === 0) reached.push(address);
      }
      return { code: 'answered', reached };
    } catch (error) {
      return { code: 'unreachable', error: (error as Error).message };
    } finally {
      shell.close();
    }
  }
}

/** The probe from Ferry's own host (`@ferry`): a TCP connect, or one ICMP echo by ping without a shell. */
export class ReachabilityFromFerry implements ReachabilityPort {
  constructor(private readonly setting: ProbeSetting) {}

  async reach(addresses: readonly string[]): Promise<Reach> {
    const literals = addresses.filter(isIpLiteral);
    const answers = await Promise.all(
      literals.map((address) =>
        this.setting.how === 'tcp' ? connects(address, this.setting.port) : echoes(address),
      ),
    );
    return { code: 'answered', reached: literals.filter((_, index) => answers[index]) };
  }
}

function connects(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(3_000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, address, () => done(true));
  });
}

function echoes(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('ping', ['-c', '1', '-W', '2', address], { timeout: 5_000 }, (error) => resolve(!error));
  });
}

/** FERRY_PROBE's setting with the way to carry it out: over SSH, from here (`@ferry`), or none (no SSH). */
export function probeConfig(setting: ProbeSetting, ssh: SshSettings | undefined): ProbeConfig {
  const from = setting.from;
  if (from === null) return { setting, port: new ReachabilityFromFerry(setting) };
  if (!ssh) return { setting };
  return { setting, port: new ReachabilityOverSsh({ ...setting, from }, () => new SshSession(ssh)) };
}
