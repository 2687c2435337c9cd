import { currentLanguage, t } from '../i18n/index.ts';

/**
 * What can be a server or host name. Nova accepts printable Unicode in a server name, so Ferry does
 * too; but a chat command must not pass on mentions, control or formatting characters (a right-to-left
 * override makes a name read as another), shell metacharacters or novels: those are refused before any
 * request. Host names are DNS names.
 */
const SERVER = /^[\p{L}\p{N}][\p{L}\p{N}\p{M}._:@+-]{0,254}$/u;
const HOST = /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

export function nameProblem(kind: 'server' | 'host' | 'zone', text: string): string | null {
  const length = [...text].length;
  if (length > 255) return t`a ${kind} name is at most 255 characters; this one has ${length}`;
  if (INVISIBLE.test(text))
    return t`control or formatting characters (such as a right-to-left override) cannot be part of a ${kind} name`;
  if (/^<[@#!]/.test(text)) return t`that is a Slack mention, not a name`;
  // in code, never as typed: a name's * or _ pair would turn the sentence bold or italic in Slack
  const shown = `\`${text.replaceAll('`', "'")}\``;
  const refused = text.match(/[;&|`$<>(){}\\'"*?!\s]/g);
  if (refused) {
    const characters = [...new Set(refused)]
      .map((c) => (c === '`' ? t`a backtick` : /\s/.test(c) ? t`a space` : `\`${c}\``))
      // Chinese lists such words with its enumeration comma (反引号、空格), never a space between them
      .join(currentLanguage() === 'zh-CN' ? '、' : ' ');
    return /[*?]/.test(text)
      ? t`${shown} contains ${characters}, which cannot be in a ${kind} name: Ferry takes no wildcards, name each one`
      : t`${shown} contains ${characters}, which cannot be in a ${kind} name`;
  }
  if ((kind === 'server' ? SERVER : HOST).test(text)) return null;
  return kind === 'server'
    ? t`${shown} cannot be a server name (its ID, a UUID, always works)`
    : t`${shown} cannot be a host name`;
}

/** At most this many names after one --skip or --skip-project */
const MAX_LISTED = 100;

/**
 * The names after --skip or --skip-project, comma-separated (names or IDs; OptionReader.list reads
 * them across spaces beside the commas); a problem with any of them (said as a sentence) refuses the
 * whole command: bad input changes nothing.
 */
export function nameList(flag: string, raw: string | undefined): string[] | { problem: string } {
  if (!raw || raw.startsWith('--'))
    return { problem: t`${flag} takes names or IDs separated by commas, such as ${flag} web-1,web-2.` };
  const names = raw.split(',');
  // a comma with no name after it (`--skip a, --dry-run`) is a name left out: which one is not guessed
  if (names.some((name) => name === '')) {
    const what = flag === '--skip-project' ? t`project names or IDs` : t`server names or IDs`;
    return { problem: t`${flag} takes ${what} separated by commas; a name is missing in "${raw}".` };
  }
  if (names.length > MAX_LISTED)
    return { problem: t`${flag} takes from 1 to ${MAX_LISTED} names or IDs separated by commas.` };
  for (const name of names) {
    const problem = nameProblem('server', name);
    if (problem) return { problem: t`Cannot use a name after ${flag}: ${problem}.` };
  }
  return names;
}
