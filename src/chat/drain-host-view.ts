import { homeServersGone } from '../core/drain/home.ts';
import type {
  DrainHostReason,
  DrainHostState,
  DrainRecord,
  EvacuationRecord,
} from '../core/model/records.ts';
import type { CheckResult } from '../core/model/types.ts';
import { k, t, translated } from '../i18n/index.ts';
import { wordCheck } from '../messages/checks.ts';
import { serversCount } from '../messages/counted.ts';
import { drainHostNote, notBackWhy, skippedStaysAwayText, stoppedByText } from '../messages/drain.ts';
import { notBackNote } from '../messages/evacuation.ts';
import { rebootFailureReason } from '../messages/reboot.ts';
import { stateWord } from '../messages/states.ts';
import { sentences } from '../messages/units.ts';
import { actorText, button, code, escapeMrkdwn, type Rendered, section, sectionsOf } from './render.ts';

/** The drain's buttons, by action ID (its message's, its hosts' questions'). */
export const DRAIN_ACTIONS = {
  pause: 'ferry_drain_pause',
  resume: 'ferry_drain_resume',
  stop: 'ferry_drain_stop',
  hostBack: 'ferry_drain_host_back',
  skip: 'ferry_drain_skip',
  continueHost: 'ferry_drain_continue',
  reapprove: 'ferry_drain_reapprove',
} as const;

export const HOST_ICON: Record<DrainHostState['phase'], string> = {
  waiting: '⏳',
  evacuating: '🚚',
  'not-empty': '⚠️',
  empty: '🔧',
  'coming-back': '🔌',
  returning: '↩️',
  done: '✅',
  skipped: '⏭️',
  'not-started': '⏹️',
};

export const HOST_SAYS: Record<DrainHostState['phase'], string> = {
  waiting: 'waiting',
  evacuating: k`being emptied`,
  'not-empty': k`not empty: waiting for a decision`,
  empty: k`empty: under maintenance`,
  'coming-back': k`back: waiting for nova-compute`,
  returning: k`servers going back`,
  done: 'done',
  skipped: 'skipped',
  'not-started': k`not started`,
};

/**
 * What a host of the drain is doing, in words (mrkdwn, escaped): an empty host of a --reboot drain is rebooting, or
 * failed its reboot check, rather than under someone's maintenance.
 */
export function hostSays(host: DrainHostState, drainOver = false): string {
  if (leftOutFailed(host)) return t`left out after its failed reboot, still disabled`;
  const reboot = host.phase === 'empty' ? host.reboot : undefined;
  if (reboot?.failure)
    return t`failed its reboot check: ${escapeMrkdwn(rebootFailureReason(reboot.failure))}`;
  if (reboot && !reboot.verifiedAt && (reboot.before || reboot.attempts.length))
    return reboot.seen?.code === 'hostcheck-failing'
      ? t`back on a new boot, but its host check fails: ${escapeMrkdwn(reboot.seen.findings.join(t`; `))}`
      : t`rebooting`;
  // once the drain has ended nobody is asked about it any more: it is left disabled as it is
  if (drainOver && host.phase === 'not-empty') return t`not emptied: left disabled when the drain ended`;
  if (drainOver && host.phase === 'empty') return t`empty: left disabled when the drain ended`;
  return translated(HOST_SAYS[host.phase]);
}

/**
 * In the drain's thread: a host is empty; on-call says when it is back. Whether it is disabled, and
 * whether Ferry enables it afterwards, is what nova-compute said when it was found empty; with
 * --return, which servers come back is what its evacuations recorded when they ended (`notBack`).
 */
export function hostEmptyMessage(
  drain: DrainRecord,
  host: string,
  onCall: string,
  lookup: (id: string) => EvacuationRecord | undefined,
): Rendered {
  const found = drain.drain.hosts.find((h) => h.host === host);
  const before = found?.service === 'disabled-before';
  // its own servers that left (a move still running once it is empty has landed: Ferry still proves
  // it); one that only passed through goes home to the host it started the drain on
  const left = found ? homeServersGone(drain, found, lookup) : [];
  const cannot = left.filter((item) => notBackNote(item));
  const returnHome = drain.drain.returnHome && left.length > 0;
  const goBack = left.length - cannot.length;
  const back = !returnHome
    ? ''
    : cannot.length === 0
      ? t`, moves its servers back`
      : goBack > 0
        ? t`, moves ${goBack} of its ${serversCount(left.length)} back (${cannot.length} cannot, listed with the reason)`
        : left.length === 1
          ? t` (its one server cannot go back, listed with the reason)`
          : t` (none of its ${left.length} servers can go back, listed with the reason)`;
  return {
    text: escapeMrkdwn(t`${host} is empty`),
    blocks: [
      section(
        before
          ? t`🔧 ${code(host)} is empty; nova-compute on it was disabled before the drain and stays disabled: Ferry does not enable it${returnHome ? t`, so its servers stay where they went` : drain.drain.returnHome ? t`; no server left it, so none comes back` : ''}. Do the maintenance, then press *Host is back* (${onCall}) for the drain to go on. A reboot is noticed without the button: nova-compute going down and up again counts as back.`
          : drain.drain.reboot
            ? t`🔧 ${code(host)} is empty and disabled: Ferry reboots it now and enables it${back} once it is verified back, then goes on. *Host is back* (${onCall}) takes it as back by hand.`
            : t`🔧 ${code(host)} is empty and disabled: do the maintenance, then press *Host is back* (${onCall}). Ferry waits for nova-compute to report up, enables it${back} and goes on. A reboot is noticed without the button: nova-compute going down and up again counts as back.`,
      ),
      ...(returnHome && !before
        ? sectionsOf(
            cannot.map(
              (item) =>
                t`↪️ ${code(item.serverName)} cannot go back: ${escapeMrkdwn(notBackNote(item) ?? '')}`,
            ),
          )
        : []),
      {
        type: 'actions',
        block_id: `drain-host:${drain.id}:${host}`,
        elements: [
          button(t`Host is back`, DRAIN_ACTIONS.hostBack, `${drain.id}:${host}`, {
            style: 'primary',
            confirm: {
              title: t`Is ${host} back?`,
              text: before
                ? t`Ferry waits for nova-compute on ${code(host)} to report up and goes on; the host stays disabled.`
                : t`Ferry enables nova-compute on ${code(host)} once it reports up${!returnHome ? '' : cannot.length === 0 ? t` and moves its servers back` : goBack > 0 ? t` and moves ${goBack} of its ${serversCount(left.length)} back` : t`; none of its servers can go back`}.`,
              confirm: t`It is back`,
            },
          }),
          button(t`Skip host`, DRAIN_ACTIONS.skip, `${drain.id}:${host}`, {
            confirm: {
              title: t`Skip ${host}?`,
              text: before
                ? t`Ferry leaves ${code(host)} disabled as it was before the drain and goes on.`
                : t`Ferry enables ${code(host)} again as it is${returnHome ? t`; its servers stay where they went` : ''}, and goes on.`,
              confirm: t`Skip`,
            },
          }),
        ],
      },
    ],
  };
}

/** A sentence ended once: text that ends with its own full stop (Nova's messages do) gets no second. */
function sentence(text: string): string {
  return /[.。!?！？]$/.test(text) ? text : t`${text}.`;
}

/** What a host's line adds after its state: who skipped it (a fact, said here), or why it stands so. */
export function hostNote(
  host: DrainHostState,
  lookup?: (id: string) => EvacuationRecord | undefined,
): string {
  // left out by Ferry itself (a failed reboot below the breaker): hostSays says so, nobody pressed Skip
  if (leftOutFailed(host)) return '';
  if (host.skipped)
    return t` — skipped by <@${escapeMrkdwn(host.skipped.by)}>${host.skipped.enabledAgain ? t`; enabled again as it was` : ''}`;
  // "nothing to do" is said once, in the thread as the host is done: its line says what it is
  if (host.reason?.code === 'nothing-to-do') return t` — no server was on it; left disabled as found`;
  const notBack = lookup ? notBackWhy(host, lookup) : null;
  if (notBack) return ` — ${escapeMrkdwn(notBack)}`;
  const note = drainHostNote(host);
  return note ? ` — ${escapeMrkdwn(note)}` : '';
}

/** The servers a host's reason names itself, each of them. */
function serversNamed(why: DrainHostReason): string[] {
  if (why.code === 'unlisted' || why.code === 'skipped-stay') return why.servers.map((s) => s.server);
  return [];
}

/** In the drain's thread: a host could not be emptied; it must not be rebooted, so on-call decides. */
export function hostNotEmptyMessage(
  drain: DrainRecord,
  host: string,
  remaining: string[],
  why: DrainHostReason | string,
  onCall: string,
): Rendered {
  const shown = remaining.slice(0, 10).map(code).join(t`, `);
  // a reason that names every server still on it (Nova's list left them out, or the plan skipped them)
  // is not followed by the same names again: an unreadable server's ID said twice (operator trial)
  const named = typeof why === 'string' ? [] : serversNamed(why);
  const stillOn = remaining.every((server) => named.includes(server))
    ? ''
    : t` Still on it: ${shown}${remaining.length > 10 ? t` and ${remaining.length - 10} more` : ''}.`;
  return {
    text: escapeMrkdwn(t`${host} is not empty`),
    blocks: [
      section(
        t`⚠️ ${code(host)} is *not empty*: ${escapeMrkdwn(sentence(drainHostNote(why) ?? ''))}${stillOn} Do not reboot it. ${onCall}: *Continue* tries to empty it again, *Skip host* enables it again as it is and goes on${drain.drain.returnHome ? t` (the servers that left it stay where they went)` : ''}, *Stop drain* ends the drain.`,
      ),
      {
        type: 'actions',
        block_id: `drain-host:${drain.id}:${host}`,
        elements: [
          button(t`Continue with ${host}`, DRAIN_ACTIONS.continueHost, `${drain.id}:${host}`, {
            style: 'primary',
          }),
          button(t`Skip host`, DRAIN_ACTIONS.skip, `${drain.id}:${host}`),
          button(t`Stop drain`, DRAIN_ACTIONS.stop, drain.id, {
            style: 'danger',
            confirm: { title: t`Stop the drain?`, text: t`No new host starts.`, confirm: t`Stop` },
          }),
        ],
      },
    ],
  };
}

/** In the drain's thread: on-call pressed Continue on a host not empty (asked, or approved). */
export function hostContinueLine(host: string, by: string, approvedBy: string | undefined): string {
  return approvedBy
    ? t`▶️ <@${escapeMrkdwn(approvedBy)}> approved going on with ${code(host)} (asked by <@${escapeMrkdwn(by)}>): Ferry tries to empty it again.`
    : t`▶️ <@${escapeMrkdwn(by)}> asks to go on with ${code(host)}: another on-call person presses *Continue* to approve (four-eyes rule).`;
}

/** In the drain's thread: on-call left a host out. */
export function hostSkippedLine(drain: DrainRecord, host: string): string {
  const skipped = drain.drain.hosts.find((h) => h.host === host)?.skipped;
  if (!skipped) return t`⏭️ On-call skipped ${code(host)}.`;
  const by = `<@${escapeMrkdwn(skipped.by)}>`;
  const line = skipped.enabledAgain
    ? t`⏭️ ${by} skipped ${code(host)}: it is enabled again as it is.`
    : t`⏭️ ${by} skipped ${code(host)}.`;
  const away = skippedStaysAwayText(skipped);
  // joined as the language joins two sentences (Chinese: none after 。)
  return away ? t`${line} ${away}` : line;
}

/** A step whose last host was skipped: dropped, and the drain goes on with the next one or ends. */
export function stepDroppedLine(step: number, last: boolean): string {
  return last
    ? t`⏭️ Step ${step + 1} has no host left: it is dropped, and as it was the last step the drain ends.`
    : t`⏭️ Step ${step + 1} has no host left: it is dropped, and the drain goes on with step ${step + 2}.`;
}

/**
 * A question in the drain's thread (Host is back, a host not empty, a held plan) once nobody needs to
 * answer it: its buttons go, and it says what the answer was and who gave it, or why none is needed.
 */
export function answeredQuestion(drain: DrainRecord, host: string | null): Rendered {
  const state = drain.drain;
  const found = host === null ? undefined : state.hosts.find((h) => h.host === host);
  const who = (user: string) => `<@${escapeMrkdwn(user)}>`;
  const stopped = state.stoppedBy
    ? t`⏹️ Answered: the drain was stopped by ${stoppedByText(state, actorText)}.`
    : null;
  let answer: string;
  if (!found) {
    // how this hold ended as recorded (a drain from before that record: stopped, or its last approval)
    const ended = state.heldEnded;
    const again =
      ended?.code === 'reapproved' ? ended.by : ended || stopped ? undefined : state.reapprovedBy?.at(-1);
    if (ended?.code === 'no-host-left')
      answer = t`⏭️ Answered: ${who(ended.by)} skipped ${code(ended.host)}, the step's last host: the step was dropped with its new plan.`;
    else if (again) answer = t`✅ Answered: ${who(again)} approved the new plan; the drain went on.`;
    else
      answer =
        stopped ??
        t`The drain's held plan waits for no answer here any more: the drain is ${stateWord(state.phase)}.`;
  } else if (leftOutFailed(found))
    answer = t`⚠️ Answered: ${code(found.host)} failed its reboot check and Ferry left it out; it stays disabled and needs a person.`;
  else if (found.skipped)
    answer = sentences(
      t`⏭️ Answered: ${who(found.skipped.by)} skipped ${code(found.host)}${found.skipped.enabledAgain ? t`; it was enabled again as it was` : ''}.`,
      skippedStaysAwayText(found.skipped),
    );
  else if (found.backBy)
    answer =
      found.backBy === 'ferry' && found.reboot?.verifiedAt !== undefined
        ? t`✅ Answered: Ferry rebooted ${code(found.host)} and verified it, so Ferry took the host as back.`
        : found.backBy === 'ferry'
          ? t`🔌 Answered: nova-compute on ${code(found.host)} went down and came back up, so Ferry took the host as back.`
          : t`🔌 Answered: ${who(found.backBy)} said ${code(found.host)} is back.`;
  else if (found.continued)
    answer = t`▶️ Answered: Continue with ${code(found.host)}, asked by ${who(found.continued.by)} and approved by ${who(found.continued.approvedBy)}; Ferry tried to empty it again.`;
  else
    answer =
      stopped ??
      t`${code(found.host)} waits for no answer here any more: ${HOST_ICON[found.phase]} ${hostSays(found)}.`;
  return { text: escapeMrkdwn(t`Drain ${drain.id}: answered`), blocks: [section(answer)] };
}

/**
 * A person said the host is back. Whether Ferry enables it is what nova-compute said when it was
 * found empty: one disabled before the drain stays disabled (as the host's own post said).
 */
export function hostBackLine(drain: DrainRecord, host: string, by: string): string {
  const who = `<@${escapeMrkdwn(by)}>`;
  return drain.drain.hosts.find((h) => h.host === host)?.service === 'disabled-before'
    ? t`🔌 ${who} says ${code(host)} is back: Ferry waits for nova-compute to report up and goes on; the host stays disabled, as it was before the drain.`
    : t`🔌 ${who} says ${code(host)} is back: Ferry waits for nova-compute to report up, then enables it.`;
}

/**
 * A host enabled again as it is back, though its SSH host check fails: each failing line with its fix,
 * said in the thread (operator trial: it was enabled without a word).
 */
export function hostCheckFailsLine(host: string, failing: CheckResult[]): string {
  const each = failing.map((check) => {
    const words = wordCheck(check);
    return words.fix ? t`${words.reason} ➜ ${words.fix}` : words.reason;
  });
  return t`⚠️ Ferry enabled ${code(host)} again, as it is back, but its host check fails: ${escapeMrkdwn(each.join(' · '))}. Moves onto it may fail until that is mended.`;
}

/** A host Ferry left out after its reboot failed (below the breaker): disabled, no longer Ferry's work. */
function leftOutFailed(host: DrainHostState): boolean {
  return host.phase === 'skipped' && host.skipped?.by === 'ferry' && host.reboot?.failure !== undefined;
}

/**
 * The drain's report: the hosts whose reboot failed and that the drain leaves disabled (held for
 * on-call, or left out below the breaker): each needs a person, with why. Null when there are none.
 */
export function rebootAttentionText(drain: DrainRecord): string | null {
  const failed = drain.drain.hosts.filter(
    (h) => h.reboot?.failure && (h.phase === 'empty' || (h.phase === 'skipped' && !h.skipped?.enabledAgain)),
  );
  if (failed.length === 0) return null;
  const each = failed.map(
    (h) => t`${code(h.host)} (${escapeMrkdwn(rebootFailureReason(h.reboot?.failure as never))})`,
  );
  // with silences, said outright: the drain's silence of a host it leaves disabled has ended
  return failed.some((h) => h.silence)
    ? t`🧑‍🔧 Needs a person: ${each.join(t`; `)}. Each stays disabled, and the drain's alert silence on it has ended.`
    : t`🧑‍🔧 Needs a person: ${each.join(t`; `)}. Each stays disabled.`;
}
