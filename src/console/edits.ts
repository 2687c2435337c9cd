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
 * What the console printed of each message, which an edit is compared with, and what was said lately
 * in each thread: an evacuation's server line is said in its thread and on its message, and in the
 * console the two came one after the other, the same line twice, at every move's end (operator trial).
 * So an edit of a thread's message does not print again a line its posts said since its last edit, and
 * a post in the thread does not open with a line the last edit of its message printed, whichever came
 * first.
 */
export class ShownLines {
  private readonly shown = new Map<string, string[]>();
  /** per thread: the lines of its posts since its message was last edited (the last few posts) */
  private readonly saidInThread = new Map<string, Set<string>[]>();
  /** per thread: the lines the last edit of its message printed, until the next post in it */
  private readonly saidByEdit = new Map<string, Set<string>>();

  /** A message restored after a restart: shown before it, so an edit is compared with it. */
  restored(ts: string, lines: string[]): void {
    this.shown.set(ts, lines);
  }

  /** A message posted: the lines to print of it (all, but for what its thread's message just said). */
  posted(message: { ts: string; threadTs?: string }, lines: string[]): string[] {
    this.shown.set(message.ts, lines);
    const thread = message.threadTs;
    if (!thread) return lines;
    const posts = [...(this.saidInThread.get(thread) ?? []), new Set(lines)].slice(-RECENT_POSTS);
    this.saidInThread.set(thread, posts);
    const edited = this.saidByEdit.get(thread);
    this.saidByEdit.delete(thread);
    if (!edited) return lines;
    // only the post's opening lines the edit just said (a move's end, said on its message): a line
    // further in is part of what the post says (a drain's report left out its last host, said done on
    // the drain's message just before; operator trial)
    const fresh = lines.findIndex((line) => !edited.has(line));
    return fresh < 0 ? [] : lines.slice(fresh);
  }

  /** An edit of message `ts`: the lines to print for it. */
  edited(ts: string, lines: string[]): string[] {
    const before = this.shown.get(ts);
    this.shown.set(ts, lines);
    const justSaid = new Set(this.saidInThread.get(ts)?.flatMap((post) => [...post]));
    this.saidInThread.delete(ts);
    const printed = editedLines(before, lines, justSaid);
    const added = new Set(lines.filter((line) => printed.includes(`↻ ${line}`)));
    if (added.size) this.saidByEdit.set(ts, added);
    else this.saidByEdit.delete(ts);
    return printed;
  }
}

/** posts of a thread an edit of its message is compared with: a move's end and the progress beside it */
const RECENT_POSTS = 8;

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
