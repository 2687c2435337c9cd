import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SandboxSsh } from '../../src/sandbox/ssh-hosts.ts';
import { compute4Back } from '../faults/drain-run.ts';
import { drainFlowHelpers } from '../helpers/drain-flow.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { sandboxHostChecker } from '../helpers/sandbox-ssh.ts';
import { type SlackHarness, slackHarness, waitFor } from '../helpers/slack.ts';

/**
 * "Host is back" on a host whose SSH host check fails (operator trial h-fix28: compute3 was enabled
 * again without a word, though nothing listened for live migrations on it).
 */

let fx: SandboxFixture;
let ssh: SandboxSsh;
let slack: SlackHarness;
beforeEach(async () => {
  fx = await sandboxFixture();
  compute4Back(fx);
  const started = await sandboxHostChecker(fx);
  ssh = started.ssh;
  slack = await slackHarness(fx, { hostChecker: started.checker });
});
afterEach(async () => {
  await slack?.stop();
  await ssh.close();
  await fx.close();
});

const { drainMessage, threadText, serviceOf, approve, hostBack } = drainFlowHelpers(() => ({ fx, slack }));

describe('a drain host that comes back with its host check failing', () => {
  it('is said, naming what fails, when Ferry enables it', async () => {
    await slack.command('U_ALICE', '/drain', 'compute3');
    const parent = await drainMessage();
    await approve(parent);
    await hostBack(parent, 'compute3');
    await waitFor(() => threadText(parent).includes('Drain report'), 'the report', 30_000);
    // enabled as asked (nova-compute is up), and what fails is said with it, each with its fix
    expect(serviceOf('compute3').status).toBe('enabled');
    const said = threadText(parent);
    expect(said).toContain(
      '⚠️ Ferry enabled `compute3` again, as it is back, but its host check fails: 7 findings that matter for a live migration; first: Nothing listens on 16509: peers cannot migrate to compute3 ➜ systemctl enable --now libvirtd-tcp.socket',
    );
    expect(said).toContain(
      '4 findings that matter for a cold migration; first: The nova user has no login shell',
    );
    expect(said).toContain('Moves onto it may fail until that is mended.');
    // said before the host's end
    expect(said.indexOf('host check fails')).toBeLessThan(said.indexOf('is done and enabled again'));
  }, 60_000);
});
