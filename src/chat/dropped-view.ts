import type { EvacuationEvent } from '../core/events.ts';
import { clause, t } from '../i18n/index.ts';
import { code, escapeMrkdwn, type Rendered, section } from './render.ts';

type Dropped = Extract<EvacuationEvent, { kind: 'evacuation.destination-dropped' }>;

/** A destination dropped mid-evacuation: where each of its waiting servers goes now, or that it stays. */
export function destinationDroppedMessage(event: Dropped): Rendered {
  const said = [
    ...(event.replanned.length
      ? [
          t`Planned again onto the other destinations: ${event.replanned.map((r) => `${code(r.server)} → ${code(r.host)}`).join(', ')}.`,
        ]
      : []),
    ...(event.servers.length
      ? [
          t`Not moved, still on ${code(event.request.evacuation?.host ?? '?')}: ${event.servers.map(code).join(', ')}. Ask again once it is back, or evacuate them elsewhere.`,
        ]
      : []),
  ];
  return {
    text: escapeMrkdwn(t`${event.host} dropped as a destination`),
    blocks: [
      section(
        t`⚠️ ${code(event.host)} is no longer a destination: ${escapeMrkdwn(clause(event.why))}. ${said.join(' ') || t`No server was waiting for it.`}`,
      ),
    ],
  };
}
