import { HeldEvents, telling } from '../journal.ts';
import type { ComputeService } from '../model/cloud.ts';
import type {
  BmcFailure,
  BootSeen,
  HostReboot,
  RebootAttempt,
  RebootFailure,
  RebootNews,
  RebootOptions,
  RebootSeen,
} from '../model/reboot.ts';
import type { DrainHostState, DrainRecord, DrainState } from '../model/records.ts';
import { BmcFailed, type RebootPort } from '../ports/reboot.ts';
import { type DrainDeps, hostOf } from './hosts.ts';

/** FERRY_REBOOT_TIMEOUT_S's default: a server's firmware, a kernel and nova-compute starting */
export const DEFAULT_REBOOT_TIMEOUT_MS = 15 * 60_000;

/**
 * `/drain … --reboot` (issue #30): an empty host of the drain is rebooted by Ferry and verified before
 * it is taken as back. Each look does one thing and stores it, so a restart (or another replica) goes
 * on from the record: read the boot (boot ID, kernel, uptime) over SSH; record the attempt, then send
 * FERRY_REBOOT_COMMAND over SSH (or the BMC first, or when SSH does not take it); watch until the boot
 * ID has changed, the kernel is `--kernel`, nova-compute has been seen down (or reporting again since
 * the new boot) and is up, and the host check passes; then the host is back (DrainReturn enables it and
 * brings its servers home). Not back within the timeout: the BMC once if configured, then it fails.
 * A failed host is held for on-call (Host is back, Skip host) once `--max-failures` hosts failed,
 * which pauses the drain (the circuit breaker); below that it is left out, disabled, and the walk goes on:
 * it needs a person (the report names it), and its alert silence ends (it is no longer Ferry's work).
 */
export class DrainReboots {
  constructor(
    private readonly deps: DrainDeps,
    /** the host is back: as "Host is back" pressed by Ferry */
    private readonly markBack: (id: string, host: string, by: string) => Promise<DrainRecord>,
  ) {}

  /** One look at an empty host of a --reboot drain (nothing new while it stops). */
  async drive(
    id: string,
    name: string,
    phase: DrainState['phase'],
    /** nova-compute of the host, read when this look needs it */
    serviceOf: () => Promise<ComputeService | undefined>,
  ): Promise<void> {
    const port = this.deps.reboots;
    // without the means to reboot (its configuration gone since the approval) the host waits for on-call
    if (!port || phase !== 'running') return;
    const host = hostOf(this.deps.store, id, name);
    const reboot = host.reboot;
    if (reboot?.failure || reboot?.verifiedAt) return;
    if (!reboot?.before) {
      let before: BootSeen;
      try {
        before = { ...(await port.read(host.host)), at: this.deps.clock.now() };
      } catch (error) {
        await this.fail(id, host.host, { code: 'unreadable', error: short(error) });
        return;
      }
      await this.change(id, host.host, () => ({ before, attempts: [] }));
      await this.send(id, host.host, port, before);
      return;
    }
    if (reboot.attempts.length === 0) {
      await this.send(id, host.host, port, reboot.before);
      return;
    }
    await this.watch(id, host.host, port, reboot, serviceOf);
  }

  /** The reboot asked for: recorded before it is sent (a restart never sends it twice), then sent. */
  private async send(id: string, host: string, port: RebootPort, before: BootSeen, bmcOnly = false) {
    const bmc = port.method().bmc !== 'none' && port.hasBmc(host);
    const ways: RebootAttempt['via'][] = bmcOnly
      ? ['bmc']
      : port.method().bmc === 'first' && bmc
        ? ['bmc']
        : bmc
          ? ['ssh', 'bmc']
          : ['ssh'];
    let lastError = '';
    let bmcFailure: BmcFailure | undefined;
    for (const via of ways) {
      const at = this.deps.clock.now();
      await this.change(id, host, (r) => ({ ...r, before, attempts: [...r.attempts, { via, at }] }));
      try {
        await (via === 'ssh' ? port.viaSsh(host) : port.viaBmc(host));
        await this.tell(id, host, { code: 'sent', attempt: { via, at } });
        return;
      } catch (error) {
        lastError = short(error);
        bmcFailure = error instanceof BmcFailed ? error.failure : undefined;
        await this.change(id, host, (r) => ({
          ...r,
          attempts: r.attempts.map((a) => (a.at === at && a.via === via ? { ...a, error: lastError } : a)),
        }));
      }
    }
    await this.fail(id, host, {
      code: 'not-sent',
      error: lastError,
      ...(bmcFailure ? { bmc: bmcFailure } : {}),
    });
  }

  /** Waiting for the host: what is seen is stored when it changes; verified, the host is back. */
  private async watch(
    id: string,
    host: string,
    port: RebootPort,
    reboot: HostReboot,
    serviceOf: () => Promise<ComputeService | undefined>,
  ): Promise<void> {
    const before = reboot.before as BootSeen;
    const last = reboot.attempts.at(-1) as RebootAttempt;
    // nova-compute is read until it is seen down, then not again until the new boot is seen: a host's
    // firmware may take minutes, and the looks every second need not list every compute service meanwhile
    let service = reboot.downSeen ? undefined : await serviceOf();
    if (service && !isUp(service)) await this.change(id, host, (r) => ({ ...r, downSeen: true }));
    let seen: RebootSeen = { code: 'nova-compute-down' };
    let after: BootSeen | undefined;
    try {
      after = { ...(await port.read(host)), at: this.deps.clock.now() };
    } catch (error) {
      after = undefined;
      seen = { code: 'unreachable', error: short(error) };
    }
    if (reboot.downSeen && after && after.bootId !== before.bootId) service = await serviceOf();
    const up = isUp(service);
    if (after) {
      const kernel = this.options(id)?.kernel;
      if (after.bootId === before.bootId) seen = { code: 'same-boot', bootId: after.bootId };
      else if (kernel !== undefined && after.kernel !== kernel) {
        await this.change(id, host, (r) => ({ ...r, after: after as BootSeen }));
        await this.fail(id, host, { code: 'kernel-mismatch', want: kernel, got: after.kernel });
        return;
      } else {
        // nova-compute's "up" may still be its report from before the reboot: it must have been seen
        // down since, or have reported again since the new boot was first seen
        const sinceBoot = hostOf(this.deps.store, id, host).reboot?.bootSeenUpdatedAt;
        if (sinceBoot === undefined)
          await this.change(id, host, (r) => ({ ...r, bootSeenUpdatedAt: service?.updatedAt ?? null }));
        const reported = reboot.downSeen || (sinceBoot !== undefined && service?.updatedAt !== sinceBoot);
        if (!up) seen = { code: 'nova-compute-down' };
        else if (!reported) seen = { code: 'nova-compute-not-seen-again' };
        else {
          const failing = await port.failingChecks(host).catch((error) => [short(error)]);
          if (failing.length) seen = { code: 'hostcheck-failing', findings: failing };
          else {
            await this.verified(id, host, before, after);
            return;
          }
        }
      }
    }
    if (JSON.stringify(seen) !== JSON.stringify(reboot.seen)) {
      // back, but held by its host check: the thread hears it once, not only at the timeout
      const news: RebootNews | undefined =
        seen.code === 'hostcheck-failing' && reboot.seen?.code !== 'hostcheck-failing'
          ? { code: 'back-failing', findings: seen.findings, timeoutMs: port.method().timeoutMs }
          : undefined;
      await this.change(id, host, (r) => ({ ...r, seen }), news);
    }
    const waited = this.deps.clock.now() - last.at;
    if (waited < port.method().timeoutMs) return;
    // not back in time: the BMC once, where there is one and it has not been tried; never for a host
    // seen on its new boot (nova-compute or the host check holding it): a power cycle mends neither
    const bmcTried = reboot.attempts.some((a) => a.via === 'bmc');
    const cameBack = seen.code !== 'unreachable' && seen.code !== 'same-boot';
    if (!bmcTried && !cameBack && port.method().bmc !== 'none' && port.hasBmc(host)) {
      await this.send(id, host, port, before, true);
      return;
    }
    await this.fail(id, host, { code: 'not-back', waitedMs: waited, seen, bmcTried });
  }

  private async verified(id: string, host: string, before: BootSeen, after: BootSeen): Promise<void> {
    const now = this.deps.clock.now();
    await this.change(id, host, (r) => ({ ...r, after, verifiedAt: now }), {
      code: 'verified',
      before,
      after,
    });
    await this.markBack(id, host, 'ferry');
  }

  /**
   * A host whose reboot failed. At `--max-failures` failed hosts the drain is paused by Ferry (the
   * circuit breaker) and this host held for on-call; below it the host is left out, still disabled.
   */
  private async fail(id: string, host: string, failure: RebootFailure): Promise<void> {
    const now = this.deps.clock.now();
    const told = new HeldEvents(this.deps.events);
    await this.deps.store.updateDrain(
      id,
      (d) => {
        const found = d.drain.hosts.find((h) => h.host === host);
        if (found?.phase !== 'empty') return;
        found.reboot = { ...(found.reboot ?? { attempts: [] }), failure };
        const failed = d.drain.hosts.filter((h) => h.reboot?.failure).map((h) => h.host);
        const max = d.drain.reboot?.maxFailures ?? 1;
        if (failed.length >= max && d.drain.phase === 'running') {
          d.drain.phase = 'paused';
          d.drain.pausedBy = 'ferry';
          d.drain.breaker = { at: now, max, hosts: failed };
        } else if (failed.length < max) {
          found.phase = 'skipped';
          found.endedAt = now;
          found.skipped = { by: 'ferry', enabledAgain: false };
        }
      },
      telling(told, now, (request) => {
        const found = request.drain.hosts.find((h) => h.host === host);
        if (JSON.stringify(found?.reboot?.failure) !== JSON.stringify(failure)) return [];
        const leftOut = found?.phase === 'skipped';
        // left out, it is no longer the drain's work: its silence ends at this look (silencing.ts)
        const silenced = leftOut && found?.silence !== undefined && found.silence.state !== 'expired';
        const news: RebootNews[] = [
          { code: 'failed', failure, leftOut, ...(silenced ? { silenced: true } : {}) },
        ];
        if (request.drain.breaker?.at === now) news.push({ code: 'breaker', breaker: request.drain.breaker });
        return [
          ...news.map((n) => ({ kind: 'drain.host-reboot' as const, request, host, news: n })),
          { kind: 'drain.changed' as const, request },
        ];
      }),
    );
    await this.deps.store.recordAudit({
      at: now,
      actor: 'ferry',
      action: 'drain-reboot-failed',
      subject: id,
      detail: JSON.stringify({ host, failure }),
    });
    told.release();
  }

  private options(id: string) {
    return this.deps.store.getDrain(id)?.drain.reboot;
  }

  /** One change to the host's reboot record, while the host is empty; news told with the write. */
  private change(
    id: string,
    host: string,
    change: (reboot: HostReboot) => HostReboot,
    news?: RebootNews,
  ): Promise<DrainRecord> {
    return this.deps.store.updateDrain(
      id,
      (d) => {
        const found = d.drain.hosts.find((h) => h.host === host);
        if (found?.phase !== 'empty') return;
        found.reboot = change(found.reboot ?? { attempts: [] });
      },
      news
        ? telling(this.deps.events, this.deps.clock.now(), (request) => [
            { kind: 'drain.host-reboot', request, host, news },
          ])
        : undefined,
    );
  }

  private tell(id: string, host: string, news: RebootNews): Promise<DrainRecord> {
    return this.change(id, host, (r) => r, news);
  }
}

/** nova-compute up as Nova reports it, and not forced down */
function isUp(service: ComputeService | undefined): boolean {
  return service?.state === 'up' && !service.forcedDown;
}

/** A host of the drain Ferry rebooted and is waiting for: the reboot sent, neither verified nor failed. */
export function rebooting(host: DrainHostState): boolean {
  const reboot = host.reboot;
  return host.phase === 'empty' && !!reboot?.attempts.length && !reboot.verifiedAt && !reboot.failure;
}

/** An error's first line, kept short for the record and the thread (never a credential: see the port). */
function short(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').slice(0, 200);
}

/** The requester's reboot options as a drain's record keeps them (for its re-plans). */
export function rebootOptions(options: RebootOptions): RebootOptions {
  return {
    maxFailures: options.maxFailures,
    ...(options.kernel !== undefined ? { kernel: options.kernel } : {}),
  };
}
