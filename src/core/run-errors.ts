/** A person asked for something the run's state does not allow; the message says why. */
export class RunActionError extends Error {
  override readonly name = 'RunActionError';
}

/** The cloud refused an operator's action; `cloudText` is the cloud's own words, which the edge escapes. */
export class CloudActionError extends RunActionError {
  constructor(
    readonly lead: string,
    readonly cloudText: string,
  ) {
    super(`${lead}: ${cloudText}`);
  }
}
