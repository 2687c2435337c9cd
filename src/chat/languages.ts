import type { Clock } from '../clock.ts';
import { inLanguage, type Language, languageOfLocale } from '../i18n/index.ts';

const REMEMBER_MS = 60 * 60_000;
const RETRY_MS = 5 * 60_000;

/**
 * Which language one person reads: their Slack locale (users.info with include_locale) when Ferry
 * has a catalog for it, else the channel's (FERRY_LANG). Remembered for an hour, so a burst of
 * clicks asks Slack once; a failed lookup answers the channel's language for five minutes.
 */
export class UserLanguages {
  private readonly known = new Map<string, { language: Language; until: number }>();

  constructor(
    private readonly deps: {
      /** the user's Slack locale ("zh-CN", "en-US"), undefined when Slack gives none */
      localeOf(user: string): Promise<string | undefined>;
      channelLanguage: Language;
      clock: Clock;
    },
  ) {}

  async of(user: string): Promise<Language> {
    const now = this.deps.clock.now();
    const remembered = this.known.get(user);
    if (remembered && remembered.until > now) return remembered.language;
    try {
      const language = languageOfLocale(await this.deps.localeOf(user)) ?? this.deps.channelLanguage;
      this.known.set(user, { language, until: now + REMEMBER_MS });
      return language;
    } catch {
      // no users:read scope, or Slack down: the channel's language, asked again in a few minutes
      this.known.set(user, { language: this.deps.channelLanguage, until: now + RETRY_MS });
      return this.deps.channelLanguage;
    }
  }

  /** What `user` alone will read, made in their language. */
  async say<T>(user: string, make: () => T): Promise<T> {
    return inLanguage(await this.of(user), make);
  }
}
