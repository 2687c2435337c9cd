/**
 * An error a person reads, carrying why as data (`fact`, a union on `code`): the edge words it in the
 * language of whoever it answers (src/chat/explain.ts, the console). Code not yet speaking in facts
 * may still pass a function making its words (`say`), read where the error is shown.
 */
export class FactError<F extends { code: string }> extends Error {
  readonly fact: F | null;
  readonly say: (() => string) | null;

  constructor(fact: F | (() => string)) {
    super(typeof fact === 'function' ? '' : fact.code);
    this.fact = typeof fact === 'function' ? null : fact;
    this.say = typeof fact === 'function' ? fact : null;
    if (this.say)
      Object.defineProperty(this, 'message', { get: this.say, configurable: true, enumerable: false });
  }
}
