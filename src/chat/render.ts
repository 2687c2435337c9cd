import type { MoveRecord, RequestStatus } from '../core/model/records.ts';
import type { CheckResult } from '../core/model/types.ts';
import { dateLocale, t } from '../i18n/index.ts';
import { wordCheck } from '../messages/checks.ts';
import { checksCount, warningsCount } from '../messages/counted.ts';
import { candidateRefusal } from '../messages/placement-checks.ts';

/** Block Kit from Ferry's records: pure functions, every user- or cloud-supplied string escaped. */

export const ACTIONS = {
  approve: 'ferry_approve',
  reject: 'ferry_reject',
  abort: 'ferry_abort',
  force: 'ferry_force',
  confirm: 'ferry_confirm',
  revert: 'ferry_revert',
  /** the stall policy's choice, overridden within its grace period (stall-view.ts) */
  stallChoice: 'ferry_stall_choice',
} as const;

export const REJECT_VIEW = 'ferry_reject_reason';

/** One Block Kit block, as Slack takes it (https://api.slack.com/reference/block-kit/blocks). */
export type Block = Record<string, unknown> & { type: string; block_id?: string };

export interface Rendered {
  text: string;
  blocks: Block[];
}

/** Slack's three control characters; after this, `<!channel>` in a server name pings nobody. */
/**
 * Who did something, as Slack shows it: a person's ID as a mention, Ferry itself (`ferry`, when it
 * acted on its own) by name, anything else (a window, a reason) as text.
 */
export function actorText(who: string): string {
  if (/^[UW][A-Z0-9_]+$/.test(who)) return `<@${who}>`;
  return who === 'ferry' ? 'Ferry' : escapeMrkdwn(who);
}

/**
 * Everything Ferry repeats (user text, cloud text) goes through here: Slack's three special characters
 * are escaped, and invisible control and formatting characters (bidi overrides among them) are shown
 * as � so no name can make a message read differently from what it says.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (character) =>
      character === '\n' ? '\n' : character === '\t' ? ' ' : '\uFFFD',
    )
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

/**
 * Escaped text that may quote a host's disable reason: the reason Ferry itself writes to Nova
 * ("Ferry evacuation e-1a2b3c: requested by U0ALICE, approved by U0BOB", core/move/service-guard.ts,
 * core/drain/hosts.ts) names people by their Slack user IDs, which mean nothing read as they are
 * (operator trial): in that reason alone they become mentions (the console shows the names). Any
 * other text, and a reason someone else wrote, stays as escaped.
 */
export function escapeNamingPeople(text: string): string {
  return escapeMrkdwn(text).replace(
    /(Ferry (?:evacuation|drain) [a-z]-[0-9a-f]{6}(?: \([^)]*\))?: requested by )([UW][A-Z0-9]{2,})(, approved by )([UW][A-Z0-9]{2,})\b/g,
    '$1<@$2>$3<@$4>',
  );
}

/** Inline code for a name; backticks inside would end the code span, so they go. */
export function code(text: string): string {
  return `\`${escapeMrkdwn(text.replaceAll('`', "'"))}\``;
}

/** A move's destination: a host in code, or the scheduler's choice in plain words (it is no host name). */
export function destinationText(host: string | null | undefined, words = t`scheduler's choice`): string {
  return host ? code(host) : escapeMrkdwn(words);
}

const SECTION_LIMIT = 3000;
const MAX_BLOCKS = 50;

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

export function section(text: string, blockId?: string): Block {
  return {
    type: 'section',
    ...(blockId ? { block_id: blockId } : {}),
    text: { type: 'mrkdwn', text: clip(text, SECTION_LIMIT) },
  };
}

export function context(text: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: clip(text, SECTION_LIMIT) }] };
}

function plain(text: string, limit = 75) {
  return { type: 'plain_text', text: clip(text, limit), emoji: true };
}

export function button(
  label: string,
  actionId: string,
  value: string,
  options: { style?: 'primary' | 'danger'; confirm?: { title: string; text: string; confirm: string } } = {},
) {
  return {
    type: 'button',
    action_id: actionId,
    text: plain(label),
    value,
    ...(options.style ? { style: options.style } : {}),
    ...(options.confirm
      ? {
          confirm: {
            title: plain(options.confirm.title, 100),
            text: { type: 'mrkdwn', text: clip(options.confirm.text, 300) },
            confirm: plain(options.confirm.confirm, 30),
            deny: plain(t`Cancel`, 30),
            ...(options.style === 'danger' ? { style: 'danger' } : {}),
          },
        }
      : {}),
  };
}

/** Approve (with a confirmation dialog) and Reject, for a move or an evacuation request. */
/** The Approve button of a plan that can change (an evacuation) carries the fingerprint of what it shows. */
export function approvalActions(
  requestId: string,
  confirm: { title: string; text: string },
  fingerprint?: string,
): Block {
  return {
    type: 'actions',
    block_id: `approval:${requestId}`,
    elements: [
      button(t`Approve`, ACTIONS.approve, fingerprint ? `${requestId}@${fingerprint}` : requestId, {
        style: 'primary',
        confirm: { ...confirm, confirm: t`Approve` },
      }),
      button(t`Reject`, ACTIONS.reject, requestId, { style: 'danger' }),
    ],
  };
}

/** Keeps a message inside Slack's 50-block limit, saying what was left out. */
function withinBlockLimit(blocks: Block[]): Block[] {
  if (blocks.length <= MAX_BLOCKS) return blocks;
  return [
    ...blocks.slice(0, MAX_BLOCKS - 1),
    context(t`…${blocks.length - MAX_BLOCKS + 1} more blocks left out (Slack allows ${MAX_BLOCKS}).`),
  ];
}

/** ➖: not evaluated, because a fact it depends on is missing */
export const CHECK_ICON = { pass: '✅', warn: '⚠️', fail: '❌', skipped: '➖' } as const;

export function checkLines(checks: CheckResult[], withFixes = false): string[] {
  return checks.map((check) => {
    const { title, reason, fix } = wordCheck(check);
    // where the operator reads the checks (a request's message, a plan posted alone), a failed or
    // warned one says what to do about it
    const shown = withFixes && fix && check.status !== 'pass' ? `\n   ➜ ${escapeMrkdwn(fix)}` : '';
    return t`${CHECK_ICON[check.status]} *${escapeMrkdwn(title)}*: ${escapeNamingPeople(reason)}${shown}`;
  });
}

/**
 * A request's checks as its message keeps showing them: once approved they are what stood when they
 * were made (at the request, at the re-check on approval, at a drain's step), not now (operator trial:
 * "✅ No other operation holds them" beside the evacuation holding the host), so they are headed with
 * that time; their fixes are for a request still to decide, and are kept only where one failed.
 */
export function requestCheckBlocks(
  checks: CheckResult[],
  status: RequestStatus,
  checkedAt: number,
  timeZone: string,
): Block[] {
  if (status !== 'approved' || checks.length === 0) return sectionsOf(checkLines(checks, true));
  const failed = checks.some((check) => check.status === 'fail');
  return [
    context(t`Checked at ${clockTime(checkedAt, timeZone)}:`),
    ...sectionsOf(checkLines(checks, failed)),
  ];
}

/** Lines as as few sections as fit Slack's 3000-character limit. */
export function sectionsOf(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + line.length + 1 > SECTION_LIMIT) {
      blocks.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) blocks.push(section(current));
  return blocks;
}

export function modeLabel(mode: MoveRecord['plan']['mode'], block: 'auto' | true): string {
  if (mode === 'cold') return t`cold migration`;
  return block === true ? t`block live migration` : t`live migration`;
}

export interface RequestView {
  approvers: string;
  expiresAt: number;
  timeZone: string;
  /** status line shown under the summary */
  status: string;
  withButtons: boolean;
}

/** The request message in the channel: who, what, the checks, and Approve / Reject while pending. */
export function requestMessage(request: MoveRecord, view: RequestView): Rendered {
  const { plan } = request;
  const server = plan.serverName ?? request.request.server;
  const route = `${code(plan.source ?? '?')} → ${destinationText(plan.destination)}`;
  const dry = request.status === 'dry-run';
  const summary = [
    t`*${dry ? t`Dry run` : t`Migration request`}* ${code(request.id)}: <@${escapeMrkdwn(request.requestedBy)}> asks for a ${modeLabel(plan.mode, plan.blockMigration)}`,
    t`*Server* ${code(server)}${plan.serverId ? t` (${code(plan.serverId)}${plan.flavor ? t`, ${escapeMrkdwn(plan.flavor)}` : ''}${plan.projectId ? t`, project ${code(plan.projectId)}` : ''})` : ''}`,
    t`*Route* ${route}`,
    ...(request.request.coldFallback && plan.mode !== 'cold'
      ? [
          t`*If it stops converging* and the stall policy for it is abort-then-cold (FERRY_STALL_POLICY), Ferry may abort it and migrate it cold: the server is stopped (--cold-fallback).`,
        ]
      : []),
  ].join('\n');
  // the checks are said here alone, each failed or warned one with its fix (operator trial: they were
  // said again in the thread)
  const blocks: Block[] = [
    section(summary, 'summary'),
    ...requestCheckBlocks(plan.checks, request.status, plan.evaluatedAt, view.timeZone),
  ];
  if (!plan.destination && plan.candidates.length > 0) {
    const candidates = plan.candidates
      .slice(0, 5)
      .map(
        (c) =>
          t`${code(c.host)} ${c.freeMemoryMb} MB free${candidateRefusal(c) ? ` — ${escapeMrkdwn(candidateRefusal(c))}` : ''}`,
      )
      .join('\n');
    blocks.push(section(t`*Likely candidates* (Nova's scheduler decides):\n${candidates}`));
  }
  blocks.push(section(view.status, 'status'));
  if (view.withButtons) {
    blocks.push(
      context(
        t`Needs one approval from ${view.approvers} (not the requester). Expires ${clockTime(view.expiresAt, view.timeZone)}.`,
      ),
    );
    blocks.push(moveApproval(request));
  }
  const text = t`${dry ? t`Dry run` : t`Migration request`} ${request.id}: ${server} ${plan.source ?? '?'} → ${plan.destination ?? t`scheduler`} (${checkTally(plan.checks)})`;
  return { text: escapeMrkdwn(text), blocks: withinBlockLimit(blocks) };
}

/** "every check passed" only when every one did; otherwise what failed, warned and was not evaluated. */
/** Approve and Reject for a move, with the confirm dialog the channel and App Home both show. */
export function moveApproval(request: MoveRecord): Block {
  const { plan } = request;
  const server = plan.serverName ?? request.request.server;
  const route = `${code(plan.source ?? '?')} → ${destinationText(plan.destination)}`;
  return approvalActions(request.id, {
    title: t`Approve this migration?`,
    text: t`${capitalise(modeLabel(plan.mode, plan.blockMigration))} of ${code(server)} from ${route}. Ferry re-checks everything before it starts.`,
  });
}

export function checkTally(checks: CheckResult[]): string {
  const count = (status: CheckResult['status']) => checks.filter((c) => c.status === status).length;
  const parts = [
    count('fail') && t`${checksCount(count('fail'))} failed`,
    count('warn') && warningsCount(count('warn')),
    count('skipped') && t`${count('skipped')} not evaluated`,
  ].filter(Boolean);
  return parts.length ? parts.join(t`, `) : t`every check passed`;
}

/**
 * "03:04:05 UTC": a moment in the channel's time zone, the zone after the time in every language, as
 * utcTime and a window's span write it (zh-CN's own order, "UTC 03:04:05", mixed both in one thread).
 */
export function clockTime(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat(dateLocale(), {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(at);
  const time = parts
    .filter((part) => part.type !== 'timeZoneName')
    .map((part) => part.value)
    .join('')
    .trim();
  const zone = parts.find((part) => part.type === 'timeZoneName')?.value;
  return zone ? `${time} ${zone}` : time;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
