/**
 * Base of every error the orchestrator raises on purpose.
 *
 * `transient` tells the caller what to do with the message that caused it: a transient error is
 * thrown so that SQS redelivers (throttling, a crash, a network fault); a permanent one is not worth
 * redelivering (bad input, a policy that can never match) and goes to the DLQ or becomes an alert.
 */
export class OrchestratorError extends Error {
  readonly transient: boolean;
  /**
   * True when the service refused the call before acting on it (throttling): the call certainly had
   * no effect, so a caller guarding a non-idempotent call (SubmitJob) may let the next try go ahead
   * at once instead of first looking for what the call might have created.
   */
  readonly notApplied: boolean;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(
    message: string,
    options: {
      transient: boolean;
      notApplied?: boolean;
      cause?: unknown;
      context?: Record<string, unknown>;
    },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.transient = options.transient;
    this.notApplied = options.notApplied ?? false;
    this.context = options.context ?? {};
  }
}
