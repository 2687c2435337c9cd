import { relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { importGraph, SRC } from './import-graph.ts';

/**
 * No import circle in src: every import counts, `import type` and `export … from` included, so a
 * module and what it builds on stay layered (a type a lower module needs lives in that module or
 * below it, not in a module that imports it).
 */

/** Tarjan's strongly connected components with more than one file, or a file importing itself. */
function importCycles(edges: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next);
    next++;
    stack.push(file);
    onStack.add(file);
    for (const target of edges.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file) ?? 0, low.get(target) ?? 0));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file) ?? 0, index.get(target) ?? 0));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || edges.get(file)?.includes(file)) cycles.push(component.sort());
  };
  for (const file of edges.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

describe('src imports', () => {
  const { edges, unresolved } = importGraph(SRC);

  it('reads every src file and resolves every relative import to one', () => {
    expect(edges.size).toBeGreaterThan(100);
    expect([...edges.values()].flat().length).toBeGreaterThan(500);
    expect(unresolved).toEqual([]);
  });

  it('form no circle, type imports included', () => {
    const circles = importCycles(edges).map(
      (component) => `${component.length} files: ${component.map((file) => relative(SRC, file)).join(', ')}`,
    );
    expect(circles, `import circles in src:\n${circles.join('\n')}`).toEqual([]);
  });
});

describe('the cycle finder', () => {
  it('finds a circle through a type import, a multi-line import and an export-from, and no circle in a chain', () => {
    const info = ts.preProcessFile(
      [
        "import type { A } from './a.ts';",
        'import {',
        '  b,',
        '  type B,',
        "} from './b.ts';",
        "export { c } from './c.ts';",
        "export type * from './d.ts';",
      ].join('\n'),
      true,
      true,
    );
    expect(info.importedFiles.map((file) => file.fileName)).toEqual(['./a.ts', './b.ts', './c.ts', './d.ts']);
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
    ]);
    expect(importCycles(graph)).toEqual([['a', 'b', 'c'], ['e']]);
    expect(
      importCycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toEqual([]);
  });
});
