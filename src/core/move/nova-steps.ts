import { clause, t } from '../../i18n/index.ts';
import type { ActionEvent } from '../model/cloud.ts';
import type { RunState } from '../model/records.ts';

/**
 * A failed step of Nova's instance action, as people read it. Event names are Nova's own functions
 * (`compute_pre_live_migration` is nova-compute's `pre_live_migration`, wrapped by
 * `wrap_instance_event`): they name code, not what went wrong, so the thread names the step in words
 * and keeps Nova's reason (the event's details) as Nova wrote it.
 */
export function failedStep(event: ActionEvent): string {
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
 * The step a run was in when Ferry last read its migration record, in the words of `failedStep`: what
 * a line can say when Nova rolls a move back without recording which step failed. A cold move's
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
