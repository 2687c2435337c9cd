import type { HostCheckReport, HostReport } from '../core/model/host-check.ts';
import type { CheckResult, MoveMode } from '../core/model/types.ts';
import { isExploitable } from './analyze.ts';
import { cleanLines, mattersFor } from './relevance.ts';

/**
 * A host check's report as precondition lines: one per host (and one for the pair), warnings and
 * failures with their fixes, each finding kept only where it matters for `mode`. `asDestination`:
 * `source` is judged as a host moves go to (a drain's host back from its maintenance), so what only a
 * destination needs (libvirtd listening) counts on it too.
 */
export function checkLines(
  report: HostCheckReport,
  source: string,
  destination: string | null,
  mode: MoveMode,
  asDestination: boolean,
): CheckResult[] {
  const relevant = (h: HostReport) =>
    h.findings.filter((f) => mattersFor(f, mode, !asDestination && h.host === source));
  return [
    ...report.hosts.map((h) => ({ scope: h.host, findings: relevant(h) })),
    ...(report.pair.length
      ? [{ scope: 'pair', findings: report.pair.filter((f) => mattersFor(f, mode, false)) }]
      : []),
  ]
    .filter(({ findings }) => findings.length > 0)
    .map(({ scope, findings }): CheckResult => {
      const bad = findings.filter((f) => f.status !== 'pass');
      const status = bad.some((f) => f.status === 'fail') ? 'fail' : bad.length ? 'warn' : 'pass';
      const worst = bad.find((f) => f.status === 'fail') ?? bad.find((f) => !isExploitable(f)) ?? bad[0];
      // These lines go to the channel: a weakness an attacker could use is only named privately.
      const secret = Boolean(worst && isExploitable(worst));
      return {
        id: 'host-config',
        status,
        fact: {
          code: 'host-findings',
          scope,
          mode,
          source,
          destination,
          bad: bad.length,
          first: worst && !secret ? { title: worst.title, ...(worst.fix ? { fix: worst.fix } : {}) } : null,
          secret,
          reached: cleanLines(scope, findings),
        },
        evidence: { findings: bad.length },
      };
    });
}
