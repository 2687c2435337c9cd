import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's openipmi (ipmi_sim, a BMC simulator speaking IPMI over LAN) and its client ipmitool. */
export const IPMI_SIM = '/usr/bin/ipmi_sim';
export const hasIpmi = existsSync(IPMI_SIM) && existsSync('/usr/bin/ipmitool');

// CI sets FERRY_REQUIRE_IPMI so that missing packages fail loudly instead of skipping.
if (process.env.FERRY_REQUIRE_IPMI && !hasIpmi)
  throw new Error(
    'FERRY_REQUIRE_IPMI is set but ipmi_sim or ipmitool is not installed (apt-get install openipmi ipmitool)',
  );

/** One line of the simulated chassis' power control, as ipmi_sim asked it: `set power 0`, `set reset 1`… */
export interface ChassisCall {
  at: number;
  op: 'get' | 'set';
  args: string[];
}

export interface RealBmc {
  address: '127.0.0.1';
  port: number;
  user: string;
  password: string;
  /** a file holding the password (what FERRY_BMC_PASSWORD_FILE names) */
  passwordFile: string;
  /** the simulated chassis' power as its control script holds it */
  power(): 'on' | 'off';
  /** every call ipmi_sim made to the chassis control script, oldest first */
  calls(): ChassisCall[];
  /** the `set` calls only, as `power 0`, `power 1`, `reset 1` */
  sets(): string[];
  /** `ipmitool … chassis power status` with the right password (the BMC's own view) */
  status(): Promise<string>;
  stop(): Promise<void>;
}

/** A UDP port free on loopback at this moment (ipmi_sim listens on UDP). */
async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** ipmi_sim has bound its UDP port (Linux: /proc/net/udp lists 127.0.0.1:port as 0100007F:PORT). */
function bound(port: number): boolean {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFileSync('/proc/net/udp', 'utf8')
    .split('\n')
    .some((line) => line.trim().split(/\s+/)[1] === local);
}

/**
 * The chassis control program ipmi_sim runs for power and reset (lan.conf's `chassis_control`, its
 * protocol as in OpenIPMI's lanserv/ipmi_sim_chassiscontrol): `<device> get power` answers
 * `power:<0|1>`, `<device> set power <0|1>` / `set reset 1` change it. Every call is logged with
 * the time, so a test sees a power cycle as `set power 0` then `set power 1`.
 */
function chassisScript(dir: string): string {
  return [
    '#!/bin/sh',
    `dir='${dir}'`,
    'device=$1; op=$2; shift 2',
    'echo "$(date +%s%3N) $op $*" >> "$dir/chassis.log"',
    'case $op in',
    '  get)',
    '    for parm in "$@"; do',
    '      case $parm in',
    '        power) echo "power:$(cat "$dir/power")" ;;',
    '        boot) echo "boot:default" ;;',
    '        *) echo "Invalid parameter: $parm"; exit 1 ;;',
    '      esac',
    '    done ;;',
    '  set)',
    '    while [ $# -gt 1 ]; do',
    '      case $1 in',
    '        power) echo "$2" > "$dir/power" ;;',
    '        reset|boot|identify) ;;',
    '        *) echo "Invalid parameter: $1"; exit 1 ;;',
    '      esac',
    '      shift 2',
    '    done ;;',
    '  *) exit 1 ;;',
    'esac',
    '',
  ].join('\n');
}

/**
 * Debian's ipmi_sim as one BMC on a free loopback UDP port, in a temporary directory: lanplus (IPMI
 * 2.0) with one admin user and its password, a BMC management controller, the chassis' power held
 * by a script the test reads (`power()`, `sets()`). The chassis starts powered on.
 */
export async function startBmc(options: { user?: string; password?: string } = {}): Promise<RealBmc> {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-bmc-'));
  const user = options.user ?? 'ferry-bmc';
  const password = options.password ?? `pw-${Math.random().toString(36).slice(2, 12)}`;
  const port = await freeUdpPort();
  writeFileSync(join(dir, 'power'), '1\n');
  writeFileSync(join(dir, 'chassis.log'), '');
  writeFileSync(join(dir, 'chassis'), chassisScript(dir));
  chmodSync(join(dir, 'chassis'), 0o755);
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, password, { mode: 0o600 });
  mkdirSync(join(dir, 'state'));
  writeFileSync(
    join(dir, 'lan.conf'),
    [
      'name "ferrybmc"',
      'set_working_mc 0x20',
      '  startlan 1',
      `    addr 127.0.0.1 ${port}`,
      '    priv_limit admin',
      '    allowed_auths_callback md5',
      '    allowed_auths_user md5',
      '    allowed_auths_operator md5',
      '    allowed_auths_admin md5',
      '    guid a123456789abcdefa123456789abcdef',
      '  endlan',
      `  chassis_control "${join(dir, 'chassis')} 0x20"`,
      `  user 2 true "${user}" "${password}" admin 10 md5`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'bmc.emu'),
    ['mc_setbmc 0x20', 'mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02', 'mc_enable 0x20', ''].join(
      '\n',
    ),
  );
  const child: ChildProcess = spawn(
    IPMI_SIM,
    ['-c', join(dir, 'lan.conf'), '-f', join(dir, 'bmc.emu'), '-s', join(dir, 'state'), '-n'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  while (!bound(port)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`ipmi_sim did not listen on 127.0.0.1:${port}: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const calls = (): ChassisCall[] =>
    readFileSync(join(dir, 'chassis.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [at, op, ...args] = line.split(' ');
        return { at: Number(at), op: op as 'get' | 'set', args };
      });
  return {
    address: '127.0.0.1',
    port,
    user,
    password,
    passwordFile,
    power: () => (readFileSync(join(dir, 'power'), 'utf8').trim() === '1' ? 'on' : 'off'),
    calls,
    sets: () =>
      calls()
        .filter((c) => c.op === 'set')
        .map((c) => c.args.join(' ')),
    // cipher suite 3 named: ipmi_sim has no cipher suite list, and ipmitool waits 10 s asking for one
    status: () =>
      ipmitool([
        '-I',
        'lanplus',
        '-C',
        '3',
        '-H',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        user,
        '-f',
        passwordFile,
        'chassis',
        'power',
        'status',
      ]),
    stop,
  };
}

/** ipmitool's standard output, or its failure with what it said. */
function ipmitool(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('ipmitool', args, { timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`ipmitool ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout),
    );
    child.stdin?.end();
  });
}
