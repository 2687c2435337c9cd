import { createHash } from 'node:crypto';
import type { AnyMiddlewareArgs, BufferedIncomingMessage, Middleware } from '@slack/bolt';
import type { Clock } from '../clock.ts';
import type { ReplayGuard } from '../core/ports/replays.ts';

/**
 * Which signed requests Ferry acts on: its own workspace and app, each signed request once, each
 * interaction (a button pressed, a dialog sent) once however often it arrives.
 */

/** Signatures and event IDs are remembered this long: Slack's last retry of an event comes about 5 minutes after it. */
const REPLAY_WINDOW_MS = 10 * 60_000;

/**
 * Slack's only signature form. Bolt compares just the first two `=`-separated parts, so `v0=<hex>=x`
 * passes its check: such a header is refused here instead of counting as a new request.
 */
const SIGNATURE = /^v0=[0-9a-f]{64}$/;

/** One process's memory of the requests it saw (enough for one Ferry; replicas share a table). */
export function memoryReplayGuard(clock: Clock): ReplayGuard {
  const seen = new Map<string, number>();
  return {
    async firstSeen(key) {
      const now = clock.now();
      for (const [old, at] of seen) if (now - at > REPLAY_WINDOW_MS) seen.delete(old);
      if (seen.has(key)) return false;
      seen.set(key, now);
      return true;
    },
  };
}

/** What the HTTP receiver hands the guard of each request (Bolt's customPropertiesExtractor). */
export function signedRequestOf(request: BufferedIncomingMessage): Record<string, unknown> {
  const signature = String(request.headers['x-slack-signature'] ?? '');
  const timestamp = String(request.headers['x-slack-request-timestamp'] ?? '');
  // what the signature signs: one signed request is one (timestamp, body), whatever its header looks like
  const signed = createHash('sha256').update(`${timestamp}:`).update(request.rawBody).digest('hex');
  return { slackRequest: { wellFormed: SIGNATURE.test(signature), key: `signed:${signed}` } };
}

interface Interaction {
  type?: string;
  trigger_id?: string;
  container?: { message_ts?: string };
  message?: { ts?: string };
  user?: { id?: string };
  actions?: { action_id?: string; action_ts?: string }[];
}

/** The keys one interaction is known by: its trigger and, for a button, the action on its message. */
function interactionKeys(body: Interaction): string[] {
  const keys = body.trigger_id ? [`trigger:${body.trigger_id}`] : [];
  const action = body.actions?.[0];
  const messageTs = body.container?.message_ts ?? body.message?.ts;
  // the presser is part of it: two people pressing one button in the same instant are two interactions
  if (body.type === 'block_actions' && action?.action_id && action.action_ts && messageTs)
    keys.push(`action:${messageTs}:${action.action_id}:${body.user?.id ?? ''}:${action.action_ts}`);
  return keys;
}

/**
 * A correctly signed request from another workspace or app (a shared signing secret, a second app) is
 * refused, and so is a malformed signature, a signed request seen twice (a replay inside Slack's
 * five-minute window), an event delivered again and an interaction that already arrived.
 */
export function refuseForeignAndReplayed(
  teamId: string,
  appId: string | undefined,
  replays: ReplayGuard,
): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as Interaction & {
      team_id?: string;
      team?: { id?: string } | null;
      user?: { team_id?: string };
      api_app_id?: string;
      event_id?: string;
    };
    const ack = (args as { ack?: () => Promise<void> }).ack;
    const team = body.team_id ?? body.team?.id ?? body.user?.team_id;
    if ((team && team !== teamId) || (appId && body.api_app_id && body.api_app_id !== appId)) {
      args.logger.warn(
        `Refused a request from team ${team ?? '?'}, app ${body.api_app_id ?? '?'}: not Ferry's own.`,
      );
      await ack?.();
      return;
    }
    const signed = (args.context as { slackRequest?: { wellFormed: boolean; key: string } }).slackRequest;
    if (signed && !signed.wellFormed) {
      args.logger.warn('Refused a request whose signature is not of the form v0=<64 hex digits>.');
      await ack?.();
      return;
    }
    if (signed && !(await replays.firstSeen(signed.key))) {
      args.logger.warn('Refused a replayed request (its timestamp and body were seen before).');
      await ack?.();
      return;
    }
    // Slack delivers an event again (X-Slack-Retry-Num) when its first delivery seemed to fail: once is enough
    if (body.event_id && !(await replays.firstSeen(`event:${body.event_id}`))) {
      args.logger.info(`Ignored a repeated delivery of event ${body.event_id}.`);
      await ack?.();
      return;
    }
    for (const key of interactionKeys(body))
      if (!(await replays.firstSeen(key))) {
        args.logger.warn(`Ignored an interaction that arrived before (${key.split(':')[0]}).`);
        await ack?.();
        return;
      }
    await args.next();
  };
}
