import type { Clock } from '../../clock.ts';
import { OpenStackApiError, OpenStackUnreachableError } from '../cloud-errors.ts';
import { DOMAIN_NAME, type Port, type Server } from '../model/cloud.ts';
import type { ProofFact, ProofName } from '../model/proof-facts.ts';
import type { ServerBefore } from '../model/records.ts';
import type { MoveMode } from '../model/types.ts';
import type { CloudApi } from '../ports/cloud.ts';
import type { GuestAgentPort } from '../ports/guest-agent.ts';
import { isIpLiteral, type ProbeConfig } from '../ports/reachability.ts';
import { TAIL_RUNS } from './watch-pace.ts';

/** How often a proof that waits looks again. */
export const PROOF_LOOK_MS = 2_000;
/**
 * For 4 s after its first reading the console is read again every CONSOLE_QUICK_LOOK_MS: a guest
 * printing a line a second (the lab's, the sandbox's) is proven alive soon after its next line rather
 * than a whole look after it (#31: the record's completion to the thread in 2 s). On the lab, a TCG
 * guest under load once printed nothing for 3 s after its switchover. Later readings wait PROOF_LOOK_MS.
 * Only while few runs are watched (TAIL_RUNS, as the feed's quick asks): with twenty at once the second
 * reading waits PROOF_LOOK_MS, two reads a move where quick looks take up to seventeen (#31 target 5:
 * within 60 Nova requests a minute).
 */
export const CONSOLE_QUICK_LOOK_MS = 250;
export const CONSOLE_QUICK_FOR_MS = 4_000;
/** The console lines read each time: enough that a guest printing a line shows a change. */
export const CONSOLE_LINES = 20;

export interface ProofDeps {
  cloud: CloudApi;
  clock: Clock;
  halt: AbortSignal;
  /** the guest agent over SSH; absent: no SSH configured */
  guest?: GuestAgentPort;
  /** FERRY_PROBE, when set: the reachability probe of the server's fixed addresses */
  probe?: ProbeConfig;
  /** how long the proofs that wait (Nova, ports, console, probe) may wait, together */
  timeoutMs: number;
  /** FERRY_PROOFS_OFF: proofs not made, said as turned off */
  off?: readonly ProofName[];
  /** how many runs this Ferry watches now, this one among them (absent: this one alone) */
  watchedRuns?: number;
}

/**
 * Proves that a server runs on after its move to `destination`: Nova shows it running there, its
 * ports are bound there and ACTIVE, its console still grows, its guest agent answers. The proofs that
 * wait share one deadline and run side by side, each asking at once and then again no sooner than its
 * own look (a run's proofs are a few reads once per move: they are not spaced like its watch's polls).
 * Facts only: src/messages/proofs.ts words them.
 */
export async function proveMove(
  deps: ProofDeps,
  server: Server,
  destination: string,
  mode: MoveMode,
  /** the server when its move started; absent (a run stored before it was kept): not held to it */
  before?: ServerBefore,
  /** the console's first reading, asked once Nova's record said the move ended (RunEndings.conclude) */
  firstConsole?: Promise<string | null>,
): Promise<ProofFact[]> {
  const deadline = deps.clock.now() + deps.timeoutMs;
  const nova = await novaProof(deps, server, destination, mode, deadline, stoppedBefore(before));
  if (nova.fact.code === 'nova-not-running') return [nova.fact];
  const stopped = isStopped(nova.server);
  const [guest, ports] = await Promise.all([
    stopped
      ? Promise.resolve<ProofFact[]>([{ code: 'guest-stopped' }])
      : nova.server.status === 'PAUSED'
        ? Promise.resolve<ProofFact[]>([{ code: 'guest-paused' }])
        : guestProofs(deps, nova.server, deadline, firstConsole),
    turnedOff(deps, 'ports') ?? portsProof(deps, server.id, destination, deadline),
  ]);
  return [nova.fact, ports, ...guest];
}

/** A server stopped as it was before the move: SHUTOFF, or waiting in VERIFY_RESIZE powered off. */
function isStopped(server: Server): boolean {
  return server.status === 'SHUTOFF' || (server.status === 'VERIFY_RESIZE' && server.powerState === 4);
}

/** Whether the server was stopped when its move started; null: not known (a run stored before it was kept). */
function stoppedBefore(before: ServerBefore | undefined): boolean | null {
  if (!before) return null;
  return before.status === 'SHUTOFF' || before.powerState === 4;
}

/**
 * On the destination as a move of this mode leaves it: a live migration keeps a running guest running
 * and a paused one paused (never SHUTOFF: a guest that stopped crashed); a cold one leaves it ACTIVE, or
 * SHUTOFF only when it was stopped before the move (a running one that is SHUTOFF after it crashed).
 */
function running(server: Server, destination: string, mode: MoveMode, stopped: boolean | null): boolean {
  if (server.host !== destination) return false;
  if (mode !== 'cold') return server.status === 'ACTIVE' || server.status === 'PAUSED';
  if (server.status === 'ACTIVE') return true;
  if (server.status === 'SHUTOFF') return stopped !== false;
  // waiting for its confirmation on the destination: running (1), or stopped (4) as it was before
  return (
    server.status === 'VERIFY_RESIZE' &&
    (server.powerState === 1 || (server.powerState === 4 && stopped !== false))
  );
}

async function novaProof(
  deps: ProofDeps,
  first: Server,
  destination: string,
  mode: MoveMode,
  deadline: number,
  stopped: boolean | null,
): Promise<{ fact: ProofFact; server: Server }> {
  let server = first;
  while (!running(server, destination, mode, stopped) && deps.clock.now() < deadline && !deps.halt.aborted) {
    await deps.clock.sleep(PROOF_LOOK_MS, deps.halt);
    server = await deps.cloud.getServer(first.id);
  }
  if (running(server, destination, mode, stopped))
    return { fact: { code: 'nova-running', host: destination, status: server.status }, server };
  return {
    fact: {
      code: 'nova-not-running',
      destination,
      host: server.host,
      status: server.status,
      powerState: server.powerState,
    },
    server,
  };
}

const bound = (port: Port, host: string) => port.boundTo === host && port.status === 'ACTIVE';

async function portsProof(
  deps: ProofDeps,
  serverId: string,
  destination: string,
  deadline: number,
): Promise<ProofFact> {
  const started = deps.clock.now();
  for (;;) {
    let ports: Port[];
    try {
      const all = await deps.cloud.portsOf([serverId]);
      if (!all) return { code: 'ports-unknown' };
      ports = all.get(serverId) ?? [];
    } catch (error) {
      const status = cloudStatus(error);
      if (status === undefined) throw error;
      return { code: 'ports-unknown', ...(status === null ? {} : { status }) };
    }
    if (ports.length === 0) return { code: 'no-ports' };
    const unbound = ports.filter((port) => !bound(port, destination));
    if (unbound.length === 0) return { code: 'ports-bound', host: destination, count: ports.length };
    if (deps.clock.now() >= deadline || deps.halt.aborted)
      return {
        code: 'ports-unbound',
        host: destination,
        waitedMs: deps.clock.now() - started,
        ports: unbound.map((port) => ({
          id: port.id,
          name: port.name,
          boundTo: port.boundTo ?? null,
          status: port.status ?? null,
        })),
      };
    await deps.clock.sleep(PROOF_LOOK_MS, deps.halt);
  }
}

/** The console still growing, the guest agent's ping and the probe: what the guest itself shows. */
async function guestProofs(
  deps: ProofDeps,
  server: Server,
  deadline: number,
  firstConsole?: Promise<string | null>,
): Promise<ProofFact[]> {
  const [console, agent, probe] = await Promise.all([
    turnedOff(deps, 'console') ?? consoleProof(deps, server.id, deadline, firstConsole),
    turnedOff(deps, 'agent') ?? agentProof(deps, server),
    deps.probe ? (turnedOff(deps, 'probe') ?? probeProof(deps, deps.probe, server, deadline)) : null,
  ]);
  return probe ? [console, agent, probe] : [console, agent];
}

/** A proof the operator turned off (FERRY_PROOFS_OFF): not made, and said so; undefined when it is on. */
function turnedOff(deps: ProofDeps, proof: ProofName): ProofFact | undefined {
  return deps.off?.includes(proof) ? { code: 'proof-off', proof } : undefined;
}

/** At most this many of a server's fixed addresses are probed. */
const PROBED_ADDRESSES = 4;

/**
 * FERRY_PROBE: the server's fixed addresses (IP literals only: nothing else reaches a command)
 * probed from the named host until one answers or the proofs' deadline passes.
 */
async function probeProof(
  deps: ProofDeps,
  probe: ProbeConfig,
  server: Server,
  deadline: number,
): Promise<ProofFact> {
  const setting = probe.setting;
  const addresses = (server.addresses ?? [])
    .filter((address) => address.type !== 'floating' && isIpLiteral(address.addr))
    .map((address) => address.addr)
    .filter((addr, index, all) => all.indexOf(addr) === index)
    .slice(0, PROBED_ADDRESSES);
  if (!probe.port) return { code: 'probe-unavailable', probe: setting, why: 'no-ssh' };
  if (addresses.length === 0) return { code: 'probe-unavailable', probe: setting, why: 'no-address' };
  const started = deps.clock.now();
  for (;;) {
    const answer = await probe.port.reach(addresses);
    if (answer.code === 'unreachable')
      return { code: 'probe-unavailable', probe: setting, why: 'ssh-failed', error: answer.error };
    if (answer.reached.length > 0)
      return { code: 'probe-reached', probe: setting, addresses: answer.reached };
    if (deps.clock.now() >= deadline || deps.halt.aborted)
      return { code: 'probe-unreached', probe: setting, addresses, waitedMs: deps.clock.now() - started };
    await deps.clock.sleep(PROOF_LOOK_MS, deps.halt);
  }
}

/**
 * The console still growing: read, then again until it changed. `early` is a first reading taken once
 * Nova said the move ended (the guest runs on the destination then), so the wait for the guest's next
 * line starts before Nova's server read is back rather than after it.
 */
async function consoleProof(
  deps: ProofDeps,
  serverId: string,
  deadline: number,
  early?: Promise<string | null>,
): Promise<ProofFact> {
  const started = deps.clock.now();
  const read = () => deps.cloud.consoleOutput(serverId, CONSOLE_LINES);
  const quickFor = (deps.watchedRuns ?? 1) <= TAIL_RUNS ? CONSOLE_QUICK_FOR_MS : 0;
  try {
    const first = await (early ?? read());
    if (first === null) return { code: 'no-console' };
    // looked at least twice, whatever the deadline: one reading proves nothing
    do {
      const quick = deps.clock.now() - started < quickFor;
      await deps.clock.sleep(quick ? CONSOLE_QUICK_LOOK_MS : PROOF_LOOK_MS, deps.halt);
      const now = await read();
      if (now === null) return { code: 'no-console' };
      if (now !== first) return { code: 'console-alive' };
    } while (deps.clock.now() < deadline && !deps.halt.aborted);
  } catch (error) {
    const status = cloudStatus(error);
    if (status === undefined) throw error;
    return { code: 'no-console', ...(status === null ? {} : { status }) };
  }
  return { code: 'console-still', waitedMs: deps.clock.now() - started };
}

async function agentProof(deps: ProofDeps, server: Server): Promise<ProofFact> {
  if (!deps.guest) return { code: 'agent-unreachable', why: 'no-ssh' };
  const domain = server.instanceName;
  const host = server.host;
  // nothing but a name shaped like Nova's reaches a shell
  if (!domain || !host || !DOMAIN_NAME.test(domain)) return { code: 'agent-unreachable', why: 'no-domain' };
  const answer = await deps.guest.ping(host, domain);
  switch (answer.code) {
    case 'pong':
      return { code: 'agent-pong', host };
    case 'not-configured':
      return { code: 'agent-absent' };
    case 'failed':
      return { code: 'agent-failed', host, error: answer.error };
    case 'bad-domain':
      return { code: 'agent-unreachable', why: 'no-domain' };
    case 'unreachable':
      return { code: 'agent-unreachable', why: 'ssh-failed', error: answer.error };
  }
}

/** The HTTP status of a cloud error a proof may meet (null: unreachable); undefined: not a cloud error. */
function cloudStatus(error: unknown): number | null | undefined {
  if (error instanceof OpenStackApiError) return error.status;
  if (error instanceof OpenStackUnreachableError) return null;
  return undefined;
}
