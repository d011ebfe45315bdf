import type { z } from 'zod';
import { OrchestratorError } from '#core/errors.js';
import { describeValue, type FieldProblem, formatPath, valueAt } from '#core/events/index.js';

function problemOf(issue: z.core.$ZodIssue, actual: unknown): string {
  if (issue.code === 'invalid_type' && actual === undefined) return `is missing (${issue.expected} expected)`;
  if (issue.code === 'invalid_type') return `should be ${issue.expected} but is ${describeValue(actual)}`;
  if (issue.code === 'unrecognized_keys')
    return `has unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_value') {
    return `is ${describeValue(actual)}; expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return actual === undefined ? issue.message : `is ${describeValue(actual)}: ${issue.message}`;
}

/**
 * A simulator input (scenario, workload, retryStrategy file) that does not validate. Permanent.
 * `problems` name the JSON path of each offending value (`attempts[1].exitCode`) and what is wrong;
 * the message lists them all, one per line, prefixed with `source` (usually the file name).
 */
export class SimulationInputError extends OrchestratorError {
  readonly source: string;
  readonly problems: readonly FieldProblem[];

  constructor(source: string, problems: readonly FieldProblem[]) {
    const lines = problems.map((p) => `${source}: ${p.field === '' ? '(document)' : p.field}: ${p.problem}`);
    super(lines.join('\n'), { transient: false, context: { source } });
    this.source = source;
    this.problems = problems;
  }

  /** Builds the error from zod issues; `root` is the validated value, used to say what was found. */
  static fromIssues(
    source: string,
    issues: readonly z.core.$ZodIssue[],
    root: unknown,
  ): SimulationInputError {
    return new SimulationInputError(
      source,
      issues.map((issue) => ({
        field: formatPath(issue.path),
        problem: problemOf(issue, valueAt(root, issue.path)),
      })),
    );
  }
}

/**
 * A simulation ran more scheduled callbacks than its guard allows: almost always a retry loop (a
 * policy or a scenario that never ends). Permanent: running it again does the same.
 */
export class SimulationLimitError extends OrchestratorError {
  readonly maxEvents: number;

  constructor(maxEvents: number, virtualTime: number) {
    super(
      `the simulation stopped after ${maxEvents} scheduled events at virtual time ${new Date(virtualTime).toISOString()}; ` +
        'something keeps scheduling work (a retry loop?). Check the policy limits or the scenario, or raise maxEvents.',
      { transient: false, context: { maxEvents, virtualTime } },
    );
    this.maxEvents = maxEvents;
  }
}
