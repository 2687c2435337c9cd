import type { AuditEntry } from '../model/records.ts';

/** Who did what, when: written with each change by the store itself, and by the core for what changes no record. */
export interface AuditPort {
  recordAudit(entry: AuditEntry): Promise<void>;
  auditLog(): AuditEntry[];
}
