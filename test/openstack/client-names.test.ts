import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AmbiguousServerError } from '../../src/core/cloud-errors.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/** Nova's client finding a server by name (issue #31: a name it knows is read by ID in the first wave). */

let fx: SandboxFixture;

beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

describe('finding a server by name', () => {
  it('reads a name it knows by ID in the same round trip, but the list by name still decides', async () => {
    const cloud = fx.sandbox.cloud;
    const first = await fx.clients.nova.findServer('cache-1');
    const served = cloud.requestsServed;
    expect((await fx.clients.nova.findServer('cache-1')).id).toBe(first.id);
    expect(cloud.requestsServed - served).toBe(2); // the list and the read by ID, as before
    // renamed since, and another server took the name: the one the list names now is the answer
    (cloud.servers.get(first.id) as { name: string }).name = 'cache-1-old';
    const other = cloud.addServer({
      name: 'cache-1',
      host: 'compute2',
      flavor: 'm1.small',
      project: 'admin',
      user: 'admin',
    });
    const now = await fx.clients.nova.findServer('cache-1');
    expect(now.id).toBe(other.id);
    expect(now.serverGroupIds).toBeNull(); // the list's answer: the read by the old ID is not used
    // two of that name again: ambiguous, whatever was known
    (cloud.servers.get(first.id) as { name: string }).name = 'cache-1';
    await expect(fx.clients.nova.findServer('cache-1')).rejects.toThrow(AmbiguousServerError);
  });
});
