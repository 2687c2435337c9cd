import pLimit from 'p-limit';
import { t } from '../../i18n/index.ts';
import type { CheckResult, HostConfigProvider, MoveMode } from '../model/types.ts';
import type { Blocker } from './fit.ts';

/**
 * The SSH host check as a placement rule, the one /evacuate's and /drain's plans share: a move from
 * `source` to `target` in a mode is ruled out when a line of the check /migrate would show for it
 * fails. Each pair is asked once (both modes read the same check).
 */

export interface HostPair {
  source: string;
  target: string;
}

export interface HostRefusals {
  /** why the host check rules this move out, or undefined when it does not */
  refusal(source: string, target: string, live: boolean): Blocker | undefined;
  /** the plan's "Host configuration" line */
  check: CheckResult;
}

/** SSH checks at once while planning: each opens a connection to two hosts */
const SSH_CONCURRENCY = 8;

const MODES: MoveMode[] = ['live', 'cold'];

export async function hostRefusals(hostConfig: HostConfigProvider, pairs: HostPair[]): Promise<HostRefusals> {
  const limit = pLimit(SSH_CONCURRENCY);
  const refused = new Map<string, { pair: HostPair; mode: MoveMode; blocker: Blocker }>();
  const key = (source: string, target: string, mode: MoveMode) => `${source}|${target}|${mode}`;
  await Promise.all(
    pairs.flatMap((pair) =>
      MODES.map((mode) =>
        limit(async () => {
          const lines = await hostConfig.findings(pair.source, pair.target, mode);
          const failed = lines.find((line) => line.status === 'fail');
          if (failed)
            refused.set(key(pair.source, pair.target, mode), {
              pair,
              mode,
              blocker: { kind: 'host-config', finding: failed.reason },
            });
        }),
      ),
    ),
  );
  const sources = [...new Set(pairs.map((pair) => pair.source))];
  const single = sources.length === 1 ? sources[0] : undefined;
  // keyed the same way in every plan, in the order the pairs were asked; a pair refused both ways once
  const named = pairs.flatMap((pair) => {
    const modes = MODES.filter((mode) => refused.has(key(pair.source, pair.target, mode)));
    if (modes.length === 0) return [];
    const hosts = single ? pair.target : `${pair.source} → ${pair.target}`;
    if (modes.length === MODES.length) return [t`${hosts} for live and cold moves`];
    return [modes[0] === 'live' ? t`${hosts} for live moves` : t`${hosts} for cold moves`];
  });
  const targets = [...new Set(pairs.map((pair) => pair.target))];
  const check: CheckResult = {
    id: 'host-config',
    title: t`Host configuration`,
    status: named.length ? 'warn' : 'pass',
    reason: named.length
      ? t`The SSH host check rules out ${named.join(t`, `)}; the preview avoids them.`
      : single
        ? t`The SSH host check passes ${single} → ${targets.join(t`, `) || t`no destination`} for live and cold moves.`
        : t`The SSH host check passes every move the plan may make (${pairs.length} pair(s) of hosts) for live and cold moves.`,
    ...(named.length ? { fix: t`/hostcheck ${single ?? '<host>'} <destination> lists what to change.` } : {}),
    evidence: { refused: named.length },
  };
  return {
    refusal: (source, target, live) => refused.get(key(source, target, live ? 'live' : 'cold'))?.blocker,
    check,
  };
}
