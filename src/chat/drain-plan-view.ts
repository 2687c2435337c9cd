import { nothingToDrain } from '../core/drain/refusals.ts';
import type { DrainPlan, DrainStep } from '../core/model/drain.ts';
import { t } from '../i18n/index.ts';
import { hostsAtATime, hostsCount, movesCount, serversCount } from '../messages/counted.ts';
import { missingRoomText, staysAwayText } from '../messages/drain.ts';
import { itemNote } from '../messages/evacuation.ts';
import { impactSummaryText } from '../messages/impact.ts';
import { rebootPlanLines } from '../messages/reboot.ts';
import { coldFallbackText } from '../messages/stall-policy.ts';
import { modeWord } from '../messages/states.ts';
import { monitoringPlanLines } from './drain-gates-view.ts';
import { editsSection, skippedByText } from './plan-edit-view.ts';
import type { Block } from './render.ts';
import { checkLines, code, context, escapeMrkdwn, type Rendered, section, sectionsOf } from './render.ts';

/** A drain's plan as Slack shows it: in a dry run, under a drain request, and when a held drain asks again. */

/** Slack allows 50 blocks a message; the rest of a very long plan is counted, not shown. */
const MAX_BLOCKS = 45;
/** With this many servers or fewer, each one is listed with where the preview sends it. */
const LIST_SERVERS_UP_TO = 40;
/** missing-room lines shown per step */
const MISSING_SHOWN = 5;

function stepLines(step: DrainStep, number: number, listServers: boolean): string[] {
  const items = step.hosts.flatMap((h) => h.items);
  // a move is one with a destination: a server no host in service takes in the step (❌) is counted apart, not
  // as a live or cold move (operator trial: "5 live" counted one no host would take)
  const count = (mode: string) => items.filter((i) => i.mode === mode && i.destination !== null).length;
  const homeless = items.filter((i) => i.mode !== null && i.destination === null).length;
  // nova-compute down on a host: none of its servers can move, whatever the room (said apart, once)
  const held = items.filter((i) => i.reason?.code === 'source-down').length;
  const parts = [
    ...(count('live') || !held ? [t`${count('live')} live`] : []),
    ...(count('cold') ? [t`${count('cold')} cold`] : []),
    ...(homeless ? [t`${homeless} with nowhere to go`] : []),
    ...(held ? [t`${held} cannot move while nova-compute is down`] : []),
    ...(step.stuck - held ? [t`${step.stuck - held} cannot move`] : []),
    ...(step.kept ? [t`${step.kept} skipped`] : []),
  ];
  const down = step.down ?? [];
  const verdict = down.length
    ? t`❌ nova-compute down on ${down.map(code).join(t`, `)}`
    : step.fits
      ? step.stuck || step.kept
        ? t`⚠️ fits, but not empty`
        : t`✅ fits`
      : t`❌ does not fit`;
  const hosts = step.hosts.map((h) => code(h.host)).join(t`, `);
  // a step without servers has nothing to count ("0 server(s): 0 live") nor to fit
  const lines = [
    items.length
      ? t`*Step ${number}* · ${hosts} · ${serversCount(items.length)}: ${parts.join(t`, `)} · ${verdict}`
      : step.hosts.length === 1
        ? t`*Step ${number}* · ${hosts} · no server on it: nothing to move`
        : t`*Step ${number}* · ${hosts} · no server on them: nothing to move`,
  ];
  for (const missing of step.missing.slice(0, MISSING_SHOWN))
    lines.push(`   ❌ ${escapeMrkdwn(missingRoomText(missing))}`);
  for (const away of step.staysAway.slice(0, MISSING_SHOWN))
    lines.push(`   ↪️ ${escapeMrkdwn(staysAwayText(away))}`);
  if (step.staysAway.length > MISSING_SHOWN)
    lines.push(t`   … and ${step.staysAway.length - MISSING_SHOWN} more that stay away`);
  const unlisted = moreMissingText(step.missing.slice(MISSING_SHOWN));
  if (unlisted) lines.push(unlisted);
  for (const host of step.hosts) {
    const stay = host.items.filter((i) => i.reason?.code === 'source-down').length;
    if (stay)
      lines.push(
        stay === 1
          ? t`   🛑 the one server on ${code(host.host)} cannot move: nova-compute on it is down, and a live or cold migration needs it running`
          : t`   🛑 none of the ${stay} servers on ${code(host.host)} can move: nova-compute on it is down, and a live or cold migration needs it running`,
      );
    for (const item of host.items) {
      const skipped = skippedByText(item.reason);
      if (skipped)
        lines.push(t`   ⏭️ ${escapeMrkdwn(item.serverName)} on ${code(host.host)}: ${skipped}, it stays`);
      // said once for its host, above
      else if (item.reason?.code === 'source-down') continue;
      else if (item.mode === null)
        lines.push(
          t`   🔒 ${escapeMrkdwn(item.serverName)} on ${code(host.host)}: ${escapeMrkdwn(itemNote(item) ?? '')}`,
        );
      else if (item.reason?.code === 'impact')
        lines.push(
          t`   ⏸️ ${escapeMrkdwn(item.serverName)} on ${code(host.host)} will be stopped: ${escapeMrkdwn(itemNote(item) ?? '')}`,
        );
      else if (listServers && item.destination)
        lines.push(
          t`   • ${escapeMrkdwn(item.serverName)} (${escapeMrkdwn(item.flavor)}) ${code(host.host)} → ${code(item.destination)}, ${modeWord(item.mode)}`,
        );
    }
  }
  return lines;
}

/**
 * The servers with nowhere to go past those listed, counted by why: without room, or ruled out by the
 * hosts with room (operator trial: "… and 2 more without room" of servers a host with room ruled out).
 */
function moreMissingText(rest: DrainStep['missing']): string | undefined {
  if (rest.length === 0) return undefined;
  const ruled = rest.filter((missing) => missing.why.code === 'ruled-out').length;
  const room = rest.length - ruled;
  if (!ruled) return t`   … and ${room} more without room`;
  if (!room) return t`   … and ${ruled} more that the hosts with room rule out`;
  return t`   … and ${rest.length} more with nowhere to go: ${room} without room, ${ruled} that the hosts with room rule out`;
}

/**
 * A drain's plan: the checks, then every step with its verdict, what is missing and what cannot move.
 * `requested`: posted in the thread of a drain request (its message carries the buttons); otherwise a
 * dry run, posted alone. `withChecks`: the checks too, unless the drain's message shows them (while it
 * waits for approval or is blocked): said once, where the operator reads first (operator trial).
 */
export function drainPlanMessage(
  plan: DrainPlan,
  requestedBy: string,
  requested = false,
  withChecks = !requested,
  /** the drain's number for the plan's first step (a held drain's plan is of its coming step) */
  firstStep = 1,
): Rendered {
  const { request } = plan;
  const servers = plan.steps.reduce(
    (sum, step) => sum + step.hosts.reduce((n, h) => n + h.items.length, 0),
    0,
  );
  const head = section(
    t`*Drain plan* asked by <@${escapeMrkdwn(requestedBy)}>: ${hostsCount(plan.hosts.length)}${hostsWhere(request.zone, request.aggregate)}, ${hostsAtATime(request.hostsAtOnce)}, up to ${movesCount(request.concurrency)} at once per host; servers ${serversAfter(
      request.returnHome,
      plan.steps.flatMap((step) =>
        step.hosts.map((h) => ({
          leaving: h.items.filter((item) => item.mode !== null).length,
          staysAway: h.staysAway ?? 0,
        })),
      ),
    )}.`,
  );
  const impact = impactSummaryText(plan.steps.flatMap((step) => step.hosts.flatMap((h) => h.items)));
  const lines = [
    ...(withChecks ? checkLines(plan.checks, true) : []),
    // --reboot: how Ferry reboots and verifies, the order and the hosts left out (messages/reboot.ts);
    // a host whose check fails already is warned of with the checks, once (the drain's message has both)
    ...(plan.reboot
      ? rebootPlanLines(plan.reboot, plan.hosts, disabledBefore(plan.checks), withChecks).map(escapeMrkdwn)
      : []),
    // #30: the health gates that hold each step and the silences of its hosts (drain-gates-view.ts)
    ...monitoringPlanLines(plan.monitoring),
    ...(impact ? [escapeMrkdwn(impact)] : []),
    ...plan.steps.flatMap((step, i) => stepLines(step, firstStep + i, servers <= LIST_SERVERS_UP_TO)),
  ];
  const kept = keptLine(plan);
  if (kept) lines.push(kept);
  let body = [
    ...sectionsOf(lines),
    ...editsSection(
      request.edits,
      plan.steps.flatMap((step) => step.hosts.flatMap((h) => h.items)),
    ),
    ...(request.coldFallback ? [context(coldFallbackText())] : []),
  ];
  const notes: Block[] = [];
  if (body.length > MAX_BLOCKS) {
    const hidden = body.length - MAX_BLOCKS;
    body = body.slice(0, MAX_BLOCKS);
    notes.push(
      context(
        hidden === 1
          ? t`… 1 more section of this plan does not fit in one Slack message.`
          : t`… ${hidden} more sections of this plan do not fit in one Slack message.`,
      ),
    );
  }
  notes.push(
    context(
      requested
        ? t`Destinations are a preview by Placement's numbers: each host's servers are placed again when its turn comes. Before every step Ferry plans it again; a step that no longer fits holds the drain for a new approval.`
        : nothingToDrain(plan)
          ? // the operator trial: the dry run promised an approval the request then refused
            t`A dry run: nothing was requested, disabled or moved. Without ${code('--dry-run')} this drain is refused: no host of it runs a server, and each was disabled before, so approving it would change nothing.`
          : t`A dry run: nothing was requested, disabled or moved. Destinations are a preview by Placement's numbers. Without ${code('--dry-run')} the plan goes to on-call for one approval.`,
    ),
  );
  const fitting = plan.steps.filter((s) => s.fits).length;
  return {
    text:
      plan.steps.length === 1
        ? fitting
          ? t`Drain plan: ${hostsCount(plan.hosts.length)}, its one step fits`
          : t`Drain plan: ${hostsCount(plan.hosts.length)}, its one step does not fit`
        : t`Drain plan: ${hostsCount(plan.hosts.length)}, ${fitting} of ${plan.steps.length} steps fit`,
    blocks: [head, ...body, ...notes],
  };
}

/** A drain's hosts by zone or aggregate, both in one bracket when both are given (never " (…) (…)"). */
function hostsWhere(zone: string | undefined, aggregate: string | undefined): string {
  if (zone && aggregate) return t` of zone ${code(zone)} and aggregate ${code(aggregate)}`;
  if (zone) return t` of zone ${code(zone)}`;
  return aggregate ? t` of aggregate ${code(aggregate)}` : '';
}

/**
 * What a drain says of its servers: with return, back once their host is back, except those the plan
 * found cannot go back (an older QEMU at home, a host left disabled as found), or none at all;
 * `hosts` without their counts (a drain planned before they were kept) say it as before.
 */
export function serversAfter(
  returnHome: boolean,
  hosts: { leaving: number; staysAway: number }[] | null,
): string {
  if (!returnHome) return t`stay where they go`;
  const leaving = hosts?.reduce((sum, host) => sum + host.leaving, 0) ?? 0;
  const stays = hosts?.reduce((sum, host) => sum + host.staysAway, 0) ?? 0;
  if (hosts && leaving === 0) return t`stay where they are (none has to leave)`;
  if (leaving > 0 && stays >= leaving)
    return leaving === 1
      ? t`stay where they go: the one that leaves cannot go back (the plan says why)`
      : t`stay where they go: none of the ${leaving} that leave can go back (the plan says why)`;
  if (stays > 0)
    return t`go back to their host once it is back, except ${stays} of the ${leaving} that leave (the plan says why)`;
  return t`go back to their host once it is back`;
}

/** The hosts someone else disabled before the drain, with their reasons, as the plan's checks found them. */
function disabledBefore(checks: DrainPlan['checks']): { host: string; reason: string | null }[] {
  return checks.flatMap((check) => (check.fact?.code === 'drain-hosts-disabled' ? check.fact.hosts : []));
}

/** The servers skipped in the plan, and the hosts that keep them: each such host is not declared empty. */
function keptLine(plan: DrainPlan): string | undefined {
  const kept = plan.steps.reduce((sum, step) => sum + (step.kept ?? 0), 0);
  if (!kept) return undefined;
  const hosts = plan.steps
    .flatMap((step) => step.hosts)
    .filter((h) => h.items.some((item) => item.reason?.code === 'skipped-by')).length;
  if (kept === 1)
    return t`⏭️ 1 skipped server stays on its host: that host is not declared empty, so the drain stops at it (as at any host not empty) until you move the server and press Continue, or press Skip host.`;
  if (hosts <= 1)
    return t`⏭️ ${kept} skipped servers stay on their host: that host is not declared empty, so the drain stops at it (as at any host not empty) until you move them and press Continue, or press Skip host.`;
  return t`⏭️ ${kept} skipped servers stay on their ${hosts} hosts: those hosts are not declared empty, so the drain stops at each (as at any host not empty) until you move their servers and press Continue, or press Skip host.`;
}
