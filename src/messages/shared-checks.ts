import type { HeldBy, RuledOut, SharedCheckFact, Unjudged } from '../core/model/checks.ts';
import type { HostFindings } from '../core/move/fit.ts';
import { t } from '../i18n/index.ts';
import type { CheckWords, WordsFor } from './check-words.ts';
import { modeWord } from './states.ts';

/** How the checks every plan shares read: not evaluated, claims held, the SSH host check. */

function unjudgedText(because: Unjudged): string {
  switch (because.why) {
    case 'unknown-destination':
      return t`Not evaluated: ${because.host} is not a compute host of this cloud.`;
    case 'same-host':
      return t`Not evaluated: ${because.server} already runs on ${because.host}.`;
    case 'no-drain-hosts':
      return t`Not evaluated: the drain names no compute host of this cloud.`;
  }
}

/** "compute2 is being drained by d-1a2b3c": who holds a host or server another request wants */
export function heldText(held: HeldBy): string {
  const by = held.holder;
  if (held.kind === 'host') {
    if (held.role === 'drained')
      return held.holderKind === 'drain'
        ? t`${held.name} is being drained by ${by}`
        : t`${held.name} is being evacuated by ${by}`;
    if (held.role === 'return') return t`${held.name} is getting its servers back with ${by}`;
    if (held.role === 'source') return t`a server is moving off ${held.name} with ${by}`;
    return t`a server is moving onto ${held.name} with ${by}`;
  }
  if (held.holderKind === 'move') return t`${held.name} is being moved by ${by}`;
  return held.drainId
    ? t`${held.name} is being moved by ${by} (drain ${held.drainId})`
    : t`${held.name} is being moved by evacuation ${by}`;
}

function ruledOutText(line: RuledOut, single: string | null): string {
  const hosts = single ? line.target : `${line.source} → ${line.target}`;
  switch (line.modes) {
    case 'both':
      return t`${hosts} for live and cold moves`;
    case 'live':
      return t`${hosts} for live moves`;
    case 'cold':
      return t`${hosts} for cold moves`;
  }
}

/** The SSH host check's line for one host of a move: its title, reason and fix. */
export function hostFindingsWords(f: HostFindings): CheckWords {
  const hostcheck = t`/hostcheck ${f.source}${f.destination ? ` ${f.destination}` : ''}`;
  const title = t`Host configuration (${f.scope === 'pair' ? t`both hosts agree` : f.scope})`;
  if (f.bad > 0) {
    const kind = f.mode === 'cold' ? t`cold` : t`live`;
    const first = f.secret ? t`a security weakness (${hostcheck} shows it to you privately)` : f.first?.title;
    const fix = f.secret
      ? t`Run ${hostcheck}.`
      : f.first?.fix
        ? t`${f.first.fix} (${hostcheck} lists all)`
        : null;
    return {
      title,
      reason:
        f.bad === 1
          ? t`1 finding that matters for a ${kind} migration: ${first}`
          : t`${f.bad} findings that matter for a ${kind} migration; first: ${first}`,
      ...(fix ? { fix } : {}),
    };
  }
  if (f.scope === 'pair') return { title, reason: f.reached[0] ?? t`The two hosts agree.` };
  const kind = modeWord(f.mode === 'cold' ? 'cold' : 'live');
  const reached = f.reached.length ? t`; ${f.reached.join(t`; `)}` : '';
  return {
    title,
    reason: t`nova.conf${f.mode === 'cold' ? '' : t` and libvirtd.conf`} settings for a ${kind} migration look right${reached}.`,
  };
}

export const SHARED_CHECK_WORDS: WordsFor<SharedCheckFact> = {
  'not-evaluated': (f) => ({ reason: unjudgedText(f.because) }),
  'nothing-held': () => ({ reason: t`No running or approved operation holds these hosts or servers.` }),
  held: (f) => ({
    reason: t`${heldText(f.held)}.`,
    fix: t`Wait until ${f.held.holder} ends (or stop it), then ask again.`,
  }),
  'pending-too': (f) => ({
    reason: t`No running or approved operation holds them, but ${f.held.holder} waits for approval for ${f.held.name} too: while the one approved first runs, it holds it and the other's approval is refused.`,
    fix: t`Reject the one not wanted (/migrations ${f.held.holder} shows it), or let it expire.`,
  }),
  'evacuation-waiting': (f) => ({
    reason: t`${f.host} has evacuation ${f.id} waiting for approval already: the request without --dry-run would be refused.`,
    fix: t`Ask again once ${f.id} is decided or has expired (/migrations ${f.id} shows it).`,
  }),
  'group-in-flight': (f) => ({
    reason: t`${heldText(f.held)}, and the server group ${f.group} lets ${f.budget} of its members move or stay stopped at once.`,
    fix: t`Wait until ${f.held.holder} has moved ${f.held.name} (or stop it), then ask again.`,
  }),
  'host-check-rules-out': (f) => ({
    reason: t`The SSH host check rules out ${f.ruledOut.map((line) => ruledOutText(line, f.single)).join(t`, `)}; the preview avoids them.`,
    fix: t`/hostcheck ${f.single ?? t`<host>`} <destination> lists what to change.`,
  }),
  'host-check-passes': (f) => ({
    reason: t`The SSH host check passes ${f.source} → ${f.targets.join(t`, `) || t`no destination`} for live and cold moves.`,
  }),
  'host-check-passes-all': (f) => ({
    reason:
      f.pairs === 1
        ? t`The SSH host check passes every move the plan may make (1 pair of hosts) for live and cold moves.`
        : t`The SSH host check passes every move the plan may make (${f.pairs} pairs of hosts) for live and cold moves.`,
  }),
  'host-findings': (f) => hostFindingsWords(f),
  'host-check-unreachable': (f) => ({ reason: t`Could not check ${f.source} over SSH: ${f.error}` }),
};
