import type { DrainGateHold, DrainMonitoringPlan } from '../core/model/drain-monitoring.ts';
import type { DrainHostState, DrainRecord } from '../core/model/records.ts';
import type { GateResult } from '../core/ports/health-gates.ts';
import { t } from '../i18n/index.ts';
import { gateUnknownText } from '../messages/drain-gates.ts';
import { formatDuration } from '../messages/units.ts';
import { button, code, escapeMrkdwn, type Rendered, section } from './render.ts';

/** The Resume anyway button of a drain step that health gates hold (on call). */
export const GATE_ACTIONS = { resumeAnyway: 'ferry_drain_gates_override' } as const;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** One gate that did not pass: its query and what it returned, escaped and cut short. */
function gateLine(result: GateResult): string {
  const query = code(clip(result.query, 300));
  switch (result.verdict) {
    case 'pass':
      return t`✅ ${query} is empty`;
    case 'unknown':
      return t`❓ ${query}: no verdict (${escapeMrkdwn(clip(gateUnknownText(result), 300))}); unknown is not a pass`;
    case 'fail': {
      const series = result.series
        .map((s) => {
          const labels = Object.entries(s.labels)
            .map(([name, value]) => `${name}="${value}"`)
            .join(', ');
          return code(clip(`{${labels}} ${s.value}`, 200));
        })
        .join('\n');
      const more = result.total - result.series.length;
      return t`❌ ${query} returned ${result.total} series:\n${series}${more > 0 ? t`\n… and ${more} more` : ''}`;
    }
  }
}

/** In the drain's thread: the step waits for its health gates, with Resume anyway. */
export function gateHeldMessage(drain: DrainRecord, results: GateResult[]): Rendered {
  const step = drain.drain.step + 1;
  const head = t`🚦 Step ${step} waits: health gates must come back empty before its hosts are disabled. Ferry asks again every few seconds and goes on by itself once they pass.`;
  return {
    text: t`Drain ${drain.id} held by health gates`,
    blocks: [
      section(head),
      section(results.map(gateLine).join('\n')),
      {
        type: 'actions',
        block_id: `drain-gates:${drain.id}`,
        elements: [
          button(t`Resume anyway`, GATE_ACTIONS.resumeAnyway, `${drain.id}:${drain.drain.step}`, {
            confirm: {
              title: t`Resume anyway?`,
              text: t`Step ${step} starts although its health gates do not pass.`,
              confirm: t`Resume anyway`,
            },
          }),
        ],
      },
    ],
  };
}

/**
 * The drain's message while health gates hold its step (`approved`: who approved it, as the message
 * says): which gates, as its thread says, rather than "Draining".
 */
export function gateHeldStatus(gate: DrainGateHold, approved: string): string {
  const step = gate.step + 1;
  const listed = (results: GateResult[]) => results.map((r) => code(clip(r.query, 150))).join(t`, `);
  // a gate without a verdict did not fail: Prometheus did not answer it (the thread says why)
  const unknown = gate.results.filter((r) => r.verdict === 'unknown');
  const failing = gate.results.filter((r) => r.verdict !== 'unknown');
  const why = [
    failing.length === 1 ? t`${listed(failing)} does not pass` : '',
    failing.length > 1 ? t`${listed(failing)} do not pass` : '',
    unknown.length
      ? t`no verdict for ${listed(unknown)} (Prometheus did not answer as asked; the thread says why)`
      : '',
  ]
    .filter(Boolean)
    .join(t`; `);
  return gate.results.length === 1
    ? t`🚦 *Held by a health gate* before step ${step}: ${why}; Ferry goes on by itself once it passes, or on-call presses Resume anyway in the thread · ${approved}`
    : t`🚦 *Held by ${gate.results.length} health gates* before step ${step}: ${why}; Ferry goes on by itself once they pass, or on-call presses Resume anyway in the thread · ${approved}`;
}

/** The gates passed (or on-call resumed anyway): the step goes on. */
export function gatePassedLine(drain: DrainRecord, by: string | undefined): string {
  const step = drain.drain.step + 1;
  return by
    ? t`⏩ <@${escapeMrkdwn(by)}> resumed step ${step} anyway; its health gates did not pass.`
    : t`🟢 Health gates pass: step ${step} goes on.`;
}

/** A host's alert silence, for its line in the drain's thread and message. */
export function silenceNote(host: DrainHostState): string {
  const silence = host.silence;
  if (!silence) return '';
  switch (silence.state) {
    case 'active':
      return t` · 🔕 silenced (${code(silence.id ?? '?')})`;
    case 'asking':
      return t` · 🔕 silence asked for`;
    case 'failed':
      return t` · 🔔 not silenced: ${escapeMrkdwn(clip(silence.error ?? '', 200))}`;
    case 'expired':
      return t` · 🔔 silence expired`;
  }
}

/** A host's silence could not be made, renewed or expired. */
export function silenceTroubleLine(host: string, error: string): string {
  return t`🔔 The alert silence of ${code(host)} could not be kept: ${escapeMrkdwn(clip(error, 300))} Ferry tries again at its next look.`;
}

/**
 * A drain's plan: the health gates that will hold each step (each query as configured, escaped) and
 * the silence each host gets while it is out of service (Alertmanager, its matchers, the lease).
 */
export function monitoringPlanLines(monitoring: DrainMonitoringPlan | undefined): string[] {
  if (!monitoring) return [];
  const lines: string[] = [];
  if (monitoring.gates.length)
    lines.push(
      t`🚦 Health gates: before each step Ferry asks Prometheus, and every query must come back empty; one that returns anything (or no answer) holds the step until it passes, or until on-call resumes it anyway:`,
      ...monitoring.gates.map((query) => `   • ${code(clip(query, 300))}`),
    );
  const silences = monitoring.silences;
  if (silences)
    lines.push(
      t`🔕 Alert silences: each host is silenced in Alertmanager ${code(silences.alertmanager)} while it is out of service, matching ${silences.matchers.map((m) => code(clip(m, 200))).join(t`, `)} (${code('{host}')} is the host); a lease of ${formatDuration(silences.leaseMs)} renewed while Ferry works on it, expired once the host is enabled again.`,
    );
  return [...lines, ...monitoringWarningLines(monitoring)];
}

/**
 * Asked while planning: what would hold the first step, or leave hosts unsilenced (mrkdwn, escaped);
 * the plan's lines, and the approval's from what its request kept.
 */
export function monitoringWarningLines(
  reach: Pick<DrainMonitoringPlan, 'unanswered' | 'silencesTrouble'> | undefined,
): string[] {
  const lines: string[] = [];
  for (const result of reach?.unanswered ?? [])
    if (result.verdict === 'unknown')
      lines.push(
        t`⚠️ No verdict now for ${code(clip(result.query, 300))}: ${escapeMrkdwn(clip(gateUnknownText(result), 300))}. Approved as it is, the drain would hold before its first step until Prometheus answers (or on-call presses Resume anyway).`,
      );
  if (reach?.silencesTrouble)
    lines.push(
      t`⚠️ ${escapeMrkdwn(clip(reach.silencesTrouble, 300))}. Approved as it is, hosts would go out of service without their alert silence until it answers (Ferry tries again at each look).`,
    );
  return lines;
}
