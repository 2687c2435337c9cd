import { stepCount, stepHosts } from '../core/drain/drainer.ts';
import type { DrainPlan } from '../core/model/drain.ts';
import type {
  DrainHostState,
  DrainRecord,
  EvacuationItemState,
  EvacuationRecord,
  Outcome,
} from '../core/model/records.ts';
import type { StallDecision } from '../core/model/stall-policy.ts';
import { t } from '../i18n/index.ts';
import { blackoutFigure } from '../messages/blackout.ts';
import {
  drainHostNote,
  drainNotBack,
  heldMissingLines,
  heldReason,
  stoppedByText,
} from '../messages/drain.ts';
import { itemNote } from '../messages/evacuation.ts';
import { failedProofsText, outcomeUnproven } from '../messages/proofs.ts';
import { rebootReportText, rebootStateLine } from '../messages/reboot.ts';
import { outcomeText } from '../messages/runs.ts';
import { stallTally } from '../messages/stall-policy.ts';
import { modeWord, stateWord } from '../messages/states.ts';
import { formatDuration } from '../messages/units.ts';
import { drainEditButton } from './drain-edit-view.ts';
import { silenceNote } from './drain-gates-view.ts';
import { DRAIN_ACTIONS, HOST_ICON, hostNote, hostSays, rebootAttentionText } from './drain-host-view.ts';
import { drainPlanMessage, serversAfter } from './drain-plan-view.ts';
import { counts, unknownPart } from './evacuation-view.ts';
import { skippedByText } from './plan-edit-view.ts';
import type { Block } from './render.ts';
import {
  actorText,
  approvalActions,
  button,
  capitalise,
  checkLines,
  clockTime,
  code,
  context,
  escapeMrkdwn,
  type Rendered,
  section,
  sectionsOf,
} from './render.ts';
import { progressBar } from './run-view.ts';

/** who stopped a drain: a person (a Slack user ID), or the end of its window said in words */

/** Slack allows 50 blocks a message; the rest of a very long report is counted, not shown. */
const MAX_BLOCKS = 45;

/**
 * What became of each server that was on a host, by its latest try: a host not empty that on-call
 * went on with is emptied by a second evacuation, which tries again what the first left behind.
 */
export function latestItems(host: DrainHostState, lookup: (id: string) => EvacuationRecord | undefined) {
  const latest = new Map<string, EvacuationItemState>();
  for (const id of host.evacuationIds)
    for (const item of lookup(id)?.evacuation.items ?? []) latest.set(item.serverId, item);
  return [...latest.values()];
}

/** Moves of a drain, each server counted once by its latest try (`lookup` reads one from the store). */
export function drainMoves(drain: DrainRecord, lookup: (id: string) => EvacuationRecord | undefined) {
  let moved = 0;
  let back = 0;
  let failed = 0;
  let unknown = 0;
  for (const host of drain.drain.hosts) {
    const c = counts(latestItems(host, lookup));
    moved += c.done;
    failed += c.failed;
    unknown += c.unknown;
    const r = counts(lookup(host.returnId ?? '')?.evacuation.items ?? []);
    back += r.done;
    failed += r.failed;
    unknown += r.unknown;
  }
  return { moved, back, failed, unknown };
}

/**
 * Time left, from the measured rates: the mean time Ferry spent moving servers for each finished host
 * (emptying it, then bringing its servers back), times the steps left. Maintenance time is not known.
 */
export function drainEta(drain: DrainRecord, now: number): number | null {
  const state = drain.drain;
  const worked = state.hosts
    .filter((h) => h.phase === 'done' && h.startedAt !== undefined && h.emptyAt !== undefined)
    .map((h) => {
      const emptying = (h.emptyAt as number) - (h.startedAt as number);
      const returning = h.backAt !== undefined && h.endedAt !== undefined ? h.endedAt - h.backAt : 0;
      return emptying + returning;
    });
  if (worked.length === 0) return null;
  const mean = worked.reduce((a, b) => a + b, 0) / worked.length;
  const current = stepHosts(state);
  const inStep = current.filter((h) => h.phase === 'waiting' || h.phase === 'evacuating');
  const sinceStart = inStep.map((h) => (h.startedAt ? now - h.startedAt : 0));
  const leftOfStep = inStep.length ? Math.max(0, mean - Math.max(...sinceStart)) : 0;
  const stepsAfter = stepCount(state) - state.step - 1;
  return leftOfStep + stepsAfter * mean;
}

export interface DrainView {
  approvers: string;
  expiresAt: number;
  timeZone: string;
  now: number;
  status: string;
  lookup: (id: string) => EvacuationRecord | undefined;
}

/** Each host's servers leaving and those that cannot go back, as planned (null: a drain from before) */
function plannedCounts(hosts: DrainHostState[]): { leaving: number; staysAway: number }[] | null {
  const counts = hosts.map((host) => host.planned);
  return counts.every((planned) => planned !== undefined)
    ? counts.map((planned) => ({ leaving: planned?.leaving ?? 0, staysAway: planned?.staysAway ?? 0 }))
    : null;
}

/** The drain's one message, updated in place: what it does, where every host stands, and its controls. */
export function drainMessage(drain: DrainRecord, view: DrainView): Rendered {
  const state = drain.drain;
  const where = state.zone
    ? t` of zone ${code(state.zone)}`
    : state.aggregate
      ? t` of aggregate ${code(state.aggregate)}`
      : '';
  const head = t`*${drain.status === 'dry-run' ? t`Dry run: drain` : t`Drain`}* ${code(drain.id)}: <@${escapeMrkdwn(drain.requestedBy)}> asks to drain ${state.hosts.length} host(s)${where}, ${state.hostsAtOnce} at a time, up to ${state.concurrency} move(s) at once per host; servers ${serversAfter(state.returnHome, plannedCounts(state.hosts))}${state.windowId ? t`; with window ${code(state.windowId)}` : ''}.`;
  const blocks: Block[] = [section(head, 'summary')];
  const reboot = rebootStateLine(state);
  if (reboot) blocks.push(context(escapeMrkdwn(reboot)));
  if (drain.status === 'pending' || drain.status === 'blocked' || drain.status === 'dry-run')
    blocks.push(...sectionsOf(checkLines(drain.checks)));
  if (drain.status === 'approved' && state.phase !== 'planned') {
    const total = state.hosts.length;
    const finished = state.hosts.filter((h) => ['done', 'skipped', 'not-started'].includes(h.phase)).length;
    // the bar is the work done: a host skipped or not started was not drained
    const drained = state.hosts.filter((h) => h.phase === 'done').length;
    const { moved, back, failed, unknown } = drainMoves(drain, view.lookup);
    const eta = state.phase === 'done' ? null : drainEta(drain, view.now);
    const elapsed = (state.endedAt ?? view.now) - (state.startedAt ?? view.now);
    blocks.push(
      section(
        t`${progressBar((drained / Math.max(1, total)) * 100, 10)} step ${Math.min(state.step + 1, stepCount(state))} of ${stepCount(state)} · ${finished} of ${total} host(s) finished · ${moved} server(s) moved off${state.returnHome ? t`, ${back} back home` : ''}${failed ? t`, ${failed} failed` : ''}${unknownPart(unknown)} · ${state.phase === 'done' ? t`took ${formatDuration(elapsed)}` : t`${formatDuration(elapsed)} so far`}${eta !== null ? t` · about ${formatDuration(eta)} left, maintenance not counted` : ''}`,
        'progress',
      ),
    );
    const lines = state.hosts.map(
      (h) => t`${HOST_ICON[h.phase]} ${code(h.host)} ${hostSays(h)}${hostNote(h)}${silenceNote(h)}`,
    );
    const shown = lines.slice(0, 60);
    blocks.push(...sectionsOf(shown));
    if (lines.length > shown.length)
      blocks.push(context(t`… and ${lines.length - shown.length} more host(s).`));
  }
  blocks.push(section(view.status, 'status'));
  if (drain.status === 'pending') {
    blocks.push(
      context(
        t`One approval covers this walk (the plan is in the thread). Needs ${view.approvers}. Expires ${clockTime(view.expiresAt, view.timeZone)}.`,
      ),
      drainApproval(drain),
      // the requester may edit the plan (skip servers, exclude projects) until it is decided
      { type: 'actions', block_id: `edit:${drain.id}`, elements: [drainEditButton(drain.id)] },
    );
  }
  const controls = drainControls(drain);
  if (controls) blocks.push(controls);
  const text = t`Drain ${drain.id}: ${state.hosts.length} host(s), ${stateWord(drain.status === 'approved' ? state.phase : drain.status)}`;
  return { text: escapeMrkdwn(text), blocks: blocks.slice(0, 50) };
}

/** Approve and Reject for a drain's exact plan (its fingerprint). */
export function drainApproval(drain: DrainRecord): Block {
  return approvalActions(
    drain.id,
    { title: t`Approve drain ${drain.id}?`, text: approvalText(drain.drain) },
    drain.drain.fingerprint,
  );
}

/**
 * What approving does, host by host as planned: Ferry disables and empties a host in service; one
 * disabled before the drain is emptied and left disabled, so its servers do not come back (with none,
 * there is nothing to do on it); with return, only the servers the plan brings back are promised.
 */
function approvalText(state: DrainRecord['drain']): string {
  const before = (h: DrainHostState) => h.planned?.disabledBefore === true;
  const disabling = state.hosts.filter((h) => !before(h));
  const emptying = state.hosts.filter((h) => before(h) && h.planned?.servers !== 0);
  const idle = state.hosts.filter((h) => before(h) && h.planned?.servers === 0);
  const leaving = disabling.reduce((sum, h) => sum + (h.planned?.leaving ?? 0), 0);
  const away = disabling.reduce((sum, h) => sum + (h.planned?.staysAway ?? 0), 0);
  const back = !state.returnHome
    ? ''
    : away === 0
      ? t`, bringing their servers back after each`
      : away < leaving
        ? t`, bringing back after each the servers that can go back (${away} of ${leaving} cannot: the plan says why)`
        : t`; none of their ${leaving} server(s) can go back (the plan says why)`;
  return [
    disabling.length
      ? t`Disable and empty ${hostList(disabling.map((h) => h.host))}, ${state.hostsAtOnce} at a time${back}.`
      : '',
    emptying.length
      ? t`Empty ${hostList(emptying.map((h) => h.host))}, disabled before the drain: Ferry leaves them disabled${state.returnHome ? t`, so their servers stay where they go` : ''}.`
      : '',
    idle.length
      ? t`Nothing to empty on ${hostList(idle.map((h) => h.host))}: disabled before the drain and without servers, left disabled as found.`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** A dialog's list of hosts: a few by name, the rest counted (its text holds 300 characters). */
const HOSTS_NAMED = 5;
function hostList(hosts: string[]): string {
  const named = hosts.slice(0, HOSTS_NAMED).map(code).join(t`, `);
  return hosts.length > HOSTS_NAMED ? t`${named} and ${hosts.length - HOSTS_NAMED} more host(s)` : named;
}

function drainControls(drain: DrainRecord): Block | null {
  const phase = drain.drain.phase;
  if (drain.status !== 'approved' || !['running', 'paused', 'held'].includes(phase)) return null;
  const stop = button(t`Stop`, DRAIN_ACTIONS.stop, drain.id, {
    style: 'danger',
    confirm: {
      title: t`Stop the drain?`,
      text: t`No new host starts; moves in flight finish. Hosts already empty stay disabled for their maintenance.`,
      confirm: t`Stop`,
    },
  });
  const elements =
    phase === 'paused'
      ? [button(t`Resume`, DRAIN_ACTIONS.resume, drain.id, { style: 'primary' }), stop]
      : phase === 'running'
        ? [button(t`Pause`, DRAIN_ACTIONS.pause, drain.id), stop]
        : [stop];
  return { type: 'actions', block_id: `drain:${drain.id}`, elements };
}

/** In the drain's thread: a later step no longer fits; the new plan needs on-call's approval. */
export function drainHeldMessage(drain: DrainRecord, plan: DrainPlan): Rendered {
  const held = drain.drain.held;
  const lines = [
    t`✋ Before step ${drain.drain.step + 1}, Ferry planned the rest of the drain again and it no longer holds: ${escapeMrkdwn(held ? heldReason(held) : '')}`,
    ...(held ? heldMissingLines(held) : []).slice(0, 10).map((line) => `   ❌ ${escapeMrkdwn(line)}`),
  ];
  return {
    text: t`The drain is held: its plan no longer fits`,
    blocks: [
      ...sectionsOf(lines),
      ...drainPlanMessage(plan, drain.requestedBy, true).blocks.slice(1, 20),
      context(
        t`No host was started for this step. Approve the new plan to go on anyway (the steps that do not fit will leave servers behind), or free room and stop and ask again.`,
      ),
      {
        type: 'actions',
        block_id: `drain-held:${drain.id}`,
        elements: [
          button(t`Approve new plan`, DRAIN_ACTIONS.reapprove, `${drain.id}@${plan.fingerprint}`, {
            style: 'primary',
            confirm: {
              title: t`Go on with the new plan?`,
              text: t`The drain continues from this step with the plan shown.`,
              confirm: t`Approve`,
            },
          }),
          button(t`Stop drain`, DRAIN_ACTIONS.stop, drain.id, { style: 'danger' }),
        ],
      },
    ].slice(0, 50),
  };
}

/** The final report: every server with its original host, where it went, whether it came back. */
export function drainReport(
  drain: DrainRecord,
  lookup: (id: string) => EvacuationRecord | undefined,
  /** the stall policy's decisions on its moves that stopped converging */
  stalls: StallDecision[] = [],
): Rendered {
  const state = drain.drain;
  const lines: string[] = [];
  for (const host of state.hosts) {
    const left = latestItems(host, lookup);
    const back = lookup(host.returnId ?? '')?.evacuation.items ?? [];
    const hostLine = t`${HOST_ICON[host.phase]} ${code(host.host)} ${hostSays(host)}${host.startedAt && host.endedAt ? t` in ${formatDuration(host.endedAt - host.startedAt)}` : ''}${backText(host)}${hostNote(host)}`;
    lines.push(hostLine);
    if (host.reboot) lines.push(`   🔁 ${escapeMrkdwn(rebootReportText(host.reboot))}`);
    for (const item of left) {
      const went = item.outcome?.kind === 'completed' ? (item.outcome.host ?? item.destination) : null;
      const returned = back.find((b) => b.serverId === item.serverId);
      const home =
        returned?.outcome?.kind === 'completed'
          ? t`back in ${formatDuration(returned.outcome.durationMs)}`
          : returned?.outcome
            ? t`not back: ${stateWord(returned.outcome.kind)}`
            : state.returnHome && went
              ? notBack(
                  returned && returned.state !== 'waiting'
                    ? itemNote(returned)
                    : drainNotBack(host, item.serverId),
                )
              : '';
      const note = itemNote(item);
      const moved = item.outcome
        ? item.outcome.kind === 'completed'
          ? movedLine(code(went ?? '?'), item.mode ? modeWord(item.mode) : '—', item.outcome)
          : t`${stateWord(item.outcome.kind)}: ${escapeMrkdwn(outcomeText(item.outcome))}`
        : // a movable server's note is its plan's ("moves by cold migration"), not why it did not move
          t`not moved${note && !item.mode ? `: ${skippedByText(item.reason) ?? escapeMrkdwn(note)}` : ''}`;
      lines.push(t`   ${code(item.serverName)} ${moved}${home ? ` · ${home}` : ''}`);
    }
  }
  const { moved, back, failed, unknown } = drainMoves(drain, lookup);
  // a host left out after its failed reboot stays disabled too: it is listed, and needs a person
  const disabled = state.hosts.filter(
    (h) =>
      h.phase === 'empty' ||
      h.phase === 'not-empty' ||
      (h.phase === 'skipped' && h.skipped?.by === 'ferry' && !h.skipped.enabledAgain),
  );
  const head = t`*Drain report* ${code(drain.id)}: ${state.hosts.filter((h) => h.phase === 'done').length} of ${state.hosts.length} host(s) done, ${moved} server(s) moved off${state.returnHome ? t`, ${back} back home` : ''}${failed ? t`, ${failed} failed` : ''}${unknownPart(unknown)}${state.startedAt && state.endedAt ? t` in ${formatDuration(state.endedAt - state.startedAt)}` : ''}. Requested by <@${escapeMrkdwn(drain.requestedBy)}>, approved by <@${escapeMrkdwn(drain.decidedBy ?? '?')}>${(state.reapprovedBy ?? []).map((u) => t`, again by <@${escapeMrkdwn(u)}>`).join('')}${state.stoppedBy ? t`, stopped by ${stoppedByText(state, actorText)}` : ''}.`;
  let body = sectionsOf(lines);
  const notes: Block[] = [];
  if (body.length > MAX_BLOCKS) {
    notes.push(
      context(
        t`… ${body.length - MAX_BLOCKS} more section(s) do not fit in one Slack message; each host's evacuation thread lists its servers.`,
      ),
    );
    body = body.slice(0, MAX_BLOCKS);
  }
  const blocks: Block[] = [section(head), ...body, ...notes];
  const stalled = stallTally(stalls);
  if (stalled) blocks.push(context(escapeMrkdwn(stalled)));
  const attention = rebootAttentionText(drain);
  if (attention) blocks.push(context(attention));
  if (disabled.length)
    blocks.push(
      context(
        t`Still disabled: ${disabled.map((h) => code(h.host)).join(t`, `)}. Enable each when it is healthy: \`openstack compute service set --enable <host> nova-compute\`.`,
      ),
    );
  return { text: escapeMrkdwn(t`Drain report ${drain.id}`), blocks: blocks.slice(0, 50) };
}

/** A server that stayed where it went: why, when the move back's plan said so (say, an older QEMU). */
function notBack(why: string | undefined): string {
  return why ? t`not back: ${escapeMrkdwn(why)}` : t`not back`;
}

/** In the drain's thread: a host is done, enabled again, and whether its servers came back. */
export function hostDoneLine(drain: DrainRecord, host: string): string {
  const found = drain.drain.hosts.find((h) => h.host === host);
  const said = found && drainHostNote(found);
  const note = said ? ` ${escapeMrkdwn(capitalise(said))}` : '';
  if (found?.leftDisabled)
    return t`✅ ${code(host)} is done and stays disabled, as it was before the drain.${note}`;
  const back = drain.drain.returnHome && !said ? t`; its servers are back` : '';
  return t`✅ ${code(host)} is done and enabled again${back}.${note}`;
}

/** /drain list: one line per drain; its bar is the hosts drained (a host skipped was not). */
export function drainLine(drain: DrainRecord, timeZone: string): string {
  const state = drain.drain;
  const count = (phase: DrainHostState['phase']) => state.hosts.filter((h) => h.phase === phase).length;
  const bar =
    drain.status === 'approved' && state.phase !== 'planned'
      ? ` ${progressBar((count('done') / Math.max(1, state.hosts.length)) * 100, 10)}`
      : '';
  const left = count('skipped') + count('not-started');
  return t`${code(drain.id)} ${drain.status === 'approved' ? stateWord(state.phase) : stateWord(drain.status)}${bar} · ${count('done')}/${state.hosts.length} host(s) done${left ? t`, ${count('skipped')} skipped, ${count('not-started')} not started` : ''} · asked by <@${escapeMrkdwn(drain.requestedBy)}> at ${clockTime(drain.createdAt, timeZone)}`;
}

/** A move that landed, with its duration and, for a live one measured, its blackout. */
function movedLine(where: string, mode: string, outcome: Outcome): string {
  const took = formatDuration(outcome.durationMs);
  const blackout = blackoutFigure(outcome);
  const line = blackout ? t`→ ${where} (${mode}, ${took}, ${blackout})` : t`→ ${where} (${mode}, ${took})`;
  // a move one of whose proofs failed keeps its ⚠️ and names the proof, as the evacuation's report does
  if (!outcomeUnproven(outcome)) return line;
  const proofs = outcome.fact?.code === 'moved' ? outcome.fact.proofs : undefined;
  return `⚠️ ${line} · ${escapeMrkdwn(t`moved, not proven: ${failedProofsText(proofs)}`)}`;
}

/** How the host came back: rebooted by Ferry and verified, nova-compute seen coming up, or who said so. */
function backText(host: DrainHostState): string {
  if (!host.backBy) return '';
  if (host.backBy === 'ferry' && host.reboot?.verifiedAt !== undefined)
    return t` · rebooted by Ferry and verified`;
  return t` · back by ${host.backBy === 'ferry' ? t`nova-compute coming up` : `<@${escapeMrkdwn(host.backBy)}>`}`;
}
