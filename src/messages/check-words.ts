import type { CheckFact } from '../core/model/checks.ts';

/** What a check says: its reason, the fix when there is one, and its title where the code decides it. */
export interface CheckWords {
  reason: string;
  fix?: string;
  title?: string;
}

/** Words for every code of one family of facts: TypeScript fails when a code has none. */
export type WordsFor<F extends CheckFact> = {
  [C in F['code']]: (fact: Extract<F, { code: C }>) => CheckWords;
};
