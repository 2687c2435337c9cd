import { t } from '../i18n/index.ts';

/**
 * What an edited message says anew, for a terminal that cannot redraw it (operator trial: each edit
 * printed the whole message again). Lines compared with what it said before: a line new or changed is
 * printed, marked ↻; a line taken out with nothing in its place is said to be gone, so no line the
 * reader saw goes on looking true; an edit that changes no line (its buttons only) prints nothing.
 */
export function editedLines(
  before: string[] | undefined,
  after: string[],
  /** lines printed just before, which a new or changed line is not printed again as */
  justSaid: ReadonlySet<string> = new Set(),
): string[] {
  const unsaid = (lines: string[]) => lines.filter((line) => !justSaid.has(line)).map((line) => `↻ ${line}`);
  if (!before) return unsaid(after);
  const shown: string[] = [];
  for (const hunk of hunks(before, after)) {
    if (hunk.added.length > 0) shown.push(...unsaid(hunk.added));
    else shown.push(...hunk.removed.map((line) => t`↻ removed: ${line}`));
  }
  return shown;
}

/**
 * What the console printed of each message, which an edit is compared with, and the thread post it
 * printed last: an edit of that thread's message does not print again a line the post just said (an
 * evacuation's server line is said in its thread and on its message: in the console the two came one
 * after the other, the same line twice, at every move's end: operator trial).
 */
export class ShownLines {
  private readonly shown = new Map<string, string[]>();
  private lastPost: { parent: string; lines: Set<string> } | null = null;

  /** A message restored after a restart: shown before it, so an edit is compared with it. */
  restored(ts: string, lines: string[]): void {
    this.shown.set(ts, lines);
  }

  /** A message printed whole. */
  posted(message: { ts: string; threadTs?: string }, lines: string[]): void {
    this.shown.set(message.ts, lines);
    this.lastPost = message.threadTs ? { parent: message.threadTs, lines: new Set(lines) } : null;
  }

  /** An edit of message `ts`: the lines to print for it. */
  edited(ts: string, lines: string[]): string[] {
    const before = this.shown.get(ts);
    this.shown.set(ts, lines);
    const justSaid = this.lastPost?.parent === ts ? this.lastPost.lines : undefined;
    this.lastPost = null;
    return editedLines(before, lines, justSaid);
  }
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
