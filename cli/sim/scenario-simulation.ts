import type { SubmittedJob } from '#core/ports/index.js';
import { jobDefinitionFor } from './job-definitions.js';
import type { Scenario } from './scenario.js';
import { scenarioOutcomes } from './scenario-outcomes.js';
import { createSimulation, type Simulation, type SimulationWiring } from './simulation.js';

/** A simulation set up for one scenario. `submit()` sends the scenario's job (with its tags), as its owner would. */
export interface ScenarioSimulation extends Simulation {
  submit(): Promise<SubmittedJob>;
}

/**
 * Wires a simulated Batch for `scenario`. `seed` overrides a random scenario's seed (and seeds the
 * ids). The job's retryStrategy lives in its job definition, so a resubmitted job inherits it.
 */
export function createScenarioSimulation(
  scenario: Scenario,
  options: SimulationWiring & { readonly seed?: number } = {},
): ScenarioSimulation {
  const { seed, ...wiring } = options;
  const definition = jobDefinitionFor(scenario.job);
  const simulation = createSimulation({
    seed: seed ?? ('random' in scenario ? (scenario.random.seed ?? 1) : 1),
    outcomes: scenarioOutcomes(scenario, seed),
    jobDefinitions: [definition],
    ...wiring,
  });
  return {
    ...simulation,
    submit: () =>
      simulation.batch.submitJob({
        jobName: scenario.job.jobName,
        jobQueue: scenario.job.jobQueue,
        jobDefinition: `${definition.name}:${definition.revision}`,
        ...(scenario.job.tags === undefined ? {} : { tags: { ...scenario.job.tags } }),
      }),
  };
}
