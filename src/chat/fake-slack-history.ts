/**
 * The fake Slack's conversations.history and conversations.replies, in the shape Slack documents
 * (docs.slack.dev/reference/methods/conversations.history, …replies): `messages` newest first (history:
 * top-level messages only) or the thread's parent then its replies oldest first (replies), each with
 * `metadata` only when include_all_metadata is asked, `has_more`, and a cursor in
 * `response_metadata.next_cursor` (empty on the last page). Bot messages as chat.postMessage answers
 * them (type, text, ts, bot_id; thread_ts in a thread). Ephemeral messages are nobody's history.
 */

const BOT_ID = 'B0BOT0001';

/** A message the fake Slack keeps, as far as its history reads it (fake-slack.ts keeps its blocks too). */
export interface HistoryMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
  /** set when a respond() or postEphemeral showed it only to one person */
  ephemeralTo?: string;
  /** chat.postMessage's `metadata`, kept as sent (chat.update without it leaves it) */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export function conversationsAnswer(
  method: 'conversations.history' | 'conversations.replies',
  params: Record<string, unknown>,
  messages: HistoryMessage[],
  closedChannels: Set<string>,
): Record<string, unknown> {
  const channel = String(params.channel ?? '');
  if (!channel) return { ok: false, error: 'channel_not_found' };
  // a bot token reads only the conversations the bot is a member of
  if (closedChannels.has(channel)) return { ok: false, error: 'not_in_channel' };
  const shown = messages.filter((m) => m.channel === channel && !m.ephemeralTo);
  const oldest = params.oldest === undefined ? undefined : Number(params.oldest);
  const latest = params.latest === undefined ? undefined : Number(params.latest);
  const inRange = (m: HistoryMessage) =>
    (oldest === undefined || Number(m.ts) > oldest) && (latest === undefined || Number(m.ts) < latest);
  let found: HistoryMessage[];
  if (method === 'conversations.history') {
    found = shown.filter((m) => !m.threadTs && inRange(m)).reverse();
  } else {
    const ts = String(params.ts ?? '');
    const asked = shown.find((m) => m.ts === ts);
    if (!asked) return { ok: false, error: 'thread_not_found' };
    const parentTs = asked.threadTs ?? asked.ts;
    const parent = shown.find((m) => m.ts === parentTs);
    found = [...(parent ? [parent] : []), ...shown.filter((m) => m.threadTs === parentTs && inRange(m))];
  }
  const limit = Math.max(1, Number(params.limit ?? (method === 'conversations.history' ? 100 : 1000)));
  const from = params.cursor
    ? Number(Buffer.from(String(params.cursor), 'base64').toString().split(':')[1])
    : 0;
  const page = found.slice(from, from + limit);
  const more = from + limit < found.length;
  const withMetadata = params.include_all_metadata === true || params.include_all_metadata === 'true';
  return {
    ok: true,
    messages: page.map((m) => ({
      type: 'message',
      text: m.text,
      ts: m.ts,
      bot_id: BOT_ID,
      ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
      ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
    })),
    has_more: more,
    ...(method === 'conversations.history' ? { pin_count: 0 } : {}),
    response_metadata: {
      next_cursor: more ? Buffer.from(`offset:${from + limit}`).toString('base64') : '',
    },
  };
}
