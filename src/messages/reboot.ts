import type {
  BmcFailure,
  BootSeen,
  HostReboot,
  RebootFailure,
  RebootNews,
  RebootPlan,
  RebootSeen,
} from '../core/model/reboot.ts';
import type { DrainState } from '../core/model/records.ts';
import { t } from '../i18n/index.ts';
import { failuresCount, hostsCount } from './counted.ts';
import { formatDuration } from './units.ts';

/** `/drain --reboot`'s facts in the reader's words (plain text: the chat edge escapes it). */

/** a boot ID as people compare them: its first eight characters */
const boot = (seen: BootSeen) => seen.bootId.slice(0, 8);

/** hosts listed with their uptime in the plan's order line; a zone of more is counted */
const UPTIMES_LISTED = 40;

/** A host with its uptime as read over SSH for the order ("compute3 (up 41 d)"), or that it was not read. */
function hostUptime(host: string, uptimeS: number | undefined): string {
  if (uptimeS === undefined) return t`${host} (uptime not read)`;
  const hours = Math.floor(uptimeS / 3600);
  if (hours >= 48) return t`${host} (up ${Math.floor(hours / 24)} d)`;
  if (hours >= 1) return t`${host} (up ${hours} h)`;
  return t`${host} (up ${Math.floor(uptimeS / 60)} min)`;
}

/** "Order: longest up first: compute3 (up 41 d), compute1 (up 23 d)." — the uptimes, so the order can be checked. */
function orderLine(plan: RebootPlan, hosts: string[]): string {
  if (plan.order !== 'uptime') return t`Order: as named.`;
  const listed = hosts.slice(0, UPTIMES_LISTED).map((host) => hostUptime(host, plan.uptimeS[host]));
  const more = hosts.length - listed.length;
  return more > 0
    ? t`Order: longest up first: ${listed.join(t`, `)} and ${more} more.`
    : t`Order: longest up first: ${listed.join(t`, `)}.`;
}

/** The plan's lines: how Ferry reboots and verifies, the order, the breaker, the hosts left out. */
export function rebootPlanLines(
  plan: RebootPlan,
  /** the drain's hosts in the order they go */
  hosts: string[],
  /** hosts someone else disabled before the drain: Ferry never reboots them */
  disabledBefore: { host: string; reason: string | null }[] = [],
  /** the hosts whose host check fails already; not where the drain's message says them (its plan warnings) */
  withWarnings = true,
): string[] {
  const { method, options } = plan;
  const how =
    method.bmc === 'first'
      ? t`through its BMC only (ipmitool chassis power cycle; a BMC that refuses holds the host); a host FERRY_BMC does not list, with "${method.command}" over SSH`
      : method.bmc === 'fallback'
        ? t`with "${method.command}" over SSH, through the BMC (ipmitool chassis power cycle) if SSH does not answer or the host does not come back`
        : t`with "${method.command}" over SSH`;
  const kernel = options.kernel
    ? t`its boot ID changed, kernel ${options.kernel}, nova-compute up, the host check passing`
    : t`its boot ID changed, nova-compute up, the host check passing`;
  const lines = [
    t`🔁 Reboot: each emptied host ${how}; it is enabled again only once verified (${kernel}); not back within ${formatDuration(method.timeoutMs)}, it is held for on-call.`,
    orderLine(plan, hosts),
    options.maxFailures === 1
      ? t`Circuit breaker: 1 host failing its reboot pauses the drain.`
      : t`Circuit breaker: ${options.maxFailures} hosts failing their reboot pause the drain.`,
  ];
  for (const { host, reason } of disabledBefore)
    lines.push(
      reason
        ? t`${host} was disabled by someone else (${reason}): Ferry does not reboot it.`
        : t`${host} was disabled by someone else: Ferry does not reboot it.`,
    );
  if (plan.onKernel.length)
    lines.push(t`Already on ${options.kernel ?? ''}, left out: ${plan.onKernel.join(t`, `)}.`);
  if (!withWarnings) return lines;
  const failing = Object.entries(plan.checkFailing ?? {}).filter(
    ([host]) => hosts.includes(host) && !disabledBefore.some((d) => d.host === host),
  );
  return [...lines, ...hostCheckWarnings(Object.fromEntries(failing))];
}

/** Hosts to be rebooted whose host check fails already (plain text): the plan's lines, and its approval's. */
export function hostCheckWarnings(checkFailing: Record<string, string[]> = {}): string[] {
  return Object.entries(checkFailing).map(
    ([host, findings]) =>
      t`⚠️ ${host}'s host check fails already (${findings.join(t`; `)}): rebooted as it is, it would come back and fail its verification. Fix it first, or leave it out.`,
  );
}

/** The drain's message: the reboot as it was approved, and the breaker once it tripped. */
export function rebootStateLine(state: DrainState): string | null {
  if (!state.reboot) return null;
  const kernel = state.reboot.kernel ? t` onto kernel ${state.reboot.kernel}` : '';
  const failed = state.breaker?.hosts;
  // the breaker stays on the record once on-call resumed: only a paused drain is said paused
  const breaker = !failed
    ? ''
    : state.phase === 'paused'
      ? t` · ⛔ circuit breaker: ${hostsCount(failed.length)} failed (${failed.join(t`, `)}), the drain is paused`
      : t` · the circuit breaker tripped earlier: ${hostsCount(failed.length)} failed (${failed.join(t`, `)})`;
  return t`🔁 Reboots${kernel}, at most ${failuresCount(state.reboot.maxFailures)}${breaker}`;
}

/** What Ferry saw of a host waiting for it to come back. */
export function rebootSeenText(seen: RebootSeen): string {
  switch (seen.code) {
    case 'unreachable':
      return t`SSH does not answer (${seen.error})`;
    case 'same-boot':
      return t`it answers with the same boot ID ${seen.bootId.slice(0, 8)}: it has not rebooted`;
    case 'nova-compute-down':
      return t`nova-compute is down`;
    case 'nova-compute-not-seen-again':
      return t`nova-compute has not reported since the new boot`;
    case 'hostcheck-failing':
      return t`the host check fails: ${seen.findings.join(t`, `)}`;
  }
}

/**
 * Why a host's reboot failed, for a line that names the host already (its line in the drain's
 * message, the report under it): the same facts without the host's name again.
 */
export function rebootFailureReason(failure: RebootFailure): string {
  const back = cameBackText(failure, t`it`);
  if (back) return back;
  switch (failure.code) {
    case 'unreadable':
      return t`its boot ID could not be read before the reboot, so a reboot could not be verified: ${failure.error}`;
    case 'not-sent':
      // records before the BMC's facts keep only the error's line
      return t`it could not be rebooted: ${failure.bmc ? bmcFailureText(failure.bmc) : failure.error}`;
    case 'not-back':
      return failure.seen
        ? t`it did not come back within ${formatDuration(failure.waitedMs)}${failure.bmcTried ? t` (the BMC was tried)` : ''}; last seen: ${rebootSeenText(failure.seen)}`
        : t`it did not come back within ${formatDuration(failure.waitedMs)}${failure.bmcTried ? t` (the BMC was tried)` : ''}`;
    case 'kernel-mismatch':
      return t`it came back on kernel ${failure.got}, not ${failure.want}`;
  }
}

/**
 * A host seen on its new boot that still failed: it came back, and what kept it from being verified
 * (nova-compute, the host check), never "did not come back". Null when it was not seen back.
 */
function cameBackText(failure: RebootFailure, who: string): string | null {
  if (failure.code !== 'not-back' || !failure.seen) return null;
  const after = formatDuration(failure.waitedMs);
  switch (failure.seen.code) {
    case 'hostcheck-failing':
      return t`${who} came back on a new boot, but its host check still failed after ${after}: ${failure.seen.findings.join(t`; `)}`;
    case 'nova-compute-down':
      return t`${who} came back on a new boot, but nova-compute was still down after ${after}`;
    case 'nova-compute-not-seen-again':
      return t`${who} came back on a new boot, but nova-compute had not reported since, after ${after}`;
    default:
      return null;
  }
}

export function rebootFailureText(host: string, failure: RebootFailure): string {
  const back = cameBackText(failure, host);
  if (back) return back;
  switch (failure.code) {
    case 'unreadable':
      return t`${host}'s boot ID could not be read before the reboot, so a reboot could not be verified: ${failure.error}`;
    case 'not-sent':
      // records before the BMC's facts keep only the error's line
      return t`${host} could not be rebooted: ${failure.bmc ? bmcFailureText(failure.bmc) : failure.error}`;
    case 'not-back':
      return failure.seen
        ? t`${host} did not come back within ${formatDuration(failure.waitedMs)}${failure.bmcTried ? t` (the BMC was tried)` : ''}; last seen: ${rebootSeenText(failure.seen)}`
        : t`${host} did not come back within ${formatDuration(failure.waitedMs)}${failure.bmcTried ? t` (the BMC was tried)` : ''}`;
    case 'kernel-mismatch':
      return t`${host} came back on kernel ${failure.got}, not ${failure.want}`;
  }
}

/** One line in the drain's thread. */
export function rebootNewsText(host: string, news: RebootNews): string {
  switch (news.code) {
    case 'sent':
      return news.attempt.via === 'ssh'
        ? t`🔁 ${host} is rebooting (the reboot command over SSH).`
        : t`🔁 ${host} is power-cycled through its BMC.`;
    case 'verified':
      return t`✅ ${host} came back: boot ${boot(news.before)} → ${boot(news.after)}, kernel ${news.before.kernel} → ${news.after.kernel}, nova-compute up, the host check passes. Ferry takes it as back.`;
    case 'back-failing':
      return t`⚠️ ${host} is back on a new boot, but its host check fails: ${news.findings.join(t`; `)}. Ferry enables it only once the check passes (/hostcheck ${host} says what to change); still failing ${formatDuration(news.timeoutMs)} after the reboot, it is held for on-call.`;
    case 'failed':
      if (news.leftOut)
        return news.silenced
          ? t`⚠️ ${rebootFailureText(host, news.failure)}. It is left out of the drain and stays disabled; the drain goes on. It needs a person, and its alert silence ends.`
          : t`⚠️ ${rebootFailureText(host, news.failure)}. It is left out of the drain and stays disabled; the drain goes on. It needs a person.`;
      return t`⚠️ ${rebootFailureText(host, news.failure)}. It is held disabled: on-call decides (Host is back once it is, or Skip host).`;
    case 'breaker':
      return news.breaker.hosts.length === 1
        ? t`⛔ Circuit breaker: 1 host failed its reboot (${news.breaker.hosts.join(t`, `)}; at most ${news.breaker.max}). The drain is paused: Resume once it is dealt with, or Stop.`
        : t`⛔ Circuit breaker: ${news.breaker.hosts.length} hosts failed their reboot (${news.breaker.hosts.join(t`, `)}; at most ${news.breaker.max}). The drain is paused: Resume once they are dealt with, or Stop.`;
  }
}

/** The drain report's line of a rebooted host, under the host's own line: boots and kernels before and after, or why it failed. */
export function rebootReportText(reboot: HostReboot): string {
  if (reboot.failure) return t`reboot failed: ${rebootFailureReason(reboot.failure)}`;
  const before = reboot.before;
  const after = reboot.after;
  if (before && after)
    return t`rebooted: boot ${boot(before)} → ${boot(after)}, kernel ${before.kernel} → ${after.kernel}`;
  if (before) return t`not rebooted yet (boot ${boot(before)}, kernel ${before.kernel})`;
  return t`not rebooted`;
}

/** Why a BMC did not take the power cycle, with the setting to check. */
export function bmcFailureText(failure: BmcFailure): string {
  const bmc = failure.port === undefined ? failure.bmc : t`${failure.bmc} port ${failure.port}`;
  switch (failure.code) {
    case 'password-rejected':
      return t`BMC ${bmc} refused the password in FERRY_BMC_PASSWORD_FILE`;
    case 'user-rejected':
      return t`BMC ${bmc} does not know the user (FERRY_BMC_USER or the user in FERRY_BMC)`;
    case 'no-answer':
      return t`BMC ${bmc} did not answer IPMI over LAN (lanplus): check its address in FERRY_BMC and that it is reachable`;
    case 'address-unknown':
      return t`BMC ${bmc}: the name does not resolve (FERRY_BMC)`;
    case 'password-file':
      return t`BMC ${bmc}: FERRY_BMC_PASSWORD_FILE cannot be read`;
    case 'not-installed':
      return t`BMC ${bmc}: ipmitool is not installed`;
    case 'timeout':
      return t`BMC ${bmc}: ipmitool did not finish in time`;
    case 'failed':
      return failure.detail
        ? t`BMC ${bmc}: ipmitool failed (${failure.detail})`
        : t`BMC ${bmc}: ipmitool failed`;
  }
}
