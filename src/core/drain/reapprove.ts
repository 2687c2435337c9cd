import type { Clock } from '../../clock.ts';
import type { EventSink } from '../events.ts';
import { HeldEvents, telling } from '../journal.ts';
import type { DrainRecord } from '../model/records.ts';
import type { AuditPort } from '../ports/audit.ts';
import type { RequestsPort } from '../ports/requests.ts';
import type { ApproverPolicy } from '../requests.ts';
import { DrainApprovalRefused } from './refusals.ts';

/**
 * A held drain goes on with the new plan, approved by someone on call who did not ask for the drain,
 * for exactly the plan they were shown. The approval is told with its write (drain.reapproved): the
 * chat edge says it in the thread, the held question's buttons gone first (drain-reports.ts).
 */
export async function reapproveDrain(
  deps: {
    store: RequestsPort & AuditPort;
    approvers: ApproverPolicy;
    events: EventSink;
    clock: Clock;
    drainer: { wake(id: string): void };
  },
  drain: DrainRecord,
  user: string,
  seenFingerprint: string,
): Promise<DrainRecord> {
  const id = drain.id;
  if (drain.requestedBy === user)
    throw new DrainApprovalRefused({
      code: 'reapprove-four-eyes',
      approvers: deps.approvers.describe(user),
    });
  if (!(await deps.approvers.isApprover(user)))
    throw new DrainApprovalRefused({
      code: 'reapprove-on-call-only',
      approvers: deps.approvers.describe(),
    });
  // told once the approval is in the audit trail
  const told = new HeldEvents(deps.events);
  const resumed = await deps.store.updateDrain(
    id,
    (d) => {
      if (d.drain.phase !== 'held' || !d.drain.held)
        throw new DrainApprovalRefused({ code: 'waits-for-no-approval', id, phase: d.drain.phase });
      if (d.drain.held.fingerprint !== seenFingerprint)
        throw new DrainApprovalRefused({ code: 'plan-changed', id });
      d.drain.phase = 'running';
      d.drain.fingerprint = seenFingerprint;
      d.drain.checkedStep = d.drain.step;
      d.drain.reapprovedBy = [...(d.drain.reapprovedBy ?? []), user];
      d.drain.heldEnded = { code: 'reapproved', by: user };
      delete d.drain.held;
    },
    telling(told, deps.clock.now(), (request) => [{ kind: 'drain.reapproved', request, by: user }]),
  );
  await deps.store.recordAudit({ at: deps.clock.now(), actor: user, action: 'drain-reapprove', subject: id });
  told.release();
  deps.drainer.wake(id);
  return resumed;
}
