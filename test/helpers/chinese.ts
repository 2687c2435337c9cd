/**
 * ASCII punctuation where a Chinese sentence needs its full-width form (，。：；（）“”): a mark touching
 * a Chinese character, or a separator (", " "; " ": ") between Chinese text; a bracket or a quote
 * beside Chinese text or around it. Code spans, placeholders, URLs, mentions, Slack markup, numbers
 * (1.5, 12:00) and a configuration file's value (auth_tcp = "sasl") keep their ASCII marks.
 */
export function asciiPunctuationInChinese(text: string): string[] {
  // Chinese characters, and the full-width marks around them （）：
  const HAN = '[\\u3400-\\u9fff\\u3000-\\u303f\\uff00-\\uffef]';
  const stripped = text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/`[^`\n]*`/g, '`x`')
    .replace(/\{\{\d+\}\}/g, 'X')
    .replace(/https?:\/\/\S+/g, 'URL')
    .replace(/<[@#!][^>]*>/g, '@x')
    .replace(/= "[^"\n]*"/g, '= x');
  const touching = new RegExp(
    `${HAN}[,.;:]|[,.;:]\\s*${HAN}|${HAN} ?["()]|["()] ?${HAN}|\\((?:[^()\\n]*${HAN})[^()\\n]*\\)|"[^"\\n]*${HAN}[^"\\n]*"`,
    'gu',
  );
  return [...stripped.matchAll(touching)].map((match) =>
    stripped.slice(Math.max(0, (match.index ?? 0) - 12), (match.index ?? 0) + 12),
  );
}

/**
 * Spaces a Chinese reader would not write: between two Chinese characters or full-width marks (。 你是指,
 * 或 批准, 成功 。), as English fragments joined with a space leave them. A space beside a code span, a
 * name, a number or a placeholder is kept: 在 `compute1` 上. Runs of spaces that align columns (the
 * console's banner) are not stray.
 */
export function straySpacesInChinese(text: string): string[] {
  const HAN = '[\\u3400-\\u9fff\\u3000-\\u303f\\uff00-\\uffef]';
  const stray = new RegExp(`${HAN} ${HAN}`, 'gu');
  return [...text.matchAll(stray)].map((match) =>
    text.slice(Math.max(0, (match.index ?? 0) - 12), (match.index ?? 0) + 12),
  );
}

/**
 * A space after Chinese full-width punctuation (。 compute1, ： 按), or beside a full-width bracket
 * (） 从, compute1 （): Chinese sets the next word right after the mark, as English fragments joined
 * with a space do not. The console banner's labels ("数据库：  …") align their values in a column with
 * runs of spaces; such a run is not a stray space.
 */
export function spacesAfterFullWidth(text: string): string[] {
  // after a colon, only a run of two or more spaces (a column); after any other mark, none at all; a
  // full-width bracket has none on either side (operator trial h-words29: "（项目 *web*） 从"), but for
  // the spaced separators between a line's parts ( · , — , → ) and a setting's " = "
  return [
    ...text.matchAll(
      /[。，；！？、][ \t]|[（）][ \t](?![·—→=])|(?<![·—→=])[ \t][（）]|：(?:[ \t](?![ \t]))/gu,
    ),
  ].map((match) => text.slice(Math.max(0, (match.index ?? 0) - 12), (match.index ?? 0) + 12));
}

/**
 * A button named in Chinese text by its English label (按 Host is back, Continue 或 Skip host): the
 * Chinese reader's button reads in Chinese, so the label is never left in English, quoted or not.
 * Code spans and commands (`/drain d-… skip`) are not labels. `labels` are the English labels, as the
 * source passes them to button(): "Continue with {{0}}" is looked for as "Continue".
 */
export function englishButtonLabels(text: string, labels: readonly string[]): string[] {
  const stripped = text.replace(/`[^`\n]*`/g, ' ');
  return labels.flatMap((label) => {
    const words = label
      .replace(/\{\{\d+\}\}/g, '')
      .trim()
      .replace(/ (with|to|for)$/, '');
    const found = new RegExp(
      `(?<![A-Za-z-])${words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z-])`,
    ).exec(stripped);
    return found
      ? [`${words}: …${stripped.slice(Math.max(0, found.index - 12), found.index + words.length + 12)}…`]
      : [];
  });
}
