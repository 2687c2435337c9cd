/**
 * The buttons of a migration's thread: Abort, Force complete, Confirm, Revert (on call). /migrations
 * abort and force go the same way (controlRun).
 */
import type { OnButton } from '../../src/chat/buttons.ts';
import { moveOf } from '../../src/chat/evacuation-moves.ts';
import { ACTIONS, code, escapeMrkdwn, section } from '../../src/chat/render.ts';
import { abortWords } from '../../src/chat/run-view.ts';
import type { FerryServices } from '../../src/chat/services.ts';
import type { RunControl } from '../../src/core/move/moves.ts';
import { isStallAction } from '../../src/core/move/stall-rules.ts';
import { t } from '../../src/i18n/index.ts';

/** Steers a run and says so in its thread; answers what to tell the person who asked, made in their language. */
export async function controlRun(
  services: FerryServices,
  kind: RunControl,
  runId: string,
  user: string,
): Promise<() => string> {
  const { core, threads } = services;
  const run = await core.moves.control(kind, runId, user);
  const said = () =>
    ({
      abort: t`Abort requested`,
      force: t`Force complete requested`,
      confirm: t`Confirmation sent`,
      revert: t`Revert requested`,
    })[kind];
  // an evacuation's move has no thread of its own: the press is said in the evacuation's
  const request = core.queries.move(run.requestId);
  const parent = request?.parentId ? core.queries.request(request.parentId) : undefined;
  const subject = parent && !threads.whereOf(run.requestId) ? parent : run;
  // an evacuation's move: its thread says the abort is this move's, and what becomes of the rest
  const rest =
    kind === 'abort' && subject === parent && parent.kind === 'evacuation'
      ? ` ${abortWords(run, moveOf(parent)).text}`
      : '';
  await threads.threadPost(subject, {
    text: said(),
    blocks: [
      section(
        rest
          ? t`${said()} by <@${escapeMrkdwn(user)}> for ${code(run.serverName)} only.${rest}`
          : // a thread shared by many moves names the one pressed
            subject === parent
            ? t`${said()} by <@${escapeMrkdwn(user)}> for ${code(run.serverName)}.`
            : t`${said()} by <@${escapeMrkdwn(user)}>.`,
      ),
    ],
  });
  return () => t`${said()} for ${run.id}.`;
}

export function runButtons(onButton: OnButton, services: FerryServices): void {
  const controls: [string, RunControl][] = [
    [ACTIONS.abort, 'abort'],
    [ACTIONS.force, 'force'],
    [ACTIONS.confirm, 'confirm'],
    [ACTIONS.revert, 'revert'],
  ];
  for (const [actionId, kind] of controls)
    onButton(actionId, async (value, body) => {
      await controlRun(services, kind, value, body.user.id);
    });
  // the stall policy's choice, made otherwise within its grace period: the thread says who chose what
  onButton(ACTIONS.stallChoice, async (value, body) => {
    const [runId = '', action = ''] = value.split(' ');
    if (!isStallAction(action)) return;
    await services.core.moves.chooseOnStall(runId, action, body.user.id);
  });
}
