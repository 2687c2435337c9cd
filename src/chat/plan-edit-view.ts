import type { ItemReason } from '../core/model/evacuation.ts';
import type { PlanEdit, PlanEditRefusal } from '../core/model/plan-edits.ts';
import { refusedServerId } from '../core/model/plan-edits.ts';
import type { EvacuationRecord } from '../core/model/records.ts';
import { t } from '../i18n/index.ts';
import { planEditRefusalText, planEditText } from '../messages/plan-edits.ts';
import { modeWord } from '../messages/states.ts';
import { sentences } from '../messages/units.ts';
import { type Block, button, code, context, escapeMrkdwn, section } from './render.ts';

/**
 * Editing a plan before approval (issue #28, part 4): the *Edit plan* button, its dialog (a page of
 * servers at a time: Slack allows 100 blocks in a modal), what the plan says of its edits and who
 * made them, and the dialog's answers read back as edits.
 */

export const PLAN_EDIT_ACTIONS = { edit: 'ferry_plan_edit' } as const;
export const PLAN_EDIT_VIEW = 'ferry_plan_edit_view';

/** Servers per page of the dialog: two inputs each, under Slack's 100 blocks with the header and projects. */
export const SERVERS_PER_PAGE = 40;
/** Slack's static select holds 100 options. */
const MAX_OPTIONS = 100;

type Choice = 'planned' | 'skip' | 'cold';

/** The Edit plan button of a pending evacuation's message (the requester's alone: others are refused). */
export function editPlanButton(requestId: string) {
  return button(t`Edit plan`, PLAN_EDIT_ACTIONS.edit, requestId);
}

/** "skipped by @alice" for a server the requester left where it is; null for any other reason. */
export function skippedByText(reason: ItemReason | undefined): string | null {
  if (reason?.code !== 'skipped-by') return null;
  const by = `<@${escapeMrkdwn(reason.by)}>`;
  return reason.projectId
    ? t`skipped with its project ${code(reason.projectId)} by ${by}`
    : t`skipped by ${by}`;
}

/** A server of the plan, as its edits name it. */
interface EditedServer {
  serverId: string;
  serverName: string;
  status?: string;
  projectId?: string | undefined;
}

/**
 * The plan's edits, each with who made it: one section, or none without edits. Servers are named by
 * name, with the ID only where two share it. `ownOnly`: one host's step of a drain lists only the
 * edits about its own servers (the drain's plan lists them all).
 */
export function editsSection(
  edits: readonly PlanEdit[] | undefined,
  servers: readonly EditedServer[],
  ownOnly = false,
): Block[] {
  const byId = new Map(servers.map((server) => [server.serverId, server]));
  const named = (name: string) => servers.filter((server) => server.serverName === name).length;
  const serverName = (id: string) => {
    const server = byId.get(id);
    if (!server) return id;
    return named(server.serverName) > 1 ? `${server.serverName} (${id})` : server.serverName;
  };
  const shown = (edits ?? []).filter(
    (edit) =>
      !ownOnly ||
      (edit.code === 'skip-project'
        ? servers.some((server) => server.projectId === edit.projectId)
        : byId.has(edit.serverId)),
  );
  if (!shown.length) return [];
  const shutOff = (id: string) => byId.get(id)?.status === 'SHUTOFF';
  const lines = shown.map(
    (edit) => t`✏️ ${escapeMrkdwn(planEditText(edit, serverName, shutOff))} — <@${escapeMrkdwn(edit.by)}>`,
  );
  return [section(t`*Edits before approval* (the approval covers the plan as edited):\n${lines.join('\n')}`)];
}

/** A select's option, its text cut to Slack's 75 characters. */
export function option(text: string, value: string) {
  return { text: { type: 'plain_text', text: text.length > 75 ? `${text.slice(0, 74)}…` : text }, value };
}

/** The first page's input of the projects to exclude (their servers stay), or null without projects. */
export function projectsInput(
  items: readonly { projectId?: string | undefined }[],
  edits: readonly PlanEdit[],
): Block | null {
  const projects = [...new Set(items.flatMap((item) => (item.projectId ? [item.projectId] : [])))]
    .filter((id) => id.length <= 150)
    .slice(0, MAX_OPTIONS);
  if (!projects.length) return null;
  const excluded = projects.filter((id) =>
    edits.some((edit) => edit.code === 'skip-project' && edit.projectId === id),
  );
  return {
    type: 'input',
    block_id: 'projects',
    optional: true,
    label: { type: 'plain_text', text: t`Exclude whole projects (their servers stay)` },
    element: {
      type: 'multi_static_select',
      action_id: 'projects',
      options: projects.map((id) => option(id, id)),
      ...(excluded.length ? { initial_options: excluded.map((id) => option(id, id)) } : {}),
    },
  };
}

/**
 * One page of the Edit plan dialog: each server's choice (as planned, skip, cold) and a host to pin it
 * to, and on the first page the projects to exclude. `hosts`: where a server may be pinned.
 */
export function editPlanModal(
  request: EvacuationRecord,
  page: number,
  hosts: string[],
): Record<string, unknown> {
  const state = request.evacuation;
  const edits = state.edits ?? [];
  const pages = Math.max(1, Math.ceil(state.items.length / SERVERS_PER_PAGE));
  const items = state.items.slice(page * SERVERS_PER_PAGE, (page + 1) * SERVERS_PER_PAGE);
  const choices: Record<Choice, ReturnType<typeof option>> = {
    planned: option(t`As planned`, 'planned'),
    skip: option(t`Skip: it stays where it is`, 'skip'),
    cold: option(t`Move cold (it is stopped)`, 'cold'),
  };
  // a server Nova shows SHUTOFF is not stopped by a cold move: it stays off
  const shutOffChoices = { ...choices, cold: option(t`Move cold (shut off already: it stays off)`, 'cold') };
  const pinnable = hosts.filter((host) => host.length <= 150).slice(0, MAX_OPTIONS);
  const blocks: Block[] = [
    section(
      t`Evacuation ${code(request.id)} of ${code(state.host)}: servers ${page * SERVERS_PER_PAGE + 1}–${page * SERVERS_PER_PAGE + items.length} of ${state.items.length} (page ${page + 1} of ${pages}). Saving plans again with your edits; on-call then approves the plan as edited.`,
    ),
  ];
  const projects = page === 0 ? projectsInput(state.items, edits) : null;
  if (projects) blocks.push(projects);
  for (const item of items) {
    const chosen: Choice = edits.some((edit) => edit.code === 'skip' && edit.serverId === item.serverId)
      ? 'skip'
      : edits.some((edit) => edit.code === 'force-cold' && edit.serverId === item.serverId)
        ? 'cold'
        : 'planned';
    const pin = edits.find((edit) => edit.code === 'pin' && edit.serverId === item.serverId);
    const now = item.mode
      ? t`now: ${modeWord(item.mode)} → ${item.destination ?? t`scheduler's choice`}`
      : t`now: stays`;
    blocks.push({
      type: 'input',
      block_id: `choice:${item.serverId}`,
      optional: true,
      label: { type: 'plain_text', text: `${item.serverName} (${item.flavor}) — ${now}`.slice(0, 2000) },
      element: {
        type: 'static_select',
        action_id: 'choice',
        options: Object.values(item.status === 'SHUTOFF' ? shutOffChoices : choices),
        initial_option: (item.status === 'SHUTOFF' ? shutOffChoices : choices)[chosen],
      },
    });
    if (pinnable.length)
      blocks.push({
        type: 'input',
        block_id: `pin:${item.serverId}`,
        optional: true,
        label: { type: 'plain_text', text: t`Pin ${item.serverName} to a host (optional)`.slice(0, 2000) },
        element: {
          type: 'static_select',
          action_id: 'pin',
          placeholder: { type: 'plain_text', text: t`Ferry's choice` },
          options: pinnable.map((host) => option(host, host)),
          ...(pin?.code === 'pin' && pinnable.includes(pin.host)
            ? { initial_option: option(pin.host, pin.host) }
            : {}),
        },
      });
  }
  if (hosts.length > pinnable.length)
    blocks.push(context(t`Only the first ${MAX_OPTIONS} hosts can be chosen here.`));
  return {
    type: 'modal',
    callback_id: PLAN_EDIT_VIEW,
    private_metadata: `${request.id}:${page}`,
    title: { type: 'plain_text', text: t`Edit plan` },
    submit: { type: 'plain_text', text: page + 1 < pages ? t`Save, next page` : t`Save` },
    close: { type: 'plain_text', text: t`Close` },
    blocks,
  };
}

/** What a page of the dialog answered, as Slack sends a view's state. */
export type EditFormValues = Record<
  string,
  Record<
    string,
    { selected_option?: { value: string } | null; selected_options?: { value: string }[] | null }
  >
>;

/**
 * The plan's edits after a page was saved: the page's servers as answered (an edit left unchanged
 * keeps who made it), the other pages' as they were, and on the first page the projects as answered.
 */
export function editsFromForm(
  request: EvacuationRecord,
  page: number,
  values: EditFormValues,
  by: string,
): PlanEdit[] {
  const state = request.evacuation;
  const before = state.edits ?? [];
  const onPage = new Set(
    state.items.slice(page * SERVERS_PER_PAGE, (page + 1) * SERVERS_PER_PAGE).map((item) => item.serverId),
  );
  const projectsAnswered = page === 0 && values.projects !== undefined;
  const kept = before.filter((edit) =>
    edit.code === 'skip-project' ? !projectsAnswered : !onPage.has(edit.serverId),
  );
  // a copy, never the record's own object (the store owns that one)
  const same = (edit: PlanEdit): PlanEdit => ({
    ...(before.find((old) => JSON.stringify({ ...old, by: '' }) === JSON.stringify({ ...edit, by: '' })) ??
      edit),
  });
  const made: PlanEdit[] = [];
  if (projectsAnswered)
    for (const picked of values.projects?.projects?.selected_options ?? [])
      made.push(same({ code: 'skip-project', projectId: picked.value, by }));
  for (const serverId of onPage) {
    const choice = values[`choice:${serverId}`]?.choice?.selected_option?.value;
    const host = values[`pin:${serverId}`]?.pin?.selected_option?.value;
    if (choice === 'skip') {
      made.push(same({ code: 'skip', serverId, by }));
      continue;
    }
    if (choice === 'cold') made.push(same({ code: 'force-cold', serverId, by }));
    if (host) made.push(same({ code: 'pin', serverId, host, by }));
  }
  return [...kept, ...made];
}

/**
 * A refused submission as Slack shows it under the inputs: each server's reason under its own input,
 * any other under `firstBlock` (the page's first input).
 */
export function formErrors(refusals: PlanEditRefusal[], firstBlock: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const refusal of refusals) {
    const serverId = refusedServerId(refusal);
    const block = !serverId
      ? firstBlock
      : refusal.code === 'cannot-move'
        ? `choice:${serverId}`
        : `pin:${serverId}`;
    errors[block] = sentences(errors[block] ?? '', planEditRefusalText(refusal)).slice(0, 150);
  }
  return errors;
}
