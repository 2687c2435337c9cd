/** A maintenance window on a host, and the reminders before it. */

export interface WindowRecord {
  id: string;
  host: string;
  start: number;
  end: number;
  reason: string;
  createdBy: string;
  createdAt: number;
  status: 'scheduled' | 'cancelled';
  /** where it was scheduled; reminders go to FERRY_CHANNEL if set, else here */
  channel?: string;
  /** reminder label (e.g. "1h") → when it was sent, and whether it went out late */
  reminders: Record<string, { at: number; late: boolean } | { skipped: true }>;
  startHandled?: boolean;
  endHandled?: boolean;
}

/** A reminder before a maintenance window: its label (e.g. "1h") and how long before the start it goes out. */
export interface Reminder {
  label: string;
  beforeMs: number;
}
