import type { AccessRefusal } from './model/checks.ts';
import type { AccessPolicy } from './model/types.ts';
import type { ApproverPolicy } from './requests.ts';
import { NotAllowedError } from './requests.ts';

/** Why someone may not do something, as data: src/messages/permissions.ts words it. */
export type Refusal =
  | { code: 'not-a-reader' }
  | { code: 'not-a-requester'; refusal: AccessRefusal }
  | { code: 'not-on-call'; action: OnCallAction }
  | { code: 'not-owner-or-on-call'; action: OwnerAction }
  /** what only who asked may do (edit a plan before approval): `owner` names them */
  | { code: 'not-the-requester'; action: RequesterAction; owner: string };

/** What only the person who asked for it may do. */
export type RequesterAction = 'edit-plan';

/** What only on-call people may do. */
export type OnCallAction =
  | 'abort'
  | 'force'
  | 'confirm'
  | 'revert'
  | 'stop-evacuation'
  | 'move-back'
  | 'pause-drain'
  | 'resume-drain'
  | 'stop-drain'
  | 'host-back'
  | 'continue-drain'
  | 'skip-drain-host'
  /** Resume anyway: a drain step held by health gates goes on */
  | 'override-gates'
  /** choose what the stall policy does with a stalled migration */
  | 'stall-choice';

/** What only its owner (who asked for it) or on-call people may do. */
export type OwnerAction = 'change-evacuation-plan' | 'cancel-window';

/**
 * A refusal before anything is read or changed (a NotAllowedError, as every refusal), carrying its
 * fact; `whoMay` names the people on call, in the reader's language, when the edge words it.
 */
export class Refused extends NotAllowedError {
  constructor(
    readonly refusal: Refusal,
    readonly whoMay: () => string = () => '',
  ) {
    super(refusal.code);
  }
}

/** FERRY_READERS: user IDs who may read besides requesters and on-call people, or everyone. */
export type Readers = string[] | 'everyone';

/**
 * Who may do what, decided in one place before anything is read or changed: requesters ask, on-call
 * people decide and steer, a plan is changed by its requester or on-call. Every refusal says who may.
 */
export class Permissions {
  constructor(
    private readonly deps: {
      access: AccessPolicy;
      approvers: ApproverPolicy;
      /** FERRY_READERS: who else may read what Ferry is doing (user IDs), or everyone; default nobody else */
      readers?: Readers;
    },
  ) {}

  /**
   * Whether `user` may see the requests, moves, drains and windows (App Home, the lists): requesters,
   * on-call people, and FERRY_READERS. Servers, hosts and channels are not for everyone in the workspace.
   */
  async mayRead(user: string): Promise<boolean> {
    const { readers = [] } = this.deps;
    if (readers === 'everyone' || readers.includes(user) || !this.deps.access.refusal(user)) return true;
    return this.deps.approvers.isApprover(user);
  }

  /** Refuses someone who may not read, before anything is read. */
  async mustRead(user: string): Promise<void> {
    if (await this.mayRead(user)) return;
    throw new Refused({ code: 'not-a-reader' });
  }

  /** Someone not on FERRY_REQUESTERS (or, with `orOnCall`, on call) is refused: nothing is read first. */
  async mayRequest(user: string, orOnCall = false): Promise<void> {
    const refusal = this.deps.access.refusal(user);
    if (!refusal) return;
    if (orOnCall && (await this.deps.approvers.isApprover(user))) return;
    throw new Refused({ code: 'not-a-requester', refusal });
  }

  /** `what`: "stop an evacuation", "abort a migration"… */
  async mustBeOnCall(user: string, what: OnCallAction): Promise<void> {
    if (await this.deps.approvers.isApprover(user)) return;
    throw new Refused({ code: 'not-on-call', action: what }, () => this.deps.approvers.describe());
  }

  /** The one who asked, only: on-call people decide a plan, they do not edit it before deciding. */
  async mustBeRequester(user: string, owner: string | undefined, action: RequesterAction): Promise<void> {
    if (owner !== undefined && owner === user) return;
    throw new Refused({ code: 'not-the-requester', action, owner: owner ?? '' });
  }

  /** The one who asked, or someone on call. */
  async mustBeOwnerOrOnCall(user: string, owner: string | undefined, action: OwnerAction): Promise<void> {
    if (owner === user || (await this.deps.approvers.isApprover(user))) return;
    throw new Refused({ code: 'not-owner-or-on-call', action });
  }
}
