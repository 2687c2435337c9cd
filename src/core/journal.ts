import type { EventSink, FerryEvent } from './events.ts';

/**
 * The event journal: what the core tells the outside world, written by the store in the same write
 * as the state change that causes it (on PostgreSQL, the same transaction). After the write each
 * event is published with its entry's ID; the chat edge writes its messages with that ID as their
 * cause and then marks the entry told (the store drops it). An entry left untold, because the process
 * died between the write and its messages, is told after a restart or by another replica.
 */
export interface JournalEntry {
  id: string;
  /** the order of writing */
  seq: number;
  /** when it was written, by the core's clock */
  at: number;
  /** the store instance that wrote it: among replicas, others leave it to the writer a while */
  writer: string;
  /** the run, request or window it is about: only a run's newest untold progress is kept */
  subject: string;
  event: FerryEvent;
}

/** The events a store write records with the state change, built from the record as written. */
export interface Telling<R> {
  at: number;
  events(record: R): FerryEvent[];
  /** where the events are published once written */
  to: EventSink;
}

export function telling<R>(to: EventSink, at: number, events: (record: R) => FerryEvent[]): Telling<R> {
  return { at, events, to };
}

/** Whom an event is about. */
export function subjectOf(event: FerryEvent): string {
  if ('run' in event) return event.run.id;
  if ('window' in event) return event.window.id;
  return event.request.id;
}

/** A progress entry is dropped by the next one of its run still untold: only the newest matters. */
export function supersedes(entry: Pick<JournalEntry, 'subject' | 'event'>, event: FerryEvent): boolean {
  return (
    entry.event.kind === 'run.progress' && event.kind === 'run.progress' && entry.subject === subjectOf(event)
  );
}

/** Journal entries for a write's events, numbered after `lastSeq` (copies: the journal keeps plain data). */
export function journalEntries(
  events: FerryEvent[],
  at: number,
  writer: string,
  ids: () => string,
  lastSeq: number,
): JournalEntry[] {
  return events.map((event, index) => ({
    id: ids(),
    seq: lastSeq + index + 1,
    at,
    writer,
    subject: subjectOf(event),
    event: JSON.parse(JSON.stringify(event)) as FerryEvent,
  }));
}

/** Events a store wrote into its journal with a change, to publish once the write is durable. */
export interface Recorded {
  entries: JournalEntry[];
  /** the events as built (the entries hold copies) */
  events: FerryEvent[];
}

/** After the write: the events go out, each with its entry's ID. */
export function published<R>(tell: Telling<R> | undefined, recorded: Recorded | undefined): void {
  if (!tell || !recorded) return;
  for (const [index, entry] of recorded.entries.entries())
    tell.to.emit(recorded.events[index] as FerryEvent, entry.id);
}

/**
 * A sink that holds what it is given until `release`: for a write whose events must reach the
 * listeners only after the writes that follow it (claims let go, the audit entry), as before.
 */
export class HeldEvents implements EventSink {
  private readonly held: [FerryEvent, string | undefined][] = [];

  constructor(private readonly to: EventSink) {}

  emit(event: FerryEvent, journalId?: string): void {
    this.held.push([event, journalId]);
  }

  release(): void {
    for (const [event, journalId] of this.held.splice(0)) this.to.emit(event, journalId);
  }
}

/**
 * Events that change no record (a notice to a thread): journaled in a write of their own, and
 * published all the same, unjournaled, when the store cannot write (they are what the thread must know).
 */
export async function tellAlone(
  store: { tell(telling: Telling<null>): Promise<void> },
  to: EventSink,
  at: number,
  events: FerryEvent[],
): Promise<void> {
  await store.tell(telling(to, at, () => events)).catch(() => {
    for (const event of events) to.emit(event);
  });
}
