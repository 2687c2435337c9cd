import { t } from '../i18n/index.ts';

/**
 * The grammar every command's options share: an option given twice is refused, worded here (undefined
 * when none is). It is a typo or a second thought, so which one was meant is not guessed, never taken as
 * the last one said. `--flag=value` counts as `--flag`; only the command's own options (`flags`, its
 * GRAMMAR's) count, so an unknown one is left to its parser's "did you mean".
 */
export function repeatedOption(
  tokens: readonly string[],
  flags: Readonly<Record<string, unknown>>,
): string | undefined {
  const seen = new Set<string>();
  for (const token of tokens) {
    const flag = token.split('=', 1)[0] as string;
    if (!flag.startsWith('--') || !Object.hasOwn(flags, flag)) continue;
    if (seen.has(flag))
      return flag === '--skip' || flag === '--skip-project'
        ? t`${flag} is given twice: give it once, with the names comma-separated.`
        : t`${flag} is given twice: give it once.`;
    seen.add(flag);
  }
  return undefined;
}

/**
 * A command's words read left to right, as every command with options reads them: a word, or an option
 * (`--flag value` and `--flag=value` alike), the option's value read only by the parser that knows it
 * takes one. A comma-separated value (`--skip a,b`) goes on past a comma that ends a word or starts the
 * next (`--skip a, b`, `--skip a ,b`): the list is the option's, never a word of its own after it.
 */
export class OptionReader {
  private at = 0;
  /** the value after the `=` of the option just read, until a parser takes it */
  private inline: { flag: string; value: string } | undefined;

  constructor(private readonly tokens: readonly string[]) {}

  /** The next word, or option without its `=value`; undefined after the last. */
  next(): string | undefined {
    const token = this.tokens[this.at++];
    this.inline = undefined;
    if (token === undefined) return undefined;
    const equals = token.indexOf('=');
    if (!token.startsWith('--') || equals < 0) return token;
    const flag = token.slice(0, equals);
    this.inline = { flag, value: token.slice(equals + 1) };
    return flag;
  }

  /** The value of the option just read: after its `=`, else the next word (undefined after the last). */
  value(): string | undefined {
    const inline = this.inline;
    this.inline = undefined;
    return inline ? inline.value : this.tokens[this.at++];
  }

  /** A comma-separated value, read across the spaces beside its commas. */
  list(): string | undefined {
    let value = this.value();
    if (value === undefined || value.startsWith('--')) return value;
    for (let next = this.tokens[this.at]; next !== undefined && !next.startsWith('--'); ) {
      if (!value.endsWith(',') && !next.startsWith(',')) break;
      value += next;
      next = this.tokens[++this.at];
    }
    return value;
  }

  /**
   * A value given with `=` to an option that takes none (`--dry-run=no`), worded: refused, as it would
   * otherwise be dropped unread and the option taken as said.
   */
  unread(): string | undefined {
    const inline = this.inline;
    if (!inline) return undefined;
    return t`${inline.flag} takes no value: got "${inline.flag}=${inline.value}".`;
  }
}

/** A whole number from 1 to `max` after `flag`, or why `raw` is not one. */
export function wholeNumber(flag: string, raw: string | undefined, max: number): number | string {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max)
    return t`${flag} takes a whole number from 1 to ${max}, got "${raw ?? ''}".`;
  return value;
}
