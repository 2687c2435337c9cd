/**
 * Every credential value Ferry knows (the password or application-credential secret it was given, the
 * tokens Keystone issued it) is cut out of anything a cloud answers before that text goes further: a
 * service that echoes a request in its error must not put a secret into a log, a message or the store.
 */
export class Redactor {
  private readonly credentials = new Set<string>();
  /** the last few tokens: older ones have expired, and the token pattern below catches them anyway */
  private readonly tokens: string[] = [];

  rememberCredential(secret: string | undefined): void {
    // very short values would blank out ordinary words; no real credential is that short
    if (!secret || secret.length < 4) return;
    // a service may echo it as it was sent in a URL, a form or a Basic header, not only as typed
    for (const form of [secret, encodeURIComponent(secret), formEncoded(secret), ...base64Forms(secret)])
      this.credentials.add(form);
  }

  rememberToken(token: string): void {
    this.tokens.push(token);
    if (this.tokens.length > 10) this.tokens.shift();
  }

  redact(text: string): string {
    let clean = text;
    // longest first, so a form that contains another is cut whole
    for (const secret of [...[...this.credentials].sort((a, b) => b.length - a.length), ...this.tokens])
      clean = clean.split(secret).join('[redacted]');
    return clean.replace(TOKEN_SHAPED, '[redacted token]');
  }
}

/** Keystone's Fernet tokens (gAAAAA…) and JWS tokens (three base64url parts starting eyJ). */
const TOKEN_SHAPED =
  /gAAAAA[A-Za-z0-9_-]{40,}={0,2}|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g;

function formEncoded(secret: string): string {
  return new URLSearchParams({ s: secret }).toString().slice(2);
}

/**
 * The base64 (and base64url) text that stands for the secret wherever it sits in a longer value
 * (`user:secret` in a Basic header): one form per byte offset, without the characters at either end
 * that also carry the neighbouring bytes. Forms too short to be told from ordinary text are left out.
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms: string[] = [];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const total = offset + bytes.length;
    const start = [0, 2, 3][offset] as number;
    const end = Math.floor(total / 3) * 4 + (total % 3);
    const stable = encoded.slice(start, end);
    if (stable.length < 6) continue;
    forms.push(stable, stable.replaceAll('+', '-').replaceAll('/', '_'));
  }
  return forms;
}
