import type { EvacuationEvent } from '../core/events.ts';
import { clause, t } from '../i18n/index.ts';
import { unusableText } from '../messages/evacuation.ts';
import { sentences } from '../messages/units.ts';
import { code, escapeMrkdwn, escapeNamingPeople, type Rendered, section } from './render.ts';

type Dropped = Extract<EvacuationEvent, { kind: 'evacuation.destination-dropped' }>;
type Unreadable = Extract<EvacuationEvent, { kind: 'evacuation.server-unreadable' }>;

/** A destination dropped mid-evacuation: where each of its waiting servers goes now, or that it stays. */
export function destinationDroppedMessage(event: Dropped): Rendered {
  const said = [
    ...(event.replanned.length
      ? [
          t`Planned again onto the other destinations: ${event.replanned.map((r) => `${code(r.server)} → ${code(r.host)}`).join(t`, `)}.`,
        ]
      : []),
    ...(event.servers.length
      ? [
          t`Not moved, still on ${code(event.request.evacuation?.host ?? '?')}: ${event.servers.map(code).join(t`, `)}. Ask again once it is back, or evacuate them elsewhere.`,
        ]
      : []),
  ];
  return {
    text: escapeMrkdwn(t`${event.host} dropped as a destination`),
    blocks: [
      section(
        t`⚠️ ${code(event.host)} is no longer a destination: ${escapeNamingPeople(clause(unusableText(event.why)))}. ${sentences(...said) || t`No server was waiting for it.`}`,
      ),
    ],
  };
}

/** A server Nova could not read when its turn came: the others move, it is tried again, what to do. */
export function serverUnreadableMessage(event: Unreadable): Rendered {
  const answer = event.cloudText
    ? t`it answered ${event.status}: ${escapeMrkdwn(event.cloudText)}`
    : t`it answered ${event.status}, an error inside Nova (a cell database that does not answer does this)`;
  const where = event.novaRequestId
    ? t`nova-api's log under ${code(event.novaRequestId)}`
    : t`nova-api's and nova-conductor's logs`;
  return {
    text: escapeMrkdwn(t`Nova could not read ${event.server}`),
    blocks: [
      section(
        t`⚠️ Nova could not read ${code(event.server)}: ${answer}. The evacuation goes on with the other servers and reads ${code(event.server)} again at each look; it moves once Nova answers for it. Why: ${where}. To end the evacuation without it, press _Stop starting new moves_.`,
      ),
    ],
  };
}
