import type { EmptyingCheckFact, GroupPace, Unknown } from '../core/model/checks.ts';
import type { BlockerKind } from '../core/move/fit.ts';
import { t } from '../i18n/index.ts';
import type { WordsFor } from './check-words.ts';
import { nearest } from './closest.ts';
import { hostsAtATime, hostsCount, serversCount } from './counted.ts';
import { sentences } from './units.ts';

/** How the checks of the plans that empty hosts read: an evacuation's, a drain's, a move back's. */

/** Servers that cannot move at all: their hosts, or its one host, cannot be emptied. */
function stuckText(n: number): string {
  return n === 1
    ? t`1 server cannot move at all (listed): its host cannot be emptied.`
    : t`${n} servers cannot move at all (listed): their hosts cannot be emptied.`;
}

/** Steps named up to five ("3, 5 and 7"); a longer list names four and counts the rest ("… and 6 more"). */
export function stepsText(steps: number[]): string {
  const named = steps.length > 5 ? steps.slice(0, 4).map(String) : steps.map(String);
  const last = steps.length > 5 ? t`${steps.length - 4} more` : named.pop();
  return named.length ? t`${named.join(t`, `)} and ${last}` : (last ?? '');
}

/** Why no host was found: hosts not there, or an aggregate or zone that is not there or holds none. */
function unknownText(unknown: Unknown[], aggregates: { name: string }[] | undefined): string {
  const hosts = unknown.flatMap((named) => ('host' in named ? [named.host] : []));
  if (hosts.length) return t`Not compute hosts of this cloud: ${hosts.join(t`, `)}.`;
  const [named] = unknown;
  if (named && 'aggregate' in named)
    return aggregates?.some((a) => a.name === named.aggregate)
      ? t`Aggregate ${named.aggregate} holds no compute hosts of this cloud.`
      : t`This cloud has no aggregate ${named.aggregate}.`;
  return t`No compute host of this cloud is in availability zone ${named && 'zone' in named ? named.zone : ''}.`;
}

/** A misspelt host gets a "did you mean", as a misspelt server does; else the hosts there are. */
function hostsFix(unknown: Unknown[], known: string[] | undefined, aggregateNames: string[] = []): string {
  // an aggregate's name given as a host: the option that drains an aggregate (one per drain)
  const [aggregate] = aggregateNames;
  if (aggregate) return t`${aggregate} is an aggregate: /drain --aggregate ${aggregate} drains its hosts.`;
  if (!known) return t`Name hosts as /migrations or openstack compute service list shows them.`;
  const guesses = [
    ...new Set(unknown.flatMap((named) => ('host' in named ? nearest(named.host, known) : []))),
  ];
  return guesses.length
    ? t`Did you mean ${guesses.join(t`, `)}? Hosts: ${hostChoices(known)}.`
    : t`Pick one of: ${hostChoices(known)}.`;
}

/** A misspelt zone or aggregate gets a "did you mean" before the list of those there are. */
function guessed(unknown: Unknown[], names: string[], there: string): string {
  const typed = unknown.flatMap((named) =>
    'zone' in named ? [named.zone] : 'aggregate' in named ? [named.aggregate] : [],
  );
  const guesses = [...new Set(typed.flatMap((name) => nearest(name, names)))];
  return guesses.length ? t`Did you mean ${guesses.join(t`, `)}? ${there}` : there;
}

/** A cloud's hosts for a fix: a few named, the rest counted (a large cloud has hundreds). */
const HOSTS_NAMED = 20;
function hostChoices(known: string[]): string {
  const named = known.slice(0, HOSTS_NAMED).join(t`, `);
  return known.length > HOSTS_NAMED
    ? t`${named} … and ${known.length - HOSTS_NAMED} more (openstack compute service list shows them all)`
    : named;
}

function blockedByText(kind: BlockerKind): string {
  switch (kind) {
    case 'capacity':
      return t`room`;
    case 'hypervisor':
      return t`an older or different hypervisor`;
    case 'anti-affinity':
      return t`anti-affinity`;
    case 'host-config':
      return t`the host check`;
    case 'cpu':
      return t`CPU compatibility`;
    case 'zone':
      return t`availability zones`;
  }
}

/** "db-cluster: 3 members on compute4, moved one at a time" */
function groupPaceText(group: GroupPace, host: string): string {
  const { name, members, budget } = group;
  if (budget === 'stays')
    return t`${name}: ${members} members on ${host} stay there (affinity: Nova moves none of them away from the others)`;
  if (budget === 'together')
    return group.destination
      ? t`${name}: ${members} members on ${host} move together to ${group.destination}, in one wave`
      : t`${name}: ${members} members on ${host} cannot move together: none is moved`;
  if (budget === 1)
    return group.overridden
      ? t`${name}: ${members} members on ${host}, moved one at a time (FERRY_GROUP_BUDGETS)`
      : t`${name}: ${members} members on ${host}, moved one at a time`;
  return group.overridden
    ? t`${name}: ${members} members on ${host}, at most ${budget} moved at a time (FERRY_GROUP_BUDGETS)`
    : t`${name}: ${members} members on ${host}, at most ${budget} moved at a time`;
}

/**
 * Why the host is disabled, for a person: Ferry's own reason names people by their Slack IDs (Nova's
 * field is matched again later, so it stays as it is), so it is said as the evacuation or drain that
 * emptied the host; anyone else's reason is quoted.
 */
function disabledBecause(reason: string | null): string {
  const emptiedBy = /^Ferry (?:evacuation|drain) ([ed]-[0-9a-f]{6})\b/.exec(reason ?? '')?.[1];
  if (emptiedBy) return t` since ${emptiedBy} emptied it`;
  return reason ? t` ("${reason}")` : '';
}

export const EMPTYING_CHECK_WORDS: WordsFor<EmptyingCheckFact> = {
  'no-admin-role-to-empty': () => ({
    reason: t`Ferry's cloud credentials lack the admin role needed to disable services and migrate.`,
    fix: t`Give Ferry's account the admin role.`,
  }),
  'may-empty': () => ({ reason: t`The requester may ask; Ferry holds the admin role.` }),
  'evacuated-host-unknown': (f) => ({
    title: t`Host exists`,
    reason: t`${f.host} is not a compute host of this cloud.`,
    fix: hostsFix([{ host: f.host }], f.known),
  }),
  'evacuated-host-down': (f) => ({
    title: t`nova-compute on the host`,
    reason: t`nova-compute on ${f.host} is down: a live or cold migration needs it running. A dead host needs evacuation with rebuild (openstack server evacuate), which Ferry does not do.`,
    fix: t`Start nova-compute on ${f.host}, or rebuild its servers elsewhere with openstack server evacuate.`,
  }),
  'hosts-unlisted': (f) => {
    const left = f.hosts.map(({ host, servers }) => {
      const names = servers.map((s) => s.server).join(t`, `);
      const unreadable = servers.find((s) => s.status !== undefined);
      return unreadable
        ? t`Nova's list of the servers on ${host} leaves out ${names}, which Placement still holds there and Nova could not read (it answered ${unreadable.status}: the database of their cell may not answer)`
        : t`Nova's list of the servers on ${host} leaves out ${names}, which Nova places there when asked by ID`;
    });
    const parts = [
      ...(left.length
        ? [
            t`${left.join(t`; `)}. The plan cannot move them, and the host is not called empty while they are on it.`,
          ]
        : []),
      ...(f.unread?.length
        ? [
            t`Ferry could not check whether Nova's lists of the servers on ${f.unread.join(t`, `)} leave some out (Nova or Placement did not answer that check).`,
          ]
        : []),
    ];
    return {
      reason: sentences(...parts),
      fix: t`Find why Nova leaves them out (a cell whose database does not answer: nova-manage cell_v2 list_cells), then ask again.`,
    };
  },
  'evacuation-onto-itself': (f) => ({
    title: t`Destination differs from the host`,
    reason: t`${f.host} cannot be evacuated onto itself.`,
    fix: t`Name another host, or none.`,
  }),
  'evacuation-destination-unusable': (f) => ({
    title: t`Destination usable`,
    reason:
      f.is === 'unknown'
        ? t`${f.host} is not a compute host.`
        : f.is === 'down'
          ? t`${f.host} is down.`
          : f.disabledReason
            ? t`${f.host} is disabled ("${f.disabledReason}").`
            : t`${f.host} is disabled.`,
    fix: t`Name an enabled, running host, or none to let Ferry spread the servers.`,
  }),
  'evacuation-room': (f) => ({
    title: t`Room for everything`,
    reason:
      f.servers === 0
        ? f.disabledAlready
          ? t`${f.host} runs no servers and its service is disabled already: nothing would change.`
          : t`${f.host} runs no servers: only its service would be disabled.`
        : f.servers === 1
          ? f.sourceDown
            ? t`Its one server cannot move while nova-compute on ${f.host} is down, whatever the room.`
            : f.movable
              ? t`Its one server can move.`
              : t`Its one server cannot move (listed with the reason).`
          : f.sourceDown
            ? t`None of the ${f.servers} servers can move while nova-compute on ${f.host} is down, whatever the room (${f.movable} would have it).`
            : f.movable < f.servers
              ? t`${f.movable} of ${f.servers} servers can move; ${f.servers - f.movable} cannot (listed with the reason).`
              : t`${f.movable} of ${f.servers} servers can move.`,
    ...(f.movable < f.servers && !f.sourceDown
      ? { fix: t`Skip them, cold-migrate those offered it, or free capacity and ask again.` }
      : {}),
  }),
  'drain-group-budgets': (f) => ({
    title: t`Server groups`,
    reason: f.paced
      .map((p) =>
        p.budget === 1
          ? t`step ${p.step}: ${p.group} has ${p.members} members on ${p.hosts.join(t`, `)}, moved one at a time across these hosts`
          : t`step ${p.step}: ${p.group} has ${p.members} members on ${p.hosts.join(t`, `)}, at most ${p.budget} moved at a time across these hosts`,
      )
      .join(t`; `),
  }),
  'group-budgets': (f) => ({
    title: t`Server groups`,
    reason: f.groups.map((group) => groupPaceText(group, f.host)).join(t`; `),
  }),
  'drain-hosts-unknown': (f) => ({
    title: t`Hosts exist`,
    reason: unknownText(f.unknown, f.aggregates),
    fix: f.aggregates
      ? guessed(
          f.unknown,
          f.aggregates.map((a) => a.name),
          t`Aggregates: ${f.aggregates.map((a) => t`${a.name} (${a.hosts} hosts)`).join(t`, `) || t`none`}.`,
        )
      : f.zones
        ? guessed(f.unknown, f.zones, t`Zones: ${f.zones.join(t`, `)}.`)
        : hostsFix(f.unknown, f.known, f.aggregateNames),
  }),
  'drain-hosts-disabled': (f) => {
    const named = (hosts: typeof f.hosts) =>
      hosts.map((h) => `${h.host}${h.reason ? t` ("${h.reason}")` : ''}`).join(t`, `);
    // a host without servers is not emptied: the drain leaves it as found (a plan from before: no count)
    const idle = f.hosts.filter((h) => h.servers === 0);
    const busy = f.hosts.filter((h) => h.servers !== 0);
    return {
      title: t`Hosts already disabled`,
      reason: sentences(
        ...(busy.length === 1
          ? [
              t`Already disabled before the drain: ${named(busy)}. It is emptied in its turn and left disabled afterwards; it takes no servers meanwhile.`,
            ]
          : busy.length
            ? [
                t`Already disabled before the drain: ${named(busy)}. They are emptied in their turn and left disabled afterwards; they take no servers meanwhile.`,
              ]
            : []),
        ...(idle.length === 1
          ? [
              t`Already disabled before the drain, with no server on it: ${named(idle)}. There is nothing to empty there; it is left disabled as found and takes no servers.`,
            ]
          : idle.length
            ? [
                t`Already disabled before the drain, with no server on them: ${named(idle)}. There is nothing to empty there; they are left disabled as found and take no servers.`,
              ]
            : []),
      ),
    };
  },
  'drain-hosts-down': (f) => ({
    title: t`nova-compute on every host`,
    reason:
      f.hosts.length === 1
        ? t`nova-compute is down on ${f.hosts[0]}: its servers cannot be migrated away.`
        : t`nova-compute is down on ${f.hosts.join(t`, `)}: their servers cannot be migrated away.`,
    fix:
      f.hosts.length === 1
        ? t`Start nova-compute there, or leave that host out of the drain.`
        : t`Start nova-compute there, or leave those hosts out of the drain.`,
  }),
  'drain-hosts-up': (f) => ({
    title: t`nova-compute on every host`,
    reason: f.count === 1 ? t`nova-compute runs on the host.` : t`nova-compute runs on all ${f.count} hosts.`,
  }),
  'drain-step-short': (f) => {
    const roomOnly = f.blockedBy.every((kind) => kind === 'capacity');
    const steps = f.steps ?? [f.step];
    const kinds = f.blockedBy.map(blockedByText).join(t`, `);
    // every step that does not fit, named (a long list bounded): not only the first
    const noRoom =
      f.servers === 1
        ? t`1 server has no room on the hosts still in service`
        : t`${f.servers} servers have no room on the hosts still in service`;
    const why = roomOnly
      ? noRoom
      : t`the hosts still in service cannot take ${serversCount(f.servers)} (${kinds})`;
    const reason =
      steps.length > 1
        ? t`Steps ${stepsText(steps)} do not fit: ${why}.`
        : t`Step ${f.step} does not fit: ${why}.`;
    return {
      title: t`Room at every step`,
      reason,
      fix: roomOnly
        ? t`Free or add room, drain fewer hosts at once, or leave the hosts that do not fit out.`
        : t`Free or add a host that can take them (each server's line says what rules each host out), drain fewer hosts at once, or leave the hosts that do not fit out.`,
    };
  },
  'drain-fits': (f) => {
    // nova-compute down: those hosts' servers cannot move, whatever the room (operator trial: a held
    // drain's new plan said "Every step fits" beside "nova-compute is down on compute1")
    if (f.sourceDown) {
      const { hosts, servers } = f.sourceDown;
      const sentences = [
        servers === 1
          ? t`The one server on ${hosts.join(t`, `)} cannot move while nova-compute there is down, whatever the room.`
          : t`None of the ${servers} servers on ${hosts.join(t`, `)} can move while nova-compute there is down, whatever the room.`,
        // said only when another server moves: not of servers skipped, which stay
        ...(f.servers - servers - f.stuck - (f.skipped ?? 0) > 0
          ? [t`Every other server that can move has room.`]
          : []),
        ...(f.stuck ? [stuckText(f.stuck)] : []),
      ];
      return {
        title: t`Room at every step`,
        reason: sentences.reduce((said, next) => t`${said} ${next}`),
        // starting nova-compute is the compute-services check's fix, said there
        ...(f.stuck
          ? { fix: t`Start, unlock or repair them first, or expect the drain to stop at their hosts.` }
          : {}),
      };
    }
    const fits = t`Every step fits: ${serversCount(f.servers)} on ${hostsCount(f.hosts)}, ${hostsAtATime(f.hostsAtOnce)}.`;
    return {
      title: t`Room at every step`,
      reason: f.stuck ? t`${fits} ${stuckText(f.stuck)}` : fits,
      ...(f.stuck
        ? { fix: t`Start, unlock or repair them first, or expect the drain to stop at their hosts.` }
        : {}),
    };
  },
  'move-back-room': (f) => {
    const { home, servers, moving, homeAlready } = f;
    const title = t`Room on ${home}`;
    if (moving === 0)
      return {
        title,
        reason:
          servers && homeAlready === servers
            ? servers === 1
              ? t`The one server that left ${home} is on it already: nothing to move back.`
              : t`All ${servers} servers that left ${home} are on it already: nothing to move back.`
            : servers === 1
              ? t`The one server that left ${home} cannot go back (listed with the reason).`
              : servers
                ? t`None of the ${servers} servers that left ${home} can go back (listed with the reason).`
                : t`No server left ${home} with evacuation ${f.evacuation}.`,
      };
    return {
      title,
      reason:
        servers === 1
          ? t`The one server that left goes back to ${home}.`
          : t`${moving} of ${servers} servers that left go back to ${home}${homeAlready ? t`; ${homeAlready} already there` : ''}${moving + homeAlready < servers ? t`; the others stay (listed with the reason)` : ''}.`,
    };
  },
  'home-not-in-service': (f) => ({
    title: t`${f.home} in service`,
    reason:
      f.is === 'gone'
        ? t`${f.home} is no longer a compute host of this cloud.`
        : f.is === 'down'
          ? t`nova-compute on ${f.home} is down.`
          : t`${f.home} is still disabled${disabledBecause(f.disabledReason)}.`,
    fix: t`Finish the maintenance and enable nova-compute on ${f.home} (openstack compute service set --enable ${f.home} nova-compute), then press Move back again.`,
  }),
};
