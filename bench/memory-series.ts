import { readFileSync } from 'node:fs';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';

/**
 * The soak's memory, part by part, so resident growth can be placed: V8's live heap and the pages it
 * keeps reserved (per space: code, large objects…), what V8 counts outside its heap (external, of it
 * arrayBuffers: Buffers from sockets and file writes), and the kernel's split of resident memory into
 * anonymous pages (malloc's and V8's) and file pages (the node binary and libraries, touched as used).
 * What is anonymous but none of V8's is the C/C++ heap: V8's compiler zones, libuv, OpenSSL, and
 * glibc malloc's free-but-kept pages.
 */

type Point = { at: number; value: number };

export const mib = (bytes: number) => bytes / 1024 / 1024;

export function slopePerHour(samples: Point[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const meanX = samples.reduce((s, p) => s + p.at, 0) / n;
  const meanY = samples.reduce((s, p) => s + p.value, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of samples) {
    num += (p.at - meanX) * (p.value - meanY);
    den += (p.at - meanX) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 3_600_000;
}

/** RssAnon and RssFile of this process in bytes (0 where /proc is not there). */
function residentSplit(): { anon: number; file: number } {
  let status = '';
  try {
    status = readFileSync('/proc/self/status', 'utf8');
  } catch {
    return { anon: 0, file: 0 };
  }
  const kib = (field: string) =>
    Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0) * 1024;
  return { anon: kib('RssAnon'), file: kib('RssFile') + kib('RssShmem') };
}

/**
 * Anonymous resident memory by who mapped it, from smaps. glibc malloc: the brk heap and the maps at
 * the top of the address space, where the kernel places mmap without a hint (malloc's thread arenas,
 * its chunks too big for an arena, thread stacks). V8: unnamed maps below them, where it asks for its
 * pages at random addresses (every isolate's heap pages, code range, Wasm memory). `lazyFree`: pages
 * given back with MADV_FREE that the kernel has not taken yet, still counted resident. 0 without /proc.
 */
function residentMaps(): { malloc: number; v8: number; v8Maps: number; lazyFree: number } {
  let smaps = '';
  try {
    smaps = readFileSync('/proc/self/smaps', 'utf8');
  } catch {
    return { malloc: 0, v8: 0, v8Maps: 0, lazyFree: 0 };
  }
  const found = { malloc: 0, v8: 0, v8Maps: 0, lazyFree: 0 };
  let owner: 'malloc' | 'v8' | null = null;
  for (const line of smaps.split('\n')) {
    const mapping = line.match(/^([0-9a-f]+)-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/);
    if (mapping) {
      const top = Number.parseInt(mapping[1] ?? '0', 16) >= 0x7f00_0000_0000;
      owner =
        mapping[2] === '[heap]' || (mapping[2] === '' && top) ? 'malloc' : mapping[2] === '' ? 'v8' : null;
      if (owner === 'v8') found.v8Maps++;
    } else if (owner && line.startsWith('Rss:')) found[owner] += Number(line.split(/\s+/)[1]) * 1024;
    else if (line.startsWith('LazyFree:')) found.lazyFree += Number(line.split(/\s+/)[1]) * 1024;
  }
  return found;
}

/** Named series, one value per sample; call `sample` after a full collection. */
export class MemorySeries {
  readonly series = new Map<string, Point[]>();

  add(name: string, at: number, value: number): void {
    const points = this.series.get(name) ?? [];
    points.push({ at, value });
    this.series.set(name, points);
  }

  sample(at: number): void {
    const memory = process.memoryUsage();
    const { anon, file } = residentSplit();
    this.add('resident', at, memory.rss);
    this.add('heapUsed', at, memory.heapUsed);
    this.add('heapTotal', at, memory.heapTotal);
    this.add('external', at, memory.external);
    this.add('arrayBuffers', at, memory.arrayBuffers);
    this.add('rssAnon', at, anon);
    this.add('rssFile', at, file);
    // anonymous memory that is neither V8's heap pages nor what V8 counts as external: malloc's own
    this.add('native', at, anon - memory.heapTotal - memory.external);
    const maps = residentMaps();
    this.add('malloc', at, maps.malloc);
    // V8's maps beside what this isolate counts as its heap: other isolates (a loader thread's), pages
    // freed and not yet unmapped, pooled pages, Wasm memory
    this.add('v8Maps', at, maps.v8);
    this.add('v8MapsBeyondHeap', at, maps.v8 - memory.heapTotal);
    this.add('v8MapCount', at, maps.v8Maps);
    this.add('lazyFree', at, maps.lazyFree);
    const heap = getHeapStatistics();
    this.add('heapPhysical', at, heap.total_physical_size);
    this.add('v8Malloced', at, heap.malloced_memory);
    this.add('detachedContexts', at, heap.number_of_detached_contexts);
    for (const space of getHeapSpaceStatistics()) this.add(`space:${space.space_name}`, at, space.space_size);
  }

  get(name: string): Point[] {
    return this.series.get(name) ?? [];
  }

  /** first → last MiB, slope after the first fifth (warm-up) and over the second half */
  line(name: string): string {
    const points = this.get(name);
    const settled = points.slice(Math.floor(points.length / 5));
    const secondHalf = points.slice(Math.floor(points.length / 2));
    const first = mib(points[0]?.value ?? 0).toFixed(1);
    const last = mib(points[points.length - 1]?.value ?? 0).toFixed(1);
    return `${name} ${first} → ${last} MiB (${mib(slopePerHour(settled)).toFixed(1)} MiB/h after warm-up, ${mib(slopePerHour(secondHalf)).toFixed(1)} MiB/h 2nd half)`;
  }

  names(): string[] {
    return [...this.series.keys()];
  }
}
