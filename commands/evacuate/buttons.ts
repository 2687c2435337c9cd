/**
 * The buttons of an evacuation's message and report: Cold for a server that cannot move live, Stop,
 * Stop and abort, Move back. Also how a new evacuation request is shown (/evacuate, and a reminder's
 * Evacuate now).
 */
import type { OnButton } from '../../src/chat/buttons.ts';
import { channelOf } from '../../src/chat/buttons.ts';
import { EVACUATION_ACTIONS } from '../../src/chat/evacuation-view.ts';
import { postedCause } from '../../src/chat/recovery.ts';
import { code, escapeMrkdwn, section } from '../../src/chat/render.ts';
import type { FerryServices } from '../../src/chat/services.ts';
import type { EvacuationRecord } from '../../src/core/model/records.ts';
import { t } from '../../src/i18n/index.ts';

/** An evacuation request's message in the channel: its checks, each failed one with its fix. */
export async function showEvacuation(
  services: FerryServices,
  asked: { request: EvacuationRecord },
  channel: string,
  respond: (say: () => string) => Promise<void>,
): Promise<void> {
  const { request: record } = asked;
  const ts = await services.poster.post(channel, services.threads.requestView(record), {
    remember: { subject: record.id, field: 'ts' },
    cause: postedCause(record.id),
  });
  if (!ts) {
    await respond(
      () => t`Ferry could not post evacuation ${record.id} in this channel. Is the Ferry app a member of it?`,
    );
    return;
  }
}

export function evacuationButtons(onButton: OnButton, services: FerryServices): void {
  const { core, threads, poster } = services;
  onButton(new RegExp(`^${EVACUATION_ACTIONS.cold}:`), async (value, body) => {
    const [requestId, serverId] = value.split(':');
    const updated = await core.evacuations.chooseCold(requestId ?? '', serverId ?? '', body.user.id);
    await threads.refreshParent(updated);
  });
  const stop = async (requestId: string, user: string, abortRunning: boolean) => {
    const request = await core.evacuations.stop(requestId, user, abortRunning);
    await threads.threadPost(request, {
      text: t`Evacuation stopping`,
      blocks: [
        section(
          t`${abortRunning ? t`Stop and abort` : t`Stop`} requested by <@${escapeMrkdwn(user)}>: no new moves start${abortRunning ? t`; running ones are being aborted` : t`; running ones finish`}.`,
        ),
      ],
    });
    await threads.refreshParent(request);
  };
  onButton(EVACUATION_ACTIONS.stop, (value, body) => stop(value, body.user.id, false));
  onButton(EVACUATION_ACTIONS.abort, (value, body) => stop(value, body.user.id, true));
  onButton(
    EVACUATION_ACTIONS.moveBack,
    async (evacuationId, body) => {
      const user = body.user.id;
      // asked, refused or found with nothing left to move: the report then shows what the store says,
      // so an old report keeps no Move back that is taken or no longer offers anything
      const record = await core.evacuations
        .moveBack(evacuationId, user)
        .finally(() => threads.refreshEvacuationReport(evacuationId));
      const ts = await poster.post(channelOf(body) ?? '', threads.requestView(record), {
        remember: { subject: record.id, field: 'ts' },
        cause: postedCause(record.id),
      });
      if (!ts) return;
      await threads.threadPost(record, {
        text: t`Moving back`,
        blocks: [
          section(
            t`↩️ <@${escapeMrkdwn(user)}> asked to move back what evacuation ${code(evacuationId)} took off ${code(record.evacuation.host)}. Waiting for approval by ${services.approvers.describe(user)}.`,
          ),
        ],
      });
    },
    'the Move back button',
  );
}
