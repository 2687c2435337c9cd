import { readdirSync, readFileSync } from 'node:fs';

/**
 * The lab's migration records (scripts/lab/record-migrations.ts): what a real Nova 26 with the
 * libvirt driver and QEMU guests answered, once a second, during each kind of move.
 */

export interface LabSample {
  /** seconds since the move was requested */
  t: number;
  what: string;
  status: number;
  body: unknown;
}

export interface LabRecording {
  scenario: string;
  server: string;
  source: string;
  dest: string;
  lab: { live_migration_bandwidth_mib_s: number };
  samples: LabSample[];
}

const DIR = new URL('../fixtures/lab-migrations/', import.meta.url);

/** Every recording; a scenario recorded again is in `<scenario>-2.json` and so on. */
export function labRecordings(): LabRecording[] {
  return readdirSync(DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => labRecording(file.replace(/\.json$/, '')));
}

/** One recording by its file's name: `live`, `live-2`, `abort`, … */
export function labRecording(name: string): LabRecording {
  return JSON.parse(readFileSync(new URL(`${name}.json`, DIR), 'utf8')) as LabRecording;
}

type Record = { [key: string]: unknown };

/** The os-migrations record of the recorded move, at each sample that has one. */
export function recordsOf(recording: LabRecording): { t: number; record: Record }[] {
  return recording.samples
    .filter((s) => s.what === 'os-migrations' && s.status === 200)
    .map((s) => ({ t: s.t, record: ((s.body as { migrations: Record[] }).migrations ?? [])[0] as Record }))
    .filter((s) => s.record);
}

/** When the record first showed `status` (seconds after the request), or null. */
export function firstSeen(recording: LabRecording, status: string): number | null {
  return recordsOf(recording).find((s) => s.record.status === status)?.t ?? null;
}

/** The in-progress migration's memory counters, each time Nova's record changed them. */
export function transferOf(
  recording: LabRecording,
): { t: number; processed: number; remaining: number; total: number; status: string }[] {
  return recording.samples
    .filter((s) => s.what === 'server migration' && s.status === 200)
    .map((s) => ({ t: s.t, m: (s.body as { migration: Record }).migration }))
    .filter(({ m }) => typeof m.memory_total_bytes === 'number' && (m.memory_total_bytes as number) > 0)
    .map(({ t, m }) => ({
      t,
      processed: m.memory_processed_bytes as number,
      remaining: m.memory_remaining_bytes as number,
      total: m.memory_total_bytes as number,
      status: m.status as string,
    }));
}
