import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph, SRC } from './import-graph.ts';

/**
 * Who may import whom among src's layers: the core imports neither the chat edge nor the store (it
 * declares ports, src/core/ports/), nor any words (it returns facts; src/messages words them); the chat edge and the store do not import each other (the chat
 * edge's own tables are ports too: core/ports/places.ts, outbox.ts, replays.ts). Every import counts,
 * `import type` and `export … from` included. The composition root (src/*.ts) may import them all.
 * Within the core, each service names the store ports it uses, never the whole store.
 */

/** Folders under src, and the folders under src their files must not import. */
const FORBIDDEN: Record<string, string[]> = {
  // the core speaks in facts: words are the edge's (src/messages, src/i18n)
  core: ['chat', 'store', 'i18n', 'messages', 'console', 'openstack', 'sandbox', 'hostcheck'],
  chat: ['store'],
  store: ['chat'],
};

/** The first folder under src a file is in ('' for a file at src's root). */
function layerOf(file: string): string {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? (parts[0] ?? '') : '';
}

/** Every import that crosses a forbidden line, as "from → to" (paths under src). */
function crossings(edges: Map<string, string[]>, forbidden: Record<string, string[]>): string[] {
  return [...edges].flatMap(([file, targets]) => {
    const refused = forbidden[layerOf(file)] ?? [];
    return targets
      .filter((target) => refused.includes(layerOf(target)))
      .map((target) => `${relative(SRC, file)} → ${relative(SRC, target)}`);
  });
}

describe('src layers', () => {
  const { edges } = importGraph(SRC);

  it('reads the layers it guards', () => {
    for (const layer of Object.keys(FORBIDDEN))
      expect([...edges.keys()].filter((file) => layerOf(file) === layer).length, layer).toBeGreaterThan(10);
  });

  it('the core imports neither chat, store nor words; chat and store do not import each other', () => {
    const crossed = crossings(edges, FORBIDDEN);
    expect(crossed, `imports across layers:\n${crossed.join('\n')}`).toEqual([]);
  });

  it('the core declares the store ports it uses, never the whole store (StorePort, for the composition root)', () => {
    const whole = [...edges.keys()]
      // ports/store.ts defines it; create-core.ts is the core's composition root, handed every port
      .filter((file) => layerOf(file) === 'core' && !/[/\\](ports[/\\]store|create-core)\.ts$/.test(file))
      .filter((file) => /\bStorePort\b/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(SRC, file));
    expect(whole, `core files taking the whole store:\n${whole.join('\n')}`).toEqual([]);
  });

  it('the check finds a crossing and lets the composition root import every layer', () => {
    const at = (path: string) => `${SRC}${sep}${path.split('/').join(sep)}`;
    const graph = new Map([
      [at('core/move/runner.ts'), [at('store/lowdb/lowdb-store.ts'), at('core/ports/runs.ts')]],
      [at('chat/poster.ts'), [at('core/ports/outbox.ts')]],
      [at('store/schema.ts'), [at('chat/places.ts')]],
      [at('ferry.ts'), [at('chat/flow.ts'), at('store/lowdb/lowdb-store.ts')]],
    ]);
    expect(crossings(graph, FORBIDDEN)).toEqual([
      `core${sep}move${sep}runner.ts → store${sep}lowdb${sep}lowdb-store.ts`,
      `store${sep}schema.ts → chat${sep}places.ts`,
    ]);
  });
});
