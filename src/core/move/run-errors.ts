import { TranslatedError } from '../../i18n/index.ts';

/** A person asked for something the run's state does not allow; the message says why. */
export class RunActionError extends TranslatedError {
  override readonly name = 'RunActionError';
}

/** The cloud refused an operator's action; `cloudText` is the cloud's own words, which the edge escapes. */
export class CloudActionError extends RunActionError {
  constructor(
    private readonly sayLead: string | (() => string),
    readonly cloudText: string,
    /** no answer came: whether the cloud did it is unknown */
    readonly unanswered = false,
  ) {
    super(() => `${typeof sayLead === 'string' ? sayLead : sayLead()}: ${cloudText}`);
  }

  get lead(): string {
    return typeof this.sayLead === 'string' ? this.sayLead : this.sayLead();
  }
}
