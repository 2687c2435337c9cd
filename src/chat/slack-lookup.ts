import type { WebClient } from '@slack/web-api';
import type { OutboxEntry } from '../core/ports/outbox.ts';
import { t } from '../i18n/index.ts';
import { escapeMrkdwn } from './render.ts';
import { verdictOf } from './slack-verdict.ts';

/**
 * Slack's chat.postMessage has no idempotency key. So every post Ferry sends carries its outbox
 * entry's ID in message metadata, and a post whose earlier try may have reached Slack (its answer
 * lost to a kill, a takeover, a 5xx or a cut) is first looked for in Slack by that ID: found, its ts
 * is the answer and it is not posted again. Reading needs channels:history (groups:history in private
 * channels) and Ferry a member of the channel (the manifest: npm run manifest).
 */

/** Metadata event types may hold letters, digits, underscores and hyphens (no periods). */
export const POST_EVENT_TYPE = 'ferry_outbox_post';

/** The metadata a post carries (chat.postMessage `metadata`). */
export function postMetadata(entry: OutboxEntry): {
  event_type: string;
  event_payload: { outbox_id: string; joined?: string; part_blocks?: string };
} {
  // a post carrying later replies names them and where each one's blocks begin
  const joined =
    entry.joined?.length && entry.partBlocks
      ? { joined: entry.joined.join(' '), part_blocks: entry.partBlocks.join(' ') }
      : {};
  return { event_type: POST_EVENT_TYPE, event_payload: { outbox_id: entry.id, ...joined } };
}

/** How far before the first try a lookup starts: Ferry's clock and Slack's may differ this much. */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** Pages read at most per lookup (a busy channel's minutes since the first try fit in far fewer). */
const MAX_PAGES = 10;

interface FoundMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/**
 * The ts of the post of `entry` if Slack has it: a top-level post in the channel's history since its
 * first try, a reply in its thread's replies. A failed call throws as the WebClient raises it (the
 * poster tells a retry from a final no).
 */
export async function findPosted(
  client: WebClient,
  entry: OutboxEntry,
  threadTs: string | undefined,
): Promise<string | undefined> {
  const oldest = (((entry.sendingSince ?? entry.createdAt) - CLOCK_SKEW_MS) / 1000).toFixed(6);
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = {
      channel: entry.channel,
      oldest,
      include_all_metadata: true,
      limit: 200,
      ...(cursor ? { cursor } : {}),
    };
    const answer = threadTs
      ? await client.conversations.replies({ ...query, ts: threadTs })
      : await client.conversations.history(query);
    const messages = (answer.messages ?? []) as FoundMessage[];
    const found = messages.find(
      (message) =>
        message.metadata?.event_type === POST_EVENT_TYPE &&
        message.metadata.event_payload?.outbox_id === entry.id,
    );
    if (found?.ts) return found.ts;
    cursor = answer.response_metadata?.next_cursor || undefined;
    if (!answer.has_more || !cursor) return undefined;
  }
  return undefined;
}

/**
 * Looks in Slack for a post an earlier try may have made. Slack busy or unreachable: thrown, and the
 * post waits its retry as any call does. Slack refusing the lookup for good (missing_scope,
 * not_in_channel…): logged and counted, and the post goes out saying it may be a repeat; never
 * dropped, since it may carry a question someone must answer.
 */
export async function lookUp(
  deps: {
    client: WebClient;
    log: (message: string, error?: unknown) => void;
    lookupRefused?: (method: string, error: string) => void;
  },
  entry: OutboxEntry,
  threadTs: string | undefined,
): Promise<{ found?: string | undefined; uncheckable?: string }> {
  try {
    return { found: await findPosted(deps.client, entry, threadTs) };
  } catch (error) {
    const verdict = verdictOf(error);
    if ('retry' in verdict) throw error;
    deps.log(
      `could not look in ${entry.channel} whether Slack already has a post whose answer was lost (${verdict.final}): posting it again, marked as a possible repeat`,
    );
    deps.lookupRefused?.(threadTs ? 'conversations.replies' : 'conversations.history', verdict.final);
    return { uncheckable: verdict.final };
  }
}

/** Said under a post sent again without knowing whether Slack already had it. */
export function mayRepeatNote(code: string): {
  type: 'context';
  elements: { type: 'mrkdwn'; text: string }[];
} {
  return {
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: t`Ferry could not check whether this was already posted (Slack answered ${escapeMrkdwn(code)}): it may appear twice.`,
      },
    ],
  };
}
