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
    if (secret && secret.length >= 4) this.credentials.add(secret);
  }

  rememberToken(token: string): void {
    this.tokens.push(token);
    if (this.tokens.length > 10) this.tokens.shift();
  }

  redact(text: string): string {
    let clean = text;
    for (const secret of [...this.credentials, ...this.tokens])
      clean = clean.split(secret).join('[redacted]');
    return clean.replace(TOKEN_SHAPED, '[redacted token]');
  }
}

/** Keystone's Fernet tokens (gAAAAA…) and JWS tokens (three base64url parts starting eyJ). */
const TOKEN_SHAPED =
  /gAAAAA[A-Za-z0-9_-]{40,}={0,2}|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g;
