import type { DrainPlan } from './model/drain.ts';
import type { EvacuationNotice, EvacuationPlan, Unusable } from './model/evacuation.ts';
import type { RebootNews } from './model/reboot.ts';
import type {
  DrainHostReason,
  DrainRecord,
  EvacuationItemState,
  EvacuationRecord,
  Outcome,
  ProgressSnapshot,
  Reminder,
  RunRecord,
  RunState,
  WindowRecord,
} from './model/records.ts';
import type { RunNotice, TransitionNote } from './model/run-facts.ts';
import type { StallDecision, StallStep } from './model/stall-policy.ts';
import type { CheckResult } from './model/types.ts';
import type { RunRefusal } from './move/run-errors.ts';
import type { GateResult } from './ports/health-gates.ts';

/** What a run tells the outside world. */
export type RunEvent =
  | { kind: 'run.phase'; run: RunRecord; phase: RunState; note?: TransitionNote }
  | { kind: 'run.progress'; run: RunRecord; progress: ProgressSnapshot }
  /** Nova recorded a live run completed; Ferry proves it before its outcome (isLanded) */
  | { kind: 'run.landed'; run: RunRecord }
  /** `stall`: the policy's decision, said with the warning (absent: journaled before the policy) */
  | {
      kind: 'run.not-converging';
      run: RunRecord;
      progress: ProgressSnapshot;
      stalledForMs: number;
      stall?: StallDecision;
    }
  /** the stall policy after its warning: overridden, acting, done, failed (the run's `stall` says more) */
  /** `refusal`: the run's state did not allow the action (as the button would have been refused) */
  | {
      kind: 'run.stall-policy';
      run: RunRecord;
      step: StallStep;
      stall: StallDecision;
      by?: string;
      refusal?: RunRefusal;
    }
  | { kind: 'run.outcome'; run: RunRecord; outcome: Outcome }
  /**
   * something the thread must know meanwhile (Nova unanswered, unreachable, back); `note`: the
   * sentence of a notice journaled by Ferry before notices were facts
   */
  | { kind: 'run.notice'; run: RunRecord; notice?: RunNotice; note?: string };

export type EvacuationEvent =
  | { kind: 'evacuation.started'; request: EvacuationRecord }
  | { kind: 'evacuation.item-started'; request: EvacuationRecord; item: EvacuationItemState }
  | { kind: 'evacuation.item-ended'; request: EvacuationRecord; item: EvacuationItemState }
  | { kind: 'evacuation.superseded'; request: EvacuationRecord; plan: EvacuationPlan }
  /**
   * a destination went down or was disabled mid-way: its waiting servers were planned again onto the
   * other destinations (`replanned`), or are not moved (`servers`)
   */
  | {
      kind: 'evacuation.destination-dropped';
      request: EvacuationRecord;
      host: string;
      /** a sentence in an entry journaled by Ferry before facts */
      why: Unusable | string;
      servers: string[];
      replanned: { server: string; host: string }[];
    }
  /**
   * Nova answered an error for this server alone (`cloudText` null: its word for an error inside it):
   * the evacuation moves the others and reads it again at its next look
   */
  | {
      kind: 'evacuation.server-unreadable';
      request: EvacuationRecord;
      server: string;
      status: number;
      cloudText: string | null;
      novaRequestId?: string;
    }
  /** something its thread must know meanwhile, for all its moves at once (Nova out, back), in the reader's words */
  | {
      kind: 'evacuation.notice';
      request: EvacuationRecord;
      /** a sentence in an entry journaled by Ferry before facts */
      note: EvacuationNotice | string;
    }
  /** its looks fail because the cloud does not answer (said once, no move of it running to say so) */
  | { kind: 'evacuation.trouble'; request: EvacuationRecord; message: string }
  /** a look went through again after such trouble (`since`: when its looks began to fail) */
  | { kind: 'evacuation.trouble-over'; request: EvacuationRecord; since: number }
  | { kind: 'evacuation.finished'; request: EvacuationRecord };

export type MaintenanceEvent =
  | {
      kind: 'window.reminder';
      window: WindowRecord;
      reminder: Reminder;
      late: boolean;
      /** null: Nova could not be read when the reminder was decided */
      servers: number | null;
      cannotLive: number | null;
    }
  | { kind: 'window.started'; window: WindowRecord; evacuation: EvacuationRecord | null }
  /** the window is due but what starts with it could not (the cloud did not answer): said once */
  | { kind: 'window.start-waits'; window: WindowRecord; message: string }
  | { kind: 'window.ended'; window: WindowRecord; evacuation: EvacuationRecord | null };

export type DrainEvent =
  | { kind: 'drain.started'; request: DrainRecord }
  /** the next step began, or the drain is stopping: its message shows it */
  | { kind: 'drain.changed'; request: DrainRecord }
  | { kind: 'drain.host-started'; request: DrainRecord; host: string; evacuation: EvacuationRecord }
  | { kind: 'drain.host-empty'; request: DrainRecord; host: string }
  /** its nova-compute was found enabled although the drain holds it: Ferry disabled it again */
  | { kind: 'drain.host-disabled-again'; request: DrainRecord; host: string }
  | {
      kind: 'drain.host-not-empty';
      request: DrainRecord;
      host: string;
      remaining: string[];
      /** a sentence in an entry journaled by Ferry before facts */
      why: DrainHostReason | string;
    }
  | { kind: 'drain.host-back'; request: DrainRecord; host: string; by: string }
  /** a host said back was enabled again though its SSH host check fails (`failing`: the check's lines) */
  | { kind: 'drain.host-check-fails'; request: DrainRecord; host: string; failing: CheckResult[] }
  /** on-call pressed Continue on a host not empty: asked (`approvedBy` absent) or approved */
  | { kind: 'drain.host-continue'; request: DrainRecord; host: string; by: string; approvedBy?: string }
  /** on-call left a host out (`skipped` on the host says who, and whether it was enabled again) */
  | { kind: 'drain.host-skipped'; request: DrainRecord; host: string }
  | { kind: 'drain.host-done'; request: DrainRecord; host: string }
  /** the step's last host was skipped: the step is dropped (`step`: its index), the drain goes on or ends (`last`) */
  | { kind: 'drain.step-dropped'; request: DrainRecord; step: number; last: boolean }
  /** on-call approved a held drain's new plan (`by`): it goes on */
  | { kind: 'drain.reapproved'; request: DrainRecord; by: string }
  /** `--reboot`: a host's reboot sent, verified or failed, or the circuit breaker tripped */
  | { kind: 'drain.host-reboot'; request: DrainRecord; host: string; news: RebootNews }
  /** a later step no longer fits: the drain waits for on-call to approve the new plan */
  | { kind: 'drain.held'; request: DrainRecord; plan: DrainPlan }
  /** reading the cloud or writing the store failed for a moment; the drain tries again */
  | { kind: 'drain.trouble'; request: DrainRecord; message: string }
  /** a look went through again after trouble (said once, however many looks failed meanwhile) */
  | { kind: 'drain.trouble-over'; request: DrainRecord; since: number }
  | { kind: 'drain.finished'; request: DrainRecord }
  /** health gates hold the next step (said again only when what holds it changes) */
  | { kind: 'drain.gate-held'; request: DrainRecord; results: GateResult[] }
  /** the gates pass again (or on-call said Resume anyway: `by`) and the step goes on */
  | { kind: 'drain.gate-passed'; request: DrainRecord; by?: string }
  /** a host's alert silence could not be created, extended or expired (tried again at the next look) */
  | { kind: 'drain.silence-trouble'; request: DrainRecord; host: string; error: string };

/** Everything the core tells the outside world, one stream; `kind` names the family and the event. */
export type FerryEvent = RunEvent | EvacuationEvent | MaintenanceEvent | DrainEvent;

export const isRunEvent = (event: FerryEvent): event is RunEvent => event.kind.startsWith('run.');
export const isDrainEvent = (event: FerryEvent): event is DrainEvent => event.kind.startsWith('drain.');
export const isEvacuationEvent = (event: FerryEvent): event is EvacuationEvent =>
  event.kind.startsWith('evacuation.');

/** Where core services publish; `journalId` is the event's journal entry when the store wrote one (journal.ts). */
export interface EventSink {
  emit(event: FerryEvent, journalId?: string): void;
}

export type EventListener = (event: FerryEvent, journalId?: string) => void;

/**
 * The one event stream: services publish, the chat reporter and the evacuator (which wakes when one
 * of its moves ends) listen. Delivery is synchronous and in order; a listener that throws is reported
 * and does not keep the event from the others.
 */
export class EventStream implements EventSink {
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly onListenerError: (event: FerryEvent, error: unknown) => void) {}

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: FerryEvent, journalId?: string): void {
    for (const listener of this.listeners) {
      try {
        listener(event, journalId);
      } catch (error) {
        this.onListenerError(event, error);
      }
    }
  }
}
