import type { AuditEntry, RequestRecord } from '../core/model/records.ts';

/** An audit entry as kept: no `detail` key when there is none. */
export function auditEntry(entry: AuditEntry): AuditEntry {
  return entry.detail === undefined
    ? { at: entry.at, actor: entry.actor, action: entry.action, subject: entry.subject }
    : entry;
}

/** The audit trail's one line about what was asked. */
export function describeRequest(record: RequestRecord): string {
  if (record.kind === 'evacuation') {
    const state = record.evacuation;
    return `evacuate ${state.host} → ${state.destination ?? 'scheduler'} (${state.items.length} servers)`;
  }
  if (record.kind === 'drain') {
    const hosts = record.drain.hosts.map((h) => h.host);
    return `drain ${hosts.length === 1 ? '1 host' : `${hosts.length} hosts`} ${hosts.slice(0, 5).join(', ')}${hosts.length > 5 ? ', …' : ''}, ${record.drain.hostsAtOnce === 1 ? 'one host' : `${record.drain.hostsAtOnce} hosts`} at a time${record.drain.returnHome ? ', with return' : ''}`;
  }
  const { plan } = record;
  return `${plan.serverName ?? record.request.server} ${plan.source ?? '?'} → ${plan.destination ?? 'scheduler'} (${plan.mode})`;
}
