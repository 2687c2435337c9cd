import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigrationRunner } from '../../src/core/move/runner.ts';
import type { BlackoutPort } from '../../src/core/ports/blackout.ts';
import type { GuestAgentPort } from '../../src/core/ports/guest-agent.ts';
import { RequestBook } from '../../src/core/requests.ts';
import { GuestAgentOverSsh } from '../../src/hostcheck/guest-agent.ts';
import { SshSession } from '../../src/hostcheck/ssh.ts';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { plan, plannerFor } from '../helpers/core.ts';
import { recordedStream } from '../helpers/events.ts';
import { onCall } from '../helpers/runs.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { sandboxHostChecker } from '../helpers/sandbox-ssh.ts';

/**
 * A live move's end (#29): the blackout read and the proofs run side by side, the proofs not waiting
 * for libvirt's answer. The sandbox hosts' SSH answers both; the blackout's read here is held until the
 * proofs have asked the guest agent (or 3 s have passed): proofs made after the read would find it
 * held for the whole 3 s.
 */

let fx: SandboxFixture;
let ssh: SandboxSsh | undefined;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await ssh?.close();
  await fx.close();
});

describe("a live move's end", () => {
  it('reads the blackout and makes the proofs side by side, with the same results', async () => {
    const sandboxSsh = await sandboxHostChecker(fx);
    ssh = sandboxSsh.ssh;
    const agent = new GuestAgentOverSsh(() => new SshSession(sandboxSsh.settings));
    let asked: () => void = () => undefined;
    const proofsBegan = new Promise<void>((resolve) => {
      asked = resolve;
    });
    let heldOut = false;
    const guest: GuestAgentPort = {
      ping: (host, domain) => {
        asked();
        return agent.ping(host, domain);
      },
    };
    const blackout: BlackoutPort = {
      blackout: async (host, domain) => {
        const late = new Promise<void>((resolve) =>
          setTimeout(() => {
            heldOut = true;
            resolve();
          }, 3_000),
        );
        await Promise.race([proofsBegan, late]);
        return sandboxSsh.checker.blackout(host, domain);
      },
    };
    const store = LowdbStore.memory();
    const runner = new MigrationRunner({
      cloud: plannerFor(fx).cloud,
      clock: fx.clock,
      store,
      events: recordedStream().events,
      blackout,
      guest,
    });
    const book = new RequestBook({
      store,
      clock: fx.clock,
      ttlMs: 1_800_000,
      approvers: { isApprover: async (user) => onCall.has(user), describe: () => 'U_BOB or U_CAROL' },
    });
    const record = await book.submit(await plan(fx, { server: 'server-x', destination: 'compute2' }));
    await book.approve(record.id, 'U_BOB');
    const run = await runner.start(record.id);
    await runner.idle();
    const fact = store.getRun(run.id)?.outcome?.fact;
    expect(fact).toMatchObject({
      code: 'moved',
      blackout: { code: 'measured', source: 'libvirt', host: 'compute2' },
    });
    expect(fact?.code === 'moved' ? fact.proofs?.map((p) => p.code) : []).toEqual([
      'nova-running',
      'ports-bound',
      'console-alive',
      'agent-absent',
    ]);
    // (the sandbox's server-x has no guest agent: asked, and not available)
    // the proofs asked the guest agent while the read waited: side by side, not one after the other
    expect(heldOut).toBe(false);
  }, 60_000);
});
