import { randomBytes } from 'node:crypto';
import {
  AmbiguousServerError,
  CloudConfigError,
  excerpt,
  isCloudError,
  isGatewayStatus,
  isInternalCloudError,
  isUnavailableCloudError,
  OpenStackApiError,
  OpenStackNoAnswerError,
  type OpenStackService,
  OpenStackUnreachableError,
  ServerNotFoundError,
  UnsupportedCloudError,
} from '../core/cloud-errors.ts';
import { DrainApprovalRefused, DrainRefused } from '../core/drain/refusals.ts';
import { PlanEditRefused } from '../core/evacuation/edits.ts';
import { EvacuationRefused } from '../core/evacuation/refusals.ts';
import { MaintenanceError } from '../core/maintenance/maintenance.ts';
import { CloudActionError, RunActionError } from '../core/move/run-errors.ts';
import { HoldError } from '../core/move/service-guard.ts';
import { Refused } from '../core/permissions.ts';
import { StoreError } from '../core/ports/store.ts';
import { ApprovalError, NotAllowedError } from '../core/requests.ts';
import { SshError } from '../hostcheck/ssh.ts';
import { clause, k, t, translated } from '../i18n/index.ts';
import { serverLookupText, unansweredReason } from '../messages/cloud.ts';
import { drainRefusalText } from '../messages/drain.ts';
import { evacuationRefusalText } from '../messages/evacuation.ts';
import { maintenanceRefusalText } from '../messages/maintenance.ts';
import { refusalText } from '../messages/permissions.ts';
import { planEditRefusalsText } from '../messages/plan-edits.ts';
import { approvalRefusalText } from '../messages/requests.ts';
import { cloudActionLead, runActionErrorText } from '../messages/run-refusals.ts';
import { holdTroubleText } from '../messages/service-guard.ts';
import { escapeMrkdwn } from './render.ts';

/** Errors whose explanation is the whole answer: the person can act on it, and the log needs nothing. */
function isExplained(error: unknown): boolean {
  return [
    ApprovalError,
    RunActionError,
    NotAllowedError,
    MaintenanceError,
    SshError,
    ServerNotFoundError,
    AmbiguousServerError,
    OpenStackApiError,
    OpenStackUnreachableError,
    CloudConfigError,
    UnsupportedCloudError,
    StoreError,
  ].some((kind) => error instanceof kind);
}

export interface ErrorLog {
  error(message: string): void;
  warn(message: string): void;
}

/**
 * The answer to a failure, and what the log gets: a person's mistake or a refusal is answered, not
 * logged as an error; the cloud failing is answered and logged as a warning; anything unexpected is
 * logged at error level under an incident ID that the person is given, so admins can find it.
 */
export function explainFailure(error: unknown, log: ErrorLog, during: string): string {
  if (isExplained(error)) {
    if (
      error instanceof OpenStackUnreachableError ||
      (error instanceof OpenStackApiError && error.status >= 500)
    )
      log.warn(`${during}: ${describe(error)}`);
    return explain(error);
  }
  const incident = `e-${randomBytes(3).toString('hex')}`;
  log.error(
    `${during} failed unexpectedly [incident ${incident}]: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return t`Something unexpected went wrong inside Ferry (incident ${incident}); its log has the details under that ID. Try again, and tell its admins if it repeats.`;
}

/**
 * Turns any error into one sentence a person can act on: never a stack trace, never a secret.
 * The answer is Slack mrkdwn; anything that came from a user or the cloud is escaped.
 */
export function explain(error: unknown): string {
  if (error instanceof CloudActionError)
    return t`${escapeMrkdwn(cloudActionLead(error))}: ${escapeMrkdwn(error.cloudText)}`;
  if (error instanceof Refused) return escapeKeepingMentions(refusalText(error.refusal, error.whoMay()));
  if (error instanceof HoldError) return escapeMrkdwn(holdTroubleText(error.trouble));
  const refused = refusedWords(error);
  if (refused !== null) return escapeKeepingMentions(refused);
  if (error instanceof RunActionError) return escapeKeepingMentions(runActionErrorText(error));
  if (error instanceof ApprovalError)
    return escapeKeepingMentions(error.refusal ? approvalRefusalText(error.refusal) : error.message);
  if (error instanceof NotAllowedError) return escapeKeepingMentions(error.message);
  if (error instanceof MaintenanceError) return escapeMrkdwn(maintenanceRefusalText(error.refusal));
  if (error instanceof SshError) return escapeMrkdwn(error.message);
  return escapeMrkdwn(describe(error));
}

/**
 * What failed, not yet escaped, for a thread in which Ferry itself tries again (an engine's trouble,
 * an approved start waiting): without the advice to a person to send a command again.
 */
export function explainInWords(error: unknown): string {
  return describe(error, false);
}

/**
 * An error as Ferry's log gets it: the cloud's errors as Ferry explains them, with the request that
 * failed (never the service's internals); anything else by its message.
 */
export function explainForLog(error: unknown): string {
  if (isCloudError(error)) return `${error.service} ${error.method} ${error.path}: ${describe(error)}`;
  const refused = refusedWords(error);
  if (refused !== null) return refused;
  if (error instanceof MaintenanceError) return maintenanceRefusalText(error.refusal);
  return error instanceof Error ? error.message : String(error ?? '');
}

/** An evacuation's or a drain's refusal, worded from its fact (not yet escaped); null for any other error. */
function refusedWords(error: unknown): string | null {
  if (error instanceof EvacuationRefused) return evacuationRefusalText(error.refused);
  if (error instanceof PlanEditRefused) return planEditRefusalsText(error.refusals);
  if (error instanceof DrainRefused || error instanceof DrainApprovalRefused)
    return drainRefusalText(error.refused);
  return null;
}

/**
 * A refusal names a host or an ID someone typed, and the people who may do it instead: the text is
 * escaped, then only Ferry's own mentions of a user (<@U…>) or user group (<!subteam^S…>) work again.
 */
function escapeKeepingMentions(text: string): string {
  return escapeMrkdwn(text).replace(/&lt;(@[UW][A-Z0-9_]+|!subteam\^[A-Z0-9_]+)&gt;/g, '<$1>');
}

/** The service as operators name it: "compute" (its catalog type) reads like a host. */
const SERVICE_NAMES: Record<OpenStackService, string> = {
  compute: 'Nova',
  placement: 'Placement',
  identity: 'Keystone',
  network: 'Neutron',
  image: 'Glance',
};

/** A cloud service by the name operators give it (Nova, not "compute"). */
export function serviceName(service: OpenStackService): string {
  return SERVICE_NAMES[service];
}

/** `toPerson`: the answer to a command, with when to send it again. */
function describe(error: unknown, toPerson = true): string {
  if (error instanceof Refused) return refusalText(error.refusal, error.whoMay());
  if (error instanceof HoldError) return holdTroubleText(error.trouble);
  if (error instanceof ServerNotFoundError || error instanceof AmbiguousServerError)
    return serverLookupText(error);
  if (error instanceof OpenStackApiError) {
    const service = SERVICE_NAMES[error.service];
    if (isInternalCloudError(error))
      return t`${service} had an error inside it (${error.status}${error.requestId ? t`, request ${error.requestId}` : ''}); its API log says why (a cell database that does not answer does this). If it persists, the cloud's admins must look.`;
    if (isUnavailableCloudError(error))
      return toPerson
        ? t`${service} is not available right now (503 Service Unavailable: its API is restarting, or the load balancer in front of it has no working backend). Ferry tries again where it is watching; a command can be sent again in a minute. If it lasts, the cloud's admins must look at ${service}'s API and its load balancer.`
        : t`${service} is not available right now (503 Service Unavailable: its API is restarting, or the load balancer in front of it has no working backend). If it lasts, the cloud's admins must look at ${service}'s API and its load balancer.`;
    if (isGatewayStatus(error.status)) {
      const said = gatewayText(service, error);
      return toPerson
        ? t`${said} Ferry tries again where it is watching; a command can be sent again in a minute. If it lasts, the cloud's admins must look at ${service}'s API and its load balancer.`
        : t`${said} If it lasts, the cloud's admins must look at ${service}'s API and its load balancer.`;
    }
    // a server error's body is whatever the failing side wrote: a short excerpt, never a page
    const message = error.status >= 500 ? excerpt(error.apiMessage) : error.apiMessage;
    const what = t`${service} answered ${error.status}: ${clause(message)}`;
    if (error.status === 401)
      return t`${what}. Ferry's cloud credentials were refused; an admin must fix OS_* / clouds.yaml.`;
    if (error.status === 403) return t`${what}. Ferry's cloud credentials lack the rights for this.`;
    if (error.status >= 500) {
      const request = error.requestId ? t` (request ${error.requestId})` : '';
      return toPerson
        ? t`${what}${request}. The cloud had a problem; try again shortly.`
        : t`${what}${request}. The cloud had a problem.`;
    }
    return t`${what}.`;
  }
  if (error instanceof OpenStackNoAnswerError && error.method !== 'GET')
    return t`${SERVICE_NAMES[error.service]} did not answer (${unansweredReason(error)}), so whether it carried the request out is unknown until its records are read. Look before sending it again; if it persists, check the cloud's API.`;
  if (error instanceof OpenStackUnreachableError)
    return toPerson
      ? t`${SERVICE_NAMES[error.service]} did not answer (${unansweredReason(error)}). Try again shortly; if it persists, check the cloud's API.`
      : t`${SERVICE_NAMES[error.service]} did not answer (${unansweredReason(error)}). If it persists, check the cloud's API.`;
  if (error instanceof CloudConfigError || error instanceof UnsupportedCloudError)
    return t`Ferry's cloud setup is wrong: ${error.message}`;
  if (error instanceof StoreError) return t`Ferry's database refused: ${error.message}`;
  return t`Something unexpected went wrong inside Ferry. Try again, and tell its admins if it repeats.`;
}

/** What a gateway's status means, said in words (the status's own name kept for the search). */
const GATEWAY_WORDS: Record<number, string> = {
  502: k`502 Bad Gateway: the load balancer in front of it got no valid answer from it`,
  504: k`504 Gateway Timeout: the load balancer in front of it got no answer from it in time`,
};

/**
 * A 502 or 504: the proxy in front of the service answered, not the service. Its page is at most a
 * short excerpt (its markup gone in the adapter), and only when it says more than the status.
 */
function gatewayText(service: string, error: OpenStackApiError): string {
  const words = GATEWAY_WORDS[error.status];
  const status = words ? translated(words) : String(error.status);
  const page = excerpt(error.apiMessage.replace(/^\s*\d{3}\b\s*(Bad Gateway|Gateway Time-?out)?\s*/i, ''));
  // the adapter's "no details" stands for an empty body: nothing was read
  return page && !/^no details$/.test(page)
    ? t`${service} cannot be reached right now (${status}); the answer read "${clause(page)}".`
    : t`${service} cannot be reached right now (${status}).`;
}
