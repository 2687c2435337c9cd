import { currentLanguage, t } from '../i18n/index.ts';

/**
 * Sizes, durations and moments as a thread writes them, in the reader's language: the core keeps
 * bytes, milliseconds and epoch times (progress snapshots, outcomes, outages), the edge writes them.
 */

/** Whole sentences one after another: Chinese sets them side by side, English with a space. */
export function sentences(...parts: string[]): string {
  return parts.filter(Boolean).join(currentLanguage() === 'zh-CN' ? '' : ' ');
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value >= 10 || unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/**
 * "02:03:04 UTC": when something began, as said in a thread, to the second as the lists (App Home,
 * /migrations) say the same moment (operator trial: "since 06:45 UTC" in the thread, "since 06:45:24 UTC"
 * in the list).
 */
export function utcTime(ms: number): string {
  return t`${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return t`an unknown time`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return t`${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t`${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return t`${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}
