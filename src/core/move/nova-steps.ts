import type { ActionEvent } from '../model/cloud.ts';
import type { FailedStep } from '../model/run-facts.ts';

/**
 * A failed step of Nova's instance action, kept as Nova recorded it (its event name, host and
 * details): src/messages/runs.ts names the step in words and keeps Nova's reason as Nova wrote it.
 */
export function failedStep(event: ActionEvent): FailedStep {
  return { event: event.event, host: event.host, details: event.details };
}
