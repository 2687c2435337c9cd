/**
 * The buttons of a drain's message: Pause, Resume, Stop, Host is back, Skip host, Continue, and
 * Approve new plan on a held drain (on call). /drain d-… skip <host> goes the same way (controlDrain).
 */
import type { OnButton } from '../../src/chat/buttons.ts';
import { GATE_ACTIONS } from '../../src/chat/drain-gates-view.ts';
import { DRAIN_ACTIONS } from '../../src/chat/drain-host-view.ts';
import { escapeMrkdwn, section } from '../../src/chat/render.ts';
import type { FerryServices } from '../../src/chat/services.ts';
import type { DrainRecord } from '../../src/core/model/records.ts';
import { t } from '../../src/i18n/index.ts';

export type DrainControl = 'pause' | 'resume' | 'stop' | 'host-back' | 'skip' | 'continue';

/** On-call's controls of a running drain (`value`: the drain ID, `:` a host); each is said in its thread and shown in its message. */
export async function controlDrain(
  services: FerryServices,
  kind: DrainControl,
  value: string,
  user: string,
): Promise<DrainRecord> {
  const { drains } = services.core;
  const { threads } = services;
  const [id = '', host = ''] = value.split(':');
  const by = `<@${escapeMrkdwn(user)}>`;
  const act = {
    pause: () => drains.pause(id, user),
    resume: () => drains.resume(id, user),
    stop: () => drains.stop(id, user),
    'host-back': () => drains.hostBack(id, host, user),
    skip: () => drains.skip(id, host, user),
    continue: () => drains.continueHost(id, host, user),
  }[kind];
  const drain = await act();
  const said = {
    pause: t`⏸️ Paused by ${by}: moves in flight finish, no new server or host starts.`,
    resume: t`▶️ Resumed by ${by}.`,
    stop: t`⏹️ Stopped by ${by}: no new host starts; moves in flight finish.`,
    // told by the reporter from the journaled drain.host-back
    'host-back': undefined,
    // told by the reporter from the journaled drain.host-skipped and drain.host-continue, in order
    // with what they cause
    skip: undefined,
    continue: undefined,
  }[kind];
  if (said) await threads.threadPost(drain, { text: said, blocks: [section(said)] });
  // a skip is shown by the reporter, after the questions it answers lose their buttons: skipping a held
  // step's last host ends the hold, and its Approve new plan goes before the drain is shown going on
  if (kind !== 'skip') await threads.refreshParent(drains.get(id));
  // its step's evacuation says it is paused, or moves again, at once
  if (kind === 'pause' || kind === 'resume') await threads.refreshDrainSteps(drains.get(id));
  return drain;
}

export function drainButtons(onButton: OnButton, services: FerryServices): void {
  const controls = [
    [DRAIN_ACTIONS.pause, 'pause'],
    [DRAIN_ACTIONS.resume, 'resume'],
    [DRAIN_ACTIONS.stop, 'stop'],
    [DRAIN_ACTIONS.hostBack, 'host-back'],
    [DRAIN_ACTIONS.skip, 'skip'],
    [DRAIN_ACTIONS.continueHost, 'continue'],
  ] as const;
  for (const [actionId, kind] of controls)
    onButton(actionId, async (value, body) => {
      await controlDrain(services, kind, value, body.user.id);
    });
  // "Approve new plan" on a held drain: `value` is the drain ID @ the new plan's fingerprint
  onButton(
    DRAIN_ACTIONS.reapprove,
    async (value, body) => {
      const user = body.user.id;
      const [id = '', fingerprint = ''] = value.split('@');
      // told by the reporter from the journaled drain.reapproved: the held question loses its buttons
      // before anything else is said (a console listing the buttons again must not offer it)
      await services.core.drains.reapprove(id, user, fingerprint);
    },
    'the Approve new plan button',
  );
  // #30 "Resume anyway" on a step held by health gates (on call, audited): `value` is the drain ID:step
  onButton(
    GATE_ACTIONS.resumeAnyway,
    async (value, body) => {
      const [id = '', step = ''] = value.split(':');
      const drain = await services.core.drainGates.resumeAnyway(id, body.user.id, Number(step));
      await services.threads.refreshParent(drain);
    },
    'the Resume anyway button',
  );
}
