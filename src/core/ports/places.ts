/**
 * Where the chat edge shows a record: the channel, the message it posted (whose thread carries the
 * details), and for a run its controls and confirm messages. The core never reads these; the store
 * keeps them in a table of their own, keyed by the request's or run's ID.
 */
export interface Place {
  channel?: string;
  /** the request's message: its thread is where everything about it is said */
  ts?: string;
  /** a run's message with Abort / Force-complete buttons */
  controlsTs?: string;
  /** a stalled move's warning with the stall policy's choices: they go once the policy decided */
  stallTs?: string;
  /** a cold migration's Confirm / Revert message */
  confirmTs?: string;
  /** an evacuation's report: its Move back button goes once a move back has ended */
  reportTs?: string;
  /** a drain's question (drain-questions.ts): answered, so its buttons are gone */
  answered?: boolean;
}

export interface Places {
  placeOf(subjectId: string): Place | undefined;
  /** merges into what the subject had */
  setPlace(subjectId: string, place: Place): Promise<void>;
}
