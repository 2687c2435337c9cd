/** Nova microversions as comparable pairs: "2.9" < "2.10". */
export type Microversion = readonly [number, number];

export function parseMicroversion(text: string): Microversion {
  const match = /^(\d+)\.(\d+)$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a microversion`);
  return [Number(match[1]), Number(match[2])];
}

export function compareMicroversions(a: Microversion, b: Microversion): number {
  return a[0] - b[0] || a[1] - b[1];
}

export function formatMicroversion(version: Microversion): string {
  return `${version[0]}.${version[1]}`;
}

export function atLeast(version: Microversion, text: string): boolean {
  return compareMicroversions(version, parseMicroversion(text)) >= 0;
}
