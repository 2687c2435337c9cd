import { tellAlone } from '../journal.ts';
import type { Migration, Server } from '../model/cloud.ts';
import { gateProofs, type ProofFact, proofsFailed } from '../model/proof-facts.ts';
import type { RunRecord, RunState } from '../model/records.ts';
import type { TransitionNote } from '../model/run-facts.ts';
import { CONSOLE_LINES, proveMove } from './proofs.ts';
import { CloudActionError } from './run-errors.ts';
import type { RunnerDeps, RunnerOptions } from './runner-deps.ts';

/** How long a run waits between its own reads of the server while it waits in VERIFY_RESIZE. */
const SLOW_READ_MS = 15_000;

/** What the gate keeps of one watched run. */
export interface GateWatch {
  /** the proofs made on the destination (in VERIFY_RESIZE for a cold move), kept for the outcome */
  proofs?: ProofFact[];
  confirmSent: boolean;
  nextReadAt: number;
  /**
   * the proofs were made by this watch and not yet decided on: their last read of the server (made
   * after Nova's record reached VERIFY_RESIZE) is as fresh as a read of the first decision would be
   */
  provenUndecided?: boolean;
}

export interface GateDeps extends RunnerDeps {
  options: Required<RunnerOptions>;
  halt: AbortSignal;
  request<T>(runId: string, call: () => Promise<T>): Promise<T>;
  enter(runId: string, state: RunState, note?: TransitionNote): Promise<void>;
  sendConfirm(run: RunRecord): Promise<void>;
  /** on-call's Revert (RunActions.revert), pressed by `actor` */
  revert(runId: string, actor: string): Promise<unknown>;
  /** how many runs this Ferry watches now (the console's quick looks are for a few) */
  watchedRuns(): number;
}

/**
 * The proofs after a move, and the gate of a cold one: in VERIFY_RESIZE on the destination the proofs
 * run first; with automatic confirmation a pass confirms and a failed proof reverts (said in the thread
 * first); with manual confirmation the proofs are shown beside the Confirm / Revert buttons.
 */
export class ColdGate {
  constructor(private readonly deps: GateDeps) {}

  /** The proofs of a server found on `destination` (a live move's end, or a cold move waiting there). */
  prove(
    run: RunRecord,
    server: Server,
    destination: string,
    firstConsole?: Promise<string | null>,
  ): Promise<ProofFact[]> {
    return proveMove(
      {
        cloud: this.deps.cloud,
        clock: this.deps.clock,
        halt: this.deps.halt,
        ...(this.deps.guest ? { guest: this.deps.guest } : {}),
        ...(this.deps.probe ? { probe: this.deps.probe } : {}),
        timeoutMs: this.deps.options.proofTimeoutMs,
        off: this.deps.options.proofsOff,
        watchedRuns: this.deps.watchedRuns(),
      },
      server,
      destination,
      run.mode,
      run.serverBefore,
      firstConsole,
    );
  }

  /** The console's first reading for the proofs, asked now (undefined: the console proof is off). */
  readConsole(run: RunRecord): Promise<string | null> | undefined {
    if (this.deps.options.proofsOff.includes('console')) return undefined;
    const reading = this.deps.cloud.consoleOutput(run.serverId, CONSOLE_LINES);
    // read by the proof, which says a failure; unread when the move did not land
    reading.catch(() => undefined);
    return reading;
  }

  /**
   * A cold move reached VERIFY_RESIZE: its proofs, made once before anyone is asked, and written on
   * the run with its entry into awaiting-confirmation: a restart (or the replica taking the watch
   * over) reads them there, neither proving again nor deciding twice.
   */
  async proveWaiting(run: RunRecord, migration: Migration, watch: GateWatch): Promise<ProofFact[]> {
    watch.proofs ??= gateProofs(run);
    if (watch.proofs) return watch.proofs;
    const server = await this.deps.request(run.id, () => this.deps.cloud.getServer(run.serverId));
    const destination = migration.destCompute ?? server.host ?? '';
    watch.proofs = await this.prove(run, server, destination);
    watch.provenUndecided = true;
    return watch.proofs;
  }

  /** The phase note on entering VERIFY_RESIZE: Nova's status and what the proofs found. */
  async waitingNote(run: RunRecord, migration: Migration, watch: GateWatch): Promise<TransitionNote> {
    const proofs = await this.proveWaiting(run, migration, watch);
    return { code: 'proven', status: migration.status, proofs };
  }

  /** Automatic confirmation: confirm when the proofs pass, revert (and say why) when one fails. */
  async decide(run: RunRecord, migration: Migration, watch: GateWatch): Promise<void> {
    const { clock, cloud } = this.deps;
    const proofs = await this.proveWaiting(run, migration, watch);
    if (proofsFailed(proofs)) {
      await this.revert(run, migration, proofs);
      return;
    }
    if (clock.now() < watch.nextReadAt) return;
    watch.nextReadAt = clock.now() + SLOW_READ_MS;
    // the proofs' own read of the server, made a moment ago, answers the first decision: no second read
    const nova = watch.provenUndecided ? proofs.find((proof) => proof.code === 'nova-running') : undefined;
    watch.provenUndecided = false;
    const server = nova ?? (await this.deps.request(run.id, () => cloud.getServer(run.serverId)));
    if (server.status === 'VERIFY_RESIZE' && server.host === migration.destCompute) {
      await this.deps.sendConfirm(run).catch((error) => {
        // unanswered: the next read shows whether Nova confirmed it, else Ferry asks again
        if (!(error instanceof CloudActionError && error.unanswered)) throw error;
      });
    }
  }

  /** A failed proof: the thread hears which, then Nova is asked to move the server back. */
  private async revert(run: RunRecord, migration: Migration, proofs: ProofFact[]): Promise<void> {
    const { store, clock, events } = this.deps;
    await tellAlone(store, events, clock.now(), [
      {
        kind: 'run.notice',
        run,
        notice: {
          code: 'proofs-failed',
          destination: migration.destCompute ?? run.destination ?? null,
          source: run.source,
          proofs,
        },
      },
    ]);
    await this.deps.revert(run.id, 'ferry');
  }
}
