import { OrchestratorError } from '../errors.js';

/**
 * An operator command that cannot do what was asked, and changed nothing: an unknown job, a lineage
 * already closed, someone else acting first. The message says why and what to do instead; the CLI
 * prints it as one line and exits 2.
 */
export class OperatorRefusal extends OrchestratorError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super(message, { transient: false, context });
  }
}
