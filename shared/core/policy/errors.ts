import { OrchestratorError } from '../errors.js';
import { formatProblem, type PolicyProblem } from './problems.js';

/**
 * A policy document that cannot be used. Permanent: the same bytes never become valid. `input` names
 * the file or SSM parameter; `problems` holds every problem found, each with its JSON path.
 */
export class InvalidPolicyError extends OrchestratorError {
  readonly input: string;
  readonly problems: readonly PolicyProblem[];

  constructor(input: string, problems: readonly PolicyProblem[]) {
    const lines = problems.map((p) => formatProblem(input, p));
    super(`policy ${input} is invalid:\n${lines.join('\n')}`, { transient: false, context: { input } });
    this.input = input;
    this.problems = problems;
  }
}

/**
 * No policy could be read and no earlier good copy is known (for example SSM unreachable on a cold
 * start). Transient: the message is redelivered and decided once policies can be read again.
 */
export class PolicyUnavailableError extends OrchestratorError {
  constructor(message: string, cause?: unknown) {
    super(message, { transient: true, cause });
  }
}
