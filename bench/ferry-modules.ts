import { readFileSync } from 'node:fs';

/**
 * Loads every module Ferry's entry point (src/index.ts) loads, without starting it, so a figure that
 * calls the core directly still measures a process holding all of Ferry's code (Bolt, the stores,
 * hostcheck, chat): what a running Ferry has resident. The console and the built-in sandbox are not
 * among them: Ferry loads those only when it runs them. Answers how many modules the entry point names.
 */
export async function loadFerryModules(): Promise<number> {
  // compiled (tsconfig.bench.json) this file is .js, and so is the entry point beside it
  const entry = new URL(`../src/index.${import.meta.url.endsWith('.js') ? 'js' : 'ts'}`, import.meta.url);
  const source = readFileSync(entry, 'utf8');
  const specifiers = [...source.matchAll(/^import (?!type )[^;]*? from ['"]([^'"]+)['"];$/gms)].map(
    ([, specifier]) => specifier as string,
  );
  for (const specifier of specifiers)
    await import(specifier.startsWith('.') ? new URL(specifier, entry).href : specifier);
  return specifiers.length;
}
