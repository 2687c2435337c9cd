import type { DrainRecord, EvacuationRecord } from '../core/model/records.ts';
import { t } from '../i18n/index.ts';
import { heldCauseText } from '../messages/drain.ts';
import { gateHeldStatus } from './drain-gates-view.ts';
import { drainEndLine } from './drain-view.ts';
import { confirmPart, type RunsSeen, waitingForConfirm } from './evacuation-progress.ts';
import { code, escapeMrkdwn } from './render.ts';

/**
 * The servers of a drain whose cold move waits in VERIFY_RESIZE for a person's Confirm or Revert: its
 * hosts' evacuations and moves home, as their own status lines name them (evacuation-progress.ts).
 */
export function drainWaitsForConfirm(
  drain: DrainRecord,
  lookup: (id: string) => EvacuationRecord | undefined,
  seen: RunsSeen,
): string[] {
  return drain.drain.hosts.flatMap((host) =>
    [host.evacuationIds.at(-1), host.returnId].flatMap((id) => {
      const evacuation = id ? lookup(id) : undefined;
      return evacuation ? waitingForConfirm(evacuation.evacuation.items, seen) : [];
    }),
  );
}

/**
 * An approved drain's status line: where it stands, and the cold moves of its steps that wait for a
 * person's Confirm or Revert (`confirm`: their servers), which nobody else ends.
 */
export function drainStatus(
  drain: DrainRecord,
  by: string,
  at: string,
  tz: string,
  confirm: string[],
): string {
  const state = drain.drain;
  const approved = t`Approved by ${by} at ${at}`;
  const person = confirmPart(confirm);
  switch (state.phase) {
    case 'planned':
      return `👍 ${approved}${state.windowId ? t`; starts with window ${code(state.windowId)}` : ''}`;
    case 'running':
      // held by health gates before its step: said as the thread says it, not "Draining"
      return state.gate?.step === state.step && state.gate.results.length > 0
        ? `${gateHeldStatus(state.gate, approved)}${person}`
        : `${t`🚚 *Draining* · ${approved}`}${person}`;
    case 'paused':
      return `${
        state.pausedBy === 'ferry' && state.breaker
          ? state.breaker.hosts.length === 1
            ? t`⏸️ *Paused* by Ferry: 1 host failed its reboot (circuit breaker): moves in flight finish, nothing new starts · ${approved}`
            : t`⏸️ *Paused* by Ferry: ${state.breaker.hosts.length} hosts failed their reboot (circuit breaker): moves in flight finish, nothing new starts · ${approved}`
          : t`⏸️ *Paused* by <@${escapeMrkdwn(state.pausedBy ?? '?')}>: moves in flight finish, nothing new starts · ${approved}`
      }${person}`;
    case 'held':
      // its cause as its new plan's checks found it: nova-compute down is not "no room"
      return `${t`✋ *Held* before step ${state.step + 1}: ${escapeMrkdwn(heldCauseText(state.held))}; on-call decides in the thread · ${approved}`}${person}`;
    case 'stopping':
      return `${t`⏹️ *Stopping*: no new host starts · ${approved}`}${person}`;
    case 'done':
      return `${drainEndLine(drain, tz)} · ${approved}`;
  }
}
