import type { PlanEdit, PlanEditRefusal } from '../core/model/plan-edits.ts';
import { t } from '../i18n/index.ts';
import { blockersText } from './fit.ts';

/**
 * How the edits of a plan and their refusals read (issue #28, part 4), worded at render time in the
 * reader's language. Plain text: the chat edge escapes it (and mentions who made an edit itself).
 */

export function planEditRefusalText(refusal: PlanEditRefusal): string {
  switch (refusal.code) {
    case 'no-plan':
      return t`There is no plan ${refusal.id} to edit.`;
    case 'decided-already':
      return t`The plan of ${refusal.id} is not edited any more: it is ${refusal.status}.`;
    case 'not-editable':
      return t`${refusal.id} is planned by Ferry (a move back or a drain's step): its plan is not edited.`;
    case 'unknown-server':
      return refusal.closest.length
        ? t`No server "${refusal.server}" in this plan. Did you mean ${refusal.closest.join(', ')}?`
        : t`No server "${refusal.server}" in this plan.`;
    case 'not-on-hosts':
      return notOnHostsText(refusal);
    case 'unknown-project':
      return refusal.closest.length
        ? t`No server of project "${refusal.project}" in this plan. Did you mean ${refusal.closest.join(', ')}?`
        : t`No server of project "${refusal.project}" in this plan.`;
    case 'cannot-move':
      return t`${refusal.server} cannot move at all, so it cannot be moved cold either: it stays where it is.`;
    case 'pin-unusable':
      return t`${refusal.server} cannot be pinned to ${refusal.host}: that host is not in service for this plan.`;
    case 'pin-blocked':
      return t`${refusal.server} cannot go to ${refusal.host}: ${blockersText(refusal.blockers)}.`;
    case 'servers-changed':
      return t`The servers on the host changed since ${refusal.id} was planned: ask for it again rather than edit it.`;
  }
}

/** A --skip of a server elsewhere: where Nova has it, and that it is on none of the hosts emptied. */
function notOnHostsText(refusal: Extract<PlanEditRefusal, { code: 'not-on-hosts' }>): string {
  const { server, host, hosts } = refusal;
  const [only] = hosts;
  if (host !== null)
    return hosts.length === 1
      ? t`${server} is on ${host}, not on ${only}, the host being emptied: it is not in this plan.`
      : t`${server} is on ${host}, not on any of the ${hosts.length} hosts being emptied: it is not in this plan.`;
  return hosts.length === 1
    ? t`${server} is not on ${only}, the host being emptied: it is not in this plan.`
    : t`${server} is not on any of the ${hosts.length} hosts being emptied: it is not in this plan.`;
}

/** Every refusal of one submission, one per line. */
export function planEditRefusalsText(refusals: PlanEditRefusal[]): string {
  return refusals.map(planEditRefusalText).join('\n');
}

/** One edit as the plan lists it, without who made it (the chat edge mentions them). */
export function planEditText(
  edit: PlanEdit,
  serverName: (id: string) => string,
  /** whether Nova showed the server SHUTOFF: a cold move leaves it off */
  shutOff: (id: string) => boolean = () => false,
): string {
  switch (edit.code) {
    case 'skip':
      return t`${serverName(edit.serverId)} skipped: it stays where it is`;
    case 'skip-project':
      return t`project ${edit.projectId} excluded: its servers stay where they are`;
    case 'force-cold':
      return shutOff(edit.serverId)
        ? t`${serverName(edit.serverId)} moved cold: it is shut off already, is moved and stays off`
        : t`${serverName(edit.serverId)} moved cold: it is stopped, moved and started again`;
    case 'pin':
      return t`${serverName(edit.serverId)} pinned to ${edit.host}`;
  }
}
