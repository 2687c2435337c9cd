// English only: the package's index loads every locale (about 18 MiB resident) for the same en.casual parser
import * as chrono from 'chrono-node/en';
import { MaintenanceError } from '../core/maintenance/maintenance.ts';
import type { Reminder } from '../core/model/records.ts';

/**
 * Reading what a person (or a setting) says of time: durations ("2h", "1h30m", "2 hours"), reminder
 * lists ("24h,1h,10m") and when a window starts ("saturday 02:00", ISO), in Ferry's time zone. Input
 * parsing belongs to the edge: the core gets instants and milliseconds; a refusal is a MaintenanceError.
 */

/** "24h,1h,10m" → reminders, longest first. */
export function parseReminders(text: string): Reminder[] {
  return text
    .split(',')
    .map((label) => label.trim())
    .filter(Boolean)
    .map((label) => {
      const beforeMs = parseDuration(label);
      if (beforeMs === null) throw new MaintenanceError({ code: 'not-a-duration', label });
      return { label, beforeMs };
    })
    .sort((a, b) => b.beforeMs - a.beforeMs);
}

/** "2h", "90m", "1h30m", "1d" → milliseconds, or null. */
const DURATION_PART = /(\d+)\s*(d|days?|h|hrs?|hours?|m|mins?|minutes?)(?![a-z])/gy;
const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000 };

/** "2h", "1h30m", "90 minutes", "2 hours and 30 minutes", "1 day" */
export function parseDuration(text: string): number | null {
  const phrase = text
    .trim()
    .toLowerCase()
    .replace(/\band\b/g, ' ')
    .replace(/,/g, ' ');
  if (!phrase) return null;
  let ms = 0;
  let at = 0;
  DURATION_PART.lastIndex = 0;
  while (at < phrase.length) {
    while (phrase[at] === ' ') at += 1;
    if (at >= phrase.length) break;
    DURATION_PART.lastIndex = at;
    const part = DURATION_PART.exec(phrase);
    if (!part) return null;
    ms += Number(part[1]) * (UNIT_MS[(part[2] as string).charAt(0)] as number);
    at = DURATION_PART.lastIndex;
  }
  return ms > 0 ? ms : null;
}

/** The offset of `timeZone` from UTC at instant `ms`, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(ms);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return (
    Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) -
    Math.floor(ms / 1000) * 1000
  );
}

/** A wall-clock time in `timeZone` as an instant (a time skipped by a DST change moves forward). */
export function wallTimeToInstant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const first = asUtc - offsetAt(asUtc, timeZone);
  return asUtc - offsetAt(first, timeZone);
}

/** Parses `<when>` (natural language or ISO) in `timeZone`; answers the instant and the words after it. */
export function parseWhen(text: string, now: number, timeZone: string): { start: number; rest: string } {
  // chrono reads wall-clock components; the zone is applied here, DST included.
  const wallNow = new Date(now + offsetAt(now, timeZone));
  const [result] = chrono.parse(text, { instant: wallNow, timezone: 0 }, { forwardDate: true });
  if (result?.index !== 0) throw new MaintenanceError({ code: 'no-date', text });
  const get = (unit: 'year' | 'month' | 'day' | 'hour' | 'minute') => result.start.get(unit) ?? 0;
  const start = wallTimeToInstant(
    get('year'),
    get('month'),
    get('day'),
    get('hour'),
    get('minute'),
    timeZone,
  );
  return { start, rest: text.slice(result.text.length).trim() };
}

/**
 * `<when>` as an instant in `timeZone`, and the words after it; words that are no time are refused
 * only after `mayAsk` (whether the person may ask at all) had its say, as the core decides in that order.
 */
export async function readWhen(
  when: string,
  now: number,
  timeZone: string,
  mayAsk: () => Promise<unknown>,
): Promise<{ start: number; rest: string }> {
  try {
    return parseWhen(when, now, timeZone);
  } catch (error) {
    await mayAsk();
    throw error;
  }
}
