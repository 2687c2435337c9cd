import type { WebClient } from '@slack/web-api';
import type { Clock } from '../clock.ts';
import type { ApproverPolicy } from '../core/requests.ts';
import { t } from '../i18n/index.ts';

const GROUP_CACHE_MS = 60_000;

/**
 * On-call staff: FERRY_ONCALL_USERS (user IDs) and/or FERRY_ONCALL_GROUP (a user group handle or
 * S… ID), whose members are read with usergroups.users.list and cached for a minute.
 */
export class SlackApprovers implements ApproverPolicy {
  private groupId: string | null = null;
  private members: { users: Set<string>; at: number } | null = null;

  constructor(
    private readonly client: WebClient,
    private readonly clock: Clock,
    private readonly users: string[],
    private readonly group: string | undefined,
  ) {}

  async isApprover(user: string): Promise<boolean> {
    if (this.users.includes(user)) return true;
    if (!this.group) return false;
    return (await this.groupMembers()).has(user);
  }

  /** mrkdwn naming who may approve */
  /** `except`: the requester, who cannot approve their own request and so is not offered as an approver */
  describe(except?: string): string {
    const users = this.users.filter((user) => user !== except);
    const parts = [
      ...(this.group
        ? [this.groupId ? `<!subteam^${this.groupId}>` : `@${this.group.replace(/^@/, '')}`]
        : []),
      ...users.map((user) => `<@${user}>`),
    ];
    if (parts.length) return parts.join(t`, `);
    return except && this.users.includes(except)
      ? t`someone on call other than the requester, and nobody else is on call (add to FERRY_ONCALL_USERS or FERRY_ONCALL_GROUP)`
      : t`nobody (set FERRY_ONCALL_USERS or FERRY_ONCALL_GROUP)`;
  }

  private async groupMembers(): Promise<Set<string>> {
    if (this.members && this.clock.now() - this.members.at < GROUP_CACHE_MS) return this.members.users;
    const id = await this.resolveGroup();
    const result = await this.client.usergroups.users.list({ usergroup: id });
    this.members = { users: new Set(result.users ?? []), at: this.clock.now() };
    return this.members.users;
  }

  private async resolveGroup(): Promise<string> {
    if (this.groupId) return this.groupId;
    const wanted = (this.group as string).replace(/^@/, '');
    if (/^S[A-Z0-9]+$/.test(wanted)) {
      this.groupId = wanted;
      return wanted;
    }
    const { usergroups } = await this.client.usergroups.list({});
    const found = usergroups?.find((group) => group.handle === wanted);
    if (!found?.id)
      throw new Error(`FERRY_ONCALL_GROUP "${wanted}" is not a user group handle in this workspace.`);
    this.groupId = found.id;
    return found.id;
  }
}
