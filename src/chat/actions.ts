import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { RunControl } from '../core/moves.ts';
import { DRAIN_ACTIONS } from './drain-view.ts';
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

  app.action<BlockAction<ButtonAction>>(ACTIONS.approve, async ({ ack, body, action, client, logger }) => {
    await ack();
    try {
      await flow.approve(action.value ?? '', body.user.id);
    } catch (error) {
      await privately(
        client,
        body,
        services.explain(error, logger, `the ${body.actions[0]?.action_id ?? 'button'} button`),
      ).catch((e) => logger.error(e));
    }
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.reject, async ({ ack, body, action, client, logger }) => {
    await ack();
    const requestId = action.value ?? '';
    try {
      // Refuse before the dialog opens: the person should not type a reason for nothing.
      await services.flow.checkDecidable(requestId, body.user.id, 'reject');
      await client.views.open({
        trigger_id: body.trigger_id,
        view: {
          type: 'modal',
          callback_id: REJECT_VIEW,
          private_metadata: requestId,
          title: { type: 'plain_text', text: 'Reject migration' },
          submit: { type: 'plain_text', text: 'Reject' },
          close: { type: 'plain_text', text: 'Cancel' },
          blocks: [
            {
              type: 'input',
              block_id: 'reason',
              optional: true,
              label: { type: 'plain_text', text: `Why reject ${requestId}?` },
              element: { type: 'plain_text_input', action_id: 'reason', max_length: 500 },
            },
          ],
        },
      });
    } catch (error) {
      await privately(
        client,
        body,
        services.explain(error, logger, `the ${body.actions[0]?.action_id ?? 'button'} button`),
      ).catch((e) => logger.error(e));
    }
  });

  app.view(REJECT_VIEW, async ({ ack, body, view, logger }) => {
    const reason = view.state.values.reason?.reason?.value ?? undefined;
    try {
      await flow.reject(view.private_metadata, body.user.id, reason ?? undefined);
      await ack();
    } catch (error) {
      await ack({
        response_action: 'errors',
        errors: { reason: services.explain(error, logger, 'rejecting').slice(0, 150) },
      });
    }
  });

  app.action<BlockAction<ButtonAction>>(
    new RegExp(`^${EVACUATION_ACTIONS.cold}:`),
    async ({ ack, body, action, client, logger }) => {
      await ack();
      const [requestId, serverId] = (action.value ?? '').split(':');
      try {
        await flow.chooseCold(requestId ?? '', serverId ?? '', body.user.id);
      } catch (error) {
        await privately(
          client,
          body,
          services.explain(error, logger, `the ${body.actions[0]?.action_id ?? 'button'} button`),
        ).catch((e) => logger.error(e));
      }
    },
  );

  for (const [actionId, abortRunning] of [
    [EVACUATION_ACTIONS.stop, false],
    [EVACUATION_ACTIONS.abort, true],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client, logger }) => {
      await ack();
      try {
        await flow.stopEvacuation(action.value ?? '', body.user.id, abortRunning);
      } catch (error) {
        await privately(
          client,
          body,
          services.explain(error, logger, `the ${body.actions[0]?.action_id ?? 'button'} button`),
        ).catch((e) => logger.error(e));
      }
    });
  }

  app.action<BlockAction<ButtonAction>>(
    EVACUATION_ACTIONS.moveBack,
    async ({ ack, body, action, client, logger }) => {
      await ack();
      const channel = body.channel?.id ?? body.container?.channel_id;
      try {
        await flow.moveBack(action.value ?? '', body.user.id, channel ?? '');
      } catch (error) {
        await privately(client, body, services.explain(error, logger, 'the Move back button')).catch((e) =>
          logger.error(e),
        );
      }
    },
  );

  app.action<BlockAction<ButtonAction>>(
    MAINTENANCE_ACTIONS.evacuate,
    async ({ ack, body, action, client, logger }) => {
      await ack();
      const channel = body.channel?.id ?? body.container?.channel_id;
      try {
        if (!channel) throw new Error('no channel');
        await flow.evacuateForWindow(action.value ?? '', body.user.id, channel);
      } catch (error) {
        await privately(
          client,
          body,
          services.explain(error, logger, `the ${body.actions[0]?.action_id ?? 'button'} button`),
        ).catch((e) => logger.error(e));
      }
    },
  );

  const drainControls = [
    [DRAIN_ACTIONS.pause, 'pause'],
    [DRAIN_ACTIONS.resume, 'resume'],
    [DRAIN_ACTIONS.stop, 'stop'],
    [DRAIN_ACTIONS.hostBack, 'host-back'],
    [DRAIN_ACTIONS.skip, 'skip'],
    [DRAIN_ACTIONS.continueHost, 'continue'],
  ] as const;
  for (const [actionId, kind] of drainControls) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client, logger }) => {
      await ack();
      try {
        await flow.controlDrain(kind, action.value ?? '', body.user.id);
      } catch (error) {
        await privately(
          client,
          body,
          services.explain(error, logger, `the ${body.actions[0]?.action_id ?? 'button'} button`),
        ).catch((e) => logger.error(e));
      }
    });
  }

  app.action<BlockAction<ButtonAction>>(
    DRAIN_ACTIONS.reapprove,
    async ({ ack, body, action, client, logger }) => {
      await ack();
      try {
        await flow.reapproveDrain(action.value ?? '', body.user.id);
      } catch (error) {
        await privately(client, body, services.explain(error, logger, 'the Approve new plan button')).catch(
          (e) => logger.error(e),
        );
      }
    },
  );

  const controls: [string, RunControl][] = [
    [ACTIONS.abort, 'abort'],
    [ACTIONS.force, 'force'],
    [ACTIONS.confirm, 'confirm'],
    [ACTIONS.revert, 'revert'],
  ];
  for (const [actionId, kind] of controls) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client, logger }) => {
      await ack();
      try {
        await flow.control(kind, action.value ?? '', body.user.id);
      } catch (error) {
        await privately(
          client,
          body,
          services.explain(error, logger, `the ${body.actions[0]?.action_id ?? 'button'} button`),
        ).catch((e) => logger.error(e));
      }
    });
  }
}
