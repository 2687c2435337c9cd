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
