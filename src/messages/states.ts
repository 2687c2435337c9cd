import { k, t, translated } from '../i18n/index.ts';

/**
 * How the model's states read in a sentence ("Drain d-1 is paused"): requests, runs, evacuations,
 * drains and their hosts, outcomes. In English they read as they are named; other languages have a word
 * for each. A value not listed (a new state) reads as its name.
 */
const STATE_WORDS: Record<string, string> = {
  pending: k`pending`,
  approved: k`approved`,
  rejected: k`rejected`,
  expired: k`expired`,
  blocked: k`blocked`,
  'dry-run': k`dry-run`,
  planned: k`planned`,
  running: k`running`,
  paused: k`paused`,
  held: k`held`,
  stopping: k`stopping`,
  done: k`done`,
  superseded: k`superseded`,
  waiting: k`waiting`,
  evacuating: k`evacuating`,
  'not-empty': k`not-empty`,
  empty: k`empty`,
  'coming-back': k`coming-back`,
  returning: k`returning`,
  skipped: k`skipped`,
  'not-started': k`not-started`,
  starting: k`starting`,
  accepted: k`accepted`,
  queued: k`queued`,
  preparing: k`preparing`,
  'post-copy': k`post-copy`,
  'running (post-copy)': k`running (post-copy)`,
  resizing: k`resizing`,
  // Nova's own statuses of a cold migration, shown in its progress
  'pre-migrating': k`pre-migrating`,
  migrating: k`migrating`,
  'post-migrating': k`post-migrating`,
  finished: k`finished`,
  // Ferry's own state name read as jargon (operator trial): what it waits for, in words
  'awaiting-confirmation': k`moved, waiting for Confirm or Revert`,
  confirming: k`confirming`,
  reverting: k`reverting`,
  completed: k`completed`,
  confirmed: k`confirmed`,
  error: k`error`,
  'rolled-back': k`rolled-back`,
  failed: k`failed`,
  aborted: k`aborted`,
  reverted: k`reverted`,
  'timed-out': k`timed-out`,
  unknown: k`end unknown`,
};

export function stateWord(state: string): string {
  const word = STATE_WORDS[state];
  return word ? translated(word) : state;
}

/**
 * A run's state in a sentence, where whether Ferry confirms cold moves itself is known: with
 * FERRY_COLD_CONFIRM=auto one in VERIFY_RESIZE is Ferry's to confirm once its proofs pass, not a
 * person's to press (operator trial: /migrate --cold said "waiting for Confirm or Revert", then
 * confirmed by itself).
 */
export function runStateWord(state: string, autoConfirm: boolean | undefined): string {
  return state === 'awaiting-confirmation' && autoConfirm
    ? t`moved, in VERIFY_RESIZE: Ferry confirms it itself once its proofs pass`
    : stateWord(state);
}

const MODE_WORDS: Record<string, string> = { live: k`live`, block: k`block`, cold: k`cold` };

/** A move's mode in a sentence: live, block (live with its disks copied) or cold. */
export function modeWord(mode: string): string {
  const word = MODE_WORDS[mode];
  return word ? translated(word) : mode;
}

/**
 * A server's status as Nova names it (ACTIVE, PAUSED, SHUTOFF…), in every language: `openstack server
 * show` prints it so, and an operator looks for that word (operator trial h-words29: 状态为运行中 for
 * ACTIVE). Ferry states what the cloud said.
 */
export function serverStatusWord(status: string): string {
  return status;
}
