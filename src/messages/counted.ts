import { t } from '../i18n/index.ts';

/**
 * A count with its noun, said as one or as many: "1 server", "3 servers", never "server(s)" (operator
 * trial h-words29). Each is a message of its own, so a language counts as it counts (Chinese: "1 台云主机",
 * "3 台云主机"). Where the rest of a sentence agrees with the count ("cannot" beside "can", "its" beside
 * "their"), the sentence is chosen whole instead, as the catalogue's other counted lines are.
 */

export function serversCount(n: number): string {
  return n === 1 ? t`1 server` : t`${n} servers`;
}

export function hostsCount(n: number): string {
  return n === 1 ? t`1 host` : t`${n} hosts`;
}

export function movesCount(n: number): string {
  return n === 1 ? t`1 move` : t`${n} moves`;
}

export function checksCount(n: number): string {
  return n === 1 ? t`1 check` : t`${n} checks`;
}

export function warningsCount(n: number): string {
  return n === 1 ? t`1 warning` : t`${n} warnings`;
}

export function failuresCount(n: number): string {
  return n === 1 ? t`1 failure` : t`${n} failures`;
}

export function requestsCount(n: number): string {
  return n === 1 ? t`1 request` : t`${n} requests`;
}

export function membersCount(n: number): string {
  return n === 1 ? t`1 member` : t`${n} members`;
}

export function sectionsCount(n: number): string {
  return n === 1 ? t`1 more section` : t`${n} more sections`;
}

/** " and 1 more host", " and 3 more hosts": after names already listed ("compute1, compute2 and 3 more hosts") */
export function andMoreHosts(n: number): string {
  return n === 1 ? t` and 1 more host` : t` and ${n} more hosts`;
}

/** "one host at a time", "2 hosts at a time": what a pace counts, said (not "1 at a time") */
export function hostsAtATime(n: number): string {
  return n === 1 ? t`one host at a time` : t`${n} hosts at a time`;
}

/** "one move at a time", "2 moves at a time" */
export function movesAtATime(n: number): string {
  return n === 1 ? t`one move at a time` : t`${n} moves at a time`;
}
