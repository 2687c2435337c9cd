import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Files stay under 400 lines: one split by responsibility before it grows past, not after. The
 * sandbox (a recorded cloud, long tables of Nova's answers) and the message catalogs are exempt.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LIMIT = 400;
const EXEMPT = [/^src\/sandbox\//, /^src\/i18n\/(en|zh-CN)\.ts$/];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.isFile() && entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('file size', () => {
  it(`keeps every source and test file under ${LIMIT} lines`, () => {
    const long = ['src', 'commands', 'test', 'bench', 'scripts']
      .flatMap((dir) => sourceFiles(join(ROOT, dir)))
      .map((file) => relative(ROOT, file))
      .filter((file) => !EXEMPT.some((pattern) => pattern.test(file)))
      .map((file) => ({ file, lines: readFileSync(join(ROOT, file), 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > LIMIT);
    expect(long).toEqual([]);
  });
});
