import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { FerryServices } from './services.ts';

/** Registers one button: acknowledged at once, then acted on; a refusal or failure is told to the presser alone. */
export type OnButton = (
  actionId: string | RegExp,
  act: (value: string, body: BlockAction, client: App['client']) => Promise<void>,
  /** names the button in the log */
  what?: string,
) => void;

/** The channel a button was pressed in (none in App Home). */
export function channelOf(body: BlockAction): string | undefined {
  return body.channel?.id ?? body.container?.channel_id;
}

/** An answer only the presser sees: ephemeral where the button is, or a direct message from App Home. */
async function privately(client: App['client'], body: BlockAction, text: string): Promise<void> {
  const channel = channelOf(body);
  // a button in App Home has no channel: the answer goes to the person's messages with Ferry
  if (!channel) {
    await client.chat.postMessage({ channel: body.user.id, text });
    return;
  }
  await client.chat.postEphemeral({
    channel,
    user: body.user.id,
    text,
    ...(body.message?.thread_ts ? { thread_ts: body.message.thread_ts } : {}),
  });
}

/** The button registrar every kind's buttons use (commands/<name>/buttons.ts, approval-buttons.ts). */
export function buttonsOn(app: App, services: FerryServices): OnButton {
  return (actionId, act, what) =>
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client, logger }) => {
      await ack();
      try {
        await act(action.value ?? '', body, client);
      } catch (error) {
        const during = what ?? `the ${body.actions[0]?.action_id ?? 'button'} button`;
        const answer = await services.languages.say(body.user.id, () =>
          services.explain(error, logger, during),
        );
        await privately(client, body, answer).catch((e) => logger.error(e));
      }
    });
}
