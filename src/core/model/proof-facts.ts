/**
 * What Ferry proved of a server after its move, one fact per proof, values raw (hosts, statuses as
 * Nova and Neutron give them, ms). src/messages/proofs.ts words them. Each proof passed, failed (with
 * what was seen) or was not available (and why): `proofResult` says which.
 */
export type ProofFact =
  /** Nova: the server runs on the destination, `status` as Nova gave it (SHUTOFF: it was stopped) */
  | { code: 'nova-running'; host: string; status: string }
  /** Nova: not running on the destination within the wait; what was last seen */
  | { code: 'nova-not-running'; destination: string; host: string | null; status: string; powerState: number }
  /** every Neutron port of the server bound to the destination and ACTIVE */
  | { code: 'ports-bound'; host: string; count: number }
  /** ports not bound to the destination or not ACTIVE after `waitedMs`, each as last seen */
  | {
      code: 'ports-unbound';
      host: string;
      waitedMs: number;
      ports: { id: string; name: string; boundTo: string | null; status: string | null }[];
    }
  /** the server has no port: nothing to prove */
  | { code: 'no-ports' }
  /** the cloud has no network service (or did not answer `status`): ports unknown */
  | { code: 'ports-unknown'; status?: number }
  /** the guest's console output changed after the move */
  | { code: 'console-alive' }
  /** the console output did not change for `waitedMs` after the move */
  | { code: 'console-still'; waitedMs: number }
  /** Nova: "Guest does not have a console available." (or the cloud could not read it: `status`) */
  | { code: 'no-console'; status?: number }
  /** the QEMU guest agent answered guest-ping on `host` */
  | { code: 'agent-pong'; host: string }
  /** guest-ping failed on `host`: virsh's words */
  | { code: 'agent-failed'; host: string; error: string }
  /** the guest has no QEMU guest agent (libvirt: "QEMU guest agent is not configured") */
  | { code: 'agent-absent' }
  /** no SSH to the hosts is configured (FERRY_SSH_USER), or Nova did not give the domain's name */
  | { code: 'agent-unreachable'; why: 'no-ssh' | 'no-domain' | 'ssh-failed'; error?: string }
  /** the server is stopped (moved cold as it was): its guest cannot be asked */
  | { code: 'guest-stopped' }
  /** the server is paused (moved live as it was): its guest neither prints nor answers */
  | { code: 'guest-paused' }
  /** FERRY_PROOFS_OFF: the operator turned this proof off (a quiet guest, no agent anywhere…) */
  | { code: 'proof-off'; proof: ProofName }
  /** FERRY_PROBE: these of the server's fixed addresses answered, probed from `probe.from` */
  | { code: 'probe-reached'; probe: ProbeSetting; addresses: string[] }
  /** FERRY_PROBE: none of the server's fixed addresses answered within `waitedMs` */
  | { code: 'probe-unreached'; probe: ProbeSetting; addresses: string[]; waitedMs: number }
  /**
   * FERRY_PROBE could not be made: no SSH configured, Nova shows no fixed IP address (literal) for
   * the server, or SSH to the probing host failed (`error`)
   */
  | {
      code: 'probe-unavailable';
      probe: ProbeSetting;
      why: 'no-ssh' | 'no-address' | 'ssh-failed';
      error?: string;
    };

export type ProofCode = ProofFact['code'];

/** The proofs an operator may turn off (FERRY_PROOFS_OFF); Nova's is what a move is, never off. */
export const OPTIONAL_PROOFS = ['ports', 'console', 'agent', 'probe'] as const;
export type ProofName = (typeof OPTIONAL_PROOFS)[number];
export type ProofResult = 'passed' | 'failed' | 'not-available';

export function proofResult(fact: ProofFact): ProofResult {
  switch (fact.code) {
    case 'nova-running':
    case 'ports-bound':
    case 'console-alive':
    case 'agent-pong':
    case 'probe-reached':
      return 'passed';
    case 'nova-not-running':
    case 'ports-unbound':
    case 'console-still':
    case 'agent-failed':
    case 'probe-unreached':
      return 'failed';
    case 'no-ports':
    case 'ports-unknown':
    case 'no-console':
    case 'agent-absent':
    case 'agent-unreachable':
    case 'guest-stopped':
    case 'guest-paused':
    case 'probe-unavailable':
    case 'proof-off':
      return 'not-available';
  }
}

/** Whether any proof failed: a move whose proofs fail is never said completed without a warning. */
export function proofsFailed(proofs: readonly ProofFact[] | undefined): boolean {
  return (proofs ?? []).some((fact) => proofResult(fact) === 'failed');
}

/**
 * FERRY_PROBE: a TCP connect to `port` or an ICMP echo, from the host `from` names over SSH (null:
 * Ferry's own host, only when the setting says `@ferry`).
 */
export type ProbeSetting =
  | { how: 'tcp'; port: number; from: string | null }
  | { how: 'icmp'; from: string | null };

/**
 * The proofs the cold gate made in VERIFY_RESIZE, as written on the run with its entry into
 * awaiting-confirmation (the transition's note): what a restart, the Confirm / Revert message and the
 * outcome read instead of proving again.
 */
export function gateProofs(run: {
  transitions?: readonly { state: string; note?: unknown }[];
}): ProofFact[] | undefined {
  const transitions = run.transitions ?? [];
  for (let i = transitions.length - 1; i >= 0; i--) {
    const { state, note } = transitions[i] as { state: string; note?: unknown };
    if (state !== 'awaiting-confirmation') continue;
    const proven = note as { code?: string; proofs?: ProofFact[] } | undefined;
    if (proven?.code === 'proven') return proven.proofs;
  }
  return undefined;
}
