import { distance } from 'fastest-levenshtein';

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
