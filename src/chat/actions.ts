import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { RunControl } from '../core/move/moves.ts';
import { t } from '../i18n/index.ts';
import { DRAIN_ACTIONS } from './drain-host-view.ts';
import { EVACUATION_ACTIONS } from './evacuation-view.ts';
import { MAINTENANCE_ACTIONS } from './maintenance-view.ts';
import { ACTIONS, REJECT_VIEW } from './render.ts';
import type { FerryServices } from './services.ts';

/** Buttons and the reject-reason dialog. Every handler acks first and answers refusals privately. */
export function registerActions(app: App, services: FerryServices): void {
  const { flow } = services;

  const privately = async (client: App['client'], body: BlockAction, text: string) => {
    const channel = body.channel?.id ?? body.container?.channel_id;
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
  };

  /** A button: acknowledged at once, then acted on; a refusal or failure is told to the presser alone. */
  const onButton = (
    actionId: string | RegExp,
    act: (value: string, body: BlockAction, client: App['client']) => Promise<void>,
    /** names the button in the log */
    what?: string,
  ) =>
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
  const channelOf = (body: BlockAction) => body.channel?.id ?? body.container?.channel_id;

  onButton(ACTIONS.approve, (value, body) => flow.approve(value, body.user.id));

  onButton(ACTIONS.reject, async (requestId, body, client) => {
    // Refuse before the dialog opens: the person should not type a reason for nothing.
    await services.flow.checkDecidable(requestId, body.user.id, 'reject');
    await client.views.open({
      trigger_id: body.trigger_id,
      view: await services.languages.say(body.user.id, () => ({
        type: 'modal',
        callback_id: REJECT_VIEW,
        private_metadata: requestId,
        title: { type: 'plain_text', text: t`Reject migration` },
        submit: { type: 'plain_text', text: t`Reject` },
        close: { type: 'plain_text', text: t`Cancel` },
        blocks: [
          {
            type: 'input',
            block_id: 'reason',
            optional: true,
            label: { type: 'plain_text', text: t`Why reject ${requestId}?` },
            element: { type: 'plain_text_input', action_id: 'reason', max_length: 500 },
          },
        ],
      })),
    });
  });

  app.view(REJECT_VIEW, async ({ ack, body, view, logger }) => {
    const reason = view.state.values.reason?.reason?.value ?? undefined;
    try {
      await flow.reject(view.private_metadata, body.user.id, reason ?? undefined);
      await ack();
    } catch (error) {
      await ack({
        response_action: 'errors',
        errors: {
          reason: (
            await services.languages.say(body.user.id, () => services.explain(error, logger, 'rejecting'))
          ).slice(0, 150),
        },
      });
    }
  });

  onButton(new RegExp(`^${EVACUATION_ACTIONS.cold}:`), async (value, body) => {
    const [requestId, serverId] = value.split(':');
    await flow.chooseCold(requestId ?? '', serverId ?? '', body.user.id);
  });
  onButton(EVACUATION_ACTIONS.stop, (value, body) => flow.stopEvacuation(value, body.user.id, false));
  onButton(EVACUATION_ACTIONS.abort, (value, body) => flow.stopEvacuation(value, body.user.id, true));
  onButton(
    EVACUATION_ACTIONS.moveBack,
    (value, body) => flow.moveBack(value, body.user.id, channelOf(body) ?? ''),
    'the Move back button',
  );
  onButton(MAINTENANCE_ACTIONS.evacuate, async (value, body) => {
    const channel = channelOf(body);
    if (!channel) throw new Error('no channel');
    await flow.evacuateForWindow(value, body.user.id, channel);
  });

  const drainControls = [
    [DRAIN_ACTIONS.pause, 'pause'],
    [DRAIN_ACTIONS.resume, 'resume'],
    [DRAIN_ACTIONS.stop, 'stop'],
    [DRAIN_ACTIONS.hostBack, 'host-back'],
    [DRAIN_ACTIONS.skip, 'skip'],
    [DRAIN_ACTIONS.continueHost, 'continue'],
  ] as const;
  for (const [actionId, kind] of drainControls)
    onButton(actionId, (value, body) => flow.drain.control(kind, value, body.user.id));
  onButton(
    DRAIN_ACTIONS.reapprove,
    (value, body) => flow.drain.reapprove(value, body.user.id),
    'the Approve new plan button',
  );

  const controls: [string, RunControl][] = [
    [ACTIONS.abort, 'abort'],
    [ACTIONS.force, 'force'],
    [ACTIONS.confirm, 'confirm'],
    [ACTIONS.revert, 'revert'],
  ];
  for (const [actionId, kind] of controls)
    onButton(actionId, async (value, body) => {
      await flow.control(kind, value, body.user.id);
    });
}
