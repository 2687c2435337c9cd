import { clause, t, translated } from '../../i18n/index.ts';
import { serverStatusWord, stateWord } from '../../messages/states.ts';
import { ActionOutcomeUnknownError, OpenStackApiError, OpenStackUnreachableError } from '../cloud-errors.ts';
import type { Migration, Server } from '../model/cloud.ts';
import type { OutcomeKind, RunRecord } from '../model/records.ts';
import { CloudActionError } from './run-errors.ts';

/**
 * How a migration ended, decided from what Nova says about the migration and what the server shows
 * now, never from one of them alone: a record marked completed with the server still on its source is
 * a failure, a rollback leaves the server ACTIVE where it was. Pure: the caller reads the cloud.
 */
export interface Verdict {
  kind: OutcomeKind;
  message: string;
}

/**
 * The verdict for a migration in a terminal status. Without `reason` (Nova's explanation, read from
 * the server's fault or its instance action) answers null when the end was a failure that needs one.
 */
export function classifyEnd(
  run: RunRecord,
  migration: Migration,
  server: Server,
  reason?: string,
): Verdict | null {
  const dest = migration.destCompute;
  const status = migration.status;
  const finished = status === 'completed' || status === 'confirmed';
  if (finished && server.host === dest && server.host !== run.source) {
    const forced =
      run.forceSeen === 'post-copy'
        ? t` after force-complete (Nova switched it to post-copy)`
        : run.forceSeen === 'paused'
          ? t` after force-complete (the guest was paused for the final copy)`
          : '';
    const unseen = run.forceRequested && !run.forceSeen;
    return {
      kind: 'completed',
      message: unseen
        ? t`${server.name} now runs on ${dest}; it is ${serverStatusWord(server.status)}. Force complete was requested, but Ferry never saw it take effect (no post-copy, no paused guest).`
        : t`${server.name} now runs on ${dest}${forced}; it is ${serverStatusWord(server.status)}.`,
    };
  }
  if (finished)
    return {
      kind: 'failed',
      message: t`Nova marked the migration ${stateWord(status)}, but ${server.name} is still on ${server.host}. Check it before trusting it.`,
    };
  if (status === 'reverted')
    return {
      kind: run.revertRequested ? 'reverted' : 'rolled-back',
      message: t`${server.name} is back on ${server.host} and ${serverStatusWord(server.status)}.`,
    };
  if (status === 'cancelled' && run.abortRequested)
    return {
      kind: 'aborted',
      message: t`${server.name} stays on ${server.host} and is ${serverStatusWord(server.status)}.`,
    };
  if (status === 'cancelled' && server.host === run.source)
    return {
      kind: 'rolled-back',
      message: t`Nova cancelled the migration itself, not through Ferry: live_migration_completion_timeout ran out (with live_migration_timeout_action = abort), or someone aborted it outside Ferry. ${server.name} is ${serverStatusWord(server.status)} on ${server.host} again.`,
    };
  if (reason === undefined) return null;
  if (server.status === 'ERROR')
    return {
      kind: 'failed',
      message: t`${server.name} is in ERROR on ${server.host}: ${reason}. Check the hypervisors on ${run.source} and ${dest ?? t`the destination`} before resetting its state.`,
    };
  if (dest && server.host === dest && server.host !== run.source)
    return {
      kind: 'failed',
      message: t`Nova recorded the migration as ${stateWord(status)} (${reason}), yet ${server.name} is ${serverStatusWord(server.status)} on ${dest}: it moved, but Nova's records disagree. Check the server and Placement's allocations on ${run.source} and ${dest} before trusting either.`,
    };
  if (server.host === run.source && ['ACTIVE', 'PAUSED', 'SHUTOFF'].includes(server.status))
    return {
      kind: 'rolled-back',
      message: t`Nova rolled the migration back and marked it ${stateWord(status)}: ${server.name} is ${serverStatusWord(server.status)} on ${server.host} again. ${clause(reason)}.`,
    };
  return {
    kind: 'failed',
    message: t`Nova marked the migration ${stateWord(status)}: ${clause(reason)}. ${server.name} is ${serverStatusWord(server.status)} on ${server.host}.`,
  };
}

/** Why Nova did not start a move, as the outcome says it; `tries` is how often Ferry asked (0: not yet). */
export function explainStartFailure(error: unknown, run: RunRecord, tries: number): string {
  return `${startRefusal(error, run)}${tries > 1 ? t` (${tries} tries)` : ''}`;
}

function startRefusal(error: unknown, run: RunRecord): string {
  if (error instanceof OpenStackApiError) {
    if (error.status === 409) {
      return t`Nova refused to start: ${error.apiMessage} (409: the server changed since the checks; look at it and ask again).`;
    }
    if (error.status === 403)
      return t`Nova refused: ${error.apiMessage} (Ferry's credentials need the admin role).`;
    return t`Nova refused to start (${error.status}): ${clause(error.apiMessage)}${error.requestId ? ` [${error.requestId}]` : ''}.`;
  }
  if (error instanceof OpenStackUnreachableError) {
    return t`Could not reach Nova before asking it to move ${run.serverName} (${error.reason}); nothing was sent. Ask again once Nova answers.`;
  }
  throw error;
}

/** An operator action Nova refused, as the person is told. */
/** `what` is a k`…` verb ("abort"), said in the language of whoever reads the error. */
export function explainActionFailure(error: unknown, what: string): Error {
  if (error instanceof ActionOutcomeUnknownError)
    return new CloudActionError(
      () =>
        t`Nova did not answer the request to ${translated(what)}, so whether it was done is unknown; look at the server before trying again`,
      error.reason,
      true,
    );
  if (error instanceof OpenStackApiError)
    return new CloudActionError(() => t`Nova refused to ${translated(what)}`, error.apiMessage);
  if (error instanceof OpenStackUnreachableError)
    return new CloudActionError(() => t`Could not reach Nova to ${translated(what)}`, error.reason, true);
  return error as Error;
}
