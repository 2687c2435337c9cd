import { ActionOutcomeUnknownError, OpenStackApiError, OpenStackUnreachableError } from '../cloud-errors.ts';
import type { Migration, Server } from '../model/cloud.ts';
import type { OutcomeKind, RunRecord } from '../model/records.ts';
import type { FailureReason, OutcomeFact } from '../model/run-facts.ts';
import { CloudActionError, type RunAction } from './run-errors.ts';

/**
 * How a migration ended, decided from what Nova says about the migration and what the server shows
 * now, never from one of them alone: a record marked completed with the server still on its source is
 * a failure, a rollback leaves the server ACTIVE where it was. Pure: the caller reads the cloud.
 */
export interface Verdict {
  kind: OutcomeKind;
  fact: OutcomeFact;
}

/**
 * The verdict for a migration in a terminal status. Without `reason` (Nova's explanation, read from
 * the server's fault or its instance action) answers null when the end was a failure that needs one.
 */
export function classifyEnd(
  run: RunRecord,
  migration: Migration,
  server: Server,
  reason?: FailureReason,
): Verdict | null {
  const dest = migration.destCompute;
  const status = migration.status;
  const at = { server: server.name, host: server.host, status: server.status };
  const finished = status === 'completed' || status === 'confirmed';
  if (finished && server.host === dest && server.host !== run.source) {
    const force = run.forceSeen ?? (run.forceRequested ? 'unseen' : undefined);
    return { kind: 'completed', fact: { code: 'moved', ...at, ...(force ? { force } : {}) } };
  }
  if (finished)
    return {
      kind: 'failed',
      fact: {
        code: 'marked-done-not-moved',
        server: server.name,
        host: server.host,
        migrationStatus: status,
      },
    };
  if (status === 'reverted')
    return { kind: run.revertRequested ? 'reverted' : 'rolled-back', fact: { code: 'back', ...at } };
  if (status === 'cancelled' && run.abortRequested)
    return { kind: 'aborted', fact: { code: 'stays', ...at } };
  if (status === 'cancelled' && server.host === run.source)
    return { kind: 'rolled-back', fact: { code: 'cancelled-by-nova', ...at } };
  if (reason === undefined) return null;
  if (server.status === 'ERROR')
    return {
      kind: 'failed',
      fact: {
        code: 'server-in-error',
        server: server.name,
        host: server.host,
        source: run.source,
        destination: dest,
        reason,
      },
    };
  if (dest && server.host === dest && server.host !== run.source)
    return {
      kind: 'failed',
      fact: {
        code: 'moved-despite-record',
        server: server.name,
        status: server.status,
        source: run.source,
        destination: dest,
        migrationStatus: status,
        reason,
      },
    };
  if (server.host === run.source && ['ACTIVE', 'PAUSED', 'SHUTOFF'].includes(server.status))
    return { kind: 'rolled-back', fact: { code: 'rolled-back', ...at, migrationStatus: status, reason } };
  return { kind: 'failed', fact: { code: 'failed', ...at, migrationStatus: status, reason } };
}

/** Why Nova did not start a move, as the outcome keeps it; `tries` is how often Ferry asked (0: not yet). */
export function startFailure(error: unknown, run: RunRecord, tries: number): OutcomeFact {
  if (error instanceof OpenStackApiError)
    return {
      code: 'start-refused',
      status: error.status,
      apiMessage: error.apiMessage,
      ...(error.requestId ? { novaRequestId: error.requestId } : {}),
      tries,
    };
  if (error instanceof OpenStackUnreachableError)
    return { code: 'start-unreachable', server: run.serverName, reason: error.reason, tries };
  throw error;
}

/** An operator action the cloud refused, did not answer or could not be reached for. */
export function actionFailure(error: unknown, action: RunAction): Error {
  if (error instanceof ActionOutcomeUnknownError)
    return new CloudActionError(action, 'unknown', error.reason);
  if (error instanceof OpenStackApiError) return new CloudActionError(action, 'refused', error.apiMessage);
  if (error instanceof OpenStackUnreachableError)
    return new CloudActionError(action, 'unreachable', error.reason);
  return error as Error;
}
