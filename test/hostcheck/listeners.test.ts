import { describe, expect, it } from 'vitest';
import { reachableListeners } from '../../src/hostcheck/listeners.ts';

// `ss -ltnp` on the lab's compute3 with its libvirtd switched off TCP (npm run lab -- break compute3):
// the hosts share one network namespace, so compute1's libvirtd shows up there too
const LAB_COMPUTE3_BROKEN = `State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
LISTEN 0      128        127.0.0.5:22         0.0.0.0:*    users:(("sshd",pid=9001,fd=3))
LISTEN 0      1000       127.0.0.3:16509      0.0.0.0:*    users:(("libvirtd",pid=9145,fd=12))
LISTEN 0      1000       127.0.0.4:16509      0.0.0.0:*    users:(("libvirtd",pid=9146,fd=12))`;

describe('which listeners a peer can reach', () => {
  it("does not count a loopback listener the host does not name as its own (the lab's broken compute3)", () => {
    expect(reachableListeners(LAB_COMPUTE3_BROKEN, 16509, ['127.0.0.5', '127.0.0.5'])).toEqual([]);
  });

  it('counts the listener on the address the host names', () => {
    const fixed = `${LAB_COMPUTE3_BROKEN}\nLISTEN 0      1000       127.0.0.5:16509      0.0.0.0:*    users:(("libvirtd",pid=9200,fd=12))`;
    expect(reachableListeners(fixed, 16509, ['127.0.0.5', undefined])).toEqual([
      'LISTEN 0      1000       127.0.0.5:16509      0.0.0.0:*    users:(("libvirtd",pid=9200,fd=12))',
    ]);
  });

  it('counts wildcards (ss and netstat), and any non-loopback address when the host names none by number', () => {
    expect(
      reachableListeners('LISTEN 0 1024 0.0.0.0:16509 0.0.0.0:* users:(("systemd",pid=1,fd=52))', 16509, []),
    ).toHaveLength(1);
    expect(reachableListeners('LISTEN 0 1024 [::]:16509 [::]:*', 16509, [])).toHaveLength(1);
    expect(reachableListeners('tcp6 0 0 :::16509 :::* LISTEN 812/libvirtd', 16509, [])).toHaveLength(1);
    expect(reachableListeners('LISTEN 0 1024 10.0.0.11:16509 0.0.0.0:*', 16509, ['compute1'])).toHaveLength(
      1,
    );
    // libvirtd on 127.0.0.1 only: the host itself can connect, its peers cannot
    expect(reachableListeners('LISTEN 0 1024 127.0.0.1:16509 0.0.0.0:*', 16509, [])).toEqual([]);
    expect(reachableListeners('LISTEN 0 1024 0.0.0.0:16514 0.0.0.0:*', 16509, [])).toEqual([]);
  });
});
