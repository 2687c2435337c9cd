import type { App } from '@slack/bolt';
import { PlanEditRefused } from '../core/evacuation/edits.ts';
import { t } from '../i18n/index.ts';
import type { OnButton } from './buttons.ts';
import {
  type EditFormValues,
  editPlanModal,
  editsFromForm,
  editsSection,
  formErrors,
  PLAN_EDIT_ACTIONS,
  PLAN_EDIT_VIEW,
  SERVERS_PER_PAGE,
} from './plan-edit-view.ts';
import { escapeMrkdwn, section } from './render.ts';
import type { FerryServices } from './services.ts';

/**
 * *Edit plan* on a pending evacuation's message: the requester's dialog (refused to anyone else, and
 * once the plan is decided, before it opens), and its submission, which plans again with the edits,
 * updates the plan's message in place (through the outbox) and opens the next page if there is one.
 */
export function registerPlanEdits(app: App, onButton: OnButton, services: FerryServices): void {
  const { core, threads, languages } = services;
  onButton(
    PLAN_EDIT_ACTIONS.edit,
    async (requestId, body, client) => {
      const request = await core.evacuations.editable(requestId, body.user.id);
      const hosts = await core.evacuations.pinTargets(requestId);
      await client.views.open({
        trigger_id: body.trigger_id,
        view: (await languages.say(body.user.id, () => editPlanModal(request, 0, hosts))) as never,
      });
    },
    'the Edit plan button',
  );

  app.view(PLAN_EDIT_VIEW, async ({ ack, body, view, logger }) => {
    const user = body.user.id;
    const [requestId = '', pageText = '0'] = view.private_metadata.split(':');
    const page = Number(pageText) || 0;
    const values = view.state.values as EditFormValues;
    const firstInput = Object.keys(values)[0] ?? 'projects';
    const during = `editing the plan of ${requestId}`;
    try {
      const request = await core.evacuations.editable(requestId, user);
      const updated = await core.evacuations.edit(
        requestId,
        user,
        editsFromForm(request, page, values, user),
      );
      await threads.refreshParent(updated);
      // the thread keeps who changed the plan when, and the message shows the plan as it is now
      await threads.threadPost(updated, {
        text: t`Plan edited`,
        blocks: [
          section(t`✏️ <@${escapeMrkdwn(user)}> edited the plan: approving now approves the plan as edited.`),
          ...editsSection(updated.evacuation.edits, updated.evacuation.items),
        ],
      });
      const pages = Math.ceil(updated.evacuation.items.length / SERVERS_PER_PAGE);
      if (page + 1 < pages) {
        const hosts = await core.evacuations.pinTargets(requestId);
        await ack({
          response_action: 'update',
          view: (await languages.say(user, () => editPlanModal(updated, page + 1, hosts))) as never,
        });
      } else await ack();
    } catch (error) {
      const errors =
        error instanceof PlanEditRefused
          ? await languages.say(user, () => formErrors(error.refusals, firstInput))
          : {
              [firstInput]: (await languages.say(user, () => services.explain(error, logger, during))).slice(
                0,
                150,
              ),
            };
      await ack({ response_action: 'errors', errors });
    }
  });
}
