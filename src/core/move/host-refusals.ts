import pLimit from 'p-limit';
import type { RuledOut } from '../model/checks.ts';
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
          const failed = lines.find((line) => line.status === 'fail')?.fact;
          if (failed?.code === 'host-findings')
            refused.set(key(pair.source, pair.target, mode), {
              pair,
              mode,
              blocker: { kind: 'host-config', finding: failed },
            });
        }),
      ),
    ),
  );
  const sources = [...new Set(pairs.map((pair) => pair.source))];
  const single = sources.length === 1 ? sources[0] : undefined;
  // keyed the same way in every plan, in the order the pairs were asked; a pair refused both ways once
  const ruledOut = pairs.flatMap((pair): RuledOut[] => {
    const modes = MODES.filter((mode) => refused.has(key(pair.source, pair.target, mode)));
    if (modes.length === 0) return [];
    const which = modes.length === MODES.length ? 'both' : modes[0] === 'live' ? 'live' : 'cold';
    return [{ source: pair.source, target: pair.target, modes: which }];
  });
  const targets = [...new Set(pairs.map((pair) => pair.target))];
  const check: CheckResult = {
    id: 'host-config',
    status: ruledOut.length ? 'warn' : 'pass',
    fact: ruledOut.length
      ? { code: 'host-check-rules-out', ruledOut, single: single ?? null }
      : single
        ? { code: 'host-check-passes', source: single, targets }
        : { code: 'host-check-passes-all', pairs: pairs.length },
    evidence: { refused: ruledOut.length },
  };
  return {
    refusal: (source, target, live) => refused.get(key(source, target, live ? 'live' : 'cold'))?.blocker,
    check,
  };
}
