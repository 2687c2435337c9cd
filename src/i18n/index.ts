import { AsyncLocalStorage } from 'node:async_hooks';
import i18next from 'i18next';
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';

/**
 * Ferry's words, in the language of whoever reads them. The English sentence is the key (gettext's
 * way, which i18next supports with its separators off): code reads as the message it sends, and
 * `npm run i18n` regenerates the English catalog from every t`…` in the source. The language is
 * ambient: startFerry runs everything it starts (listeners, jobs, runs) in the channel's language
 * (FERRY_LANG), and the chat edge builds what one person alone sees (ephemerals, dialogs, App Home)
 * in that person's Slack locale.
 */

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

export const CATALOGS: Record<Language, Record<string, string>> = { en, 'zh-CN': zhCN };

const i18n = i18next.createInstance();
void i18n.init({
  lng: 'en',
  fallbackLng: false,
  initAsync: false,
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false },
  resources: Object.fromEntries(LANGUAGES.map((language) => [language, { translation: CATALOGS[language] }])),
});

const ambient = new AsyncLocalStorage<Language>();

/** Runs `work` (and every timer and promise it starts) in `language`. */
export function inLanguage<T>(language: Language, work: () => T): T {
  return ambient.run(language, work);
}

export function currentLanguage(): Language {
  return ambient.getStore() ?? 'en';
}

/** The catalog key of a template: its literal parts, with {{0}}, {{1}}… where the values go. */
export function keyOf(parts: readonly string[]): string {
  return parts.reduce((key, part, index) => (index === 0 ? part : `${key}{{${index - 1}}}${part}`), '');
}

/** t`Host ${host} is empty.` in the ambient language; an unknown key reads as its English. */
export function t(parts: TemplateStringsArray, ...values: unknown[]): string {
  const key = keyOf(parts);
  const params: Record<string, string> = {};
  values.forEach((value, index) => {
    params[index] = String(value);
  });
  return i18n.t(key, { lng: currentLanguage(), ...params }) as string;
}

/**
 * Marks text that is defined once, before anyone's language is known (a command's help, a label
 * table): it stays English until `translated` reads it in the ambient language where it is shown.
 */
export function k(parts: TemplateStringsArray): string {
  return keyOf(parts);
}

/** A `k`-marked text in the ambient language. */
export function translated(key: string): string {
  return i18n.t(key, { lng: currentLanguage() }) as string;
}

/**
 * An error a person reads: its message is made when it is read, so the edge explains it in the
 * language of whoever it answers, not the one that was ambient where it was thrown.
 */
export class TranslatedError extends Error {
  constructor(say: string | (() => string)) {
    super();
    if (typeof say === 'string') this.message = say;
    else Object.defineProperty(this, 'message', { get: say, configurable: true, enumerable: false });
  }
}

/** The locale dates and times are written in: day and month names in the reader's language. */
export function dateLocale(): string {
  return currentLanguage() === 'zh-CN' ? 'zh-CN' : 'en-GB';
}

/** Slack's locale names ("zh-CN", "en-US") to Ferry's languages; null when Ferry has no catalog for it. */
export function languageOfLocale(locale: string | undefined): Language | null {
  if (!locale) return null;
  const lower = locale.toLowerCase();
  if (lower === 'zh-cn' || lower.startsWith('zh-hans') || lower === 'zh') return 'zh-CN';
  if (lower.startsWith('en')) return 'en';
  return null;
}

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}
