/**
 * The guest's blackout at the end of a sandbox live migration, as QEMU's pre-copy makes it: each round
 * sends what the guest dirtied while the previous one was sent; once what is left could be sent within
 * the downtime Nova allows, QEMU pauses the guest and sends it (stop-and-copy). That last copy is the
 * blackout libvirt reports as "Total downtime". Nothing here is a fixed answer: it follows from the
 * guest's memory, how fast it dirties it and the stream's rate in this simulation.
 */

/** [libvirt] live_migration_downtime's default: the most Nova lets QEMU pause the guest (ms) */
export const NOVA_MAX_DOWNTIME_MS = 500;

/**
 * What a guest dirties at least while it runs, even idle: the lab's idle guest showed a dirty rate of
 * 8 pages/s (4 KiB pages) at the end of its live migrations (test/fixtures/lab-migrations/live-2.json).
 */
export const IDLE_DIRTY_BYTES_PER_MS = (8 * 4096) / 1000;

/**
 * The stop-and-copy's length in ms. `bytesPerMs`: the stream's rate; `dirtyBytesPerMs`: how fast the
 * guest dirties memory (the idle floor when it dirties less; 0 when it is paused or runs on the
 * destination already, post-copy).
 */
export function stopAndCopyMs(memoryBytes: number, bytesPerMs: number, dirtyBytesPerMs: number): number {
  let left = memoryBytes;
  // each round lasts left / rate and leaves what the guest dirtied meanwhile; 64 rounds end any guest
  // that converges at all (a guest dirtying as fast as the stream never completes without force)
  for (let round = 0; round < 64 && left / bytesPerMs > NOVA_MAX_DOWNTIME_MS; round++)
    left = Math.min(memoryBytes, dirtyBytesPerMs * (left / bytesPerMs));
  return left / bytesPerMs;
}
