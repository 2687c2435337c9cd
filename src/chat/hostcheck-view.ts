import { type Finding, isExploitable } from '../hostcheck/analyze.ts';
import type { HostCheckReport } from '../hostcheck/hostcheck.ts';
import { t } from '../i18n/index.ts';
import { failuresCount, warningsCount } from '../messages/counted.ts';
import { cpuSetsText, hostCpuText } from '../messages/cpu.ts';
import type { Block } from './render.ts';
import { CHECK_ICON, code, context, escapeMrkdwn, type Rendered, section, sectionsOf } from './render.ts';

function findingLine(finding: Finding): string {
  const evidence = finding.evidence
    ? `\n   \`${escapeMrkdwn(finding.evidence.replaceAll('`', "'").slice(0, 300))}\``
    : '';
  const fix = finding.fix && finding.status !== 'pass' ? `\n   ➜ ${escapeMrkdwn(finding.fix)}` : '';
  return t`${CHECK_ICON[finding.status]} ${escapeMrkdwn(finding.title)}${evidence}${fix}`;
}

function group(title: string, findings: Finding[]): Block[] {
  return sectionsOf([`*${title}*`, ...findings.map(findingLine)]);
}

/** Results grouped by host, failures first, each with the evidence line and the setting to change. */
export function hostCheckMessage(report: HostCheckReport, requestedBy: string): Rendered {
  const order = { fail: 0, warn: 1, skipped: 2, pass: 3 } as const;
  const sorted = (findings: Finding[]) => [...findings].sort((a, b) => order[a.status] - order[b.status]);
  const blocks: Block[] = [
    section(
      t`*Host check* requested by <@${escapeMrkdwn(requestedBy)}>: ${report.hosts.map((h) => code(h.host)).join(t` and `)}`,
    ),
  ];
  const shown = (findings: Finding[]) => sorted(findings.filter((f) => !isExploitable(f)));
  for (const host of report.hosts) blocks.push(...group(escapeMrkdwn(host.host), shown(host.findings)));
  if (report.pair.length)
    blocks.push(...group(escapeMrkdwn(report.pair[0]?.host ?? 'pair'), shown(report.pair)));
  const cpus = report.hosts.flatMap((h) => (h.cpu ? [h.cpu] : []));
  if (cpus.length)
    blocks.push(
      ...sectionsOf([
        t`*CPU*`,
        ...cpus.map((cpu) => `• ${escapeMrkdwn(cpu.host)}: ${hostCpuText(cpu, code)}`),
        ...(report.cpuSets && report.cpuSets.length > 1
          ? [
              t`⚠️ Not one CPU-compatible set: ${cpuSetsText(
                report.cpuSets.map((set) => ({ ...set, hosts: set.hosts.map(escapeMrkdwn) })),
                code,
              )}`,
            ]
          : report.cpuSets && cpus.length > 1
            ? [t`✅ One CPU-compatible set: a server moves live between them by its CPU`]
            : []),
      ]),
    );
  const all = [...report.hosts.flatMap((h) => h.findings), ...report.pair];
  const withheld = all.filter(isExploitable).length;
  if (withheld)
    blocks.push(
      context(
        withheld === 1
          ? t`🔒 1 security finding left out here: it was sent to <@${escapeMrkdwn(requestedBy)}> privately.`
          : t`🔒 ${withheld} security findings left out here: they were sent to <@${escapeMrkdwn(requestedBy)}> privately.`,
      ),
    );
  const failed = all.filter((f) => f.status === 'fail').length;
  const warned = all.filter((f) => f.status === 'warn').length;
  blocks.push(
    context(
      t`${failuresCount(failed)}, ${warningsCount(warned)}. Results are cached for five minutes and reused by /migrate.`,
    ),
  );
  return {
    text: escapeMrkdwn(
      t`Host check of ${report.hosts.map((h) => h.host).join(t` and `)}: ${failuresCount(failed)}, ${warningsCount(warned)}`,
    ),
    blocks: blocks.slice(0, 50),
  };
}

/** The findings an attacker could use, for the requester's eyes only; null when there are none. */
export function privateFindingsText(report: HostCheckReport): string | null {
  const all = [...report.hosts.flatMap((h) => h.findings), ...report.pair].filter(isExploitable);
  if (all.length === 0) return null;
  return [
    t`🔒 *Security findings of your host check* (only you see this):`,
    ...all.map((f) => `*${escapeMrkdwn(f.host)}*: ${findingLine(f)}`),
  ].join('\n');
}
