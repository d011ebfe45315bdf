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

/**
 * An input that is not a usable "Batch Job State Change" event. Permanent: redelivering the same
 * bytes can never succeed.
 *
 * `input` names where the event came from (a file and index, an SQS message id), `field` is the
 * JSON path of the offending value (empty for the document itself) and `problem` says what was wrong.
 */
export class EventParseError extends OrchestratorError {
  readonly input: string;
  readonly field: string;
  readonly problem: string;

  constructor(input: string, field: string, problem: string, cause?: unknown) {
    super(`${input}: ${field === '' ? '(document)' : field}: ${problem}`, {
      transient: false,
      cause,
      context: { input, field },
    });
    this.input = input;
    this.field = field;
    this.problem = problem;
  }
}

/**
 * The ledger changed between read and write (another delivery decided first). Transient: re-read
 * the lineage and decide again.
 */
export class LedgerConflictError extends OrchestratorError {
  constructor(rootJobId: string, cause?: unknown) {
    super(`lineage ${rootJobId} changed while deciding; re-read and decide again`, {
      transient: true,
      cause,
      context: { rootJobId },
    });
  }
}

/**
 * A ledger write found its record in a state that forbids it: the claim was taken over by another
 * worker before the child job was recorded, or the decision it refers to does not exist. Permanent:
 * redelivering cannot make it succeed; the context says which lineage and job so an operator can
 * check for a duplicate child job.
 */
export class LedgerStateError extends OrchestratorError {
  constructor(message: string, context: Record<string, unknown>, cause?: unknown) {
    super(message, { transient: false, cause, context });
  }
}

/**
 * The ledger (DynamoDB) could not be reached, throttled the call, or does not exist. Transient: a
 * handler rethrows it so that SQS redelivers. `cause` is the SDK's own error.
 */
export class LedgerUnavailableError extends OrchestratorError {
  constructor(operation: string, cause: unknown) {
    const detail = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`the retry ledger did not answer ${operation}: ${detail}`, {
      transient: true,
      cause,
      context: { operation },
    });
  }
}
