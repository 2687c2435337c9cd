import type { ProofFact } from './proof-facts.ts';

/**
 * What a run's story is made of, as data: how it ended (an outcome's fact), what its thread is told
 * meanwhile (notices) and why an action on it is refused. Values are raw (names, statuses as Nova
 * gives them, epoch ms, Nova's own texts); src/messages/runs.ts words them in the reader's language.
 */

import type { Blackout } from './blackout.ts';

/** Where a run stands: Nova's phases of a move as Ferry follows them, then done. */
export type RunState =
  | 'starting'
  | 'accepted'
  | 'queued'
  | 'preparing'
  | 'running'
  | 'post-copy'
  | 'resizing'
  | 'awaiting-confirmation'
  | 'confirming'
  | 'reverting'
  | 'done';

/**
 * A failed step of Nova's instance action, as Nova recorded it: the event is Nova's own function name
 * (`compute_pre_live_migration`), the details its reason or traceback as Nova wrote it.
 */
export interface FailedStep {
  event: string;
  host: string | null;
  details: string | null;
}

/** Why a move failed, as far as Nova tells. */
export type FailureReason =
  /** the server's fault, Nova's own words */
  | { code: 'fault'; message: string }
  /** the failed step of Nova's instance action */
  | { code: 'step'; step: FailedStep }
  /** Nova recorded nothing: the step the run was in when Ferry last read its record */
  | { code: 'last-step-seen'; state: RunState; source: string; serverId: string };

/**
 * How a run ended. `server` is the server's name, `status` its status as Nova gave it at the end,
 * `migrationStatus` the migration record's status.
 */
export type OutcomeFact =
  /** it runs on the destination; `force`: what was seen of a requested force-complete ('unseen': nothing) */
  | {
      code: 'moved';
      server: string;
      host: string | null;
      status: string;
      force?: 'post-copy' | 'unseen';
      /** a live move's measured blackout, or why it was not measured (absent: a cold move, or older) */
      blackout?: Blackout;
      /** what was proven of it on the destination (absent: ended before Ferry proved moves) */
      proofs?: ProofFact[];
    }
  /** Nova marked the record finished, but the server did not move */
  | { code: 'marked-done-not-moved'; server: string; host: string | null; migrationStatus: string }
  /**
   * reverted (by Ferry, or Nova rolled it back): the server is back where it was; `proofs`: the
   * proofs on the destination, one of which failed, when that was why it was reverted
   */
  | { code: 'back'; server: string; host: string | null; status: string; proofs?: ProofFact[] }
  /** aborted through Ferry: it stays where it was */
  | { code: 'stays'; server: string; host: string | null; status: string }
  /** Nova cancelled it itself (its completion timeout), or someone aborted it outside Ferry */
  | { code: 'cancelled-by-nova'; server: string; host: string | null; status: string }
  | {
      code: 'server-in-error';
      server: string;
      host: string | null;
      source: string;
      destination: string | null;
      reason: FailureReason;
    }
  /** the record says failed, yet the server runs on the destination */
  | {
      code: 'moved-despite-record';
      server: string;
      status: string;
      source: string;
      destination: string;
      migrationStatus: string;
      reason: FailureReason;
    }
  | {
      code: 'rolled-back';
      server: string;
      host: string | null;
      status: string;
      migrationStatus: string;
      reason: FailureReason;
    }
  | {
      code: 'failed';
      server: string;
      host: string | null;
      status: string;
      migrationStatus: string;
      reason: FailureReason;
    }
  /** Nova refused the start (its HTTP status and words); `tries`: how often Ferry asked */
  | { code: 'start-refused'; status: number; apiMessage: string; novaRequestId?: string; tries: number }
  /**
   * Nova could not be reached to start it: nothing was sent (`sent` false), or some tries were sent and
   * none answered while Nova's records show nothing started (`sent` true)
   */
  | { code: 'not-started'; server: string; reason: string; tries: number; sent: boolean }
  /** the start was refused before it was sent (Nova out of reach), `tries` as Ferry counted */
  | { code: 'start-unreachable'; server: string; reason: string; tries: number }
  /**
   * Nova never began: its action failed at `step` (`step` absent: stored by an earlier Ferry, which said
   * so when no record appeared)
   */
  | { code: 'never-started'; server: string; host: string | null; status: string; step?: FailedStep }
  /**
   * Nova accepted the move (`requestId`, when its answer gave one), yet after `waitedMs` shows no
   * migration for it: no record, no failed step, no task on the server (`source`: where it was)
   */
  | {
      code: 'no-migration-shown';
      requestId?: string;
      server: string;
      host: string | null;
      source: string;
      status: string;
      waitedMs: number;
    }
  /** Nova accepted the move's request `requestId` and no longer has it: no action, no record (a reset cloud) */
  | { code: 'request-lost'; requestId: string; server: string; host: string | null; status: string }
  /** Nova lost the migration's record (a reset or restored cloud) */
  | {
      code: 'record-lost';
      migrationUuid: string | undefined;
      server: string;
      host: string | null;
      status: string;
    }
  /** no end within `timeoutMs`; the server as last read (null: it could not be read) */
  | { code: 'timed-out'; timeoutMs: number; runId: string; status: string | null; host: string | null }
  /**
   * Ferry's watch failed unexpectedly: `error` is the error's message, `cloud` what the cloud did
   * with an action the watch asked for (an automatic confirm), when that was the error
   */
  | {
      code: 'watch-failed';
      runId: string;
      error: string;
      cloud?: {
        action: 'abort' | 'force-complete' | 'confirm' | 'revert';
        answer: 'refused' | 'unreachable' | 'unknown';
        text: string;
      };
    };

export type OutcomeCode = OutcomeFact['code'];

/** What a run's thread hears meanwhile. `at`, `since`: epoch ms. */
export type RunNotice =
  /** Nova does not answer since `since`: `status` is what it answers (absent: nothing) */
  | { code: 'nova-out'; since: number; status?: number }
  /** Nova answers again after failing since `since`, `forMs` long */
  | { code: 'nova-back'; since: number; forMs: number }
  /** Nova answers `status` for this server alone (its cell's database), and for the rest */
  | { code: 'server-unreadable'; status: number }
  /** Ferry stopped while it asked Nova to start: `asked` true when a try was sent */
  | { code: 'start-interrupted'; asked: boolean }
  /** a start request got no answer (`reason`); Ferry checks whether it started */
  | { code: 'start-unanswered'; reason: string }
  /** Nova's records show the migration started (`resumed`: after Ferry restarted), request and tries */
  | { code: 'start-found'; resumed: boolean; novaRequestId?: string; tries: number }
  /** Nova accepted the migration on try `tries` */
  | { code: 'start-accepted'; tries: number }
  /**
   * Ferry waits until `until` to ask Nova: `peer`, of the server's anti-affinity group, left `host` at
   * `leftAt` by a live move, and Nova's scheduler may count it there until the host next lists its servers
   */
  | { code: 'start-waits-scheduler'; peer: string; host: string; leftAt: number; until: number }
  /** a cold move's proofs failed on `destination` in VERIFY_RESIZE: Ferry reverts it to `source` */
  | { code: 'proofs-failed'; destination: string | null; source: string; proofs: ProofFact[] }
  /**
   * Nova lists the nova-compute of the move's `role` host down (it stopped reporting, or was forced
   * down); `lastHeard`: its last report (Nova's updated_at, ms), when Nova gives one
   */
  | { code: 'compute-down'; host: string; role: 'source' | 'destination'; lastHeard: number | null }
  /** that nova-compute is listed up again */
  | { code: 'compute-up'; host: string; role: 'source' | 'destination' };

/**
 * What a queued live migration waits behind on its source: how many live migrations Nova listed there
 * holding a slot or queued first, or this Ferry's moves (their servers) the shared feed showed holding one.
 */
export type QueueAhead = { ahead: number; source: string } | { ferrys: string[]; source: string };

/** What a run's phase change says beside the phase (kept on its transition). */
export type PhaseNote =
  /** Nova accepted the start: its request ID, after `tries` tries */
  | { code: 'nova-request'; novaRequestId?: string; tries: number }
  /** the migration record's status as Nova gave it; `queue`: what holds the source's slots ahead of it */
  | { code: 'nova-status'; status: string; queue?: QueueAhead }
  /** a cold move in VERIFY_RESIZE (Nova's `status`), and what its proofs on the destination found */
  | { code: 'proven'; status: string; proofs: ProofFact[] };

/**
 * A transition's note: a phase note, or a word as stored (the outcome's kind on the end, and
 * sentences written by Ferry before notes were facts).
 */
export type TransitionNote = string | PhaseNote;

/** `unknown`: Nova lost the record before Ferry saw the end (a reset or restored cloud) */
export type OutcomeKind =
  | 'completed'
  | 'rolled-back'
  | 'failed'
  | 'aborted'
  | 'reverted'
  | 'timed-out'
  | 'unknown';

export interface Outcome {
  kind: OutcomeKind;
  /** what happened, as data (src/messages/runs.ts words it where it is shown) */
  fact?: OutcomeFact;
  /** written by Ferry before outcomes were facts; shown as stored when `fact` is absent */
  message?: string;
  /** the server's host at the end */
  host: string | null;
  /** unknown (absent) when Nova's record runs backwards (its clock was set back) or Ferry's wall clock does */
  durationMs?: number;
  forced: boolean;
}
