import type { App } from '@slack/bolt';
import type { RequestRecord } from '../core/model/records.ts';
import { t } from '../i18n/index.ts';
import type { OnButton } from './buttons.ts';
import { ACTIONS, REJECT_VIEW } from './render.ts';
import type { FerryServices } from './services.ts';
import type { Threads } from './threads.ts';

/**
 * Approve and Reject, on every kind of request (the core's Approvals decides what follows by kind),
 * and the reject-reason dialog.
 */
export function registerApprovals(app: App, onButton: OnButton, services: FerryServices): void {
  const { core, threads, news } = services;
  onButton(ACTIONS.approve, (value, body) => core.approvals.approve(value, body.user.id, news));

  onButton(ACTIONS.reject, async (requestId, body, client) => {
    // Refuse before the dialog opens: the person should not type a reason for nothing.
    await core.approvals.decidable(requestId, body.user.id, 'reject');
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
      const request = await core.approvals.reject(view.private_metadata, body.user.id, reason ?? undefined);
      await threads.refreshParent(request);
      await offerAgain(threads, request);
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
}

/** Requests left undecided past their time: expired by the core, each message says so. */
export async function expireDue(
  core: Pick<FerryServices['core'], 'approvals'>,
  threads: Threads,
): Promise<void> {
  for (const request of await core.approvals.expireDue()) {
    await threads.refreshParent(request);
    await offerAgain(threads, request);
  }
}

/** A move back rejected or expired: its evacuation's report offers Move back again. */
async function offerAgain(threads: Threads, request: RequestRecord): Promise<void> {
  if (request.kind === 'evacuation' && request.evacuation.returnOf)
    await threads.refreshEvacuationReport(request.evacuation.returnOf);
}
