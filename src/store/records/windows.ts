import type { Telling } from '../../core/journal.ts';
import type { WindowRecord } from '../../core/model/records.ts';
import { RunRecords } from './runs.ts';

/**
 * The maintenance windows' operations that do not depend on what keeps them (ports/windows.ts): each
 * change to one window, made through the adapter's own update of that record. A new write to a window
 * is a method here, its rule (applied to the record in place) a function below.
 */
export abstract class WindowRecords extends RunRecords {
  /** `tell`: events recorded in the same write, built from the window as written (unless `apply` answers false) */
  protected abstract updateWindow(
    id: string,
    apply: (window: WindowRecord) => unknown,
    tell?: Telling<WindowRecord>,
  ): Promise<WindowRecord>;

  cancelWindow(id: string): Promise<WindowRecord> {
    return this.updateWindow(id, cancelWindow);
  }

  recordReminders(
    id: string,
    reminders: WindowRecord['reminders'],
    tell?: Telling<WindowRecord>,
  ): Promise<WindowRecord> {
    return this.updateWindow(id, (window) => recordReminders(window, reminders), tell);
  }

  async markWindowHandled(
    id: string,
    edge: 'start' | 'end',
    tell?: Telling<WindowRecord>,
  ): Promise<{ window: WindowRecord; first: boolean }> {
    let first = false;
    const window = await this.updateWindow(
      id,
      (w) => {
        first = markWindowHandled(w, edge);
        // a start or end another replica (or this one before a restart) handled was told by it
        return first;
      },
      tell,
    );
    return { window, first };
  }
}

function cancelWindow(window: WindowRecord): void {
  window.status = 'cancelled';
}

/**
 * Records the reminders not recorded yet (one recorded first, by another replica or before a restart,
 * stays); true when this call recorded one as sent: the write that tells it.
 */
function recordReminders(window: WindowRecord, reminders: WindowRecord['reminders']): boolean {
  let sent = false;
  for (const [label, reminder] of Object.entries(reminders)) {
    if (window.reminders[label]) continue;
    window.reminders[label] = reminder;
    if (!('skipped' in reminder)) sent = true;
  }
  return sent;
}

/** Marks a window's start or end handled; true when this call was the first to. */
function markWindowHandled(window: WindowRecord, edge: 'start' | 'end'): boolean {
  const handled = edge === 'start' ? window.startHandled : window.endHandled;
  if (edge === 'start') window.startHandled = true;
  else window.endHandled = true;
  return !handled;
}
