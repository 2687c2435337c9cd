import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.ts';
import { FAULT_GRAMMAR, faultHelpText } from '../../src/console/fault-grammar.ts';
import { consoleFault } from '../../src/console/faults.ts';
import { helpText } from '../../src/console/help.ts';
import { applyFault, FaultSpec } from '../../src/sandbox/faults.ts';
import { NOVA_CONF_DEFAULTS } from '../../src/sandbox/model.ts';
import {
  bootAnswer,
  rebooting,
  SANDBOX_NEXT_KERNEL,
  SANDBOX_REBOOT_MS,
  sandboxBmcAddress,
  sandboxIpmitool,
} from '../../src/sandbox/ssh-reboot.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/** /fault help as a slash command's help: made from its grammar, every fault said in words. */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

describe('/fault help', () => {
  it("answers the help made from /fault's grammar: usage, every fault in words, examples", () => {
    for (const asked of ['help', '', '--help'])
      expect(consoleFault(fx.sandbox.cloud, asked)).toBe(faultHelpText());
    const help = faultHelpText();
    expect(help).toMatch(/^Make the built-in sandbox cloud misbehave as a real cloud can/);
    expect(help).toMatch(/\nUsage: \/fault <json> \| \/fault help\n/);
    for (const option of FaultSpec.options)
      expect(help).toMatch(new RegExp(`\\n {2}${option.shape.type.value} +\\S`));
    expect(help).toMatch(/\nExamples:\n {2}\/fault \{"type":"stall","server":"ledger"\}/);
    // the examples it gives are faults the sandbox applies
    for (const example of help.split('Examples:\n')[1]?.split('\n') ?? [])
      expect(consoleFault(fx.sandbox.cloud, example.replace(/^ *\/fault /, ''))).toMatch(/^Sandbox: /);
  });

  it("is listed in the console's help as the slash commands are, and named where JSON is wrong", () => {
    expect(helpText(COMMANDS)).toMatch(
      /\n {2}\/fault help {15}Make the built-in sandbox cloud fail on purpose, to rehearse what Ferry says\n/,
    );
    expect(consoleFault(fx.sandbox.cloud, '{bad')).toBe(
      'A fault is JSON, e.g. /fault {"type":"stall","server":"ledger"}; /fault help lists them.\nUsage: /fault <json> | /fault help',
    );
  });

  it('gives an example of the fault typed when a field is wrong, one the sandbox takes', () => {
    expect(consoleFault(fx.sandbox.cloud, '{"type":"outage"}')).toBe(
      'The fault "outage" cannot be applied: "seconds" is missing; e.g. /fault {"type":"outage","seconds":40,"status":503}; /fault help says what each fault does.',
    );
    expect(consoleFault(fx.sandbox.cloud, '{"type":"slow","ms":-1}')).toMatch(
      /e\.g\. \/fault \{"type":"slow","ms":500\};/,
    );
    for (const [type, example] of Object.entries(FAULT_GRAMMAR.exampleOf)) {
      const spec = FaultSpec.safeParse(JSON.parse(example.replace(/^\/fault /, '')));
      expect(spec.success && spec.data.type).toBe(type);
    }
  });

  it('says a nova-conf fault in the option names typed, and sets them', () => {
    const cloud = fx.sandbox.cloud;
    expect(
      consoleFault(
        cloud,
        '{"type":"nova-conf","host":"compute1","live_migration_bandwidth":20,"max_concurrent_live_migrations":2}',
      ),
    ).toBe(
      'Sandbox: nova.conf of compute1: max_concurrent_live_migrations = 2, live_migration_bandwidth = 20.',
    );
    expect(cloud.hostOrThrow('compute1').novaConf).toMatchObject({
      maxConcurrentLiveMigrations: 2,
      bandwidthBytesPerSecond: 20 * 1024 * 1024,
    });
    expect(consoleFault(cloud, '{"type":"nova-conf","host":"compute2"}')).toBe(
      'Sandbox: nova.conf of compute2: no option given, nothing changed.',
    );
  });
});

describe('/fault {"type":"clear"}', () => {
  const rehearse = (cloud: SandboxFixture['sandbox']['cloud']) => {
    for (const fault of [
      {
        type: 'nova-conf',
        host: 'compute1',
        live_migration_bandwidth: 20,
        live_migration_permit_post_copy: true,
      },
      { type: 'stall', server: 'cache-1' },
      { type: 'service-down', host: 'compute2' },
      { type: 'guest-unreachable', server: 'cache-1' },
      { type: 'api-error', status: 503, count: 3 },
    ])
      applyFault(cloud, fault);
  };

  it("sets nova.conf back to its defaults and names what stays as the cloud's state, with what undoes it", () => {
    const cloud = fx.sandbox.cloud;
    rehearse(cloud);
    const said = consoleFault(cloud, '{"type":"clear"}');
    expect(said).toMatch(
      /^Sandbox: faults cleared and nova\.conf back to its defaults; what stays is the cloud's state, not a fault: /,
    );
    expect(said).toContain(
      'nova-compute on compute2 is down (/fault {"type":"service-up","host":"compute2"} brings it up)',
    );
    expect(said).toContain(
      'cache-1 dirties memory faster than it is copied (/fault {"type":"converge","server":"cache-1"} lets it converge)',
    );
    // the seeded ledger never converges: the cloud's state too, named as such
    expect(said).toContain('ledger dirties memory faster than it is copied');
    expect(cloud.hostOrThrow('compute1').novaConf).toEqual(NOVA_CONF_DEFAULTS);
    expect(cloud.resolveServer('cache-1').unreachable).toBe(false);
    expect(cloud.faults.api).toEqual([]);
    // what it says undoes the rest does: a clear after them names nothing
    for (const undo of said.split('(/fault ').slice(1)) consoleFault(cloud, `${undo.split('}')[0]}}`);
    expect(consoleFault(cloud, '{"type":"clear"}')).toBe(
      'Sandbox: faults cleared and nova.conf back to its defaults.',
    );
  });

  it('is what DELETE /sandbox/faults does', async () => {
    const cloud = fx.sandbox.cloud;
    rehearse(cloud);
    const answer = await fetch(`${fx.sandbox.url}/sandbox/faults`, { method: 'DELETE' });
    expect(answer.status).toBe(204);
    expect(cloud.hostOrThrow('compute1').novaConf).toEqual(NOVA_CONF_DEFAULTS);
    expect(cloud.resolveServer('cache-1').unreachable).toBe(false);
  });

  it('removes the reboot faults: the next reboots come back, on the new kernel', async () => {
    const cloud = fx.sandbox.cloud;
    applyFault(cloud, { type: 'reboot-hangs', host: 'compute3' });
    applyFault(cloud, { type: 'reboot-old-kernel', host: 'compute2' });
    consoleFault(cloud, '{"type":"clear"}');
    const ipmitool = sandboxIpmitool(cloud);
    for (const host of ['compute2', 'compute3'])
      await ipmitool(['-H', sandboxBmcAddress(host), 'chassis', 'power', 'cycle']);
    fx.clock.advance(SANDBOX_REBOOT_MS + 1);
    expect(rebooting(cloud, 'compute3')).toBe(false);
    expect(
      bootAnswer(cloud, 'compute2', 'cat /proc/sys/kernel/random/boot_id /proc/uptime && uname -r')?.stdout,
    ).toContain(SANDBOX_NEXT_KERNEL);
  });
});
