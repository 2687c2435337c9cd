import type { AccessRefusal, MoveCheckFact, ServiceProblem } from '../core/model/checks.ts';
import { t } from '../i18n/index.ts';
import type { WordsFor } from './check-words.ts';
import { serverStatusWord } from './states.ts';

/** How /migrate's own checks read (core/move/checks.ts): the server, its state, its hosts' services. */

/** Why someone may not ask for moves. */
export function accessRefusalText(refusal: AccessRefusal): string {
  switch (refusal.code) {
    case 'not-a-requester':
      return t`<@${refusal.user}> is not on Ferry's requesters list (FERRY_REQUESTERS).`;
  }
}

export const ASK_TO_BE_REQUESTER = () => t`Ask a Ferry admin to add you to FERRY_REQUESTERS.`;

function fixForStatus(status: string, fault: string | null): string {
  if (status === 'ERROR') {
    return t`Find out why it is in ERROR${fault ? ` (Nova: ${fault})` : ''} before moving it; reset its state only once the hypervisor agrees.`;
  }
  return t`Bring it to ACTIVE (or SHUTOFF for a cold move) first.`;
}

function problemText(problem: ServiceProblem): string {
  switch (problem.what) {
    case 'source-down':
      return t`nova-compute on the source ${problem.host} is ${problem.forced ? t`forced down` : t`down`}`;
    case 'destination-down':
      return t`nova-compute on ${problem.host} is ${problem.forced ? t`forced down` : t`down`}`;
    case 'destination-disabled':
      return t`${problem.host} is disabled${problem.reason ? ` ("${problem.reason}")` : ''}, so the scheduler will not place anything there`;
  }
}

function problemFix(problem: ServiceProblem): string {
  switch (problem.what) {
    case 'source-down':
      return t`Start nova-compute on ${problem.host} (a dead host needs evacuation, not migration)`;
    case 'destination-down':
      return t`Start nova-compute on ${problem.host}, or choose another host`;
    case 'destination-disabled':
      return t`Choose another host, or re-enable it: openstack compute service set --enable ${problem.host} nova-compute`;
  }
}

function moveKind(mode: string): string {
  return mode === 'cold' ? t`cold migration` : mode === 'block' ? t`block live migration` : t`live migration`;
}

export const MOVE_CHECK_WORDS: WordsFor<MoveCheckFact> = {
  'requester-refused': (f) => ({ reason: accessRefusalText(f.refusal), fix: ASK_TO_BE_REQUESTER() }),
  'no-admin-role': (f) => ({
    reason: f.novaSaid
      ? t`Ferry's cloud credentials lack admin rights: Nova lets only admins list hypervisors and migrate to a named host (Nova said: ${f.novaSaid}).`
      : t`Ferry's cloud credentials lack admin rights: Nova lets only admins list hypervisors and migrate to a named host.`,
    fix: t`Give the account or application credential Ferry uses the cloud's admin role.`,
  }),
  'may-move': () => ({
    reason: t`The requester may ask for moves; Ferry's cloud credentials hold the admin role.`,
  }),
  'server-not-found': (f) => ({
    reason: t`No server named or with ID "${f.server}" exists in any project.`,
    fix: t`Check the name, or use the server ID.`,
  }),
  'server-ambiguous': ({ server, candidates }) => ({
    reason: t`${candidates.length} servers are named "${server}"; use the ID of the one you mean: ${candidates
      .map((c) => t`${c.id} (on ${c.host ?? t`no host`}, project ${c.projectId})`)
      .join(t`, `)}`,
    fix: t`Check the name, or use the server ID.`,
  }),
  'node-name-given': (f) => ({
    reason: t`"${f.typed}" is the hypervisor (node) name of compute host ${f.host}; Ferry targets the host ${f.host}.`,
    fix: t`Say "to ${f.host}" next time: Nova's migration target is the nova-compute host, not the node name.`,
  }),
  'server-resolved': (f) => ({
    reason: t`${f.server.name} (${f.server.id}) resolved; ${moveKind(f.mode)} to ${f.destination ?? t`the scheduler's choice`}.`,
  }),
  'scheduler-chooses': () => ({ reason: t`No destination given: Nova's scheduler will choose one.` }),
  'not-a-compute-host': (f) => ({
    reason:
      f.missing === 'hypervisor'
        ? t`${f.host} is not a compute host of this cloud (no hypervisor).`
        : t`${f.host} is not a compute host of this cloud (no nova-compute service).`,
    fix: t`Pick one of: ${f.choices.join(t`, `)}.`,
  }),
  'compute-host': (f) => ({ reason: t`${f.host} is a compute host (hypervisor ${f.hypervisor}).` }),
  'zone-allowed': (f) => ({
    reason:
      f.pinned === 'same'
        ? t`${f.host} is in availability zone ${f.targetZone}, where ${f.server} was created.`
        : f.pinned === 'none'
          ? t`${f.host} is in availability zone ${f.targetZone}; ${f.server} was created in no zone, so Nova lets it move to any.`
          : t`${f.host} is in availability zone ${f.targetZone}, where ${f.server} runs now.`,
  }),
  'other-zone': (f) =>
    f.pinned
      ? {
          reason: t`${f.host} is in availability zone ${f.targetZone}; ${f.server} was created in ${f.zone}, and Nova keeps its moves there.`,
          fix: t`Pick a host of ${f.zone}, or leave the destination to the scheduler.`,
        }
      : {
          reason: t`${f.host} is in availability zone ${f.targetZone}, ${f.server} runs in ${f.zone}: Nova refuses the move if ${f.server} was created in ${f.zone} (this cloud's Nova does not say before microversion 2.96).`,
          fix: t`Pick a host of ${f.zone} to be sure.`,
        },
  'server-locked': (f) => ({
    reason: f.lockedReason
      ? t`${f.server.name} is locked: "${f.lockedReason}"; Nova refuses to move a locked server.`
      : t`${f.server.name} is locked; Nova refuses to move a locked server.`,
    fix: t`Ask its owner, then unlock it: openstack server unlock ${f.server.id}`,
  }),
  'awaiting-resize-confirm': (f) => ({
    reason: t`${f.server} is waiting for an earlier cold migration to be confirmed (VERIFY_RESIZE).`,
    fix: t`Confirm or revert that migration first.`,
  }),
  'server-migrating': (f) => ({
    reason: t`${f.server} is already being migrated (task ${f.task}).`,
    fix: t`Wait for that migration to end (/migrations shows it).`,
  }),
  'server-busy': (f) => ({
    reason: t`${f.server} is busy with another task (${f.task}); Nova would answer 409.`,
    fix: t`Wait for the task to finish and ask again.`,
  }),
  'cold-accepts': (f) => ({
    reason:
      f.status === 'ACTIVE'
        ? t`${f.server} is ${serverStatusWord(f.status)}; a cold migration stops it, moves it and starts it again.`
        : t`${f.server} is ${serverStatusWord(f.status)}; a cold migration moves it while it stays off.`,
  }),
  'cold-refuses': (f) => ({
    reason: t`${f.server} is ${serverStatusWord(f.status)}; cold migration needs ACTIVE or SHUTOFF.`,
    fix: fixForStatus(f.status, f.fault),
  }),
  'live-accepts': (f) => ({
    // a paused guest moves live and stays paused: not "running" (operator trial)
    reason:
      f.status === 'PAUSED'
        ? t`${f.server} is ${serverStatusWord(f.status)}: it can move live, and stays paused.`
        : t`${f.server} is ${serverStatusWord(f.status)} and running: it can move live.`,
  }),
  'live-refuses': (f) => ({
    reason:
      f.status === 'ACTIVE'
        ? t`${f.server} is ${serverStatusWord(f.status)} but not running; live migration needs a running (or paused) server.`
        : t`${f.server} is ${serverStatusWord(f.status)}; live migration needs a running (or paused) server.`,
    fix:
      f.status === 'SHUTOFF'
        ? t`Use --cold: a stopped server moves by cold migration.`
        : fixForStatus(f.status, f.fault),
  }),
  'services-down': (f) => ({
    reason: t`${f.problems.map(problemText).join(t`; `)}.`,
    fix: t`${f.problems.map(problemFix).join(t`. `)}.`,
  }),
  'services-up': (f) => ({
    reason: f.destination
      ? t`nova-compute is up on ${f.source} and up and enabled on ${f.destination}.`
      : t`nova-compute is up on ${f.source}.`,
  }),
  'scheduler-avoids-source': () => ({ reason: t`Nova's scheduler never picks the server's current host.` }),
  'hosts-differ': (f) => ({ reason: t`${f.source} → ${f.destination}.` }),
  'same-host': (f) => ({
    reason: f.cold
      ? t`${f.server} already runs on ${f.host}. On libvirt a cold migration never lands on the same host; allow_resize_to_same_host only affects resize.`
      : t`${f.server} already runs on ${f.host}.`,
    fix: t`Choose another host, or leave the destination out to let the scheduler pick.`,
  }),
};
