import type { HostSilence } from '../model/drain-monitoring.ts';
import type { DrainHostPhase, DrainRecord } from '../model/records.ts';
import { type DrainDeps, setHost, tellHost } from './hosts.ts';

/**
 * A host in one of these is out of service in the drain's name: its silence is kept alive. A host left
 * out ('skipped': by on-call, or by Ferry after a failed reboot below the breaker, still disabled) is no
 * longer the drain's work: its silence ends, so that its alerts reach the person it now needs.
 */
const SILENCED: DrainHostPhase[] = ['evacuating', 'not-empty', 'empty', 'coming-back'];

/** Ferry's mark on a host's silence: how a create whose answer was lost is found again. */
export const silenceComment = (id: string, host: string) => `Ferry drain ${id}: ${host} out of service`;

/**
 * Alert silences for a drain's hosts (FERRY_ALERTMANAGER_URL): one created just before the drain
 * disables a host, renewed as a short lease on the drain's loop while the host is out of service (a
 * crashed Ferry's silences end within a lease), expired once the host is enabled again (or the drain
 * ends). The store is the truth: the silence is recorded before it is asked for, and an ask whose
 * answer is unknown is looked up by its comment before another is created. Silences never hold the
 * drain: a failure is said in the thread and tried again at the next look.
 */
export class DrainSilencing {
  constructor(private readonly deps: DrainDeps) {}

  /** Just before the drain disables `host`: its silence, recorded first, then asked for. */
  async beforeDisable(id: string, host: string): Promise<void> {
    if (!this.deps.silences) return;
    const silence: HostSilence = {
      state: 'asking',
      comment: silenceComment(id, host),
      at: this.deps.clock.now(),
    };
    await setHost(this.deps.store, id, host, { silence });
    await this.ask(id, host, silence);
  }

  /** At every look: leases of hosts still out of service renewed, silences of hosts enabled again expired. */
  async sync(id: string): Promise<void> {
    const silences = this.deps.silences;
    const drain = this.deps.store.getDrain(id);
    if (!silences || !drain) return;
    for (const host of drain.drain.hosts) {
      const silence = host.silence;
      if (!silence || silence.state === 'expired') continue;
      if (drain.drain.phase === 'done' || !SILENCED.includes(host.phase)) {
        await this.expire(id, host.host, silence);
        continue;
      }
      const left = (silence.endsAt ?? 0) - this.deps.clock.now();
      // unanswered, failed, or lapsed (Ferry was down longer than a lease): asked for again
      if (silence.state !== 'active' || !silence.id || left <= 0) await this.ask(id, host.host, silence);
      else if (left < (silences.leaseMs * 2) / 3) await this.renew(id, host.host, silence, silence.id);
    }
  }

  private async ask(id: string, host: string, silence: HostSilence): Promise<void> {
    const silences = this.deps.silences;
    if (!silences) return;
    try {
      const found = await silences.find(host, silence.comment);
      const endsAt = this.deps.clock.now() + silences.leaseMs;
      const silenceId = found
        ? await silences.extend(found.id, host, silence.comment)
        : await silences.create(host, silence.comment);
      await this.record(id, host, { state: 'active', comment: silence.comment, id: silenceId, endsAt });
    } catch (error) {
      await this.trouble(id, host, silence, error);
    }
  }

  private async renew(id: string, host: string, silence: HostSilence, silenceId: string): Promise<void> {
    const silences = this.deps.silences;
    if (!silences) return;
    try {
      const endsAt = this.deps.clock.now() + silences.leaseMs;
      const renewed = await silences.extend(silenceId, host, silence.comment);
      await this.record(id, host, { state: 'active', comment: silence.comment, id: renewed, endsAt });
    } catch (error) {
      await this.trouble(id, host, silence, error);
    }
  }

  private async expire(id: string, host: string, silence: HostSilence): Promise<void> {
    const silences = this.deps.silences;
    if (!silences) return;
    try {
      // an ask whose answer was lost may have created one: found by its comment
      const silenceId = silence.id ?? (await silences.find(host, silence.comment))?.id;
      if (silenceId) await silences.expire(silenceId);
      await this.record(id, host, {
        state: 'expired',
        comment: silence.comment,
        ...(silenceId ? { id: silenceId } : {}),
      });
    } catch (error) {
      await this.trouble(id, host, silence, error);
    }
  }

  private record(id: string, host: string, silence: Omit<HostSilence, 'at'>): Promise<DrainRecord> {
    return setHost(this.deps.store, id, host, { silence: { ...silence, at: this.deps.clock.now() } });
  }

  /** Said once per distinct error; the silence keeps what Ferry knows of it (an ask stays unanswered). */
  private async trouble(id: string, host: string, silence: HostSilence, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const next: HostSilence = {
      ...silence,
      ...(silence.state === 'asking' ? { state: 'failed' as const } : {}),
      error: message,
      at: this.deps.clock.now(),
    };
    await setHost(
      this.deps.store,
      id,
      host,
      { silence: next },
      undefined,
      silence.error === message
        ? undefined
        : tellHost(this.deps, (request) => ({
            kind: 'drain.silence-trouble',
            request,
            host,
            error: message,
          })),
    );
  }
}
