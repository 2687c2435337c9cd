import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * What Ferry's process holds from the start (#31: resident memory): the modules src/index.ts loads
 * before it runs anything, followed through every import that survives compilation (not `import type`,
 * not `import()`). The console and the built-in sandbox are loaded only when Ferry runs them, and
 * chrono-node only in English: its index loads every locale, about 18 MiB resident.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function loadedAtStart(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
    for (const statement of source.statements) {
      const loads =
        (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly) ||
        (ts.isExportDeclaration(statement) && !statement.isTypeOnly);
      const specifier = loads ? statement.moduleSpecifier : undefined;
      if (!specifier || !ts.isStringLiteral(specifier)) continue;
      if (!specifier.text.startsWith('.')) packages.add(specifier.text);
      else {
        const target = resolve(dirname(file), specifier.text);
        if (!existsSync(target)) throw new Error(`${file}: ${specifier.text} not found`);
        visit(target);
      }
    }
  };
  visit(resolve(ROOT, entry));
  return { files: [...files].map((file) => relative(ROOT, file)), packages: [...packages] };
}

describe("Ferry's start-up modules", () => {
  const { files, packages } = loadedAtStart('src/index.ts');

  it('follows the whole graph (the core, the chat edge, the stores, the commands)', () => {
    for (const file of [
      'src/ferry.ts',
      'src/core/move/plan.ts',
      'commands/index.ts',
      'src/store/lowdb/lowdb-store.ts',
    ])
      expect(files).toContain(file);
    expect(packages).toContain('@slack/bolt');
  });

  it('holds neither the console nor the built-in sandbox until Ferry runs them', () => {
    const notYet = files.filter(
      (file) =>
        file.startsWith('src/sandbox/') ||
        file.startsWith('src/console/') ||
        file === 'src/chat/fake-slack.ts',
    );
    expect(notYet).toEqual([]);
    expect(packages).not.toContain('zod');
  });

  it("loads chrono-node's English parser only, not its every-locale index", () => {
    expect(packages).not.toContain('chrono-node');
    expect(packages).toContain('chrono-node/en');
  });
});
