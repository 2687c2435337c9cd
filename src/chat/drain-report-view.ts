import type { DrainHostState, DrainRecord, EvacuationRecord, Outcome } from '../core/model/records.ts';
import { currentLanguage, t } from '../i18n/index.ts';
import { blackoutFigure } from '../messages/blackout.ts';
import { hostsCount, serversCount } from '../messages/counted.ts';
import { drainHostNote, drainNotBack, notBackWhy, stoppedByText } from '../messages/drain.ts';
import { itemNote } from '../messages/evacuation.ts';
import { failedProofsText, outcomeUnproven } from '../messages/proofs.ts';
import { rebootReportText } from '../messages/reboot.ts';
import { outcomeText } from '../messages/runs.ts';
import { type StalledMove, stallTally } from '../messages/stall-policy.ts';
import { modeWord, stateWord } from '../messages/states.ts';
import { formatDuration } from '../messages/units.ts';
import { drainLandings, drainMoves, homeByLaterStep, latestItems } from './drain-figures.ts';
import { HOST_ICON, hostNote, hostSays, rebootAttentionText } from './drain-host-view.ts';
import { revertedPart, unknownPart } from './evacuation-progress.ts';
import { skippedByText } from './plan-edit-view.ts';
import {
  actorText,
  type Block,
  capitalise,
  code,
  context,
  escapeMrkdwn,
  type Rendered,
  section,
  sectionsOf,
} from './render.ts';

/** Slack allows 50 blocks a message; the rest of a very long report is counted, not shown. */
const MAX_BLOCKS = 45;

/** The final report: every server with its original host, where it went, whether it came back. */
export function drainReport(
  drain: DrainRecord,
  lookup: (id: string) => EvacuationRecord | undefined,
  /** the stall policy's decisions on its moves that stopped converging */
  stalls: StalledMove[] = [],
): Rendered {
  const state = drain.drain;
  const lines: string[] = [];
  const landings = drainLandings(drain, lookup);
  for (const host of state.hosts) {
    const left = latestItems(host, lookup);
    const back = lookup(host.returnId ?? '')?.evacuation.items ?? [];
    const hostLine = t`${HOST_ICON[host.phase]} ${code(host.host)} ${hostSays(host, state.phase === 'done')}${host.startedAt && host.endedAt ? t` in ${formatDuration(host.endedAt - host.startedAt)}` : ''}${backText(host)}${hostNote(host)}`;
    lines.push(hostLine);
    if (host.reboot) lines.push(`   🔁 ${escapeMrkdwn(rebootReportText(host.reboot))}`);
    for (const item of left) {
      const went = item.outcome?.kind === 'completed' ? (item.outcome.host ?? item.destination) : null;
      const returned = back.find((b) => b.serverId === item.serverId);
      // a server that came from another host's emptying: its line under its own home says where it is
      const elsewhere = (landings.home.get(item.serverId) ?? host.host) !== host.host;
      const homeBy = homeByLaterStep(landings, item.serverId, host.host);
      const home = elsewhere
        ? ''
        : returned?.outcome?.kind === 'completed'
          ? t`back in ${formatDuration(returned.outcome.durationMs)}`
          : returned?.outcome
            ? t`not back: ${escapeMrkdwn(outcomeText(returned.outcome))}`
            : homeBy
              ? t`back home: moved onto it while ${code(homeBy)} was emptied`
              : state.returnHome && went
                ? notBack(
                    returned && returned.state !== 'waiting'
                      ? itemNote(returned)
                      : (drainNotBack(host, item.serverId) ?? skippedNotBack(host)),
                  )
                : '';
      const note = itemNote(item);
      const moved = item.outcome
        ? item.outcome.kind === 'completed'
          ? movedLine(code(went ?? '?'), item.mode ? modeWord(item.mode) : '—', item.outcome)
          : t`${stateWord(item.outcome.kind)}: ${escapeMrkdwn(outcomeText(item.outcome))}`
        : // a movable server's note is its plan's ("moves by cold migration"), not why it did not move
          item.state === 'not-started' && (!note || item.mode)
          ? t`not moved: not started`
          : note && !item.mode
            ? t`not moved: ${skippedByText(item.reason) ?? escapeMrkdwn(note)}`
            : t`not moved`;
      lines.push(t`   ${code(item.serverName)} ${moved}${home ? ` · ${home}` : ''}`);
    }
  }
  const { moved, back, failed, reverted, unknown } = drainMoves(drain, lookup);
  // a host left out after its failed reboot stays disabled too: it is listed, and needs a person
  const disabled = state.hosts.filter(
    (h) =>
      h.phase === 'empty' ||
      h.phase === 'not-empty' ||
      (h.phase === 'skipped' && h.skipped?.by === 'ferry' && !h.skipped.enabledAgain),
  );
  const head = t`*Drain report* ${code(drain.id)}: ${state.hosts.filter((h) => h.phase === 'done').length} of ${hostsCount(state.hosts.length)} done, ${serversCount(moved)} moved off${state.returnHome ? t`, ${back} back home` : ''}${`${failed ? t`, ${failed} failed` : ''}${revertedPart(reverted)}`}${unknownPart(unknown)}${state.startedAt && state.endedAt ? t` in ${formatDuration(state.endedAt - state.startedAt)}` : ''}. Requested by <@${escapeMrkdwn(drain.requestedBy)}>, approved by <@${escapeMrkdwn(drain.decidedBy ?? '?')}>${(state.reapprovedBy ?? []).map((u) => t`, again by <@${escapeMrkdwn(u)}>`).join('')}${state.stoppedBy ? t`, stopped by ${stoppedByText(state, actorText)}` : ''}.`;
  let body = sectionsOf(lines);
  const notes: Block[] = [];
  if (body.length > MAX_BLOCKS) {
    notes.push(
      context(
        body.length - MAX_BLOCKS === 1
          ? t`… 1 more section does not fit in one Slack message; each host's evacuation thread lists its servers.`
          : t`… ${body.length - MAX_BLOCKS} more sections do not fit in one Slack message; each host's evacuation thread lists its servers.`,
      ),
    );
    body = body.slice(0, MAX_BLOCKS);
  }
  const blocks: Block[] = [section(head), ...body, ...notes];
  const stalled = stallTally(stalls);
  if (stalled) blocks.push(context(escapeMrkdwn(stalled)));
  const attention = rebootAttentionText(drain);
  if (attention) blocks.push(context(attention));
  if (disabled.length)
    blocks.push(
      context(
        t`Still disabled: ${disabled.map((h) => code(h.host)).join(t`, `)}. Enable each when it is healthy: \`openstack compute service set --enable <host> nova-compute\`.`,
      ),
    );
  return { text: escapeMrkdwn(t`Drain report ${drain.id}`), blocks: blocks.slice(0, 50) };
}

/** A skipped host's servers that left it: none is moved home (operator trial: "not back" with no reason). */
function skippedNotBack(host: DrainHostState): string | undefined {
  return host.phase === 'skipped'
    ? t`${host.host} was skipped, and a skipped host's servers are not moved home`
    : undefined;
}

/** A server that stayed where it went: why, when the move back's plan said so (say, an older QEMU). */
function notBack(why: string | undefined): string {
  return why ? t`not back: ${escapeMrkdwn(why)}` : t`not back`;
}

/**
 * A note set as a sentence of its own: its first letter capitalised in English, unless it starts with a
 * name ("Compute4" of compute4: operator trial h-words29). Chinese has no capitals: only a name could change.
 */
function sentenceOf(note: string, names: string[]): string {
  if (currentLanguage() !== 'en' || names.some((name) => name && note.startsWith(name))) return note;
  return capitalise(note);
}

/** The names a host's note may start with: the drain's hosts and the servers its reason or moves name. */
function namesOf(
  drain: DrainRecord,
  host: DrainHostState,
  lookup?: (id: string) => EvacuationRecord | undefined,
): string[] {
  const reason = host.reason;
  const servers =
    reason?.code === 'not-moved'
      ? reason.failed.map((f) => f.server)
      : reason?.code === 'skipped-stay' || reason?.code === 'unlisted'
        ? reason.servers.map((s) => s.server)
        : reason?.code === 'not-back'
          ? reason.servers
          : [];
  const moved = lookup
    ? [...host.evacuationIds, host.returnId ?? ''].flatMap(
        (id) => lookup(id)?.evacuation.items.map((item) => item.serverName) ?? [],
      )
    : [];
  return [...drain.drain.hosts.map((h) => h.host), ...servers, ...moved];
}

/** In the drain's thread: a host is done, enabled again, and whether its servers came back. */
export function hostDoneLine(
  drain: DrainRecord,
  host: string,
  lookup?: (id: string) => EvacuationRecord | undefined,
): string {
  const found = drain.drain.hosts.find((h) => h.host === host);
  // a server that did not come back is named with why, as its move back recorded it
  const said = found && ((lookup && notBackWhy(found, lookup)) || drainHostNote(found));
  const note = said ? escapeMrkdwn(sentenceOf(said, namesOf(drain, found, lookup))) : '';
  // the note is a sentence of its own, joined as the language joins them (zh: none after 。)
  const noted = (line: string) => (note ? t`${line} ${note}` : line);
  if (found?.leftDisabled && found.disabledReason)
    return noted(
      t`✅ ${code(host)} is done and stays disabled, as it was before the drain ("${escapeMrkdwn(found.disabledReason)}").`,
    );
  if (found?.leftDisabled)
    return noted(t`✅ ${code(host)} is done and stays disabled, as it was before the drain.`);
  const back = drain.drain.returnHome && !said ? t`; its servers are back` : '';
  return noted(t`✅ ${code(host)} is done and enabled again${back}.`);
}

/** A move that landed, with its duration and, for a live one measured, its blackout. */
function movedLine(where: string, mode: string, outcome: Outcome): string {
  const took = formatDuration(outcome.durationMs);
  const blackout = blackoutFigure(outcome);
  const line = blackout ? t`→ ${where} (${mode}, ${took}, ${blackout})` : t`→ ${where} (${mode}, ${took})`;
  // a move one of whose proofs failed keeps its ⚠️ and names the proof, as the evacuation's report does
  if (!outcomeUnproven(outcome)) return line;
  const proofs = outcome.fact?.code === 'moved' ? outcome.fact.proofs : undefined;
  return `⚠️ ${line} · ${escapeMrkdwn(t`moved, not proven: ${failedProofsText(proofs)}`)}`;
}

/** How the host came back: rebooted by Ferry and verified, nova-compute seen coming up, or who said so. */
function backText(host: DrainHostState): string {
  if (!host.backBy) return '';
  if (host.backBy === 'ferry' && host.reboot?.verifiedAt !== undefined)
    return t` · rebooted by Ferry and verified`;
  return t` · back by ${host.backBy === 'ferry' ? t`nova-compute coming up` : `<@${escapeMrkdwn(host.backBy)}>`}`;
}
