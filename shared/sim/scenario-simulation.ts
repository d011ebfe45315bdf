import type { SubmittedJob } from '../ports/batch.js';
import type { BatchTiming } from './batch-timing.js';
import { definitionReference, type SimulatedJobDefinition } from './job-definitions.js';
import type { Scenario } from './scenario.js';
import { scenarioOutcomes } from './scenario-outcomes.js';
import type { EventSink } from './simulated-batch.js';
import { createSimulation, type Simulation } from './simulation.js';

/** A simulation set up for one scenario. `submit()` sends the scenario's job, as its owner would. */
export interface ScenarioSimulation extends Simulation {
  submit(): Promise<SubmittedJob>;
}

/** The job definition a scenario's job implies: its name and revision, resources, image and retryStrategy. */
export function scenarioJobDefinition(scenario: Scenario): SimulatedJobDefinition {
  const { job } = scenario;
  const { name, revision = 1 } = definitionReference(job.jobDefinition);
  return {
    name,
    revision,
    platform: job.platform,
    image: job.image ?? `123456789012.dkr.ecr.us-east-1.amazonaws.com/${name}:latest`,
    command: ['run.sh'],
    memoryMiB: job.memoryMiB,
    vcpus: job.vcpus,
    ...(job.retryStrategy === undefined ? {} : { retryStrategy: job.retryStrategy }),
    ...(job.timeoutSeconds === undefined ? {} : { timeoutSeconds: job.timeoutSeconds }),
  };
}

/**
 * Wires a simulated Batch for `scenario`. `seed` overrides a random scenario's seed (and seeds the
 * ids). The job's retryStrategy lives in its job definition, so a resubmitted job inherits it.
 */
export function createScenarioSimulation(
  scenario: Scenario,
  options: {
    readonly seed?: number;
    readonly sinks?: readonly EventSink[];
    readonly startAt?: number;
    readonly timing?: Partial<BatchTiming>;
  } = {},
): ScenarioSimulation {
  const definition = scenarioJobDefinition(scenario);
  const simulation = createSimulation({
    seed: options.seed ?? ('random' in scenario ? (scenario.random.seed ?? 1) : 1),
    outcomes: scenarioOutcomes(scenario, options.seed),
    jobDefinitions: [definition],
    ...(options.sinks === undefined ? {} : { sinks: options.sinks }),
    ...(options.startAt === undefined ? {} : { startAt: options.startAt }),
    ...(options.timing === undefined ? {} : { timing: options.timing }),
  });
  return {
    ...simulation,
    submit: () =>
      simulation.batch.submitJob({
        jobName: scenario.job.jobName,
        jobQueue: scenario.job.jobQueue,
        jobDefinition: `${definition.name}:${definition.revision}`,
      }),
  };
}
