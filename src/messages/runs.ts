import { isGatewayStatus } from '../core/cloud-errors.ts';
import type { Outcome, RunState } from '../core/model/records.ts';
import type {
  FailedStep,
  FailureReason,
  OutcomeFact,
  RunNotice,
  TransitionNote,
} from '../core/model/run-facts.ts';
import { clause, t } from '../i18n/index.ts';
import { blackoutText } from './blackout.ts';
import { gatewayAnswerText } from './cloud.ts';
import { outcomeProofsText, proofsText, sentences } from './proofs.ts';
import { cloudActionLead } from './run-refusals.ts';
import { serverStatusWord, stateWord } from './states.ts';
import { formatDuration, utcTime } from './units.ts';

/**
 * A run's facts in the reader's language: how it ended (an outcome), what its thread heard meanwhile,
 * Nova's failed steps. Made where they are shown, so a run that ended while the channel spoke English
 * reads in Chinese to a zh-CN reader.
 */

/**
 * How the run ended, in a sentence. An outcome stored by Ferry before outcomes were facts holds its
 * sentence (`message`), shown as stored.
 */
export function outcomeText(outcome: Pick<Outcome, 'fact' | 'message'>): string;
export function outcomeText(outcome: Pick<Outcome, 'fact' | 'message'> | undefined): string | undefined;
export function outcomeText(outcome: Pick<Outcome, 'fact' | 'message'> | undefined): string | undefined {
  if (!outcome) return undefined;
  if (outcome.fact) return outcomeFactText(outcome.fact);
  return outcome.message ?? '';
}

export function outcomeFactText(fact: OutcomeFact): string {
  const proofs = outcomeProofsText({ fact });
  // a live move's blackout (issue #29): its own sentence after the move's
  const blackout = fact.code === 'moved' ? blackoutText(fact.blackout, fact.force) : null;
  return sentences([outcomeSentence(fact), blackout ?? '', proofs]);
}

function outcomeSentence(fact: OutcomeFact): string {
  switch (fact.code) {
    case 'moved': {
      const status = serverStatusWord(fact.status);
      // Nova's records show force-complete only as post-copy: a guest paused instead does not show
      if (fact.force === 'unseen')
        return t`${fact.server} now runs on ${fact.host}; it is ${status}. Force complete was requested; Nova's records showed no post-copy, and they would not show a guest paused for the final copy, so whether it took effect is not known.`;
      if (fact.force === 'post-copy')
        return t`${fact.server} now runs on ${fact.host} after force-complete (Nova switched it to post-copy); it is ${status}.`;
      // only an ACTIVE server runs: one moved cold while SHUTOFF is on its new host, still off
      return fact.status === 'ACTIVE'
        ? t`${fact.server} now runs on ${fact.host}; it is ${status}.`
        : t`${fact.server} is now on ${fact.host}; it is ${status}.`;
    }
    case 'marked-done-not-moved':
      return t`Nova marked the migration ${stateWord(fact.migrationStatus)}, but ${fact.server} is still on ${fact.host}. Check it before trusting it.`;
    case 'back':
      return t`${fact.server} is back on ${fact.host} and ${serverStatusWord(fact.status)}.`;
    case 'stays':
      return t`${fact.server} stays on ${fact.host} and is ${serverStatusWord(fact.status)}.`;
    case 'cancelled-by-nova':
      return t`Nova cancelled the migration itself, not through Ferry: live_migration_completion_timeout ran out (with live_migration_timeout_action = abort), or someone aborted it outside Ferry. ${fact.server} is ${serverStatusWord(fact.status)} on ${fact.host} again.`;
    case 'server-in-error':
      return t`${fact.server} is in ERROR on ${fact.host}: ${failureReasonText(fact.reason)}. Check the hypervisors on ${fact.source} and ${fact.destination ?? t`the destination`} before resetting its state.`;
    case 'moved-despite-record':
      return t`Nova recorded the migration as ${stateWord(fact.migrationStatus)} (${failureReasonText(fact.reason)}), yet ${fact.server} is ${serverStatusWord(fact.status)} on ${fact.destination}: it moved, but Nova's records disagree. Check the server and Placement's allocations on ${fact.source} and ${fact.destination} before trusting either.`;
    case 'rolled-back':
      return t`Nova rolled the migration back and marked it ${stateWord(fact.migrationStatus)}: ${fact.server} is ${serverStatusWord(fact.status)} on ${fact.host} again. ${clause(failureReasonText(fact.reason))}.`;
    case 'failed':
      return t`Nova marked the migration ${stateWord(fact.migrationStatus)}: ${clause(failureReasonText(fact.reason))}. ${fact.server} is ${serverStatusWord(fact.status)} on ${fact.host}.`;
    case 'start-refused':
      return startRefusedText(fact);
    case 'start-unreachable':
      return fact.tries > 1
        ? unreachableText(fact.server, fact.reason, fact.tries)
        : t`Could not reach Nova before asking it to move ${fact.server} (${fact.reason}); nothing was sent. Ask again once Nova answers.`;
    case 'not-started':
      return fact.sent
        ? t`Nova did not start the migration: ${fact.tries} tries, none answered or reached Nova (last: ${fact.reason}), and Nova shows no migration of ${fact.server} since. Nothing was started; ask again once Nova answers.`
        : unreachableText(fact.server, fact.reason, fact.tries);
    case 'never-started':
      return fact.step
        ? t`Nova never started the migration: ${clause(failedStepText(fact.step))}. ${fact.server} is ${serverStatusWord(fact.status)} on ${fact.host}.`
        : t`Nova showed no migration record for this move. ${fact.server} is ${serverStatusWord(fact.status)} on ${fact.host}.`;
    case 'no-migration-shown':
      return noMigrationShownText(fact);
    case 'request-lost':
      return t`Nova accepted the request (${fact.requestId}) but no longer has any record of it, neither its instance action nor a migration (was the cloud reset or restored?), not even whether the move ran. ${fact.server} is ${serverStatusWord(fact.status)} on ${fact.host}; check it before asking again.`;
    case 'record-lost':
      return t`Nova no longer has the record of migration ${fact.migrationUuid} (was the cloud reset or restored?). ${fact.server} is ${serverStatusWord(fact.status)} on ${fact.host}; check it before asking again.`;
    case 'timed-out':
      return t`No end after ${formatDuration(fact.timeoutMs)}; Ferry stopped watching and left the migration as it is (server ${fact.status ?? t`state unknown`} on ${fact.host ?? '?'}). Decide with /migrations abort ${fact.runId} or check Nova.`;
    case 'watch-failed':
      return t`Ferry stopped watching after an unexpected error: ${fact.cloud ? t`${cloudActionLead(fact.cloud)}: ${fact.cloud.text}` : fact.error}. Check the server with /migrations ${fact.runId}.`;
  }
}

function noMigrationShownText(fact: Extract<OutcomeFact, { code: 'no-migration-shown' }>): string {
  const waited = formatDuration(fact.waitedMs);
  const lead = fact.requestId
    ? t`Nova accepted the request (${fact.requestId}) but shows no migration for it after ${waited}`
    : t`Nova accepted the request but shows no migration for it after ${waited}`;
  const status = serverStatusWord(fact.status);
  const where =
    fact.host === fact.source
      ? t`${fact.server} is still ${status} on ${fact.host}`
      : t`${fact.server} is ${status} on ${fact.host ?? '?'}, no longer on ${fact.source}`;
  return t`${lead}: no migration record, no failed step, no task on the server. ${where}; Ferry stopped watching. Look at the server's instance actions before asking again.`;
}

function unreachableText(server: string, reason: string, tries: number): string {
  return t`Could not reach Nova before asking it to move ${server} (${reason}); nothing was sent. Ask again once Nova answers. (${tries} tries)`;
}

function startRefusedText(fact: Extract<OutcomeFact, { code: 'start-refused' }>): string {
  const { apiMessage, tries } = fact;
  if (fact.status === 409)
    return tries > 1
      ? t`Nova refused to start: ${apiMessage} (409: the server changed since the checks; look at it and ask again). (${tries} tries)`
      : t`Nova refused to start: ${apiMessage} (409: the server changed since the checks; look at it and ask again).`;
  if (fact.status === 403)
    return tries > 1
      ? t`Nova refused: ${apiMessage} (Ferry's credentials need the admin role). (${tries} tries)`
      : t`Nova refused: ${apiMessage} (Ferry's credentials need the admin role).`;
  // Nova's request ID, as Nova wrote it
  const request = fact.novaRequestId ? ` [${fact.novaRequestId}]` : '';
  return tries > 1
    ? t`Nova refused to start (${fact.status}): ${clause(apiMessage)}${request}. (${tries} tries)`
    : t`Nova refused to start (${fact.status}): ${clause(apiMessage)}${request}.`;
}

/** Why a move failed, as far as Nova told. */
export function failureReasonText(reason: FailureReason): string {
  switch (reason.code) {
    case 'fault':
      return t`Nova: ${reason.message}`;
    case 'step':
      return failedStepText(reason.step);
    case 'last-step-seen':
      return t`${lastStepSeen(reason.state)} was the last step Ferry saw; Nova records no reason, look in nova-compute's log on ${reason.source} for instance ${reason.serverId}`;
  }
}

/**
 * A failed step of Nova's instance action, as people read it. Event names are Nova's own functions
 * (`compute_pre_live_migration` is nova-compute's `pre_live_migration`, wrapped by
 * `wrap_instance_event`): they name code, not what went wrong, so the thread names the step in words
 * and keeps Nova's reason (the event's details) as Nova wrote it.
 */
export function failedStepText(event: FailedStep): string {
  const step = stepName(event.event);
  const reason = event.details ? clause(event.details.trim()) : '';
  if (event.host && reason) return t`${step} failed on ${event.host}: ${reason}`;
  if (event.host) return t`${step} failed on ${event.host}; Nova recorded no reason`;
  if (reason) return t`${step} failed: ${reason}`;
  return t`${step} failed; Nova recorded no reason`;
}

function stepName(event: string): string {
  switch (event) {
    case 'conductor_live_migrate_instance':
    case 'cold_migrate':
      return t`Choosing the destination`;
    case 'compute_check_can_live_migrate_destination':
      return t`The destination's check`;
    case 'compute_check_can_live_migrate_source':
      return t`The source's check`;
    case 'compute_pre_live_migration':
    case 'compute_prep_resize':
      return t`Preparing the destination`;
    case 'compute_live_migration':
      return t`The transfer`;
    case 'compute_post_live_migration_at_destination':
      return t`Finishing on the destination`;
    case 'compute_rollback_live_migration_at_destination':
      return t`Cleaning up the destination`;
    case 'compute_resize_instance':
      return t`Copying the server from its source`;
    case 'compute_finish_resize':
      return t`Starting the server on the destination`;
    case 'compute_confirm_resize':
      return t`Confirming the move`;
    case 'compute_revert_resize':
    case 'compute_finish_revert_resize':
      return t`Reverting the move`;
    case 'conductor_rebuild_server':
    case 'compute_rebuild_instance':
      return t`Rebuilding the server on the destination`;
    default:
      return t`A step of the move`;
  }
}

/**
 * The step a run was in when Ferry last read its migration record, in the words of `failedStepText`:
 * what a line can say when Nova rolls a move back without recording which step failed. A cold move's
 * record is one phase from scheduling to the copy's end, so it is named as a whole.
 */
export function lastStepSeen(state: RunState): string {
  switch (state) {
    case 'starting':
    case 'accepted':
      return t`Choosing the destination`;
    case 'queued':
      return t`Waiting for a migration slot on the source`;
    case 'preparing':
      return t`Preparing the destination`;
    case 'running':
    case 'post-copy':
      return t`The transfer`;
    case 'resizing':
      return t`Copying the server to the destination`;
    case 'awaiting-confirmation':
    case 'confirming':
      return t`Confirming the move`;
    case 'reverting':
      return t`Reverting the move`;
    case 'done':
      return t`A step of the move`;
  }
}

/**
 * What a run's thread heard meanwhile. A notice journaled by Ferry before notices were facts holds
 * its sentence (`note`), shown as stored.
 */
export function runNoticeText(event: { notice?: RunNotice; note?: string }): string {
  return event.notice ? noticeText(event.notice) : (event.note ?? '');
}

function noticeText(notice: RunNotice): string {
  switch (notice.code) {
    case 'nova-out': {
      const at = utcTime(notice.since);
      if (notice.status === undefined) return t`Cannot reach Nova since ${at}; still watching`;
      const gateway = gatewayAnswerText(notice.status);
      if (gateway) return t`Nova is not available since ${at} (${gateway}); still watching`;
      return isGatewayStatus(notice.status)
        ? t`Nova is not available since ${at} (it answers ${notice.status}); still watching`
        : t`Nova fails Ferry's reads since ${at} (it answers ${notice.status}); still watching`;
    }
    case 'nova-back':
      return t`Nova answers again (failing since ${utcTime(notice.since)}, for ${formatDuration(notice.forMs)}); still watching`;
    case 'server-unreadable': {
      const why = t`as it does when the database of the server's cell does not answer`;
      // said after the server's name (the thread names whose notice it is)
      return t`Nova cannot read it now: it answers ${notice.status} for this server alone (${why}) and answers for the rest. Ferry keeps looking, and says how the move ends.`;
    }
    case 'start-interrupted':
      return notice.asked
        ? t`Ferry stopped while it asked Nova to start the migration; checking whether it started`
        : t`Ferry stopped before it asked Nova to start the migration; it asks now`;
    case 'start-unanswered':
      return t`Nova did not answer (${notice.reason}), so whether the migration started is unknown until Nova's records say; checking whether it started`;
    case 'start-found':
      return startFoundText(notice);
    case 'start-accepted':
      return t`Nova accepted the migration on try ${notice.tries}`;
    case 'start-waits-scheduler':
      return t`Asks Nova at ${utcTime(notice.until)}: ${notice.peer} (same anti-affinity group) left ${notice.host} at ${utcTime(notice.leftAt)}, and Nova's scheduler may count it there until ${notice.host}'s nova-compute next lists its servers (every 2 minutes by default), refusing this move until then`;
    case 'proofs-failed':
      return t`⚠️ not proven on ${notice.destination ?? '?'}: ${proofsText(notice.proofs)} Ferry reverts the move: it goes back to ${notice.source}.`;
    case 'compute-down':
      return computeDownText(notice);
    case 'compute-up':
      return notice.role === 'source'
        ? t`nova-compute on ${notice.host} (the source) is up again; still watching`
        : t`nova-compute on ${notice.host} (the destination) is up again; still watching`;
  }
}

/**
 * A move's host whose nova-compute Nova lists down, and what that means for the move: the source's
 * runs the move and writes its record (whether libvirt's copy goes on without it, nobody sees), the
 * destination's makes its last steps. Said as what may come, never as what will.
 */
function computeDownText(notice: Extract<RunNotice, { code: 'compute-down' }>): string {
  const heard = notice.lastHeard === null ? '' : t` (last heard from at ${utcTime(notice.lastHeard)})`;
  return notice.role === 'source'
    ? t`⚠️ nova-compute on ${notice.host} (the source) is down${heard}. It runs this move and writes its record: until it is back, Nova's record may not change, and whether the copy goes on meanwhile neither Nova nor Ferry can see. Ferry keeps watching and says how the move ends.`
    : t`⚠️ nova-compute on ${notice.host} (the destination) is down${heard}. Nova needs it for the move's last steps: until it is back, the move may wait there or fail. Ferry keeps watching and says how the move ends.`;
}

/**
 * What a phase change says beside the phase: Nova's request on "accepted", the record's status (and
 * the queue ahead) on the others. A word as stored (the outcome's kind on the end, or a note written
 * by Ferry before notes were facts) reads as a state word.
 */
export function transitionNoteText(note: TransitionNote): string {
  if (typeof note === 'string') return stateWord(note);
  switch (note.code) {
    case 'nova-request': {
      const { novaRequestId: id, tries } = note;
      if (!id) return tries > 1 ? t`(${tries} tries)` : '';
      return tries > 1 ? t`Nova request ${id} (${tries} tries)` : t`Nova request ${id}`;
    }
    case 'nova-status':
      if (!note.queue) return t`Nova: ${note.status}${''}`;
      if ('ferrys' in note.queue)
        return note.queue.ferrys.length === 1
          ? t`Nova: ${note.status}, behind Ferry's move of ${note.queue.ferrys[0]} from ${note.queue.source}: nova-compute runs max_concurrent_live_migrations at a time per host`
          : t`Nova: ${note.status}, behind Ferry's moves of ${note.queue.ferrys.join(t`, `)} from ${note.queue.source}: nova-compute runs max_concurrent_live_migrations at a time per host`;
      return note.queue.ahead === 1
        ? t`Nova: ${note.status}, behind 1 other live migration from ${note.queue.source}: nova-compute runs max_concurrent_live_migrations at a time per host`
        : t`Nova: ${note.status}, behind ${note.queue.ahead} other live migrations from ${note.queue.source}: nova-compute runs max_concurrent_live_migrations at a time per host`;
    case 'proven':
      return t`Nova: ${note.status}. ${proofsText(note.proofs)}`;
  }
}

/** Nova's records show the start that went unanswered (or was asked before Ferry restarted). */
function startFoundText(notice: Extract<RunNotice, { code: 'start-found' }>): string {
  const { novaRequestId: id, tries } = notice;
  if (notice.resumed)
    return id
      ? t`Nova's records show the migration started: request ${id}`
      : t`Nova's records show the migration started`;
  if (tries > 1)
    return id
      ? t`Nova did not answer, but its records show the migration started: request ${id} (${tries} tries)`
      : t`Nova did not answer, but its records show the migration started (${tries} tries)`;
  return id
    ? t`Nova did not answer, but its records show the migration started: request ${id}`
    : t`Nova did not answer, but its records show the migration started`;
}
