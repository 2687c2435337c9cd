import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { proveMove } from '../../src/core/move/proofs.ts';
import { cloudApiFrom } from '../../src/openstack/cloud-api.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';

/**
 * Nova's proof after a move holds the server to the state the move's mode leaves it in: a live
 * migration keeps a guest running (or paused, as it was), so SHUTOFF after it is a crash, not a
 * proof; a cold one may leave it stopped as it was moved (operator trial of #29).
 */

let fx: SandboxFixture;
beforeEach(async () => {
  fx = await sandboxFixture();
});
afterEach(async () => {
  await fx.close();
});

async function proofsAfter(
  vmState: 'stopped' | 'paused',
  mode: 'live' | 'cold',
  before?: { status: string; powerState: number },
) {
  const sim = [...fx.sandbox.cloud.servers.values()].find((s) => s.name === 'server-x');
  if (!sim) throw new Error('server-x is seeded');
  sim.vmState = vmState;
  const cloud = cloudApiFrom(fx.clients);
  const server = await cloud.getServer(sim.id);
  return proveMove(
    { cloud, clock: fx.clock, halt: new AbortController().signal, timeoutMs: 0 },
    server,
    sim.host,
    mode,
    before,
  );
}

describe("Nova's proof after a move", () => {
  it('a live move that leaves the server SHUTOFF is not proven: the guest stopped', async () => {
    const [nova] = await proofsAfter('stopped', 'live');
    expect(nova).toMatchObject({ code: 'nova-not-running', status: 'SHUTOFF' });
  });

  it('a cold move of a stopped server leaves it SHUTOFF: proven, its guest not asked', async () => {
    const proofs = await proofsAfter('stopped', 'cold');
    expect(proofs[0]).toMatchObject({ code: 'nova-running', status: 'SHUTOFF' });
    expect(proofs.map((proof) => proof.code)).toContain('guest-stopped');
  });

  it('a cold move of a server running before that leaves it SHUTOFF is not proven: it crashed', async () => {
    const [nova] = await proofsAfter('stopped', 'cold', { status: 'ACTIVE', powerState: 1 });
    expect(nova).toMatchObject({ code: 'nova-not-running', status: 'SHUTOFF' });
    const proofs = await proofsAfter('stopped', 'cold', { status: 'SHUTOFF', powerState: 4 });
    expect(proofs[0]).toMatchObject({ code: 'nova-running', status: 'SHUTOFF' });
  });

  it('a live move of a paused server leaves it PAUSED: proven, its guest not asked', async () => {
    const proofs = await proofsAfter('paused', 'live');
    expect(proofs[0]).toMatchObject({ code: 'nova-running', status: 'PAUSED' });
    expect(proofs.map((proof) => proof.code)).toContain('guest-paused');
  });
});
