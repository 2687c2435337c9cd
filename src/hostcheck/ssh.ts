import { readFileSync } from 'node:fs';
import ssh2, { type ConnectConfig, type ServerHostKeyAlgorithm, type Client as SshClient } from 'ssh2';
import { TranslatedError, t } from '../i18n/index.ts';
import { fingerprint, knownHostsName, readKnownHostsFile } from './host-keys.ts';

// ssh2 is CommonJS: Node's ESM loader sees only its default export.
const { Client } = ssh2;
type Client = SshClient;

/**
 * SSH to compute hosts with host keys verified against a known_hosts file: an unknown or changed key
 * is a failure that shows the fingerprint, never accepted silently. One connection per host is reused
 * for every command of a check; connecting and each command have timeouts.
 */

export interface SshTarget {
  /** address to connect to (a per-host override, or the host name) */
  address: string;
  port: number;
  user: string;
  /** the name known_hosts lists the host under */
  knownAs: string;
}

export interface SshSettings {
  user: string;
  port: number;
  /** private key file; absent: the ssh-agent at SSH_AUTH_SOCK */
  privateKeyPath?: string;
  agentSocket?: string;
  knownHostsPath: string;
  jump?: { address: string; port: number; user: string };
  /** per host: other address, port or user */
  overrides: Record<string, Partial<{ address: string; port: number; user: string }>>;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  /** FERRY_SSH_KEY_PASSPHRASE, for an encrypted private key */
  passphrase?: string;
  /** FERRY_SSH_ALLOW_SHA1: accept ssh-rsa (SHA-1) host keys from old hosts; off by default */
  allowSha1HostKeys?: boolean;
  /** stdout or stderr beyond this is cut (and said so): a host must not fill Ferry's memory */
  maxOutputBytes?: number;
}

export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

/** Said in the reader's language (a host check's findings, or the answer to the person who asked). */
export class SshError extends TranslatedError {
  override readonly name = 'SshError';
  constructor(
    readonly host: string,
    readonly kind:
      | 'unknown-host-key'
      | 'changed-host-key'
      | 'auth'
      | 'timeout'
      | 'unreachable'
      | 'command-timeout'
      | 'revoked-host-key'
      | 'setup',
    message: string | (() => string),
  ) {
    super(message);
  }
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** the output passed maxOutputBytes: the command was stopped and the rest dropped */
  truncated?: boolean;
}

export class SshSession {
  private readonly clients = new Map<string, Promise<Client>>();
  /** connections to the jump host, ended with the session whatever happened */
  private readonly jumps = new Set<Client>();

  constructor(private readonly settings: SshSettings) {}

  target(host: string): SshTarget {
    const override = this.settings.overrides[host] ?? {};
    const address = override.address ?? host;
    const port = override.port ?? this.settings.port;
    return {
      address,
      port,
      user: override.user ?? this.settings.user,
      knownAs: knownHostsName(address, port),
    };
  }

  async run(host: string, command: string): Promise<CommandResult> {
    const client = await this.connect(host);
    return new Promise((resolve, reject) => {
      client.exec(command, (error, stream) => {
        if (error) return reject(new SshError(host, 'unreachable', `${host}: ${error.message}`));
        let stdout = '';
        let stderr = '';
        let truncated = false;
        const limit = this.settings.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
        const take = (so: string, chunk: Buffer): string => {
          if (so.length + chunk.length <= limit) return so + chunk.toString('utf8');
          if (!truncated) stream.close();
          truncated = true;
          return so + chunk.subarray(0, Math.max(0, limit - so.length)).toString('utf8');
        };
        const timer = setTimeout(() => {
          stream.close();
          reject(
            new SshError(
              host,
              'command-timeout',
              () => t`${host}: a check took longer than ${this.settings.commandTimeoutMs / 1000} s`,
            ),
          );
        }, this.settings.commandTimeoutMs);
        stream.on('data', (chunk: Buffer) => {
          stdout = take(stdout, chunk);
        });
        stream.stderr.on('data', (chunk: Buffer) => {
          stderr = take(stderr, chunk);
        });
        stream.on('close', (code: number | null) => {
          clearTimeout(timer);
          resolve({
            code: truncated ? null : code,
            stdout,
            stderr: truncated
              ? `${stderr}\n[Ferry stopped reading after ${Math.round(limit / 1024)} KiB of output]`
              : stderr,
            ...(truncated ? { truncated } : {}),
          });
        });
      });
    });
  }

  close(): void {
    for (const pending of this.clients.values())
      pending.then((client) => client.end()).catch(() => undefined);
    this.clients.clear();
    for (const jump of this.jumps) jump.end();
    this.jumps.clear();
  }

  /** Connects to `host` ahead of its commands (or answers the connection already there). */
  async prepare(host: string): Promise<void> {
    await this.connect(host);
  }

  private connect(host: string): Promise<Client> {
    let pending = this.clients.get(host);
    if (!pending) {
      const opening = this.open(host);
      pending = opening;
      this.clients.set(host, opening);
      const forget = () => {
        if (this.clients.get(host) === opening) this.clients.delete(host);
      };
      // a connection the host closed (a reboot, sshd's idle limit) is opened again by the next command
      opening.then((client) => client.on('close', forget), forget);
    }
    return pending;
  }

  private async open(host: string): Promise<Client> {
    const target = this.target(host);
    const { settings } = this;
    if (!settings.jump) return this.handshake(host, target, {});
    const jumpTarget: SshTarget = {
      ...settings.jump,
      knownAs: knownHostsName(settings.jump.address, settings.jump.port),
    };
    const jump = await this.handshake(settings.jump.address, jumpTarget, {});
    this.jumps.add(jump);
    try {
      const sock = await new Promise<NodeJS.ReadableStream>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new SshError(
                host,
                'timeout',
                () =>
                  t`${host}: the jump host did not open a channel to it within ${settings.connectTimeoutMs / 1000} s`,
              ),
            ),
          settings.connectTimeoutMs,
        );
        jump.forwardOut('127.0.0.1', 0, target.address, target.port, (error, stream) => {
          clearTimeout(timer);
          if (error)
            reject(
              new SshError(
                host,
                'unreachable',
                () => t`${host}: the jump host cannot reach it: ${error.message}`,
              ),
            );
          else resolve(stream);
        });
      });
      return await this.handshake(host, target, { sock: sock as ConnectConfig['sock'] });
    } catch (error) {
      jump.end();
      this.jumps.delete(jump);
      throw error;
    }
  }

  private handshake(host: string, target: SshTarget, extra: Partial<ConnectConfig>): Promise<Client> {
    const { settings } = this;
    const entries = readKnownHostsFile(settings.knownHostsPath);
    const revoked = entries.filter((entry) => entry.revoked);
    const known = entries.filter((entry) => !entry.revoked && entry.match(target.knownAs));
    let privateKey: Buffer | undefined;
    if (settings.privateKeyPath) {
      try {
        privateKey = readFileSync(settings.privateKeyPath);
      } catch (error) {
        return Promise.reject(
          new SshError(
            host,
            'setup',
            () =>
              t`FERRY_SSH_KEY ${settings.privateKeyPath} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): fix the path or its permissions.`,
          ),
        );
      }
    }
    let refusal: SshError | undefined;
    return new Promise((resolve, reject) => {
      const client = new Client();
      client.on('ready', () => resolve(client));
      // closed before the handshake (sshd stopping for a reboot): no error comes (once ready, a no-op)
      const closed = () => t`${host} closed the connection before SSH could log in`;
      client.on('close', () => reject(refusal ?? new SshError(host, 'unreachable', closed)));
      client.on('error', (error: Error & { level?: string }) => {
        if (refusal) return reject(refusal);
        if (error.level === 'client-timeout')
          return reject(
            new SshError(
              host,
              'timeout',
              () => t`${host}: no SSH answer within ${settings.connectTimeoutMs / 1000} s`,
            ),
          );
        if (error.level === 'client-authentication')
          return reject(
            new SshError(
              host,
              'auth',
              () => t`${host}: SSH login as ${target.user} was refused (key or agent not accepted)`,
            ),
          );
        reject(
          new SshError(
            host,
            'unreachable',
            () => t`${host} (${target.address}:${target.port}) is unreachable: ${error.message}`,
          ),
        );
      });
      const config: ConnectConfig = {
        host: target.address,
        port: target.port,
        username: target.user,
        readyTimeout: settings.connectTimeoutMs,
        ...extra,
        ...(settings.allowSha1HostKeys ? {} : { algorithms: { serverHostKey: MODERN_HOST_KEYS } }),
        hostVerifier: (key: Buffer) => {
          if (revoked.some((entry) => entry.key.equals(key))) {
            refusal = new SshError(
              host,
              'revoked-host-key',
              () =>
                t`${host}: its host key ${fingerprint(key)} is marked @revoked in ${settings.knownHostsPath}; Ferry will not connect.`,
            );
            return false;
          }
          if (known.some((entry) => entry.key.equals(key))) return true;
          refusal = known.length
            ? new SshError(
                host,
                'changed-host-key',
                () =>
                  t`${host}: its host key CHANGED (now ${fingerprint(key)}); known_hosts has a different one. Someone may be intercepting, or the host was reinstalled: check, then update ${settings.knownHostsPath}.`,
              )
            : new SshError(
                host,
                'unknown-host-key',
                () =>
                  t`${host}: unknown host key ${fingerprint(key)} for ${target.knownAs}. Verify it, then add it to ${settings.knownHostsPath} (ssh-keyscan -p ${target.port} ${target.address}).`,
              );
          return false;
        },
      };
      if (privateKey) {
        config.privateKey = privateKey;
        if (settings.passphrase) config.passphrase = settings.passphrase;
      } else if (settings.agentSocket) config.agent = settings.agentSocket;
      try {
        client.connect(config);
      } catch (error) {
        // ssh2 parses the key here: an encrypted key without its passphrase, or a wrong one
        reject(
          new SshError(
            host,
            'setup',
            () =>
              t`FERRY_SSH_KEY ${settings.privateKeyPath ?? ''} cannot be used (${(error as Error).message.replace(/passphrase.*$/i, t`passphrase missing or wrong`)}): set FERRY_SSH_KEY_PASSPHRASE for an encrypted key.`,
          ),
        );
      }
    });
  }
}

/** Host key algorithms without SHA-1: ssh-rsa signatures use SHA-1 and are accepted only when allowed. */
const MODERN_HOST_KEYS: ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
];
