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
