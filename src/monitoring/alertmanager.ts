import type { SilenceSeen, SilencesPort } from '../core/ports/silences.ts';
import { connectionCauseText } from '../messages/drain-gates.ts';
import type { MatcherTemplate } from './settings.ts';

interface GettableSilence {
  id: string;
  status: { state: 'active' | 'pending' | 'expired' };
  comment: string;
  createdBy: string;
  endsAt: string;
}

/** Who Ferry's silences are created by (Alertmanager's createdBy). */
export const SILENCE_AUTHOR = 'Ferry';

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A matcher as FERRY_SILENCE_MATCHERS writes it: `name="value"`, `!=`, `=~` or `!~`. */
function matcherText(m: MatcherTemplate): string {
  const op = m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!=';
  return `${m.name}${op}"${m.value.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * Silences through Alertmanager's API v2: POST /api/v2/silences creates one (with an `id`, updates it:
 * Alertmanager may answer with a new ID), GET /api/v2/silences lists them, DELETE
 * /api/v2/silence/{id} expires one. Times are this machine's wall time, as Alertmanager reads them.
 */
export class AlertmanagerSilences implements SilencesPort {
  /** the matchers as configured, as FERRY_SILENCE_MATCHERS writes them (for the plan) */
  readonly matchers: readonly string[];

  constructor(
    private readonly url: string,
    private readonly templates: readonly MatcherTemplate[],
    readonly leaseMs: number,
    private readonly timeoutMs = 5_000,
  ) {
    this.matchers = templates.map(matcherText);
  }

  get where(): string {
    return this.url;
  }

  /** The host's matchers: `{host}` replaced by the host's name (escaped inside a regular expression). */
  matchersFor(host: string) {
    return this.templates.map((m) => ({
      ...m,
      value: m.value.replaceAll('{host}', m.isRegex ? escapeRegex(host) : host),
    }));
  }

  async find(_host: string, comment: string): Promise<SilenceSeen | null> {
    const all = (await this.call('GET', '/api/v2/silences')) as GettableSilence[];
    const found = all.find(
      (s) => s.comment === comment && s.createdBy === SILENCE_AUTHOR && s.status.state !== 'expired',
    );
    return found ? { id: found.id, state: found.status.state, endsAt: Date.parse(found.endsAt) } : null;
  }

  create(host: string, comment: string): Promise<string> {
    return this.post(undefined, host, comment);
  }

  extend(id: string, host: string, comment: string): Promise<string> {
    return this.post(id, host, comment);
  }

  async expire(id: string): Promise<void> {
    try {
      await this.call('DELETE', `/api/v2/silence/${encodeURIComponent(id)}`);
    } catch (error) {
      // already gone or expired: what was asked holds
      const seen = await this.call('GET', `/api/v2/silence/${encodeURIComponent(id)}`).catch(() => null);
      if (seen === null || (seen as GettableSilence).status?.state === 'expired') return;
      throw error;
    }
  }

  private async post(id: string | undefined, host: string, comment: string): Promise<string> {
    const now = Date.now();
    const answer = (await this.call('POST', '/api/v2/silences', {
      ...(id ? { id } : {}),
      matchers: this.matchersFor(host),
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + this.leaseMs).toISOString(),
      createdBy: SILENCE_AUTHOR,
      comment,
    })) as { silenceID?: string };
    if (!answer?.silenceID) throw new Error('Alertmanager answered without a silenceID');
    return answer.silenceID;
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      // undici's "fetch failed" says nothing: its cause has the system's code (or, without one, why)
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(
        (error as Error).name === 'TimeoutError'
          ? `no answer from Alertmanager within ${this.timeoutMs / 1000} s`
          : `Alertmanager at ${this.where} did not answer: ${connectionCauseText(cause?.code ?? cause?.message ?? (error as Error).message)}`,
      );
    }
    const text = await response.text();
    if (!response.ok)
      throw new Error(`Alertmanager answered HTTP ${response.status}: ${text.slice(0, 200).trim()}`);
    return text ? JSON.parse(text) : null;
  }
}
