/**
 * Times as both stores keep them: whole milliseconds. PostgreSQL's bigint columns, and its `::bigint`
 * reads of a record's times, refuse a fraction, which a fake clock moved by a computed sleep or a
 * deadline computed from an ETA can make: one would fail the write it is in (a journal write, and a
 * flow goes silent). Rounded to the nearest: off by half a millisecond at most, where truncating is
 * off by up to a whole one, and like truncating it never puts two times in the opposite order.
 */
export function wholeMs(ms: number): number {
  return Math.round(ms);
}

/** A record's time: a number under `at`, or a key ending in At, Since or Until (`startedAt`, `claimedUntil`). */
const TIME_KEY = /^at$|At$|Since$|Until$/;

/** Makes every time in `value` whole, in place (the record the store holds is the one it wrote); answers it. */
export function wholeTimes<T>(value: T): T {
  if (Array.isArray(value)) for (const item of value) wholeTimes(item);
  else if (value !== null && typeof value === 'object') {
    const fields = value as Record<string, unknown>;
    for (const [key, inner] of Object.entries(fields)) {
      if (typeof inner !== 'number') wholeTimes(inner);
      else if (TIME_KEY.test(key) && !Number.isInteger(inner) && Number.isFinite(inner))
        fields[key] = wholeMs(inner);
    }
  }
  return value;
}
