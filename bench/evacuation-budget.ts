import type { RecordedCall } from '../src/chat/fake-slack.ts';

/** The Slack calls of the evacuation bench, by what they were for. */
export const KINDS = [
  'plan and report posts',
  'outcome lines',
  'progress lines',
  "edits of the evacuations' messages",
] as const;
export type SlackKind = (typeof KINDS)[number];

/**
 * What the evacuation bench's Slack calls may number, by kind: a bound from Ferry's own rules, so it
 * holds at every speed of the sandbox (a slower cloud merges fewer calls, it does not add any kind).
 * For `evacuations` of one source host each, under Nova's max_concurrent_live_migrations = 1, fault
 * free (no stall warning, no Slack error to retry), `intervals` progress intervals of wall time:
 *
 * - each evacuation posts its plan and its report;
 * - each server ends in one outcome line in the thread (lines piling up are joined into one post);
 * - each move says its progress in the thread, paced like a single move's: a line only with news
 *   (another phase, status, percent, or an ETA first known) and at least an interval after its last
 *   (chat/progress-pace.ts). Before it holds its source's one slot it says at most two (its first,
 *   then "queued by Nova" if it said "accepted" first: queued, nothing changes), then one as it takes
 *   the slot and one per interval while it holds it; a source's slot is held by one move at a time,
 *   so those come to at most one per source per interval;
 * - each evacuation's message is edited when it is approved, starts and ends; for each server when
 *   its move starts (it counts what runs), when Nova ends it (proving) and at its outcome; and after
 *   each progress line (its counts and ETA). An edit that shows what the message shows already is
 *   not sent, and edits waiting for Slack's pace are merged: both only lower the count.
 *
 * Before 7 December the bench printed 3 per server + 2 per interval, written when a move had no
 * progress line in the evacuation's thread and its message was edited only as moves ended: at speed 1
 * the run made 335 calls against that 276 (the lead's note of session 28).
 */
export function slackBudget(shape: {
  servers: number;
  evacuations: number;
  sources: number;
  intervals: number;
}): Record<SlackKind, number> {
  const { servers, evacuations, sources, intervals } = shape;
  const progress = 3 * servers + sources * intervals;
  return {
    'plan and report posts': 2 * evacuations,
    'outcome lines': servers,
    'progress lines': progress,
    "edits of the evacuations' messages": 3 * evacuations + 3 * servers + progress,
  };
}

/**
 * The calls the fake Slack took, by kind (from the English text Ferry sent); `other` is any call the
 * budget has no kind for, which a fault-free run does not make.
 */
export function slackKinds(calls: RecordedCall[]): Record<SlackKind | 'other', number> {
  const counts: Record<SlackKind | 'other', number> = {
    'plan and report posts': 0,
    'outcome lines': 0,
    'progress lines': 0,
    "edits of the evacuations' messages": 0,
    other: 0,
  };
  for (const { method, params } of calls) {
    const text = String(params.text ?? '');
    const kind: SlackKind | 'other' =
      method === 'chat.update'
        ? "edits of the evacuations' messages"
        : method !== 'chat.postMessage'
          ? 'other'
          : !params.thread_ts || text.startsWith('Evacuation report')
            ? 'plan and report posts'
            : text.endsWith(' server(s) ended')
              ? 'outcome lines'
              : text.endsWith(' progress')
                ? 'progress lines'
                : 'other';
    counts[kind] += 1;
  }
  return counts;
}
