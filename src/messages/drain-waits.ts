import { rebootedByFerry } from '../core/drain/hosts.ts';
import type { DrainRecord } from '../core/model/records.ts';
import { t } from '../i18n/index.ts';

/**
 * What a drain waits for a person to say, if it does: its question in the thread, or its buttons.
 * `confirms`: the servers of its step whose cold move waits for Confirm or Revert (auto-confirm off);
 * `stalls`: those whose live move stopped converging and waits for on-call's Force complete or Abort.
 * /wait, the console's end and App Home say it alike.
 */
export function drainQuestion(
  drain: DrainRecord,
  confirms: readonly string[] = [],
  stalls: readonly string[] = [],
): string | undefined {
  const { phase, hosts } = drain.drain;
  if (phase === 'held') return t`on-call to press Approve new plan`;
  if (phase === 'paused') return t`someone to press Resume`;
  if (phase !== 'running') return undefined;
  // an empty host of a --reboot drain is Ferry's to reboot and verify: nobody need press Host is back
  const empty = hosts
    .filter((host) => host.phase === 'empty' && !rebootedByFerry(drain, host))
    .map((host) => host.host);
  const notEmpty = hosts.filter((host) => host.phase === 'not-empty').map((host) => host.host);
  const questions = [
    ...(empty.length ? [t`someone to press Host is back for ${empty.join(t`, `)}`] : []),
    ...notEmpty.map((host) => t`someone to press Continue with ${host} or Skip host`),
    ...(confirms.length ? [t`someone to press Confirm or Revert for ${confirms.join(t`, `)}`] : []),
    ...(stalls.length ? [t`on-call to press Force complete or Abort for ${stalls.join(t`, `)}`] : []),
  ];
  return questions.length ? questions.join(t` and `) : undefined;
}
