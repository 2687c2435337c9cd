import type { Telling } from '../journal.ts';
import type { WindowRecord } from '../model/records.ts';

/** The maintenance windows: announced, reminded of, started and ended once each. */
export interface WindowsPort {
  addWindow(window: WindowRecord): Promise<WindowRecord>;
  windows(): WindowRecord[];
  getWindow(id: string): WindowRecord | undefined;
  cancelWindow(id: string): Promise<WindowRecord>;
  /**
   * reminders sent (with when, and whether late) or skipped, by label; a label already recorded is
   * kept as it was, and `tell` is recorded only when this write is the one that records a reminder sent
   */
  recordReminders(
    id: string,
    reminders: WindowRecord['reminders'],
    tell?: Telling<WindowRecord>,
  ): Promise<WindowRecord>;
  /** a window's start or end acted on; `first` is false when it already was (by anyone), and then nothing is told */
  markWindowHandled(
    id: string,
    edge: 'start' | 'end',
    tell?: Telling<WindowRecord>,
  ): Promise<{ window: WindowRecord; first: boolean }>;
}
