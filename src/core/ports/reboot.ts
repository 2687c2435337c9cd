import type { BmcFailure, RebootMethod } from '../model/reboot.ts';

/**
 * Rebooting a compute host and reading its boot (src/hostcheck/reboot.ts: SSH with the host check's
 * settings, ipmitool for the BMC). Host names reaching it are Nova's compute hosts of an approved drain.
 */
export interface RebootPort {
  method(): RebootMethod;
  /** boot ID, `uname -r` and uptime over SSH; throws when the host does not answer */
  read(host: string): Promise<{ bootId: string; kernel: string; uptimeS: number }>;
  /** FERRY_REBOOT_COMMAND over SSH; throws when it could not be sent */
  viaSsh(host: string): Promise<void>;
  /** FERRY_BMC has an entry for the host */
  hasBmc(host: string): boolean;
  /** `ipmitool … chassis power cycle`; throws when ipmitool fails (BmcFailed when it says why) */
  viaBmc(host: string): Promise<void>;
  /**
   * the host check's failing findings (their IDs): empty when it passes. `fresh` (the default: a host
   * just rebooted): read the host now; false: a report kept from a few minutes ago will do (the plan)
   */
  failingChecks(host: string, fresh?: boolean): Promise<string[]>;
}

/** The BMC did not take the power cycle: why, as a fact the edge words. */
export class BmcFailed extends Error {
  constructor(readonly failure: BmcFailure) {
    super(failure.detail ? `${failure.code}: ${failure.detail}` : failure.code);
    this.name = 'BmcFailed';
  }
}
