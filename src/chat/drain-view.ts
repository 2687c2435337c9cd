import type { DrainPlan, DrainStep } from '../core/drain-plan.ts';
import type { Block } from './fake-slack.ts';
import { checkLines, code, context, escapeMrkdwn, type Rendered, section, sectionsOf } from './render.ts';

/** Slack allows 50 blocks a message; the rest of a very long plan is counted, not shown. */
const MAX_BLOCKS = 45;
/** With this many servers or fewer, each one is listed with where the preview sends it. */
const LIST_SERVERS_UP_TO = 40;
/** missing-room lines shown per step */
const MISSING_SHOWN = 5;

function stepLines(step: DrainStep, index: number, listServers: boolean): string[] {
  const items = step.hosts.flatMap((h) => h.items);
  const count = (mode: string | null) => items.filter((i) => i.mode === mode).length;
  const parts = [
    `${count('live')} live`,
    ...(count('cold') ? [`${count('cold')} cold`] : []),
    ...(step.stuck ? [`${step.stuck} cannot move`] : []),
  ];
  const verdict = step.fits ? (step.stuck ? '⚠️ fits, but not empty' : '✅ fits') : '❌ does not fit';
  const lines = [
    `*Step ${index + 1}* · ${step.hosts.map((h) => code(h.host)).join(', ')} · ${items.length} server(s): ${parts.join(', ')} · ${verdict}`,
  ];
  for (const line of step.missing.slice(0, MISSING_SHOWN)) lines.push(`   ❌ ${escapeMrkdwn(line)}`);
  if (step.missing.length > MISSING_SHOWN)
    lines.push(`   … and ${step.missing.length - MISSING_SHOWN} more without room`);
  for (const host of step.hosts)
    for (const item of host.items) {
      if (item.mode === null)
        lines.push(
          `   🔒 ${escapeMrkdwn(item.serverName)} on ${code(host.host)}: ${escapeMrkdwn(item.note ?? '')}`,
        );
      else if (listServers && item.destination)
        lines.push(
          `   • ${escapeMrkdwn(item.serverName)} (${escapeMrkdwn(item.flavor)}) ${code(host.host)} → ${code(item.destination)}, ${item.mode}`,
        );
    }
  return lines;
}

/** A drain's plan: the checks, then every step with its verdict, what is missing and what cannot move. */
export function drainPlanMessage(plan: DrainPlan, requestedBy: string): Rendered {
  const { request } = plan;
  const servers = plan.steps.reduce(
    (sum, step) => sum + step.hosts.reduce((n, h) => n + h.items.length, 0),
    0,
  );
  const head = section(
    `*Drain plan* asked by <@${escapeMrkdwn(requestedBy)}>: ${plan.hosts.length} host(s)${request.zone ? ` of zone ${code(request.zone)}` : ''}${request.aggregate ? ` of aggregate ${code(request.aggregate)}` : ''}, ${request.hostsAtOnce} at a time, up to ${request.concurrency} move(s) at once per host; servers ${request.returnHome ? 'go back to their host once it is back' : 'stay where they go'}.`,
  );
  const lines = [
    ...checkLines(plan.checks),
    ...plan.steps.flatMap((step, i) => stepLines(step, i, servers <= LIST_SERVERS_UP_TO)),
  ];
  let body = sectionsOf(lines);
  const notes: Block[] = [];
  if (body.length > MAX_BLOCKS) {
    const hidden = body.length - MAX_BLOCKS;
    body = body.slice(0, MAX_BLOCKS);
    notes.push(context(`… ${hidden} more section(s) of this plan do not fit in one Slack message.`));
  }
  notes.push(
    context(
      `A plan only: nothing was disabled or moved. Destinations are a preview by Placement's numbers; Nova's scheduler decides when the moves run. To carry it out now, ${code('/evacuate')} the hosts in this order, one approval each.`,
    ),
  );
  const fitting = plan.steps.filter((s) => s.fits).length;
  return {
    text: `Drain plan: ${plan.hosts.length} host(s), ${fitting} of ${plan.steps.length} step(s) fit`,
    blocks: [head, ...body, ...notes],
  };
}
