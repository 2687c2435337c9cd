import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cloudApiFrom } from '../../src/openstack/cloud-api.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { checkStallOverridesWhenCloudAnswers, parseStallOverrides } from '../../src/stall-settings.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/**
 * FERRY_STALL_POLICY_OVERRIDES naming a project or flavor the cloud does not have was taken silently
 * (operator trial of #29): Ferry says so once the cloud answers, naming the setting and the name.
 */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

const OVERRIDES = parseStallOverrides(
  'project:web=abort,project:db-tem=abort,flavor:m1.small=ask,flavor:m1.tiny-typo=force-complete',
);

describe('stall policy overrides checked against the cloud', () => {
  it('warns of each project and flavor the cloud lacks, once the cloud answers; the known ones pass', async () => {
    const cloud = cloudApiFrom(fx.clients);
    const project = (await cloud.listProjects()).find((p) => p.name === 'web');
    const overrides = [
      ...OVERRIDES,
      { match: 'project' as const, value: project?.id ?? '?', action: 'ask' as const },
    ];
    // the cloud does not answer at first (Keystone's projects fail twice): the check waits for it
    applyFault(fx.sandbox.cloud, { type: 'api-error', status: 503, count: 2, path: '/projects' });
    const warnings: string[] = [];
    await checkStallOverridesWhenCloudAnswers({
      overrides,
      cloud,
      warn: (line) => warnings.push(line),
      everyMs: 10,
    });
    expect(warnings).toEqual([
      'FERRY_STALL_POLICY_OVERRIDES names project "db-tem", but the cloud has no project with this ID or name: its abort applies to no server. Check the spelling (a project may be named by ID or name, a flavor by name).',
      'FERRY_STALL_POLICY_OVERRIDES names flavor "m1.tiny-typo", but the cloud has no flavor of this name: its force-complete applies to no server. Check the spelling (a project may be named by ID or name, a flavor by name).',
    ]);
  });
});
