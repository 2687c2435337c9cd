import { describe, expect, it } from 'vitest';
import { KNOWN_HOSTS_MS, KnownHosts } from '../../src/hostcheck/known-hosts.ts';
import { ManualClock } from '../helpers/manual-clock.ts';

/**
 * The list of compute hosts that vets every name Ferry connects to over SSH (#31): read once for the
 * reads of five minutes (a blackout read no longer waits for Nova's hypervisor list), read again after them,
 * and read at once for a name it lacks, so a host that joined is never refused.
 */

function cloudHosts(initial: string[]) {
  const cloud = { hosts: initial, reads: 0 };
  const read = async () => {
    cloud.reads += 1;
    return [...cloud.hosts];
  };
  return { cloud, read };
}

describe("the cloud's compute hosts, kept for five minutes", () => {
  it('reads the list once for the names vetted within five minutes, and again after them', async () => {
    const clock = new ManualClock();
    const { cloud, read } = cloudHosts(['compute1', 'compute2']);
    const known = new KnownHosts(read, clock);
    expect(await known.vetting(['compute2'])).toEqual(['compute1', 'compute2']);
    clock.advance(KNOWN_HOSTS_MS - 1);
    expect(await known.vetting(['compute1', 'compute2'])).toEqual(['compute1', 'compute2']);
    expect(cloud.reads).toBe(1);
    // a host gone from the cloud is refused once they are over
    cloud.hosts = ['compute2'];
    clock.advance(1);
    expect(await known.vetting(['compute1'])).toEqual(['compute2']);
    expect(cloud.reads).toBe(2);
  });

  it('reads the list again at once for a name it lacks: a host that just joined is not refused', async () => {
    const clock = new ManualClock();
    const { cloud, read } = cloudHosts(['compute1']);
    const known = new KnownHosts(read, clock);
    await known.vetting(['compute1']);
    cloud.hosts = ['compute1', 'compute4'];
    expect(await known.vetting(['compute4'])).toContain('compute4');
    expect(cloud.reads).toBe(2);
  });
});
