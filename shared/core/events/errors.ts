import { OrchestratorError } from '../errors.js';

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
