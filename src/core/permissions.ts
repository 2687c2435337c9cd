import { t, translated } from '../i18n/index.ts';
import type { ApproverPolicy } from './requests.ts';
import { NotAllowedError } from './requests.ts';
import type { AccessPolicy } from './types.ts';

/**
 * Who may do what, decided in one place before anything is read or changed: requesters ask, on-call
 * people decide and steer, a plan is changed by its requester or on-call. Every refusal says who may.
 */
export class Permissions {
  constructor(private readonly deps: { access: AccessPolicy; approvers: ApproverPolicy }) {}

  /** Someone not on FERRY_REQUESTERS (or, with `orOnCall`, on call) is refused: nothing is read first. */
  async mayRequest(user: string, orOnCall = false): Promise<void> {
    const refusal = this.deps.access.refusal(user);
    if (!refusal) return;
    if (orOnCall && (await this.deps.approvers.isApprover(user))) return;
    throw new NotAllowedError(() => t`${refusal} Ask a Ferry admin to add you to FERRY_REQUESTERS.`);
  }

  /** `what`: "stop an evacuation", "abort a migration"… */
  /** `what` and `refusal` are k`…` texts, said in the reader's language. */
  async mustBeOnCall(user: string, what: string): Promise<void> {
    if (await this.deps.approvers.isApprover(user)) return;
    throw new NotAllowedError(
      () => t`Only on-call staff may ${translated(what)}: ${this.deps.approvers.describe()}.`,
    );
  }

  /** The one who asked, or someone on call. */
  async mustBeOwnerOrOnCall(user: string, owner: string | undefined, refusal: string): Promise<void> {
    if (owner === user || (await this.deps.approvers.isApprover(user))) return;
    throw new NotAllowedError(() => translated(refusal));
  }
}
