import { describe, expect, it } from 'vitest';
import { readSettings, SettingError } from '../../src/config.ts';

/** FERRY_PROBE, read strictly: a bad value stops start-up naming the variable. */

describe('FERRY_PROBE', () => {
  it('reads a TCP port or ICMP from a named host, and from Ferry only when said', () => {
    expect(readSettings({}).probe).toBeUndefined();
    expect(readSettings({ FERRY_PROBE: ' ' }).probe).toBeUndefined();
    expect(readSettings({ FERRY_PROBE: 'tcp:22@jumphost' }).probe).toEqual({
      how: 'tcp',
      port: 22,
      from: 'jumphost',
    });
    expect(readSettings({ FERRY_PROBE: 'icmp@bastion.example.org' }).probe).toEqual({
      how: 'icmp',
      from: 'bastion.example.org',
    });
    expect(readSettings({ FERRY_PROBE: 'tcp:443@ferry' }).probe).toEqual({
      how: 'tcp',
      port: 443,
      from: null,
    });
    expect(readSettings({ FERRY_PROBE: 'icmp@ferry' }).probe).toEqual({ how: 'icmp', from: null });
  });

  it.each([
    'tcp:22',
    'icmp',
    'tcp@jumphost',
    'tcp:0@jumphost',
    'tcp:65536@jumphost',
    'tcp:ssh@jumphost',
    'udp:53@jumphost',
    'ICMP@jumphost',
    'icmp@',
    'icmp@jump host',
    'icmp@jumphost;reboot',
    'icmp@-oProxyCommand=x',
    'icmp@$(reboot)',
    'tcp:22@jumphost,icmp@other',
  ])('refuses %j, naming the variable', (value) => {
    let thrown: unknown;
    try {
      readSettings({ FERRY_PROBE: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SettingError);
    expect((thrown as SettingError).setting).toBe('FERRY_PROBE');
    expect(String(thrown)).toMatch(/^SettingError: FERRY_PROBE: must be tcp:<port>@<host> or icmp@<host> /);
  });
});

/** FERRY_PROOFS_OFF: the proofs an operator turns off, read strictly. */
describe('FERRY_PROOFS_OFF', () => {
  it('turns off the proofs it lists; absent or empty, every proof available is made', () => {
    expect(readSettings({}).proofsOff).toEqual([]);
    expect(readSettings({ FERRY_PROOFS_OFF: ' ' }).proofsOff).toEqual([]);
    expect(readSettings({ FERRY_PROOFS_OFF: 'console' }).proofsOff).toEqual(['console']);
    expect(readSettings({ FERRY_PROOFS_OFF: 'console, agent,console' }).proofsOff).toEqual([
      'console',
      'agent',
    ]);
  });

  it.each(['nova', 'Console', 'consoles', 'console;agent', 'all'])(
    'stops start-up on %j, naming the variable',
    (value) => {
      expect(() => readSettings({ FERRY_PROOFS_OFF: value })).toThrow(SettingError);
      expect(() => readSettings({ FERRY_PROOFS_OFF: value })).toThrow(
        /^FERRY_PROOFS_OFF: must list proofs separated by commas, each one of ports, console, agent, probe/,
      );
    },
  );
});
