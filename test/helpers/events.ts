import { EventStream, type FerryEvent } from '../../src/core/events.ts';

/** An event stream for tests that keeps every event; a listener that throws fails the test loudly. */
export function recordedStream(): { events: EventStream; seen: FerryEvent[] } {
  const events = new EventStream((event, error) => {
    throw new Error(`listener failed on ${event.kind}: ${error instanceof Error ? error.message : error}`);
  });
  const seen: FerryEvent[] = [];
  events.subscribe((event) => seen.push(event));
  return { events, seen };
}
