import type { DrainPlan } from '../core/model/drain.ts';
import type { PlanEdit } from '../core/model/plan-edits.ts';
import type { DrainRecord } from '../core/model/records.ts';
import { t } from '../i18n/index.ts';
import { andMoreHosts } from '../messages/counted.ts';
import { modeWord } from '../messages/states.ts';
import { type EditFormValues, option, projectsInput, SERVERS_PER_PAGE } from './plan-edit-view.ts';
import { type Block, button, code, context, section } from './render.ts';

/**
 * *Edit plan* on a drain's message (issue #28, part 4): the requester skips servers and excludes whole
 * projects, a page of servers at a time as for an evacuation. A drain's record keeps no server list, so
 * the dialog opens at once saying it reads the plan, and shows the servers once the plan is made again.
 * No cold move and no pin: a drain places each step's servers again when its turn comes.
 */

export const DRAIN_EDIT_ACTIONS = { edit: 'ferry_drain_plan_edit' } as const;
export const DRAIN_EDIT_VIEW = 'ferry_drain_plan_edit_view';

type Choice = 'planned' | 'skip';

/** The Edit plan button of a pending drain's message (the requester's alone: others are refused). */
export function drainEditButton(drainId: string) {
  return button(t`Edit plan`, DRAIN_EDIT_ACTIONS.edit, drainId);
}

function frame(drainId: string, metadata: string, blocks: Block[], submit: string | null) {
  return {
    type: 'modal',
    callback_id: DRAIN_EDIT_VIEW,
    private_metadata: metadata,
    title: { type: 'plain_text', text: t`Edit plan` },
    ...(submit ? { submit: { type: 'plain_text', text: submit } } : {}),
    close: { type: 'plain_text', text: t`Close` },
    blocks: [section(t`Drain ${code(drainId)}`), ...blocks],
  };
}

/** What the dialog shows while the drain's plan is made again (Slack wants it open within 3 s). */
export function drainEditLoading(drainId: string): Record<string, unknown> {
  return frame(drainId, '', [context(t`⏳ Reading the drain's plan as it stands now…`)], null);
}

/** What the dialog shows when the plan could not be read (the reason is sent to the presser). */
export function drainEditFailed(drainId: string): Record<string, unknown> {
  return frame(drainId, '', [context(t`❌ Ferry could not read the plan: it sent you why.`)], null);
}

/** The hosts of a page, a few by name and the rest counted. */
const HOSTS_NAMED = 5;
function hostsNamed(hosts: string[]): string {
  const unique = [...new Set(hosts)];
  const named = unique.slice(0, HOSTS_NAMED).map(code).join(t`, `);
  return unique.length > HOSTS_NAMED ? `${named}${andMoreHosts(unique.length - HOSTS_NAMED)}` : named;
}

/** The plan's servers in its order: step by step, host by host. */
function serversOf(plan: DrainPlan) {
  return plan.steps.flatMap((step) =>
    step.hosts.flatMap((host) => host.items.map((item) => ({ ...item, host: host.host }))),
  );
}

/**
 * One page of a drain's Edit plan dialog: each server's choice (as planned, or skipped), and on the
 * first page the projects to exclude. `private_metadata`: the drain, the page and the page's servers
 * (its answer is read against them: Slack sends only the inputs' values back).
 */
export function drainEditModal(drain: DrainRecord, plan: DrainPlan, page: number): Record<string, unknown> {
  const edits = drain.drain.edits ?? [];
  const servers = serversOf(plan);
  const pages = Math.max(1, Math.ceil(servers.length / SERVERS_PER_PAGE));
  const onPage = servers.slice(page * SERVERS_PER_PAGE, (page + 1) * SERVERS_PER_PAGE);
  const choices: Record<Choice, ReturnType<typeof option>> = {
    planned: option(t`As planned`, 'planned'),
    skip: option(t`Skip: it stays where it is`, 'skip'),
  };
  const blocks: Block[] = [
    section(
      t`Servers ${page * SERVERS_PER_PAGE + 1}–${page * SERVERS_PER_PAGE + onPage.length} of ${servers.length}, on ${hostsNamed(onPage.map((item) => item.host))} (page ${page + 1} of ${pages}). Saving plans the drain again with your edits; on-call then approves the plan as edited.`,
    ),
    context(
      t`A drain places each step's servers again when its turn comes, so here a server is skipped or its project excluded, never forced cold or pinned to a host. A host that keeps a skipped server is not declared empty: the drain stops there for Continue or Skip host.`,
    ),
  ];
  const projects = page === 0 ? projectsInput(servers, edits) : null;
  if (projects) blocks.push(projects);
  for (const item of onPage) {
    const chosen: Choice = edits.some((edit) => edit.code === 'skip' && edit.serverId === item.serverId)
      ? 'skip'
      : 'planned';
    const now = item.mode ? t`now: moves ${modeWord(item.mode)}` : t`now: stays`;
    blocks.push({
      type: 'input',
      block_id: `choice:${item.serverId}`,
      optional: true,
      label: {
        type: 'plain_text',
        text: t`${item.serverName} (${item.flavor}) on ${item.host} — ${now}`.slice(0, 2000),
      },
      element: {
        type: 'static_select',
        action_id: 'choice',
        options: Object.values(choices),
        initial_option: choices[chosen],
      },
    });
  }
  return frame(
    drain.id,
    `${drain.id}:${page}:${onPage.map((item) => item.serverId).join(',')}`,
    blocks,
    page + 1 < pages ? t`Save, next page` : t`Save`,
  );
}

/** A submitted page's metadata: the drain, the page, and the servers it listed. */
export function drainEditPage(metadata: string): { drainId: string; page: number; serverIds: string[] } {
  const [drainId = '', page = '0', ids = ''] = metadata.split(':');
  return { drainId, page: Number(page) || 0, serverIds: ids ? ids.split(',') : [] };
}

/**
 * The drain's edits after a page was saved: the page's servers as answered (an edit left unchanged
 * keeps who made it), the other pages' as they were, and on the first page the projects as answered.
 */
export function drainEditsFromForm(
  drain: DrainRecord,
  submitted: { page: number; serverIds: string[] },
  values: EditFormValues,
  by: string,
): PlanEdit[] {
  const before = drain.drain.edits ?? [];
  const onPage = new Set(submitted.serverIds);
  const projectsAnswered = submitted.page === 0 && values.projects !== undefined;
  const kept = before.filter((edit) =>
    edit.code === 'skip-project' ? !projectsAnswered : !onPage.has(edit.serverId),
  );
  const earlier = (made: PlanEdit): PlanEdit => ({
    ...(before.find((old) => JSON.stringify({ ...old, by: '' }) === JSON.stringify({ ...made, by: '' })) ??
      made),
  });
  const made: PlanEdit[] = [];
  if (projectsAnswered)
    for (const picked of values.projects?.projects?.selected_options ?? [])
      made.push(earlier({ code: 'skip-project', projectId: picked.value, by }));
  for (const serverId of onPage)
    if (values[`choice:${serverId}`]?.choice?.selected_option?.value === 'skip')
      made.push(earlier({ code: 'skip', serverId, by }));
  return [...kept, ...made];
}
