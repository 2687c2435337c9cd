import { distance } from 'fastest-levenshtein';

/**
 * What can be a server or host name. Nova accepts almost anything in a name, but a chat command
 * must not pass on mentions, control characters, shell metacharacters or novels: those are refused
 * before any request (a real Nova answers some of them with a 500).
 */
const SERVER = /^[A-Za-z0-9][A-Za-z0-9._:@+-]{0,254}$/;
const HOST = /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;

export function nameProblem(kind: 'server' | 'host', text: string): string | null {
  if (text.length > 255) return `a ${kind} name is at most 255 characters; this one has ${text.length}`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
  if (/[\u0000-\u001f\u007f]/.test(text)) return `control characters cannot be part of a ${kind} name`;
  if (/^<[@#!]/.test(text)) return 'that is a Slack mention, not a name';
  if (/[;&|`$<>(){}\\'"*?!\s]/.test(text))
    return `"${text}" contains characters that cannot be in a ${kind} name`;
  return (kind === 'server' ? SERVER : HOST).test(text) ? null : `"${text}" cannot be a ${kind} name`;
}

/** Up to `count` candidates closest to `typed`, for "did you mean". */
export function closest(typed: string, candidates: Iterable<string>, count = 3): string[] {
  const unique = [...new Set(candidates)];
  const limit = Math.max(2, Math.floor(typed.length / 2));
  return unique
    .map((candidate) => ({ candidate, score: distance(typed.toLowerCase(), candidate.toLowerCase()) }))
    .filter(
      ({ score, candidate }) => score <= limit || candidate.includes(typed) || typed.includes(candidate),
    )
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, count)
    .map(({ candidate }) => candidate);
}
