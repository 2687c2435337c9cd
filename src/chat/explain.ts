import { MaintenanceError } from '../core/maintenance.ts';
import { ApprovalError, NotAllowedError } from '../core/requests.ts';
import { RunActionError } from '../core/runner.ts';
import { SshError } from '../hostcheck/ssh.ts';
import {
  AmbiguousServerError,
  CloudConfigError,
  OpenStackApiError,
  OpenStackUnreachableError,
  ServerNotFoundError,
  UnsupportedCloudError,
} from '../openstack/errors.ts';
import { StoreError } from '../store/store.ts';
import { escapeMrkdwn } from './render.ts';

/**
 * Turns any error into one sentence a person can act on: never a stack trace, never a secret.
 * The answer is Slack mrkdwn; anything that came from a user or the cloud is escaped.
 */
export function explain(error: unknown): string {
  if (error instanceof ApprovalError || error instanceof RunActionError || error instanceof NotAllowedError)
    return error.message;
  if (error instanceof MaintenanceError || error instanceof SshError) return escapeMrkdwn(error.message);
  return escapeMrkdwn(describe(error));
}

function describe(error: unknown): string {
  if (error instanceof ServerNotFoundError || error instanceof AmbiguousServerError) return error.message;
  if (error instanceof OpenStackApiError) {
    const what = `${error.service} answered ${error.status}: ${error.apiMessage}`;
    if (error.status === 401)
      return `${what}. Ferry's cloud credentials were refused; an admin must fix OS_* / clouds.yaml.`;
    if (error.status === 403) return `${what}. Ferry's cloud credentials lack the rights for this.`;
    if (error.status >= 500)
      return `${what}${error.requestId ? ` (request ${error.requestId})` : ''}. The cloud had a problem; try again shortly.`;
    return `${what}.`;
  }
  if (error instanceof OpenStackUnreachableError)
    return `The cloud did not answer (${error.reason}). Try again shortly; if it persists, check the cloud's API.`;
  if (error instanceof CloudConfigError || error instanceof UnsupportedCloudError)
    return `Ferry's cloud setup is wrong: ${error.message}`;
  if (error instanceof StoreError) return `Ferry's database refused: ${error.message}`;
  return 'Something unexpected went wrong inside Ferry; the details are in its log. Try again, and tell its admins if it repeats.';
}
