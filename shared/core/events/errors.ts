import { OrchestratorError } from '../errors.js';
import type { FieldProblem } from './describe-issue.js';

/**
 * An input that is not a usable "Batch Job State Change" event. Permanent: redelivering the same
 * bytes can never succeed.
 *
 * `input` names where the event came from (a file and index, an SQS message id); `problems` holds
 * every problem found, each the JSON path of the offending value (empty for the document itself) and
 * what was wrong; `field` and `problem` are the first one's.
 */
export class EventParseError extends OrchestratorError {
  readonly input: string;
  readonly field: string;
  readonly problem: string;
  readonly problems: readonly FieldProblem[];

  /** `more` are further problems of the same input, after the one of `field` and `problem`. */
  constructor(
    input: string,
    field: string,
    problem: string,
    cause?: unknown,
    more: readonly FieldProblem[] = [],
  ) {
    const all = [{ field, problem }, ...more];
    super(
      `${input}: ${all.map((p) => `${p.field === '' ? '(document)' : p.field}: ${p.problem}`).join('; ')}`,
      {
        transient: false,
        cause,
        context: { input, field },
      },
    );
    this.input = input;
    this.field = field;
    this.problem = problem;
    this.problems = all;
  }
}
