import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** known_hosts as OpenSSH reads it: the keys Ferry accepts for each host, and the ones it never accepts. */

/** SHA256:… as ssh-keygen -l prints it */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

export interface KnownHost {
  match(name: string): boolean;
  key: Buffer;
  /** an @revoked line: this key must never be accepted, for any host */
  revoked: boolean;
}

export function readKnownHosts(text: string): KnownHost[] {
  const entries: KnownHost[] = [];
  for (const raw of text.split('\n')) {
    let line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    let revoked = false;
    if (line.startsWith('@')) {
      const [marker, ...rest] = line.split(/\s+/);
      // @cert-authority lines name CAs, which Ferry does not use; they vouch for no key here.
      if (marker !== '@revoked') continue;
      revoked = true;
      line = rest.join(' ');
    }
    const [hosts, , blob] = line.split(/\s+/);
    if (!hosts || !blob) continue;
    const key = Buffer.from(blob, 'base64');
    if (hosts.startsWith('|1|')) {
      const [, , salt, hash] = hosts.split('|');
      entries.push({
        key,
        revoked,
        match: (name) =>
          createHmac('sha1', Buffer.from(salt ?? '', 'base64'))
            .update(name)
            .digest('base64') === hash,
      });
    } else {
      const patterns = hosts.split(',');
      entries.push({ key, revoked, match: (name) => matchesHostPatterns(patterns, name) });
    }
  }
  return entries;
}

/**
 * OpenSSH's pattern list: `*` and `?` wildcards, names compared without case, and a name matching a
 * negated pattern (`!host`) is never matched by the line, whatever else on it matches.
 */
export function matchesHostPatterns(patterns: string[], name: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (!wildcard(negated ? pattern.slice(1) : pattern).test(name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function wildcard(pattern: string): RegExp {
  const body = [...pattern]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'i');
}

/** The name known_hosts uses: plain for port 22, "[host]:port" otherwise. */
export function knownHostsName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

/** The file's entries; a file that cannot be read lists none (every key is then unknown, and said so). */
export function readKnownHostsFile(path: string): KnownHost[] {
  try {
    return readKnownHosts(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
}
