import type { App } from '@slack/bolt';
import { PlanEditRefused } from '../core/evacuation/edits.ts';
import type { DrainPlan } from '../core/model/drain.ts';
import { t } from '../i18n/index.ts';
import type { OnButton } from './buttons.ts';
import {
  DRAIN_EDIT_ACTIONS,
  DRAIN_EDIT_VIEW,
  drainEditFailed,
  drainEditLoading,
  drainEditModal,
  drainEditPage,
  drainEditsFromForm,
} from './drain-edit-view.ts';
import { drainPlanMessage } from './drain-plan-view.ts';
import { type EditFormValues, editsSection, formErrors, SERVERS_PER_PAGE } from './plan-edit-view.ts';
import { escapeMrkdwn, section } from './render.ts';
import type { FerryServices } from './services.ts';

/**
 * *Edit plan* on a pending drain's message: refused to anyone but the requester, and once the drain is
 * decided, before anything opens; then the dialog opens at once (Slack's trigger lasts 3 s) and shows
 * the servers once the plan is made again. Saving plans the drain again with the edits, updates its
 * message in place (a new Approve for the new fingerprint) and posts the plan as edited in its thread.
 */
export function registerDrainEdits(app: App, onButton: OnButton, services: FerryServices): void {
  const { core, threads, languages } = services;
  onButton(
    DRAIN_EDIT_ACTIONS.edit,
    async (drainId, body, client) => {
      const user = body.user.id;
      await core.drains.editable(drainId, user);
      const opened = await client.views.open({
        trigger_id: body.trigger_id,
        view: (await languages.say(user, () => drainEditLoading(drainId))) as never,
      });
      const viewId = opened.view?.id ?? '';
      let plan: DrainPlan;
      try {
        plan = await core.drains.planNow(drainId, user);
      } catch (error) {
        await client.views.update({
          view_id: viewId,
          view: (await languages.say(user, () => drainEditFailed(drainId))) as never,
        });
        throw error;
      }
      const drain = core.drains.get(drainId);
      await client.views.update({
        view_id: viewId,
        view: (await languages.say(user, () => drainEditModal(drain, plan, 0))) as never,
      });
    },
    'the Edit plan button',
  );

  app.view(DRAIN_EDIT_VIEW, async ({ ack, body, view, logger }) => {
    const user = body.user.id;
    const submitted = drainEditPage(view.private_metadata);
    const values = view.state.values as EditFormValues;
    const firstInput = Object.keys(values)[0] ?? 'projects';
    const during = `editing the plan of ${submitted.drainId}`;
    try {
      const drain = await core.drains.editable(submitted.drainId, user);
      const { request, plan } = await core.drains.edit(
        submitted.drainId,
        user,
        drainEditsFromForm(drain, submitted, values, user),
      );
      await threads.refreshParent(request);
      // the thread keeps who changed the plan when, and the plan as it is now
      const names = new Map(
        plan.steps.flatMap((step) =>
          step.hosts.flatMap((host) => host.items.map((item) => [item.serverId, item.serverName] as const)),
        ),
      );
      await threads.threadPost(request, {
        text: t`Plan edited`,
        blocks: [
          section(t`✏️ <@${escapeMrkdwn(user)}> edited the plan: approving now approves the plan as edited.`),
          ...editsSection(
            request.drain.edits,
            plan.steps.flatMap((step) => step.hosts.flatMap((host) => host.items)),
          ),
        ],
      });
      await threads.threadPost(request, drainPlanMessage(plan, request.requestedBy, true));
      const pages = Math.ceil(names.size / SERVERS_PER_PAGE);
      if (submitted.page + 1 < pages)
        await ack({
          response_action: 'update',
          view: (await languages.say(user, () => drainEditModal(request, plan, submitted.page + 1))) as never,
        });
      else await ack();
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
