import type { WebClient } from '@slack/web-api';
import type { OutboxEntry } from '../core/ports/outbox.ts';
import type { Places } from '../core/ports/places.ts';
import { lookUp, mayRepeatNote, postMetadata } from './slack-lookup.ts';
import type { SlackPace } from './slack-pace.ts';
import { retryDelayMs, verdictOf } from './slack-verdict.ts';

type SendDeps = Parameters<typeof sendEntry>[0] & { clock: { monotonic(): number } };

/** One paced call of one message, and what its answer means for it: sent, refused for good, or retry later. */
export async function callSlack(
  deps: SendDeps,
  pace: SlackPace,
  entry: OutboxEntry,
): Promise<{ sent: string } | { failed: string } | { retry: string; delayMs: number }> {
  const answered = pace.calling(entry, deps.clock.monotonic());
  try {
    const sent = await sendEntry(deps, entry);
    answered(true, deps.clock.monotonic());
    return { sent };
  } catch (error) {
    answered(false, deps.clock.monotonic());
    const verdict = verdictOf(error);
    deps.log(
      `Slack call in ${entry.channel} failed (${'final' in verdict ? verdict.final : verdict.retry})`,
      error,
    );
    if ('final' in verdict) return { failed: verdict.final };
    return { retry: verdict.retry, delayMs: retryDelayMs(entry.attempts + 1, verdict) };
  }
}

/**
 * One call of one outbox message to Slack: an edit of its message (by ts, or its subject's once that
 * is sent), or a post, first looked for in Slack when an earlier try may have reached it. Answers the
 * message's ts; throws Slack's error (or Ferry's own, in Slack's shape, when what it needs is not sent).
 */
export async function sendEntry(
  deps: {
    client: WebClient;
    store: Places;
    log: (message: string, error?: unknown) => void;
    lookupRefused?: (method: string, error: string) => void;
  },
  entry: OutboxEntry,
): Promise<string> {
  const { client, store } = deps;
  const message = { channel: entry.channel, text: entry.text, blocks: entry.blocks as never };
  if (entry.kind === 'update') {
    const ts = entry.ts ?? (entry.of && store.placeOf(entry.of.subject)?.[entry.of.field]);
    if (!ts) throw platformError('message_not_posted');
    await client.chat.update({ ...message, ts });
    return ts;
  }
  const threadTs = entry.threadTs ?? (entry.threadOf && store.placeOf(entry.threadOf)?.ts);
  if (entry.threadOf && !threadTs) throw platformError('thread_not_posted');
  const looked = entry.unsure ? await lookUp(deps, entry, threadTs || undefined) : {};
  if (looked.found) return looked.found;
  const result = await client.chat.postMessage({
    ...message,
    ...(looked.uncheckable ? { blocks: [...entry.blocks, mayRepeatNote(looked.uncheckable)] as never } : {}),
    ...(threadTs ? { thread_ts: threadTs } : {}),
    metadata: postMetadata(entry),
  });
  if (!result.ts) throw platformError('no_ts');
  return result.ts;
}

/** A refusal Ferry makes itself, in Slack's shape: the message it depends on was never posted. */
function platformError(code: string): Error {
  return Object.assign(new Error(code), { code: 'slack_webapi_platform_error', data: { error: code } });
}
