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
