/**
 * `/drain … --reboot` (issue #30): each emptied host rebooted by Ferry, then verified before it is
 * enabled again. Plain data, stored on the drain's record; src/messages/reboot.ts words it.
 */

/** What the requester asked for: the kernel the hosts must run after, and the circuit breaker. */
export interface RebootOptions {
  /** `--kernel`: `uname -r` after the reboot must say exactly this */
  kernel?: string;
  /** `--max-failures`: this many hosts failing their reboot pause the drain (default 1) */
  maxFailures: number;
}

/** How the plan says Ferry reboots (the operator's configuration, never anything typed in Slack). */
export interface RebootMethod {
  /** FERRY_REBOOT_COMMAND, run over SSH */
  command: string;
  /** FERRY_BMC: none, after SSH does not answer, or first */
  bmc: 'none' | 'fallback' | 'first';
  timeoutMs: number;
}

/** One host read over SSH: its boot, its kernel, how long it has been up. */
export interface BootSeen {
  bootId: string;
  kernel: string;
  uptimeS: number;
  /** when Ferry read it (epoch ms) */
  at: number;
}

/** What Ferry saw of a host at its last look while waiting for it to come back. */
export type RebootSeen =
  | { code: 'unreachable'; error: string }
  | { code: 'same-boot'; bootId: string }
  | { code: 'nova-compute-down' }
  | { code: 'nova-compute-not-seen-again' }
  | { code: 'hostcheck-failing'; findings: string[] };

/** Why a host's reboot failed: the host is held (or, below the breaker, left out), on-call decides. */
export type RebootFailure =
  /** its boot ID could not be read before the reboot: a reboot could not be verified */
  | { code: 'unreadable'; error: string }
  /** neither SSH nor the BMC took the reboot; `bmc`: the BMC's refusal when it was tried last */
  | { code: 'not-sent'; error: string; bmc?: BmcFailure }
  /** not back within FERRY_REBOOT_TIMEOUT_S after the last attempt; what was seen last */
  | { code: 'not-back'; waitedMs: number; seen: RebootSeen | null; bmcTried: boolean }
  /** back on another kernel than `--kernel` */
  | { code: 'kernel-mismatch'; want: string; got: string };

/**
 * Why a BMC power cycle failed, as ipmitool said it (src/hostcheck/ipmitool.ts reads its `-v` lines;
 * src/messages/reboot.ts words it). Never anything of the password.
 */
export interface BmcFailure {
  code: /** the BMC answered and refused the password in FERRY_BMC_PASSWORD_FILE */
    | 'password-rejected'
    /** the BMC answered and does not know the user */
    | 'user-rejected'
    /** nothing answered IPMI at the address (and port) */
    | 'no-answer'
    /** the address is a name that does not resolve */
    | 'address-unknown'
    /** FERRY_BMC_PASSWORD_FILE cannot be read (gone or unreadable since Ferry started) */
    | 'password-file'
    /** ipmitool is not installed (not on PATH) */
    | 'not-installed'
    /** ipmitool did not finish in its time */
    | 'timeout'
    /** another refusal: `detail` is ipmitool's line saying why */
    | 'failed';
  /** the BMC as configured: its address, and its port when FERRY_BMC gives one */
  bmc: string;
  port?: number;
  detail?: string;
}

/** One way Ferry asked the host to reboot, and when. */
export interface RebootAttempt {
  via: 'ssh' | 'bmc';
  at: number;
  /** it did not take (SSH unreachable, ipmitool failed): the short error, never a credential */
  error?: string;
}

/** A drained host's reboot as stored on its drain host (DrainHostState.reboot). */
export interface HostReboot {
  before?: BootSeen;
  attempts: RebootAttempt[];
  /** nova-compute seen down since the reboot was sent */
  downSeen?: boolean;
  /** the last thing seen while waiting (written when it changes) */
  seen?: RebootSeen;
  /** nova-compute's updated_at when the new boot was first seen: a later report is the new boot's */
  bootSeenUpdatedAt?: string | null;
  after?: BootSeen;
  failure?: RebootFailure;
  /** verified: new boot ID, kernel as asked, nova-compute up, the host check passes (epoch ms) */
  verifiedAt?: number;
}

/** The campaign's circuit breaker tripped: the drain is paused by Ferry with the hosts that failed. */
export interface RebootBreaker {
  at: number;
  max: number;
  hosts: string[];
}

/** What the plan says about the reboot: how, the target kernel, the order, the hosts already on it. */
export interface RebootPlan {
  method: RebootMethod;
  options: RebootOptions;
  /** `uptime`: ordered longest-up first (hosts named in order keep theirs) */
  order: 'uptime' | 'named';
  /** hosts already running `--kernel`: left out of the campaign */
  onKernel: string[];
  /** uptime in seconds per host as read for the order (absent: could not be read) */
  uptimeS: Record<string, number>;
  /** hosts whose host check fails already (its findings): they would come back and fail verification */
  checkFailing?: Record<string, string[]>;
}

/** News of one host's reboot for its drain's thread. */
export type RebootNews =
  | { code: 'sent'; attempt: RebootAttempt }
  | { code: 'verified'; before: BootSeen; after: BootSeen }
  /** seen on its new boot, but its host check fails: said once, as it waits for the check to pass */
  | { code: 'back-failing'; findings: string[]; timeoutMs: number }
  /** `silenced`: a host left out had an alert silence, which ends now (it is no longer Ferry's work) */
  | { code: 'failed'; failure: RebootFailure; leftOut: boolean; silenced?: boolean }
  | { code: 'breaker'; breaker: RebootBreaker };
