/** What the bench's figures share to print their numbers next to their targets. */

/** The nearest-rank percentile (p in 0–100) of `values`; 0 when there are none. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** A target's verdict as printed after it. */
export const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
