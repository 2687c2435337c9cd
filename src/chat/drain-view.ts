import { stepCount, stepHosts } from '../core/drain/drainer.ts';
import type { DrainPlan } from '../core/model/drain.ts';
import type { DrainHostState, DrainRecord, DrainState, EvacuationRecord } from '../core/model/records.ts';
import { t } from '../i18n/index.ts';
import { andMoreHosts, hostsAtATime, hostsCount, movesCount, serversCount } from '../messages/counted.ts';
import { heldCauseText, heldMissingLines, heldReason, stoppedByText } from '../messages/drain.ts';
import { proofsOffCaveat } from '../messages/proofs.ts';
import { hostCheckWarnings, rebootStateLine } from '../messages/reboot.ts';
import { stateWord } from '../messages/states.ts';
import { formatDuration } from '../messages/units.ts';
import { drainEditButton } from './drain-edit-view.ts';
import { drainEta, drainMoves, drainOutcomes } from './drain-figures.ts';
import { monitoringWarningLines, silenceNote } from './drain-gates-view.ts';
import { DRAIN_ACTIONS, HOST_ICON, hostNote, hostSays } from './drain-host-view.ts';
import { drainPlanMessage, serversAfter } from './drain-plan-view.ts';
import { revertedPart, unknownPart } from './evacuation-progress.ts';
import type { Block } from './render.ts';
import {
  actorText,
  approvalActions,
  button,
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
  const head = t`*${drain.status === 'dry-run' ? t`Dry run: drain` : t`Drain`}* ${code(drain.id)}: <@${escapeMrkdwn(drain.requestedBy)}> asks to drain ${hostsCount(state.hosts.length)}${where}, ${hostsAtATime(state.hostsAtOnce)}, up to ${movesCount(state.concurrency)} at once per host; servers ${serversAfter(state.returnHome, plannedCounts(state.hosts))}${state.windowId ? t`; with window ${code(state.windowId)}` : ''}.`;
  const blocks: Block[] = [section(head, 'summary')];
  const reboot = rebootStateLine(state);
  if (reboot) blocks.push(context(escapeMrkdwn(reboot)));
  if (drain.status === 'pending' || drain.status === 'blocked' || drain.status === 'dry-run')
    blocks.push(...sectionsOf([...checkLines(drain.checks, true), ...planWarningLines(state.warnings)]));
  if (drain.status === 'approved' && state.phase !== 'planned') {
    const total = state.hosts.length;
    const count = (phase: DrainHostState['phase']) => state.hosts.filter((h) => h.phase === phase).length;
    // finished = done + skipped + not started, each said; the bar is the hosts drained (done) alone
    const drained = count('done');
    const finished = drained + count('skipped') + count('not-started');
    const { moved, back, failed, reverted, unknown } = drainMoves(drain, view.lookup);
    const eta = state.phase === 'done' ? null : drainEta(drain, view.now);
    // a drain that waits for a person has no time left to tell: "about 0s left" would say it ends now
    const person = waitsForPerson(drain);
    const elapsed = (state.endedAt ?? view.now) - (state.startedAt ?? view.now);
    blocks.push(
      section(
        t`${progressBar((drained / Math.max(1, total)) * 100, 10)} of hosts drained · step ${Math.min(state.step + 1, stepCount(state))} of ${stepCount(state)} · ${finished} of ${hostsCount(total)} finished${finishedParts(drained, count('skipped'), count('not-started'))} · ${serversCount(moved)} moved off${state.returnHome ? t`, ${back} back home` : ''}${`${failed ? t`, ${failed} failed` : ''}${revertedPart(reverted)}`}${unknownPart(unknown)} · ${state.phase === 'done' ? t`took ${formatDuration(elapsed)}` : t`${formatDuration(elapsed)} so far`}${person ? t` · waits for a person: ${person}` : eta !== null ? t` · about ${formatDuration(eta)} left, maintenance not counted` : ''}`,
        'progress',
      ),
    );
    const lines = state.hosts.map(
      (h) =>
        t`${HOST_ICON[h.phase]} ${code(h.host)} ${hostSays(h, state.phase === 'done')}${hostNote(h, view.lookup)}${silenceNote(h)}`,
    );
    const shown = lines.slice(0, 60);
    blocks.push(...sectionsOf(shown));
    if (lines.length > shown.length) blocks.push(context(t`…${andMoreHosts(lines.length - shown.length)}.`));
    // its moves with proofs turned off say so here, as an evacuation's message does (operator trial)
    const proofsOff = proofsOffCaveat(drainOutcomes(drain, view.lookup));
    if (proofsOff) blocks.push(context(escapeMrkdwn(t`Moves of this drain — ${proofsOff}.`)));
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
  const text = t`Drain ${drain.id}: ${hostsCount(state.hosts.length)}, ${stateWord(drain.status === 'approved' ? state.phase : drain.status)}`;
  return { text: escapeMrkdwn(text), blocks: blocks.slice(0, 50) };
}

/** How the hosts finished split, when not all were drained: " (1 done, 1 host skipped)"; none when all were. */
function finishedParts(done: number, skipped: number, notStarted: number): string {
  if (skipped === 0 && notStarted === 0) return '';
  const parts = [
    ...(done ? [t`${done} done`] : []),
    ...(skipped ? [hostsSkipped(skipped)] : []),
    ...(notStarted ? [t`${notStarted} not started`] : []),
  ];
  return t` (${parts.join(t`, `)})`;
}

/** Hosts skipped, counted as hosts: a plan's "1 skipped" counts servers, and Chinese counts the two apart. */
function hostsSkipped(count: number): string {
  return count === 1 ? t`1 host skipped` : t`${count} hosts skipped`;
}

/** What a person must do before the drain goes on (mrkdwn), or null when it goes on by itself. */
function waitsForPerson(drain: DrainRecord): string | null {
  const state = drain.drain;
  // the button named apart from its label: Chinese quotes a button it asks for (按“恢复”)
  if (state.phase === 'paused') return t`Resume to be pressed`;
  if (state.phase === 'held') return t`the new plan's approval`;
  if (state.phase !== 'running') return null;
  const step = stepHosts(state);
  const notEmpty = step.find((h) => h.phase === 'not-empty');
  if (notEmpty) return t`Continue or Skip host for ${code(notEmpty.host)}`;
  // without --reboot an empty host waits for its maintenance; with it, only one whose reboot failed
  const empty = step.find((h) => h.phase === 'empty' && (!state.reboot || h.reboot?.failure));
  return empty ? t`Host is back for ${code(empty.host)}` : null;
}

/** What the plan warned of, as its request kept it (mrkdwn, escaped): the approver reads it here. */
function planWarningLines(warnings: DrainState['warnings']): string[] {
  if (!warnings) return [];
  return [...monitoringWarningLines(warnings), ...hostCheckWarnings(warnings.checkFailing).map(escapeMrkdwn)];
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
        : leaving === 1
          ? t`; the one server leaving cannot go back (the plan says why)`
          : t`; none of their ${leaving} servers can go back (the plan says why)`;
  // the plan's warnings are in the message, above the button: the question says they are there
  const warned = planWarningLines(state.warnings).length;
  return [
    warned === 1
      ? t`⚠️ 1 plan warning, listed in the drain's message.`
      : warned
        ? t`⚠️ ${warned} plan warnings, listed in the drain's message.`
        : '',
    disabling.length
      ? state.reboot
        ? t`Disable, empty and reboot ${hostList(disabling.map((h) => h.host))}${state.reboot.kernel ? t` onto kernel ${state.reboot.kernel}` : ''}, ${hostsAtATime(state.hostsAtOnce)}${back}.`
        : t`Disable and empty ${hostList(disabling.map((h) => h.host))}, ${hostsAtATime(state.hostsAtOnce)}${back}.`
      : '',
    emptying.length
      ? t`Empty ${hostList(emptying.map((h) => h.host))}, disabled before the drain: Ferry leaves them disabled${state.returnHome ? t`, so their servers stay where they go` : ''}.`
      : '',
    idle.length
      ? t`Nothing to empty on ${hostList(idle.map((h) => h.host))}: disabled before the drain and without servers, left disabled as found.`
      : '',
  ]
    .filter(Boolean)
    .reduce((said, next) => (said ? t`${said} ${next}` : next), '');
}

/** A dialog's list of hosts: a few by name, the rest counted (its text holds 300 characters). */
const HOSTS_NAMED = 5;
function hostList(hosts: string[]): string {
  const named = hosts.slice(0, HOSTS_NAMED).map(code).join(t`, `);
  return hosts.length > HOSTS_NAMED ? `${named}${andMoreHosts(hosts.length - HOSTS_NAMED)}` : named;
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

/** In the drain's thread: the coming step no longer fits; its new plan needs on-call's approval. */
export function drainHeldMessage(drain: DrainRecord, plan: DrainPlan): Rendered {
  const held = drain.drain.held;
  const lines = [
    t`✋ Ferry planned step ${drain.drain.step + 1} again before starting it, and a check now fails: ${escapeMrkdwn(held ? heldReason(held) : '')}`,
    ...(held ? heldMissingLines(held) : []).slice(0, 10).map((line) => `   ❌ ${escapeMrkdwn(line)}`),
  ];
  return {
    // its cause as the new plan's checks found it: nova-compute down is not "no longer fits"
    text: t`The drain is held: ${escapeMrkdwn(heldCauseText(held))}`,
    blocks: [
      ...sectionsOf(lines),
      // the drain's message no longer shows checks once approved: the new plan's are said here
      ...drainPlanMessage(plan, drain.requestedBy, true, true, drain.drain.step + 1).blocks.slice(1, 20),
      // Approve new plan works once the fault is mended: each host's evacuation is planned at its start
      // (core/drain/emptying.ts), so no new drain is needed (operator trial)
      context(
        t`No host was started for this step. Mend what fails (room, a service), then press Approve new plan: each host of the step is then planned on the cloud as it is at its start. Approved without mending, a host that cannot be emptied leaves servers behind. Or stop the drain.`,
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

/**
 * How a drain ended, by what became of its hosts: "finished" only when every host is done; one stopped
 * says by whom, and every end counts the hosts done and those left as they were.
 */
export function drainEndLine(drain: DrainRecord, timeZone: string): string {
  const state = drain.drain;
  const at = state.endedAt ? t` at ${clockTime(state.endedAt, timeZone)}` : '';
  const total = state.hosts.length;
  const count = (phase: DrainHostState['phase']) => state.hosts.filter((h) => h.phase === phase).length;
  if (count('done') === total && !state.stoppedBy)
    return total === 1
      ? t`🏁 *Drain finished*${at}: its one host, ${code(state.hosts[0]?.host ?? '')}, is done`
      : t`🏁 *Drain finished*${at}: all ${total} hosts done`;
  const left = [
    count('skipped') ? hostsSkipped(count('skipped')) : '',
    count('not-started') ? t`${count('not-started')} not started` : '',
    count('not-empty') ? t`${count('not-empty')} not emptied, still disabled` : '',
    count('empty') ? t`${count('empty')} empty, still disabled` : '',
  ].filter(Boolean);
  const tally = t`${count('done')} of ${hostsCount(total)} done${left.length ? t`; ${left.join(t`, `)}` : ''}`;
  return state.stoppedBy
    ? t`⏹️ *Drain stopped*${at} by ${stoppedByText(state, actorText)}: ${tally}`
    : t`🏁 *Drain ended*${at}: ${tally}`;
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
  return t`${code(drain.id)} ${drain.status === 'approved' ? stateWord(state.phase) : stateWord(drain.status)}${bar} · ${count('done')}/${hostsCount(state.hosts.length)} done${left ? t`, ${count('skipped')} skipped, ${count('not-started')} not started` : ''} · asked by <@${escapeMrkdwn(drain.requestedBy)}> at ${clockTime(drain.createdAt, timeZone)}`;
}
