import { OrchestratorError } from '../errors.js';

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
