import { afterEach, expect, it } from 'vitest';
import { bootAnswer, rebooting, rebootTime, SANDBOX_REBOOT_MS } from '../../src/sandbox/ssh-reboot.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

let fx: SandboxFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const READ = 'cat /proc/sys/kernel/random/boot_id /proc/uptime && uname -r';
const bootId = (host: string) =>
  bootAnswer((fx as SandboxFixture).sandbox.cloud, host, READ)?.stdout.split('\n')[0];

// A reboot is simulated time, as a migration is: at the sandbox's speed 10 a host is back in a tenth
// of the time (a bench at speed 10 would otherwise wait 90 real seconds for each of its hosts).
it("keeps a host down for the reboot's simulated time, compressed by the sandbox's speed", async () => {
  fx = await sandboxFixture({ speed: 10 });
  const { cloud } = fx.sandbox;
  const before = bootId('compute2');
  bootAnswer(cloud, 'compute2', 'systemctl reboot');
  expect(rebooting(cloud, 'compute2')).toBe(true);
  fx.clock.advance(SANDBOX_REBOOT_MS / 10 - 1_000);
  expect(rebooting(cloud, 'compute2')).toBe(true);
  fx.clock.advance(1_000);
  expect(rebooting(cloud, 'compute2')).toBe(false);
  expect(bootId('compute2')).not.toBe(before);
});

it('takes the time a cloud is given for its hosts to come back (a fleet "back after 60 s")', async () => {
  fx = await sandboxFixture({ speed: 2 });
  const { cloud } = fx.sandbox;
  rebootTime(cloud, 60);
  bootAnswer(cloud, 'compute3', 'systemctl reboot');
  fx.clock.advance(29_999);
  expect(rebooting(cloud, 'compute3')).toBe(true);
  fx.clock.advance(1);
  expect(rebooting(cloud, 'compute3')).toBe(false);
});
