import { distance } from 'fastest-levenshtein';

/** The candidates near enough to `typed` for "did you mean", nearest first. */
function ranked(typed: string, candidates: Iterable<string>): { candidate: string; score: number }[] {
  const unique = [...new Set(candidates)];
  const limit = Math.max(2, Math.floor(typed.length / 2));
  return unique
    .map((candidate) => ({ candidate, score: distance(typed.toLowerCase(), candidate.toLowerCase()) }))
    .filter(
      ({ score, candidate }) => score <= limit || candidate.includes(typed) || typed.includes(candidate),
    )
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate));
}

/**
 * Up to `count` candidates closest to `typed`, for "did you mean". Equally close ones are named all
 * or none: a guess picked among them by the alphabet would be no guess.
 */
export function closest(typed: string, candidates: Iterable<string>, count = 3): string[] {
  const near = ranked(typed, candidates);
  // the name typed in another case (CACHE-2 for cache-2) is the guess; near ones beside it are noise
  const sameButCase = near.filter(({ score }) => score === 0);
  if (sameButCase.length) return sameButCase.slice(0, count).map(({ candidate }) => candidate);
  const cut = near[count - 1];
  const kept = near.slice(0, count);
  // a tie across the cut: the tied ones go, not some of them
  return cut && near[count]?.score === cut.score
    ? kept.filter(({ score }) => score < cut.score).map(({ candidate }) => candidate)
    : kept.map(({ candidate }) => candidate);
}

/** The candidates nearest to `typed`: all of them when a few tie (up to `count`), none when more do. */
export function nearest(typed: string, candidates: Iterable<string>, count = 3): string[] {
  const near = ranked(typed, candidates);
  const best = near.filter(({ score }) => score === near[0]?.score);
  return best.length <= count ? best.map(({ candidate }) => candidate) : [];
}
