/**
 * How long a live-migrated guest stood still, as a fact: measured (by whom, from what), or why it was
 * not, never guessed. `source` says where the figure came from: 'libvirt' is libvirt's completed job
 * statistics on the destination (`virsh domjobinfo --completed`, QEMU's own downtime); a probe-measured
 * gap (FERRY_PROBE, issue #29) would be another source beside it.
 */
export type BlackoutSource = 'libvirt';

export type Blackout =
  /**
   * `downtimeMs`: libvirt's "Total downtime" (the guest paused, source to destination);
   * `downtimeNoNetworkMs`: "Downtime w/o network" (without the hosts' network transfer time);
   * `setupMs`: "Setup time"; null where libvirt did not say. `host`: where it was read.
   */
  | {
      code: 'measured';
      source: BlackoutSource;
      host: string;
      downtimeMs: number;
      downtimeNoNetworkMs: number | null;
      setupMs: number | null;
    }
  /**
   * Not measured: no SSH to the hosts (`no-ssh`), libvirt kept no completed job there (`no-job`:
   * "Job type: None", e.g. read before or the daemon restarted), the host or its virsh could not be
   * reached or answered an error (`unreachable`, with its words), or the server's domain name is not
   * one Ferry would pass to a shell (`no-domain`).
   */
  | {
      code: 'not-measured';
      source: BlackoutSource;
      reason: 'no-ssh' | 'no-job' | 'unreachable' | 'no-domain';
      host: string | null;
      detail?: string;
    };
