import i18next from 'i18next';
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';

/**
 * Ferry's words, in the language of whoever reads them. The English sentence is the key (gettext's
 * way, which i18next supports with its separators off): code reads as the message it sends, and
 * `npm run i18n` regenerates the English catalog from every t`…` in the source. As with i18next's
 * own current language, one language is the process's: the channel's (FERRY_LANG, set by startFerry),
 * in which Ferry posts, runs and reports. What one person alone sees (ephemerals, dialogs, App Home) is
 * made inside `inLanguage` in that person's Slack locale.
 */

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

export const CATALOGS: Record<Language, Record<string, string>> = { en, 'zh-CN': zhCN };

const i18n = i18next.createInstance();
// i18next holds the catalogs; Ferry fills in the values itself (messageIn), so no interpolation options
void i18n.init({
  initAsync: false,
  keySeparator: false,
  nsSeparator: false,
  resources: Object.fromEntries(LANGUAGES.map((language) => [language, { translation: CATALOGS[language] }])),
});

let channelLanguage: Language = 'en';
let personLanguage: Language | null = null;

/** FERRY_LANG: what Ferry says in channels, and everywhere no one person is answered. */
export function setChannelLanguage(language: Language): void {
  channelLanguage = language;
}

/**
 * Makes what one person alone reads in their language. The work is synchronous (build the text,
 * then send it): the language is set around the call, so nothing else can run inside it.
 */
export function inLanguage<T>(language: Language, work: () => T): T {
  const before = personLanguage;
  personLanguage = language;
  try {
    const made = work();
    if (made instanceof Promise) throw new TypeError('inLanguage builds text synchronously; await first');
    return made;
  } finally {
    personLanguage = before;
  }
}

export function currentLanguage(): Language {
  return personLanguage ?? channelLanguage;
}

/** The catalog key of a template: its literal parts, with {{0}}, {{1}}… where the values go. */
export function keyOf(parts: readonly string[]): string {
  return parts.reduce((key, part, index) => (index === 0 ? part : `${key}{{${index - 1}}}${part}`), '');
}

/**
 * Each message's translation split at its placeholders, once per language: literal text at even
 * places, the index of a value at odd ones. i18next's t() interpolates anew on every call (about 3 µs),
 * which a burst of approvals rendering their messages paid for in CPU time.
 */
const compiled = new Map<string, (string | number)[]>();

function messageIn(language: Language, key: string): (string | number)[] {
  const cacheKey = `${language}\u0000${key}`;
  let parts = compiled.get(cacheKey);
  if (!parts) {
    const text = (i18n.getResource(language, 'translation', key) as string | undefined) ?? key;
    parts = text.split(/\{\{(\d+)\}\}/).map((part, index) => (index % 2 === 1 ? Number(part) : part));
    compiled.set(cacheKey, parts);
  }
  return parts;
}

/** t`Host ${host} is empty.` in the current language; an unknown key reads as its English. */
export function t(parts: TemplateStringsArray, ...values: unknown[]): string {
  const message = messageIn(currentLanguage(), keyOf(parts));
  let text = '';
  for (let index = 0; index < message.length; index++) {
    const part = message[index] as string | number;
    text += index % 2 === 1 ? String(values[part as number]) : part;
  }
  return text;
}

/** Each message of a language as a pattern of its translation, its values caught, for `englishOf`. */
const patterns = new Map<Language, { key: string; pattern: RegExp }[]>();

/**
 * The English messages that read as `text` in `language`, with the values it holds (a label shown in
 * Chinese, typed back in English: "批准" → "Approve"); none when no message of the catalog reads so.
 */
export function englishOf(text: string, language: Language = currentLanguage()): string[] {
  if (language === 'en') return [text];
  let list = patterns.get(language);
  if (!list) {
    list = Object.entries(CATALOGS[language]).map(([key, value]) => ({
      key,
      pattern: new RegExp(
        `^${value
          .split(/(\{\{\d+\}\})/)
          .map((part) => (/^\{\{\d+\}\}$/.test(part) ? '(.+?)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
          .join('')}$`,
        's',
      ),
    }));
    patterns.set(language, list);
  }
  const found: string[] = [];
  for (const { key, pattern } of list) {
    const caught = pattern.exec(text);
    if (!caught) continue;
    const order = [...(CATALOGS[language][key] ?? '').matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1]));
    const values = new Map(order.map((index, at) => [index, caught[at + 1] ?? '']));
    found.push(key.replace(/\{\{(\d+)\}\}/g, (_, index: string) => values.get(Number(index)) ?? ''));
  }
  return found;
}

/**
 * Marks text that is defined once, before anyone's language is known (a command's help, a label
 * table): it stays English until `translated` reads it in the current language where it is shown.
 */
export function k(parts: TemplateStringsArray): string {
  return keyOf(parts);
}

/** A `k`-marked text in the current language. */
export function translated(key: string): string {
  return messageIn(currentLanguage(), key).join('');
}

/**
 * An error a person reads: its message is made when it is read, so the edge explains it in the
 * language of whoever it answers, not the one that was current where it was thrown.
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

/**
 * Text from elsewhere (Nova's message, a reason) put before a template's own full stop: its trailing
 * full stop goes, so the sentence ends once, in the reader's language ("failed.." never appears).
 */
export function clause(text: string): string {
  return text.replace(/\s*[.。]+$/, '');
}
