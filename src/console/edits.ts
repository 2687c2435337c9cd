import { t } from '../i18n/index.ts';

/**
 * What an edited message says anew, for a terminal that cannot redraw it (operator trial: each edit
 * printed the whole message again). Lines compared with what it said before: a line new or changed is
 * printed, marked ↻; a line taken out with nothing in its place is said to be gone, so no line the
 * reader saw goes on looking true; an edit that changes no line (its buttons only) prints nothing.
 */
export function editedLines(before: string[] | undefined, after: string[]): string[] {
  if (!before) return after.map((line) => `↻ ${line}`);
  const shown: string[] = [];
  for (const hunk of hunks(before, after)) {
    if (hunk.added.length > 0) shown.push(...hunk.added.map((line) => `↻ ${line}`));
    else shown.push(...hunk.removed.map((line) => t`↻ removed: ${line}`));
  }
  return shown;
}

interface Hunk {
  removed: string[];
  added: string[];
}

/** The runs of lines that differ between two texts, in order, by their longest common subsequence. */
function hunks(before: string[], after: string[]): Hunk[] {
  // common[i][j]: the longest common subsequence of before[i…] and after[j…]
  const common = Array.from({ length: before.length + 1 }, () => new Array<number>(after.length + 1).fill(0));
  for (let i = before.length - 1; i >= 0; i--)
    for (let j = after.length - 1; j >= 0; j--)
      (common[i] as number[])[j] =
        before[i] === after[j]
          ? ((common[i + 1] as number[])[j + 1] as number) + 1
          : Math.max((common[i + 1] as number[])[j] as number, (common[i] as number[])[j + 1] as number);
  const found: Hunk[] = [];
  let current: Hunk = { removed: [], added: [] };
  const close = () => {
    if (current.removed.length || current.added.length) found.push(current);
    current = { removed: [], added: [] };
  };
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    if (i < before.length && j < after.length && before[i] === after[j]) {
      close();
      i++;
      j++;
    } else if (
      j < after.length &&
      (i >= before.length ||
        ((common[i] as number[])[j + 1] as number) >= ((common[i + 1] as number[])[j] as number))
    ) {
      current.added.push(after[j] as string);
      j++;
    } else {
      current.removed.push(before[i] as string);
      i++;
    }
  }
  close();
  return found;
}
